// Package cli implements masthead's subcommands. Each subcommand parses its
// own flags (the common ones come from package config), opens what it needs
// and returns an exit code: 0 success, 1 failure, 2 usage error.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"masthead/internal/config"
	"masthead/internal/store"
)

// Env carries a command's streams and environment; tests replace them.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e *Env, args []string) error
}

// usageError makes Run exit with status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func commands() []command {
	return []command{
		{"serve", "run the web server (reader site, feeds, admin)", runServe},
		{"migrate", "apply database migrations and exit", runMigrate},
		{"import", "import content: wxr, feed, ninjs, ghost, disqus or commento FILE", runImport},
		{"user", "newsroom accounts: add, list, set-password", runUser},
		{"apikey", "Content API keys: add, list, revoke", runAPIKey},
		{"token", "Admin API tokens: add, list, revoke", runToken},
		{"analytics", "analytics history: replay an access log, rebuild reports, prune", runAnalytics},
		{"comments", "comments: train the spam filter on past decisions", runComments},
		{"version", "print the version", func(_ context.Context, e *Env, _ []string) error {
			fmt.Fprintln(e.Stdout, "masthead", Version)
			return nil
		}},
	}
}

// Version is set at build time with -ldflags "-X masthead/internal/cli.Version=…".
var Version = "dev"

// Run executes the subcommand named by args[0] and returns the exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv}
	return e.Run(ctx, args)
}

// Run is the package-level Run with this Env's streams.
func (e *Env) Run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		e.usage()
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, e, args[1:])
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.As(err, new(usageError)):
				fmt.Fprintln(e.Stderr, "masthead "+c.name+":", err)
				return 2
			default:
				fmt.Fprintln(e.Stderr, "masthead "+c.name+": error:", err)
				return 1
			}
		}
	}
	fmt.Fprintf(e.Stderr, "masthead: unknown command %q\n\n", args[0])
	e.usage()
	return 2
}

func (e *Env) usage() {
	fmt.Fprintln(e.Stderr, "Usage: masthead COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(e.Stderr, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(e.Stderr, "\nRun `masthead COMMAND -h` for a command's flags.")
}

// parse registers the common settings on a new flag set for cmd, parses args
// and loads env fallbacks. It returns the config and the remaining arguments.
func (e *Env) parse(cmd string, args []string, extra func(fs *flag.FlagSet)) (*config.Config, []string, error) {
	fs := flag.NewFlagSet("masthead "+cmd, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfg := new(config.Config)
	cfg.Register(fs, config.Defaults())
	if common, ok := ownFlagsOnly[cmd]; ok {
		own := map[string]bool{}
		for _, n := range common {
			own[n] = true
		}
		if extra != nil {
			probe := flag.NewFlagSet("", flag.ContinueOnError)
			extra(probe)
			probe.VisitAll(func(f *flag.Flag) { own[f.Name] = true })
		}
		fs.Usage = func() { e.ownUsage(fs, cmd, own) }
	}
	if extra != nil {
		extra(fs)
	}
	// Flags may come before or after positional arguments
	// (`import wxr FILE --data X` and `import wxr --data X FILE` both work).
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, nil, err
			}
			return nil, nil, usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			positional = append(positional, rest[1:]...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	if err := cfg.Load(fs, e.Getenv); err != nil {
		return nil, nil, usageError{err.Error()}
	}
	return cfg, positional, nil
}

// ownFlagsOnly lists the commands whose -h shows their own flags and these
// common ones only (not every serve flag: comment limits, SMTP …).
var ownFlagsOnly = map[string][]string{
	"user add":  {"data", "database-url", "base-url"},
	"token add": {"data", "database-url", "base-url"},
}

// ownUsage prints the flags of fs named in own.
func (e *Env) ownUsage(fs *flag.FlagSet, cmd string, own map[string]bool) {
	fmt.Fprintf(e.Stderr, "Usage of masthead %s:\n", cmd)
	sub := flag.NewFlagSet(cmd, flag.ContinueOnError)
	sub.SetOutput(e.Stderr)
	fs.VisitAll(func(f *flag.Flag) {
		if own[f.Name] {
			sub.Var(f.Value, f.Name, f.Usage)
		}
	})
	sub.PrintDefaults()
	fmt.Fprintln(e.Stderr, "The database and site flags also read MASTHEAD_<FLAG> from the environment; masthead serve -h lists every flag.")
}

func (e *Env) logger(cfg *config.Config) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(e.Stderr, nil))
}

// openStore opens and migrates the database named by cfg.
func openStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, store.Options{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx, log); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func runMigrate(ctx context.Context, e *Env, args []string) error {
	cfg, _, err := e.parse("migrate", args, nil)
	if err != nil {
		return err
	}
	log := e.logger(cfg)
	st, err := store.Open(ctx, store.Options{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.Migrate(ctx, log)
	if err != nil {
		return err
	}
	where := cfg.DataDir + "/masthead.db"
	if st.Dialect() == store.Postgres {
		where = "PostgreSQL"
	}
	fmt.Fprintf(e.Stdout, "database %s is at schema version %d\n", strings.TrimPrefix(where, "./"), v)
	return nil
}
