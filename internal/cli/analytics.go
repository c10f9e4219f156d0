package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"

	"masthead/internal/analytics"
	"masthead/internal/analytics/history"
)

const analyticsUsage = `Usage: masthead analytics replay FILE [flags]
       masthead analytics prune [flags]

  replay  import readership history from a web server access log (Apache/nginx
          combined or common log format): article pageviews only, bots filtered,
          replaying the same file again counts nothing twice
  prune   apply the analytics retention now (--analytics-raw-days,
          --analytics-rollup-days; serve does it every hour)

Run "masthead analytics replay -h" for the flags (--data, --database-url,
--base-url, --time-zone, --max-bad-lines …).`

func runAnalytics(ctx context.Context, e *Env, args []string) error {
	return e.dispatch(ctx, analyticsUsage, []subcommand{{"replay", runReplay}, {"prune", runPrune}}, args)
}

// runReplay is `masthead analytics replay FILE`: history.Replay, then the
// rollup of the new events, with progress on stderr and the summary on stdout.
func runReplay(ctx context.Context, e *Env, args []string) error {
	maxBad := history.DefaultMaxBadLines
	cfg, rest, err := e.parse("analytics replay", args, func(fs *flag.FlagSet) {
		fs.IntVar(&maxBad, "max-bad-lines", maxBad, "malformed lines to skip before giving up with nothing written; -1 for no limit")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"usage: masthead analytics replay FILE [flags]"}
	}
	path := rest[0]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Size() == 0 {
		return fmt.Errorf("%s: the file is empty (nothing was written)", path)
	}
	log := e.logger(cfg)
	enr, err := analytics.NewEnricher()
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	host := ""
	if u, err := url.Parse(cfg.BaseURL); err == nil {
		host = u.Hostname()
	}
	report := e.progress(log, "reading "+path, "bytes", fi.Size(), true)
	sum, err := history.Replay(ctx, st, enr, f, history.ReplayOptions{SiteHost: host, MaxBadLines: maxBad, Now: st.Now(),
		Progress: func(bytes int64, _ int) { report(bytes) }})
	if err != nil {
		if errors.Is(err, history.ErrTooManyBadLines) {
			fmt.Fprintf(e.Stdout, "%s: access log replay stopped\n%s", path, sum)
			return fmt.Errorf("%s: %w (raise --max-bad-lines to skip them)", path, err)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	r := history.NewRoller(st, cfg.Location, log)
	n, err := r.CatchUp(ctx)
	if err != nil {
		return fmt.Errorf("%s: events stored, but rolling them up failed (serve will retry every minute): %w", path, err)
	}
	fmt.Fprintf(e.Stdout, "%s: access log replayed\n%s  rolled up:               %d events into the hourly reports\n", path, sum, n)
	return nil
}

// runPrune is `masthead analytics prune`: history.Prune with the configured retention.
func runPrune(ctx context.Context, e *Env, args []string) error {
	cfg, err := e.parseNoArgs("analytics prune", args, nil)
	if err != nil {
		return err
	}
	log := e.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := history.Prune(ctx, st, st.Now(), history.Retention{RawDays: cfg.AnalyticsRawDays, RollupDays: cfg.AnalyticsRollupDays})
	if err != nil {
		return err
	}
	keep := "forever"
	if cfg.AnalyticsRollupDays > 0 {
		keep = fmt.Sprintf("%d days", cfg.AnalyticsRollupDays)
	}
	fmt.Fprintf(e.Stdout, "deleted %d raw events older than %d days and %d rollup rows (reports kept %s)\n",
		p.Events, cfg.AnalyticsRawDays, p.RollupRows, keep)
	return nil
}
