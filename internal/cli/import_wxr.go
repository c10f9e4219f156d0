package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"

	"masthead/internal/importer"
	"masthead/internal/store"
)

// `masthead import wxr FILE` reads a WordPress export (WXR 1.0–1.2); see
// importer.ParseWXR for what is imported and how. Its comments are imported
// in the same transaction, after the posts (importer.WriteComments), unless
// --no-comments (--dry-run rolls everything back after the summary);
// --comments-only imports only the comments, for posts an
// earlier import brought in (and accepts files without <wp:wxr_version>).
func init() { parsers["wxr"] = importer.ParseWXR }

// wxrFlags are the flags of `masthead import wxr`.
type wxrFlags struct {
	commentsOnly, noComments bool
	commentFlags
}

func (w *wxrFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&w.commentsOnly, "comments-only", false, "import only the comments, under articles an earlier import brought in")
	fs.BoolVar(&w.noComments, "no-comments", false, "import posts and pages without their comments")
	w.commentFlags.register(fs)
}

// errRollback ends a dry run's transaction without writing.
var errRollback = errors.New("dry run: rolled back")

// importWXR writes the posts and pages of batch and then its comments, all
// in one transaction; with --dry-run the transaction is rolled back after
// the summaries are made.
func (e *Env) importWXR(ctx context.Context, st *store.Store, log *slog.Logger, path string, batch *importer.Batch, w wxrFlags) error {
	withComments := !w.noComments && batch.Comments != nil && len(batch.Comments.Comments) > 0
	if withComments {
		if err := importer.HashCommentIPs(ctx, batch.Comments, commentRules(st)); err != nil {
			return fmt.Errorf("%s: %w (nothing was written)", path, err)
		}
	}
	var sum importer.Summary
	var csum importer.CommentSummary
	err := st.InTx(ctx, func(tx *store.Store) error {
		var err error
		if sum, err = importer.Write(ctx, tx, batch, e.importProgress(log, "importing wxr", "items", len(batch.Items))); err != nil {
			return err
		}
		if withComments {
			if csum, err = e.writeComments(ctx, tx, log, "wxr", batch.Comments, w.commentFlags); err != nil {
				return err
			}
		}
		if w.dryRun {
			return errRollback
		}
		return nil
	})
	if err != nil && !errors.Is(err, errRollback) {
		return fmt.Errorf("%s: %w (nothing was written)", path, err)
	}
	if w.dryRun {
		fmt.Fprintln(e.Stdout, "dry run: nothing was written; an import would do this:")
	}
	fmt.Fprintf(e.Stdout, "%s: wxr import from %s\n", path, batch.Source)
	if !withComments {
		fmt.Fprint(e.Stdout, sum)
		return nil
	}
	sum.Comments = 0    // imported, no longer only counted
	csum.DryRun = false // said once above
	fmt.Fprintf(e.Stdout, "%s%s", sum, csum)
	return e.writeUnmatched(w.unmatched, csum)
}
