package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"masthead/internal/importer"
)

// parsers maps `masthead import KIND` to the parser for that format. Each
// parser reads r (named name in errors) and returns a Batch or an error
// naming the line or element at fault.
var parsers = map[string]func(r io.Reader, name string, loc *time.Location) (*importer.Batch, error){}

func runImport(ctx context.Context, e *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprintln(e.Stderr, `Usage: masthead import FORMAT FILE [flags]

Formats:
  wxr       WordPress export (WXR 1.0–1.2): posts, pages and their comments
  feed      RSS 0.9x/1.0/2.0, Atom or JSON Feed file
  ninjs     IPTC ninjs 1.x–2.x wire item(s), JSON
  ghost     Ghost JSON export (Ghost 1–5)
  disqus    Disqus XML export: comments, for articles already imported
  commento  Commento JSON export: comments, for articles already imported

Run "masthead import FORMAT -h" for the flags (e.g. --data, --database-url, --time-zone).`)
		if len(args) == 0 {
			return usageError{"missing FORMAT and FILE"}
		}
		return flag.ErrHelp
	}
	kind := args[0]
	if _, ok := commentParsers[kind]; ok {
		return e.runCommentImport(ctx, kind, args[1:])
	}
	parse, ok := parsers[kind]
	if !ok {
		return usageError{fmt.Sprintf("unknown import format %q (want wxr, feed, ninjs, ghost, disqus or commento)", kind)}
	}
	var wxr wxrFlags
	var extra func(fs *flag.FlagSet)
	if kind == "wxr" {
		extra = wxr.register
	}
	cfg, rest, err := e.parse("import "+kind, args[1:], extra)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"usage: masthead import " + kind + " FILE [flags]"}
	}
	path := rest[0]
	if kind == "wxr" && wxr.commentsOnly {
		return e.importComments(ctx, cfg, kind, path, importer.ParseWXRComments, wxr.commentFlags)
	}
	f, err := openImportFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	batch, err := parse(f, path, cfg.Location)
	if err != nil {
		return parseError(path, err)
	}
	log := e.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if kind == "wxr" {
		return e.importWXR(ctx, st, log, path, batch, wxr)
	}
	sum, err := importer.Write(ctx, st, batch, e.importProgress(log, "importing "+kind, "items", len(batch.Items)))
	if err != nil {
		return fmt.Errorf("%s: %w (nothing was written)", path, err)
	}
	fmt.Fprintf(e.Stdout, "%s: %s import from %s\n%s", path, kind, batch.Source, sum)
	return nil
}

// importProgress adapts e.progress to importer.Progress.
func (e *Env) importProgress(log *slog.Logger, what, unit string, total int) importer.Progress {
	report := e.progress(log, what, unit, int64(total), false)
	return func(done, _ int) { report(int64(done)) }
}

// openImportFile opens path for reading, refusing anything but a non-empty
// regular file.
func openImportFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil {
		f.Close()
		return nil, err
	} else if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file", path)
	} else if fi.Size() == 0 {
		f.Close()
		return nil, fmt.Errorf("%s: the file is empty (nothing was written)", path)
	}
	return f, nil
}

// parseError names the file in a parser's error (once) and says that
// nothing was written.
func parseError(path string, err error) error {
	if strings.HasPrefix(err.Error(), path) || strings.Contains(err.Error(), " "+path+":") {
		return fmt.Errorf("%w (nothing was written)", err)
	}
	return fmt.Errorf("%s: %w (nothing was written)", path, err)
}
