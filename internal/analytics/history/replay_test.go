package history

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func enricher(t testing.TB) *analytics.Enricher {
	t.Helper()
	e, err := analytics.NewEnricher()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func publish(t testing.TB, st *store.Store, slug string, kind model.Kind, status model.Status) *model.Article {
	t.Helper()
	a := &model.Article{Kind: kind, Slug: slug, Headline: "Story " + slug, Status: status, PublishedAt: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := st.SaveArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

const (
	firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	iphone  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	bot     = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
)

func logLine(ip, at, req string, status int, ref, ua string) string {
	return ip + ` - - [` + at + `] "` + req + `" ` + itoa(status) + ` 5120 "` + ref + `" "` + ua + `"`
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestReplay: which lines count, how they are enriched, the bad-line
// policy, and that a second replay stores nothing.
func TestReplay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		harbour := publish(t, st, "harbour-plan", model.KindArticle, model.StatusPublished)
		ferry := publish(t, st, "ferry-strike", model.KindArticle, model.StatusPublished)
		publish(t, st, "about", model.KindPage, model.StatusPublished)
		publish(t, st, "draft-story", model.KindArticle, model.StatusDraft)
		// Renaming keeps the old slug as a redirect.
		ferry.Slug = "ferry-strike-ends"
		if _, err := st.SaveArticle(ctx, ferry); err != nil {
			t.Fatal(err)
		}
		lines := []string{
			logLine("203.0.113.5", "02/Mar/2026:09:00:00 +0000", "GET /articles/harbour-plan?utm_source=NL&utm_medium=email&utm_campaign=Morning%20%20Brief HTTP/1.1", 200, "-", firefox), // 1: newsletter
			logLine("203.0.113.5", "02/Mar/2026:09:00:01 +0000", "GET /static/site.css HTTP/1.1", 200, "https://news.example.com/articles/harbour-plan", firefox),
			logLine("203.0.113.5", "02/Mar/2026:09:05:00 +0000", "GET /articles/ferry-strike HTTP/1.1", 200, "https://news.example.com/articles/harbour-plan", firefox), // 2: old slug, internal
			logLine("198.51.100.7", "02/Mar/2026:10:00:00 +0100", "GET /2026/03/02/harbour-plan/ HTTP/1.1", 200, "https://www.google.com/", iphone),                     // 3: WordPress permalink, search
			logLine("198.51.100.7", "02/Mar/2026:09:30:00 +0000", "GET /articles/harbour-plan HTTP/1.1", 304, "-", iphone),                                              // 4: 304
			logLine("198.51.100.8", "02/Mar/2026:09:31:00 +0000", "GET /articles/harbour-plan HTTP/1.1", 301, "-", iphone),
			logLine("198.51.100.8", "02/Mar/2026:09:32:00 +0000", "HEAD /articles/harbour-plan HTTP/1.1", 200, "-", iphone),
			logLine("198.51.100.8", "02/Mar/2026:09:33:00 +0000", "GET /articles/harbour-plan HTTP/1.1", 404, "-", iphone),
			logLine("66.249.66.1", "02/Mar/2026:09:34:00 +0000", "GET /articles/harbour-plan HTTP/1.1", 200, "-", bot),
			logLine("198.51.100.9", "02/Mar/2026:09:35:00 +0000", "GET /articles/harbour-plan HTTP/1.1", 200, "http://buttons-for-website.com/", firefox),
			logLine("198.51.100.9", "02/Mar/2026:09:36:00 +0000", "GET /pages/about HTTP/1.1", 200, "-", firefox),
			logLine("198.51.100.9", "02/Mar/2026:09:37:00 +0000", "GET /articles/draft-story HTTP/1.1", 200, "-", firefox),
			logLine("198.51.100.9", "02/Mar/2026:09:38:00 +0000", "GET / HTTP/1.1", 200, "-", firefox),
			`this line is not a log line`,
			`198.51.100.10 - - [03/Mar/2026:08:00:00 +0000] "GET /articles/ferry-strike-ends HTTP/1.0" 200 77`,                                                                            // 5: common format, next day
			logLine("203.0.113.5", "02/Mar/2026:09:00:00 +0000", "GET /articles/harbour-plan?utm_source=NL&utm_medium=email&utm_campaign=Morning%20%20Brief HTTP/1.1", 200, "-", firefox), // 6: an identical line is a second request
		}
		log := strings.Join(lines, "\n") + "\n"
		// Chunks of 2 pageviews: the replay streams, one transaction per chunk.
		opt := ReplayOptions{SiteHost: "news.example.com", MaxBadLines: 1, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Chunk: 2}
		sum, err := Replay(ctx, st, enricher(t), strings.NewReader(log), opt)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Lines != 16 || sum.Requests != 15 || sum.BadLines != 1 || sum.Bad[0].Line != 14 || sum.Pageviews != 6 || sum.Stored != 6 ||
			sum.NotPageview != 3 || sum.NotArticle != 4 || sum.Rejected[analytics.ReasonCrawler] != 1 || sum.Rejected[analytics.ReasonReferrerSpam] != 1 ||
			sum.NoUserAgent != 1 || sum.Articles != 2 || sum.Visitors != 3 {
			t.Errorf("summary:\n%s%+v", sum, sum)
		}
		var got []model.Event
		st.AnalyticsEvents(ctx, time.Unix(0, 0), opt.Now, func(e model.Event) error { got = append(got, e); return nil })
		if len(got) != 6 {
			t.Fatalf("%d events stored", len(got))
		}
		first, search, internal := got[0], got[1], got[3] // stored by time
		if first.ArticleID != harbour.ID || first.SourceClass != model.SourceNewsletter || first.UTMCampaign != "morning brief" || first.UTMSource != "nl" || first.Browser != "Firefox" ||
			first.Device != model.DeviceDesktop || first.Path != "/articles/harbour-plan" || first.VisitorID == "" || len(first.VisitorID) != 16 {
			t.Errorf("newsletter pageview: %+v", first)
		}
		if internal.ArticleID != ferry.ID || internal.SourceClass != model.SourceInternal || internal.VisitorID != first.VisitorID || internal.SessionID != first.SessionID {
			t.Errorf("old-slug pageview: %+v (first %+v)", internal, first)
		}
		if search.SourceClass != model.SourceSearch || search.SourceName != "Google" || search.Device != model.DeviceMobile || !search.Time.Equal(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("search pageview: %+v", search)
		}
		// The rollup counts them like live events.
		if _, err := NewRoller(st, time.UTC, nil).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		tot := totals(t, st)
		if tot["site"].Pageviews != 6 || tot["site"].SiteVisitors != 3 {
			t.Errorf("rollup: %+v", tot)
		}

		// Again: nothing new is stored or counted.
		sum, err = Replay(ctx, st, enricher(t), strings.NewReader(log), opt)
		if err != nil || sum.Stored != 0 || sum.AlreadyReplayed != 6 {
			t.Fatalf("second replay: %+v, %v", sum, err)
		}
		if n, _ := NewRoller(st, time.UTC, nil).CatchUp(ctx); n != 0 || totals(t, st)["site"] != tot["site"] {
			t.Errorf("second replay changed the rollups")
		}
		// One more line appended: only it is new.
		more := log + logLine("203.0.113.99", "04/Mar/2026:09:00:00 +0000", "GET /articles/harbour-plan HTTP/1.1", 200, "-", firefox) + "\n"
		if sum, err = Replay(ctx, st, enricher(t), strings.NewReader(more), opt); err != nil || sum.Stored != 1 || sum.AlreadyReplayed != 6 {
			t.Errorf("appended replay: %+v, %v", sum, err)
		}

		// More bad lines than allowed: an error naming the first, nothing written.
		before, _ := st.CountAnalyticsEvents(ctx, time.Unix(0, 0), opt.Now)
		bad := logLine("203.0.113.77", "05/Mar/2026:09:00:00 +0000", "GET /articles/harbour-plan HTTP/1.1", 200, "-", firefox) + "\nbad one\nbad two\n"
		_, err = Replay(ctx, st, enricher(t), strings.NewReader(bad), opt)
		if !errors.Is(err, ErrTooManyBadLines) || !strings.Contains(err.Error(), "line 2:") {
			t.Errorf("bad lines: %v", err)
		}
		if after, _ := st.CountAnalyticsEvents(ctx, time.Unix(0, 0), opt.Now); after != before {
			t.Errorf("a refused replay wrote %d events", after-before)
		}
	})
}
