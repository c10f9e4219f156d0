package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
)

// TestAnalyticsReplayCommand: `masthead analytics replay FILE` stores and
// rolls up the article pageviews, prints the summary and progress, counts
// nothing twice on a second run; a file with too many bad lines fails
// naming the line and writes nothing; prune reports what it deleted.
func TestAnalyticsReplayCommand(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "migrate", "--data", dir); code != 0 {
		t.Fatal(errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	a := &model.Article{Kind: model.KindArticle, Slug: "harbour-plan", Headline: "Harbour plan", Status: model.StatusPublished,
		PublishedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := st.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	st.Close()
	ua := "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	log := filepath.Join(dir, "access.log")
	lines := `203.0.113.5 - - [02/Mar/2026:09:00:00 +0000] "GET /articles/harbour-plan HTTP/1.1" 200 5120 "https://www.google.com/" "` + ua + `"
203.0.113.5 - - [02/Mar/2026:09:00:01 +0000] "GET /static/site.css HTTP/1.1" 200 5120 "-" "` + ua + `"
66.249.66.1 - - [02/Mar/2026:09:00:02 +0000] "GET /articles/harbour-plan HTTP/1.1" 200 5120 "-" "Googlebot/2.1 (+http://www.google.com/bot.html)"
`
	if err := os.WriteFile(log, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "analytics", "replay", log, "--data", dir, "--base-url", "https://news.example.com")
	if code != 0 || !strings.Contains(out, "article pageviews:       1 (on 1 article; 1 visitor, counted per day)") || !strings.Contains(out, "stored:                  1 new") ||
		!strings.Contains(out, "rolled up:               1 events") || !strings.Contains(out, "crawler 1") {
		t.Fatalf("replay: %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, `msg="reading `+log+`"`) {
		t.Errorf("no progress in the log: %s", errs)
	}
	code, out, _ = run(t, "analytics", "replay", "--data", dir, log)
	if code != 0 || !strings.Contains(out, "stored:                  0 new, 1 already replayed before") || !strings.Contains(out, "rolled up:               0 events") {
		t.Errorf("second replay: %d\n%s", code, out)
	}

	bad := filepath.Join(dir, "bad.log")
	os.WriteFile(bad, []byte(lines+"garbage\nmore garbage\n"), 0o644)
	code, out, errs = run(t, "analytics", "replay", bad, "--data", dir, "--max-bad-lines", "1")
	if code != 1 || !strings.Contains(errs, "line 4: missing") || !strings.Contains(errs, "nothing was written") {
		t.Errorf("bad lines: %d\n%s\n%s", code, out, errs)
	}
	for _, args := range [][]string{{"analytics"}, {"analytics", "replay"}, {"analytics", "replay", "a", "b"}, {"analytics", "nope"}} {
		if code, _, _ := run(t, append(args, "--data", dir)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := run(t, "analytics", "replay", filepath.Join(dir, "missing.log"), "--data", dir); code != 1 || !strings.Contains(errs, "missing.log") {
		t.Errorf("missing file: %d %s", code, errs)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	code, out, errs = run(t, "analytics", "rebuild", "--data", dir, "--from", today)
	if code != 0 || !strings.Contains(out, "rebuilt the reports of "+today+" to "+today+" (UTC) from 0 raw events") {
		t.Errorf("rebuild: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "analytics", "rebuild", "--data", dir, "--from", "2026-03-02"); code != 1 || !strings.Contains(errs, "would lose") {
		t.Errorf("rebuild of pruned days: %d %s", code, errs)
	}
	if code, _, _ := run(t, "analytics", "rebuild", "--data", dir, "--from", "yesterday"); code != 2 {
		t.Errorf("rebuild with a bad date: %d", code)
	}
	code, out, _ = run(t, "analytics", "prune", "--data", dir, "--analytics-raw-days", "2")
	if code != 0 || !strings.Contains(out, "deleted 1 raw events older than 2 days") {
		t.Errorf("prune: %d %s", code, out)
	}
}
