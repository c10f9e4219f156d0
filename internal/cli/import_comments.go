package cli

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"masthead/internal/comment"
	"masthead/internal/config"
	"masthead/internal/importer"
	"masthead/internal/store"
)

// commentParser reads a comment export (named name in errors); loc is the
// site zone for local times.
type commentParser func(r io.Reader, name string, loc *time.Location) (*importer.CommentBatch, error)

// commentParsers maps `masthead import KIND` to the comment formats.
var commentParsers = map[string]commentParser{}

// commentFlags are the flags of every comment import.
type commentFlags struct {
	dryRun    bool
	unmatched string
	urlMap    []importer.URLRewrite
}

func (c *commentFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&c.dryRun, "dry-run", false, "match threads and check every comment, report, and write nothing")
	fs.StringVar(&c.unmatched, "unmatched", "", "write the threads no article was found for to this CSV `file` (key, url, identifier, title, comments)")
	fs.Func("url-map", "`OLD=NEW`: match thread URLs starting with OLD as if they started with NEW (repeatable; e.g. https://old.example.com/=https://news.example.org/)",
		func(v string) error {
			r, err := importer.ParseURLRewrite(v)
			if err != nil {
				return err
			}
			c.urlMap = append(c.urlMap, r)
			return nil
		})
}

const commentImportHelp = `Usage: masthead import %s FILE [flags]

Imports the comments of a %s export under the articles they belong to.
Import the articles first (masthead import wxr|ghost|feed …): each thread of
the export is matched to an article by, in order, the same export's post id,
the canonical URL, a WordPress ?p= id, a /articles/SLUG path, then the slug
(the URL's last path segment); --url-map OLD=NEW rewrites thread URLs first,
so threads of an old domain match the articles' canonical URLs. Threads the
export marks closed close comments on their article, as a moderator would.
Threads with no article are listed (all of
them with --unmatched FILE) and their comments are not imported; run the
import again once their articles exist. Re-running never duplicates: comments
already imported are left as moderators left them. The whole file is
imported in one transaction: any error writes nothing.

Flags:
`

// runCommentImport runs `masthead import disqus|commento FILE`.
func (e *Env) runCommentImport(ctx context.Context, kind string, args []string) error {
	var cf commentFlags
	cfg, rest, err := e.parse("import "+kind, args, func(fs *flag.FlagSet) {
		cf.register(fs)
		fs.Usage = func() {
			fmt.Fprintf(fs.Output(), commentImportHelp, kind, map[string]string{"disqus": "Disqus XML", "commento": "Commento JSON"}[kind])
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"usage: masthead import " + kind + " FILE [flags]"}
	}
	return e.importComments(ctx, cfg, kind, rest[0], commentParsers[kind], cf)
}

// importComments parses path with parse and writes its comments in one
// transaction.
func (e *Env) importComments(ctx context.Context, cfg *config.Config, kind, path string, parse commentParser, cf commentFlags) error {
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
	sum, err := e.writeComments(ctx, st, log, kind, batch, cf)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing was written)", path, err)
	}
	fmt.Fprintf(e.Stdout, "%s: %s comment import from %s\n%s", path, kind, batch.Source, sum)
	return e.writeUnmatched(cf.unmatched, sum)
}

// writeComments writes batch with package comment's rules (IP hash, body
// hash); importer.WriteComments runs them in one transaction (joining the
// caller's when st is one; a dry run must own its transaction).
func (e *Env) writeComments(ctx context.Context, st *store.Store, log *slog.Logger, kind string, batch *importer.CommentBatch, cf commentFlags) (importer.CommentSummary, error) {
	return importer.WriteComments(ctx, st, batch, commentRules(st), importer.CommentOptions{DryRun: cf.dryRun, URLMap: cf.urlMap},
		e.importProgress(log, "importing "+kind+" comments", "comments", len(batch.Comments)))
}

// commentRules are package comment's IP and body hashes.
func commentRules(st *store.Store) importer.CommentRules {
	return importer.CommentRules{HashIP: (&comment.Decider{Store: st}).HashIP, BodyHash: comment.BodyHash}
}

// writeUnmatched writes the unmatched threads as CSV to path ("" = none).
func (e *Env) writeUnmatched(path string, sum importer.CommentSummary) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--unmatched: %w (the import itself is done)", err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"key", "url", "identifier", "title", "comments"})
	for _, u := range sum.Unmatched {
		w.Write([]string{u.Key, u.URL, u.Identifier, u.Title, strconv.Itoa(u.Comments)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("--unmatched: %w (the import itself is done)", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--unmatched: %w (the import itself is done)", err)
	}
	fmt.Fprintf(e.Stdout, "unmatched threads written to %s\n", path)
	return nil
}
