package analytics

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// fakeClock is an injected clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// recorder is a Publisher keeping what was published.
type recorder struct {
	mu   sync.Mutex
	msgs [][]byte
}

func (r *recorder) Publish(topic string, data []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if topic == TopicHits {
		r.msgs = append(r.msgs, data)
	}
	return nil
}

func reader(ua string) Request {
	return Request{Header: http.Header{"User-Agent": {ua}, "Accept-Language": {"en-GB"}}, IP: "198.51.100.7", Host: "news.example.org"}
}

func beacon(t *testing.T, body string) *Beacon {
	t.Helper()
	b, err := ParseBeacon([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCollector runs beacons through enrichment into the real database.
func TestCollector(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
		pub := &recorder{}
		c := NewCollector(testEnricher(t), st, CollectorOptions{Site: "news.example.org", Publisher: pub, Now: clock.Now,
			ResolveArticle: testResolve, ArticleForPath: func(ctx context.Context, path string) (int64, error) {
				if path == "/articles/ferry" {
					return 42, nil
				}
				return 0, nil
			}})
		defer c.Close()
		ff := reader(firefoxUA)
		pv := beacon(t, `{"k":"pageview","p":"pv000001","u":"https://news.example.org/articles/budget?utm_campaign=june","r":"https://www.google.de/","a":7,"c":2,"w":1280,"l":["next-1"]}`)
		if r := c.Accept(ctx, pv, ff); r != ReasonNone {
			t.Fatalf("pageview: %q", r)
		}
		clock.Add(15 * time.Second)
		// A heartbeat claiming 40 s after 15 s is cut to 16 (one second of slack).
		if r := c.Accept(ctx, beacon(t, `{"k":"heartbeat","p":"pv000001","u":"https://news.example.org/articles/budget","r":"https://www.google.de/","a":7,"c":2,"e":40,"d":35}`), ff); r != ReasonNone {
			t.Fatalf("heartbeat: %q", r)
		}
		clock.Add(2 * time.Second)
		c.Accept(ctx, beacon(t, `{"k":"click","p":"pv000001","u":"https://news.example.org/articles/budget","a":7,"c":2,"s":"next-1","t":"/articles/ferry"}`), ff)
		// Not counted: a bot, a prefetch, a page of another site.
		bot := reader("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
		if r := c.Accept(ctx, pv, bot); r != ReasonCrawler {
			t.Errorf("googlebot: %q", r)
		}
		pre := reader(chromeUA)
		pre.Header.Set("Sec-Purpose", "prefetch")
		if r := c.Accept(ctx, pv, pre); r != ReasonPrefetch {
			t.Errorf("prefetch: %q", r)
		}
		other := beacon(t, `{"k":"pageview","p":"pv000002","u":"https://elsewhere.example/x"}`)
		if r := c.Accept(ctx, other, ff); r != ReasonInvalid {
			t.Errorf("other site: %q", r)
		}
		if err := c.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var got []model.Event
		st.AnalyticsEvents(ctx, clock.Now().Add(-time.Hour), clock.Now().Add(time.Hour), func(e model.Event) error {
			got = append(got, e)
			return nil
		})
		if len(got) != 3 {
			t.Fatalf("stored %d events; want 3", len(got))
		}
		p, h, k := got[0], got[1], got[2]
		if p.Kind != model.EventPageview || p.SourceClass != model.SourceSearch || p.SourceName != "Google" || p.ReferrerHost != "www.google.de" ||
			p.UTMCampaign != "june" || p.Browser != "Firefox" || p.Device != model.DeviceDesktop || p.ScreenWidth != 1280 ||
			p.ArticleID != 7 || p.SectionID != 2 || p.Path != "/articles/budget" || p.PageviewID != "pv000001" || len(p.VisitorID) != 16 || len(p.SessionID) != 16 {
			t.Errorf("pageview stored as %+v", p)
		}
		if h.EngagedSeconds != 16 || h.ScrollDepth != 35 || h.VisitorID != p.VisitorID || h.SessionID != p.SessionID {
			t.Errorf("heartbeat stored as %+v", h)
		}
		if k.Kind != model.EventClick || k.Slot != "next-1" || k.TargetID != 42 {
			t.Errorf("click stored as %+v", k)
		}
		s := c.Stats()
		if s.Accepted != 3 || s.Stored != 3 || s.Rejected[ReasonCrawler] != 1 || s.Rejected[ReasonPrefetch] != 1 || s.Rejected[ReasonInvalid] != 1 {
			t.Errorf("stats: %+v", s)
		}
		day := Day(clock.Now())
		rej, err := st.RejectedHits(ctx, day, day.AddDate(0, 0, 1))
		if err != nil || rej["crawler"] != 1 || rej["prefetch"] != 1 {
			t.Errorf("rejected counts stored: %v, %v", rej, err)
		}
		if len(pub.msgs) != 3 {
			t.Errorf("published %d live hits; want 3", len(pub.msgs))
		}
		// The same reader the next day gets another visitor id once the
		// session has ended.
		clock.Add(24 * time.Hour)
		c.Accept(ctx, pv, ff)
		c.Flush(ctx)
		var next []model.Event
		st.AnalyticsEvents(ctx, clock.Now().Add(-time.Minute), clock.Now().Add(time.Minute), func(e model.Event) error {
			next = append(next, e)
			return nil
		})
		if len(next) != 1 || next[0].VisitorID == p.VisitorID || next[0].SessionID == p.SessionID {
			t.Errorf("next day: %+v (day before: %s)", next, p.VisitorID)
		}
	})
}

// testResolve knows one published article, 7 in section 2, at
// /articles/budget and under its old slug /articles/old-budget.
func testResolve(ctx context.Context, path string) (ArticleRef, error) {
	if path == "/articles/budget" || path == "/articles/old-budget" {
		return ArticleRef{ID: 7, SectionID: 2, Path: "/articles/budget"}, nil
	}
	return ArticleRef{}, nil
}

// TestCollectorForgedBeacons: the article of a hit is the server's answer
// for its path, not the beacon's "a"; an old slug counts for the article
// under its canonical path; UTM values are normalised and capped per hour.
func TestCollectorForgedBeacons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
		c := NewCollector(testEnricher(t), st, CollectorOptions{Site: "news.example.org", Now: clock.Now, ResolveArticle: testResolve})
		defer c.Close()
		ff := reader(firefoxUA)
		c.Accept(ctx, beacon(t, `{"k":"pageview","p":"forged001","u":"https://news.example.org/articles/flood001","a":7,"c":2}`), ff)
		c.Accept(ctx, beacon(t, `{"k":"pageview","p":"forged002","u":"https://news.example.org/articles/old-budget?utm_campaign=%20June%20%20Briefing","a":99}`), ff)
		for i := range MaxDimensionValues + 5 {
			c.Accept(ctx, beacon(t, `{"k":"pageview","p":"camp`+strconv.Itoa(10000+i)+`","u":"https://news.example.org/?utm_campaign=c`+strconv.Itoa(i)+`"}`), ff)
		}
		if err := c.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var got []model.Event
		st.AnalyticsEvents(ctx, clock.Now().Add(-time.Hour), clock.Now().Add(time.Hour), func(e model.Event) error {
			got = append(got, e)
			return nil
		})
		if len(got) != MaxDimensionValues+7 {
			t.Fatalf("stored %d events", len(got))
		}
		if got[0].ArticleID != 0 || got[0].SectionID != 0 || got[0].Path != "/articles/flood001" {
			t.Errorf("forged article id credited: %+v", got[0])
		}
		if got[1].ArticleID != 7 || got[1].SectionID != 2 || got[1].Path != "/articles/budget" || got[1].UTMCampaign != "june briefing" {
			t.Errorf("old slug: %+v", got[1])
		}
		campaigns := map[string]int{}
		for _, e := range got[2:] {
			campaigns[e.UTMCampaign]++
		}
		// "june briefing" took one of the hour's places.
		if len(campaigns) != MaxDimensionValues || campaigns[OtherValue] != 6 {
			t.Errorf("%d distinct campaigns, %d as %s; want %d and 6", len(campaigns), campaigns[OtherValue], OtherValue, MaxDimensionValues)
		}
		// The next hour starts afresh.
		clock.Add(time.Hour)
		c.Accept(ctx, beacon(t, `{"k":"pageview","p":"campnext1","u":"https://news.example.org/?utm_campaign=c999"}`), ff)
		c.Flush(ctx)
		n := 0
		st.AnalyticsEvents(ctx, clock.Now().Add(-time.Minute), clock.Now().Add(time.Minute), func(e model.Event) error {
			if e.UTMCampaign == "c999" {
				n++
			}
			return nil
		})
		if n != 1 {
			t.Errorf("next hour: campaign kept %d times; want 1", n)
		}
	})
}

