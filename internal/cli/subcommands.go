package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"masthead/internal/config"
)

// subcommand is one verb of a command with verbs (`masthead user add`).
type subcommand struct {
	name string
	run  func(ctx context.Context, e *Env, args []string) error
}

// dispatch runs the subcommand named by args[0] among subs. With no
// arguments or a help flag it prints usage to stderr (a usage error when
// args is empty, flag.ErrHelp otherwise); an unknown name is a usage error
// listing the valid ones.
func (e *Env) dispatch(ctx context.Context, usage string, subs []subcommand, args []string) error {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	want := names[len(names)-1]
	if len(names) > 1 {
		want = strings.Join(names[:len(names)-1], ", ") + " or " + want
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.Stderr, usage)
		if len(args) == 0 {
			return usageError{"missing subcommand: " + want}
		}
		return flag.ErrHelp
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, e, args[1:])
		}
	}
	return usageError{fmt.Sprintf("unknown subcommand %q: want %s", args[0], want)}
}

// parseNoArgs parses the flags of `masthead CMD` (e.g. "user add") and
// refuses positional arguments.
func (e *Env) parseNoArgs(cmd string, args []string, extra func(*flag.FlagSet)) (*config.Config, error) {
	cfg, rest, err := e.parse(cmd, args, extra)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, usageError{fmt.Sprintf("%s takes no arguments, got %q", cmd, rest[0])}
	}
	return cfg, nil
}

// whenLocal formats a stored time for list output in the site zone
// ("2006-01-02 15:04 MST"), or "never" for the zero time.
func whenLocal(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "never"
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// newTable returns the column writer the list subcommands print with; the
// caller flushes it.
func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }
