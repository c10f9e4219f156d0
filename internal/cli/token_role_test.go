package cli

import (
	"strings"
	"testing"
)

// TestTokenAddSampleFollowsRole: the sample call `token add` prints is one
// the token's role may make — an analyst's is the stats API, not an
// article (issue 5 finding 10).
func TestTokenAddSampleFollowsRole(t *testing.T) {
	dir := t.TempDir()
	pw := map[string]string{EnvPassword: "good password 1"}
	for _, u := range [][2]string{{"ana@example.com", "editor"}, {"ben@example.com", "analyst"}} {
		if code, _, errs := runEnv(t, pw, "user", "add", "--data", dir, "--email", u[0], "--name", "N", "--role", u[1]); code != 0 {
			t.Fatalf("user add: %q", errs)
		}
	}
	for email, want := range map[string]string{"ana@example.com": "/api/v1/admin/articles/ID", "ben@example.com": "/api/v1/admin/analytics/stats"} {
		code, out, errs := runEnv(t, nil, "token", "add", "--data", dir, "--email", email, "--name", "tool")
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("%s: %d, want a sample call to %s:\n%s%s", email, code, want, out, errs)
		}
	}
}

// TestSubcommandHelpListsOwnFlags: `user add -h` and `token add -h` list
// their own flags and the database flags, not every serve flag.
func TestSubcommandHelpListsOwnFlags(t *testing.T) {
	for _, args := range [][]string{{"user", "add", "-h"}, {"token", "add", "-h"}} {
		_, out, errs := run(t, args...)
		help := out + errs
		for _, want := range []string{"-email", "-name", "-data", "-database-url", "masthead serve -h"} {
			if !strings.Contains(help, want) {
				t.Errorf("%v: help lacks %q:\n%s", args, want, help)
			}
		}
		for _, bad := range []string{"-smtp", "-comment", "-analytics-live-window", "-addr"} {
			if strings.Contains(help, bad) {
				t.Errorf("%v: help lists the serve flag %q", args, bad)
			}
		}
	}
}
