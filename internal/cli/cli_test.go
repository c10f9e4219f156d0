package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := e.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestMigrateCreatesDatabase(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, "migrate", "--data", dir)
	if code != 0 || !strings.Contains(out, "schema version ") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "masthead.db")); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := run(t, "migrate", "--data", dir); code != 0 {
		t.Fatal("second migrate failed")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"import"}, 2, "Usage: masthead import FORMAT FILE"},
		{[]string{"import", "docx", "x"}, 2, "unknown import format"},
		{[]string{"serve", "--time-zone", "Nowhere/Land"}, 2, "--time-zone"},
		{[]string{"serve", "extra"}, 2, "no arguments"},
		{[]string{"version"}, 0, ""},
	} {
		code, _, errs := run(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q", tc.args, code, tc.code, errs)
		}
	}
}

func TestFlagsAfterPositionals(t *testing.T) {
	dir := t.TempDir()
	feed := filepath.Join(dir, "f.json")
	os.WriteFile(feed, []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"T","home_page_url":"https://t.example","items":[{"id":"1","url":"https://t.example/1","title":"One","content_html":"<p>x</p>","date_published":"2024-01-02T03:04:05Z"}]}`), 0o600)
	code, out, errs := run(t, "import", "feed", feed, "--data", dir)
	if code != 0 || !strings.Contains(out, "imported: 1") {
		t.Fatalf("flags after FILE: %d %q %q", code, out, errs)
	}
	if code, _, _ := run(t, "import", "-h"); code != 0 {
		t.Fatal("import -h should print help and exit 0")
	}
}
