package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/analytics/history"
)

const analyticsUsage = `Usage: masthead analytics replay FILE [flags]
       masthead analytics rebuild --from YYYY-MM-DD --to YYYY-MM-DD [flags]
       masthead analytics prune [flags]

  replay  import readership history from a web server access log (Apache/nginx
          combined or common log format): article pageviews only, bots filtered,
          replaying the same file again counts nothing twice
  rebuild recompute the reports of those days (site time zone) from the raw events
          still kept (a repair; the result is the same however often it runs)
  prune   apply the analytics retention now (--analytics-raw-days,
          --analytics-rollup-days; serve does it every hour)

Run "masthead analytics replay -h" for the flags (--data, --database-url,
--base-url, --time-zone, --max-bad-lines …).`

func runAnalytics(ctx context.Context, e *Env, args []string) error {
	return e.dispatch(ctx, analyticsUsage, []subcommand{{"replay", runReplay}, {"rebuild", runRebuild}, {"prune", runPrune}}, args)
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
	// The log is read twice (checked, then replayed), so the bar runs to twice its size.
	report := e.progress(log, "reading "+path, "bytes", 2*fi.Size(), true)
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

// runRebuild is `masthead analytics rebuild --from D --to D`: history.Rebuild
// over the site's days.
func runRebuild(ctx context.Context, e *Env, args []string) error {
	var from, to string
	cfg, err := e.parseNoArgs("analytics rebuild", args, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "first day to rebuild, YYYY-MM-DD in --time-zone (required)")
		fs.StringVar(&to, "to", "", "last day to rebuild, included (default: --from)")
	})
	if err != nil {
		return err
	}
	if to == "" {
		to = from
	}
	first, err1 := time.Parse(time.DateOnly, from)
	last, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return usageError{"--from and --to must be dates like 2026-03-31"}
	}
	log := e.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if oldest := st.Now().AddDate(0, 0, -cfg.AnalyticsRawDays); first.Before(oldest) {
		return fmt.Errorf("raw events before %s are deleted after --analytics-raw-days (%d); rebuilding %s would lose those days' figures",
			oldest.Format(time.DateOnly), cfg.AnalyticsRawDays, from)
	}
	days := int64(last.Sub(first).Hours()/24) + 1
	report := e.progress(log, "rebuilding days", "days", days, false)
	n, err := history.Rebuild(ctx, st, cfg.Location, first, last, func(d, _ int) { report(int64(d)) })
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "rebuilt the reports of %s to %s (%s) from %d raw events\n", from, to, cfg.Location, n)
	return nil
}
