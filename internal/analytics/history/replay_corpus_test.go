package history

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestCorpusReplay replays the real Apache combined log of the corpus
// (analytics/apache_combined.log, 10,000 lines from May 2015) into a site
// holding articles at some of its paths, and checks the summary and the
// rollups against a count made here independently: its own line pattern,
// the article paths listed by hand, the collector's bot rules as the
// oracle for bots. Runs when MASTHEAD_CORPUS names the corpus folder.
func TestCorpusReplay(t *testing.T) {
	dir := os.Getenv("MASTHEAD_CORPUS")
	if dir == "" {
		t.Skip("MASTHEAD_CORPUS not set")
	}
	path := filepath.Join(dir, "analytics", "apache_combined.log")
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		for _, slug := range []string{"dynamic-dns-with-dhcp", "ppp-over-ssh", "xdotool", "keynav", "ssh-security"} {
			publish(t, st, slug, model.KindArticle, model.StatusPublished)
		}
		publish(t, st, "arp-security", model.KindArticle, model.StatusDraft) // not visible: never counted
		// ssh-security moved: its old address still counts, as the site redirects it.
		a, _ := st.ArticleBySlug(ctx, "ssh-security")
		a.Slug = "ssh-hardening"
		if _, err := st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		enr := enricher(t)

		// The independent count.
		// A path counts when the site would show (or redirect to) one of the
		// articles: /articles/SLUG (old slugs too), or an old WordPress
		// permalink /SLUG/, /CATEGORY/SLUG/, /YYYY/MM/SLUG/, /YYYY/MM/DD/SLUG/
		// with a current slug.
		current := map[string]bool{"dynamic-dns-with-dhcp": true, "ppp-over-ssh": true, "xdotool": true, "keynav": true, "ssh-hardening": true}
		word := regexp.MustCompile(`^[a-z0-9-]+$`)
		digits := func(s string, n int) bool { return len(s) == n && strings.Trim(s, "0123456789") == "" }
		counts := func(p string) bool {
			segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/"), "/")
			last := segs[len(segs)-1]
			switch {
			case len(segs) == 2 && segs[0] == "articles":
				return current[last] || last == "ssh-security"
			case len(segs) == 1:
				return current[last]
			case len(segs) == 2:
				return word.MatchString(segs[0]) && current[last]
			case len(segs) == 3 || len(segs) == 4:
				return digits(segs[0], 4) && digits(segs[1], 2) && (len(segs) == 3 || digits(segs[2], 2)) && current[last]
			}
			return false
		}
		re := regexp.MustCompile(`^(\S+) \S+ \S+ \[[^\]]+\] "(\S+) ([^ "]+) [^"]*" (\d{3}) \S+ "([^"]*)" "([^"]*)"$`)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var want, hits, malformed int
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			m := re.FindStringSubmatch(sc.Text())
			if m == nil {
				malformed++
				continue
			}
			target, _, _ := strings.Cut(m[3], "?")
			if m[2] != "GET" || (m[4] != "200" && m[4] != "304") || !counts(target) {
				continue
			}
			hits++
			if enr.RejectUserAgent(m[6]) != analytics.ReasonNone {
				continue
			}
			if h := analytics.ReferrerHost(m[5]); h != "" && enr.IsSpamReferrer(h) {
				continue
			}
			want++
		}
		if want < 100 || hits == want {
			t.Fatalf("independent count looks wrong: %d pageviews of %d hits", want, hits)
		}

		in, _ := os.Open(path)
		defer in.Close()
		sum, err := Replay(ctx, st, enr, in, ReplayOptions{SiteHost: "semicomplete.com", MaxBadLines: DefaultMaxBadLines, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		rejected := 0
		for _, n := range sum.Rejected {
			rejected += n
		}
		t.Logf("independent: %d pageviews of %d article hits, %d malformed; replay summary:\n%s", want, hits, malformed, sum)
		if sum.Lines != 10000 || sum.BadLines != malformed || sum.Pageviews != want || sum.Stored != want || rejected != hits-want || sum.Articles != 5 {
			t.Errorf("summary disagrees with the independent count (%d pageviews, %d hits, %d malformed)", want, hits, malformed)
		}
		if _, err := NewRoller(st, time.UTC, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		if got := totals(t, st)["site"].Pageviews; got != int64(want) {
			t.Errorf("rollups hold %d pageviews, want %d", got, want)
		}
		in.Seek(0, 0)
		again, err := Replay(ctx, st, enr, in, ReplayOptions{SiteHost: "semicomplete.com", MaxBadLines: DefaultMaxBadLines, Now: time.Now()})
		if err != nil || again.Stored != 0 || again.AlreadyReplayed != want {
			t.Errorf("second replay: %+v, %v", again, err)
		}
	})
}