// TestCollectorBatches: events are written in batches of BatchSize without
// waiting for the timer, and nothing is lost on Close.
func TestCollectorBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		c := NewCollector(testEnricher(t), st, CollectorOptions{Now: func() time.Time { return at }, BatchSize: 100, FlushEvery: time.Hour})
		b := beacon(t, `{"k":"heartbeat","p":"pv000001","u":"https://news.example.org/","e":1}`)
		for range 250 {
			c.Accept(ctx, b, reader(firefoxUA))
		}
		c.Close()
		n, err := st.CountAnalyticsEvents(ctx, at, at.Add(time.Second))
		if err != nil || n != 250 {
			t.Fatalf("stored %d, %v; want 250", n, err)
		}
		if s := c.Stats(); s.Stored != 250 || s.Dropped != 0 {
			t.Errorf("stats %+v", s)
		}
		c.Accept(ctx, b, reader(firefoxUA)) // after Close: dropped, no panic
		if s := c.Stats(); s.Dropped != 1 {
			t.Errorf("after close: %+v", s)
		}
	})
}

// TestCollectorEngagedBurst: heartbeats sent back to back (the attack in
// issue 5: 60 in 1.9 s) earn no more engaged time than the wall clock
// allows, and a leave flag or a new heartbeat does not reset the budget.
func TestCollectorEngagedBurst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clock := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
		c := NewCollector(testEnricher(t), st, CollectorOptions{Site: "news.example.org", Now: clock.Now})
		defer c.Close()
		ff := reader(firefoxUA)
		start := clock.Now()
		c.Accept(ctx, beacon(t, `{"k":"pageview","p":"burst0001","u":"https://news.example.org/articles/budget"}`), ff)
		hb := beacon(t, `{"k":"heartbeat","p":"burst0001","u":"https://news.example.org/articles/budget","e":30,"d":100}`)
		leave := beacon(t, `{"k":"heartbeat","p":"burst0001","u":"https://news.example.org/articles/budget","e":30,"d":100,"x":1}`)
		for i := range 60 {
			clock.Add(1900 * time.Millisecond / 60)
			b := hb
			if i%10 == 9 {
				b = leave
			}
			c.Accept(ctx, b, ff)
		}
		if err := c.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		sum := 0
		st.AnalyticsEvents(ctx, start, start.Add(time.Hour), func(e model.Event) error {
			sum += e.EngagedSeconds
			return nil
		})
		if sum > 2 {
			t.Fatalf("60 heartbeats in 1.9 s credited %d engaged seconds; want at most 2 (1 s elapsed + 1 s allowance)", sum)
		}
		// After a quiet minute the same page view may claim the minute.
		clock.Add(time.Minute)
		c.Accept(ctx, hb, ff)
		c.Accept(ctx, hb, ff)
		c.Flush(ctx)
		sum2 := 0
		st.AnalyticsEvents(ctx, start, start.Add(time.Hour), func(e model.Event) error {
			sum2 += e.EngagedSeconds
			return nil
		})
		if got := sum2 - sum; got != 2*MaxEngagedIncrement {
			t.Errorf("after a minute two heartbeats credited %d; want %d", got, 2*MaxEngagedIncrement)
		}
	})
}
