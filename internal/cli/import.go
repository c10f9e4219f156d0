package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
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
  wxr    WordPress export (WXR 1.0–1.2)
  feed   RSS 0.9x/1.0/2.0, Atom or JSON Feed file
  ninjs  IPTC ninjs 1.x–2.x wire item(s), JSON
  ghost  Ghost JSON export (Ghost 1–5)

Run "masthead import FORMAT -h" for the flags (e.g. --data, --database-url, --time-zone).`)
		if len(args) == 0 {
			return usageError{"missing FORMAT and FILE"}
		}
		return flag.ErrHelp
	}
	kind := args[0]
	parse, ok := parsers[kind]
	if !ok {
		return usageError{fmt.Sprintf("unknown import format %q (want wxr, feed, ninjs or ghost)", kind)}
	}
	cfg, rest, err := e.parse("import "+kind, args[1:], nil)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"usage: masthead import " + kind + " FILE [flags]"}
	}
	path := rest[0]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return err
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	} else if fi.Size() == 0 {
		return fmt.Errorf("%s: the file is empty (nothing was written)", path)
	}
	batch, err := parse(f, path, cfg.Location)
	if err != nil {
		if strings.HasPrefix(err.Error(), path) || strings.Contains(err.Error(), " "+path+":") {
			return fmt.Errorf("%w (nothing was written)", err)
		}
		return fmt.Errorf("%s: %w (nothing was written)", path, err)
	}
	log := e.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()

	report := e.progress(log, "importing "+kind, "items", int64(len(batch.Items)), false)
	progress := func(done, total int) { report(int64(done)) }
	sum, err := importer.Write(ctx, st, batch, progress)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing was written)", path, err)
	}
	fmt.Fprintf(e.Stdout, "%s: %s import from %s\n%s", path, kind, batch.Source, sum)
	return nil
}
