package analytics

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"
)

// corpusUAs reads one of isbot's fixture files (a map of name to user
// agents) from MASTHEAD_CORPUS/analytics, skipping the test without it.
func corpusUAs(t *testing.T, name string) []string {
	t.Helper()
	dir := os.Getenv("MASTHEAD_CORPUS")
	if dir == "" {
		t.Skip("MASTHEAD_CORPUS not set")
	}
	data, err := os.ReadFile(filepath.Join(dir, "analytics", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string][]string
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []string
	for _, list := range doc {
		for _, ua := range list {
			if ua != "" {
				out = append(out, ua)
			}
		}
	}
	if len(out) < 100 {
		t.Fatalf("%s: only %d user agents", name, len(out))
	}
	return out
}

// browserHeaders are the headers a real browser's beacon carries, so only
// the user agent decides.
func browserHeaders(ua string) http.Header {
	return http.Header{"User-Agent": {ua}, "Accept-Language": {"en-GB,en;q=0.9"}}
}

// TestCorpusCrawlers: of isbot's crawler user agents (omrilotan/isbot
// fixtures) at most 1 % may be counted as readers.
func TestCorpusCrawlers(t *testing.T) {
	uas := corpusUAs(t, "isbot-crawlers.yml")
	e := testEnricher(t)
	readers := 0
	for _, ua := range uas {
		if e.Reject(browserHeaders(ua), "") == ReasonNone {
			readers++
			t.Logf("counted as a reader: %q", ua)
		}
	}
	t.Logf("%d of %d crawler user agents counted as readers (%.2f %%)", readers, len(uas), 100*float64(readers)/float64(len(uas)))
	if float64(readers) > 0.01*float64(len(uas)) {
		t.Errorf("%d of %d crawler user agents counted as readers; at most 1 %% allowed", readers, len(uas))
	}
}

// TestCorpusBrowsers: of isbot's browser user agents at most 0.5 % may be
// rejected.
func TestCorpusBrowsers(t *testing.T) {
	uas := corpusUAs(t, "isbot-browsers.yml")
	e := testEnricher(t)
	rejected := 0
	for _, ua := range uas {
		if r := e.Reject(browserHeaders(ua), ""); r != ReasonNone {
			rejected++
			t.Logf("rejected (%s): %q", r, ua)
		}
	}
	t.Logf("%d of %d browser user agents rejected (%.2f %%)", rejected, len(uas), 100*float64(rejected)/float64(len(uas)))
	if float64(rejected) > 0.005*float64(len(uas)) {
		t.Errorf("%d of %d browser user agents rejected; at most 0.5 %% allowed", rejected, len(uas))
	}
}
