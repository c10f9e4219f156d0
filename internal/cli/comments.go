package cli

import (
	"context"
	"flag"
	"fmt"

	"masthead/internal/comment"
)

const commentsUsage = `Usage:
  masthead comments train [--all]   train the spam filter on past moderation decisions

train teaches the learning (naive Bayes) spam filter with comments that
already carry a decision: approved ones as ham, spam ones as spam. By
default only imported comments count (masthead import disqus/commento/wxr:
the old comment system's moderation), so a newsroom leaving Disqus starts
with a trained filter; --all takes every approved and spam comment.
Comments already trained are skipped, so it is safe to run again. Common
flags such as --data and --database-url select the database; -h lists them.`

// runComments dispatches `masthead comments SUBCOMMAND`.
func runComments(ctx context.Context, e *Env, args []string) error {
	return e.dispatch(ctx, commentsUsage, []subcommand{{"train", runCommentsTrain}}, args)
}

func runCommentsTrain(ctx context.Context, e *Env, args []string) error {
	var all bool
	cfg, err := e.parseNoArgs("comments train", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&all, "all", false, "train on every approved and spam comment, not only imported ones")
	})
	if err != nil {
		return err
	}
	log := e.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	d := &comment.Decider{Store: st}
	var report func(int64)
	spamN, hamN, err := d.TrainHistory(ctx, !all, func(done, total int64) {
		if report == nil {
			report = e.progress(log, "training the spam filter", "comments", total, false)
		}
		report(done)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "trained the spam filter on %d spam and %d approved comments\n", spamN, hamN)
	return nil
}
