package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/model"
	"masthead/internal/sitepath"
	"masthead/internal/store"
)

// Readership analytics on the reader side (issue 5):
//
//   - POST /hit: the collector for static/tracker.js beacons (text/plain JSON,
//     ≤ 4 KiB). It answers 204 at once — counted, or refused as a bot,
//     prefetch or spam alike — and 400/413 with a message for malformed
//     beacons. Cross-origin protection applies (sendBeacon sends Origin).
//   - GET /live/most-read.json: the "most read right now" widget's data,
//     cached 10 s, fetched by the tracker so cached article pages stay valid.
//   - GET /live/most-read: the same list as a page, for readers without
//     JavaScript (the widget's fallback link).
//
// The live state is fed through the realtime broker (topic analytics.hits),
// so with NATS every instance's dashboard sees every instance's hits.
func init() {
	readerGroups = append(readerGroups, func(s *Site, mux *http.ServeMux) {
		cop := http.NewCrossOriginProtection()
		if s.base != nil && s.base.Host != "" {
			cop.AddTrustedOrigin(s.base.Scheme + "://" + s.base.Host)
		}
		cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "Beacons are accepted from this site's own pages only.", http.StatusForbidden)
		}))
		mux.Handle("POST /hit", cop.Handler(http.HandlerFunc(s.collect)))
		mux.Handle("GET /live/most-read.json", s.h(s.mostReadJSON))
		mux.Handle("GET /live/most-read", s.h(s.mostReadPage))
	})
}

// AnalyticsOptions tune the readership analytics of the site.
type AnalyticsOptions struct {
	// LiveWindow is how long a reader counts as concurrent after their last
	// ping (default analytics.LiveWindow, 45 s). Tests shorten it.
	LiveWindow time.Duration
	// Countries maps client IPs to countries (a MaxMind database); nil: none.
	Countries analytics.CountryLookup
	// VisitorPageviewsPerMinute and AddressPageviewsPerMinute cap the
	// pageviews stored per visitor and per client address in a clock
	// minute (analytics.CollectorOptions); 0: no cap.
	VisitorPageviewsPerMinute, AddressPageviewsPerMinute int
	// FlushEvery bounds how long an event waits for the batch writer
	// (default 1 s).
	FlushEvery time.Duration
}

// liveAnalytics bundles the collector, the live state and its subscription.
type liveAnalytics struct {
	collector *analytics.Collector
	live      *analytics.Live
	stop      context.CancelFunc
	done      chan struct{}

	panelMu sync.Mutex    // one dashboard rendering shared by every viewer
	panel   template.HTML // the last one, rendered at panelAt (wall clock)
	panelAt time.Time

	mu       sync.Mutex
	mostRead []mostReadItem
	mostAt   time.Time
}

// sharedEnricher is parsed once per process: the lists are immutable.
var sharedEnricher = sync.OnceValues(analytics.NewEnricher)

func (s *Site) newLiveAnalytics(o AnalyticsOptions) (*liveAnalytics, error) {
	enr, err := sharedEnricher()
	if err != nil {
		return nil, err
	}
	la := &liveAnalytics{live: analytics.NewLive(analytics.LiveOptions{Window: o.LiveWindow, Now: s.now}), done: make(chan struct{})}
	hosts := []string{}
	if s.base != nil && s.base.Host != "" {
		hosts = append(hosts, s.base.Host)
	}
	la.collector = analytics.NewCollector(enr, s.st, analytics.CollectorOptions{
		Site: s.base.Host, Hosts: hosts, Publisher: s.broker, Countries: o.Countries, Now: s.now, Log: s.log,
		VisitorPageviewsPerMinute: o.VisitorPageviewsPerMinute, AddressPageviewsPerMinute: o.AddressPageviewsPerMinute,
		FlushEvery: o.FlushEvery, ArticleForPath: s.articleForPath, ResolveArticle: s.resolveArticle,
	})
	sub := s.broker.Subscribe(analytics.TopicHits, 4096)
	ctx, cancel := context.WithCancel(context.Background())
	la.stop = cancel
	go func() {
		defer close(la.done)
		defer sub.Close()
		la.live.Run(ctx, sub.C)
	}()
	return la, nil
}

// Close flushes queued analytics events to the database and stops the live
// state. Call it after the HTTP server has shut down.
func (s *Site) Close() {
	s.stats.collector.Close()
	s.stats.stop()
	<-s.stats.done
}

// CommentPosted is the hook for the comments feature: call it when a
// comment goes live for readers at t (UTC). It is published on the
// analytics topic, so with NATS every instance's live view counts it; the
// dashboard then shows comments per minute.
func (s *Site) CommentPosted(t time.Time) {
	msg, _ := json.Marshal(analytics.LiveHit{Time: t.UnixMilli(), Kind: analytics.KindComment})
	if err := s.broker.Publish(analytics.TopicHits, msg); err != nil {
		s.log.Warn("analytics: publish comment", "err", err)
	}
}

// FlushAnalytics waits until every accepted hit is stored (tests, shutdown).
func (s *Site) FlushAnalytics(ctx context.Context) error { return s.stats.collector.Flush(ctx) }

// AnalyticsStats returns the collector's counters.
func (s *Site) AnalyticsStats() analytics.Stats { return s.stats.collector.Stats() }

// articleForPath resolves a reader URL path to an article id (0 when the
// path is not a story), for recirculation click targets.
func (s *Site) articleForPath(ctx context.Context, path string) (int64, error) {
	slug, ok := strings.CutPrefix(path, "/articles/")
	if !ok || slug == "" || strings.Contains(slug, "/") {
		return 0, nil
	}
	if u, err := url.PathUnescape(slug); err == nil {
		slug = u
	}
	a, err := s.st.ArticleBySlug(ctx, slug)
	if err != nil {
		return 0, nil
	}
	return a.ID, nil
}

// resolveArticle maps a beacon's page path to the published article it
// shows: "/articles/{slug}" by its current slug, or by an old slug that
// redirects to it (the page a reader on an old link sees). Drafts,
// scheduled, embargoed and unpublished stories, pages and unknown paths
// resolve to no article. The answer carries the canonical path.
func (s *Site) resolveArticle(ctx context.Context, path string) (analytics.ArticleRef, error) {
	slug, ok := sitepath.ArticleSlug(path)
	if !ok {
		return analytics.ArticleRef{}, nil
	}
	a, err := s.st.ArticleBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		cur, rerr := s.st.RedirectFor(ctx, slug)
		if errors.Is(rerr, store.ErrNotFound) {
			return analytics.ArticleRef{}, nil
		}
		if rerr != nil {
			return analytics.ArticleRef{}, rerr
		}
		a, err = s.st.ArticleBySlug(ctx, cur)
	}
	if errors.Is(err, store.ErrNotFound) {
		return analytics.ArticleRef{}, nil
	}
	if err != nil {
		return analytics.ArticleRef{}, err
	}
	if a.Kind != model.KindArticle || !a.VisibleAt(s.clock()) {
		return analytics.ArticleRef{}, nil
	}
	return analytics.ArticleRef{ID: a.ID, SectionID: a.SectionID, Path: articlePath(a)}, nil
}

func (s *Site) collect(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, analytics.MaxBeaconBytes+1))
	if err != nil {
		http.Error(w, "Could not read the beacon.", http.StatusBadRequest)
		return
	}
	if len(body) > analytics.MaxBeaconBytes {
		http.Error(w, fmt.Sprintf("A beacon may be at most %d bytes.", analytics.MaxBeaconBytes), http.StatusRequestEntityTooLarge)
		return
	}
	// A prefetch is refused before parsing: it is not a read.
	if analytics.IsPrefetch(r.Header) {
		s.stats.collector.CountRejected(analytics.ReasonPrefetch)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	b, err := analytics.ParseBeacon(body)
	if err != nil {
		why := analytics.ReasonInvalid
		if errors.Is(err, analytics.ErrEncoding) {
			why = analytics.ReasonBadEncoding
		}
		s.stats.collector.CountRejected(why)
		http.Error(w, "Bad beacon: "+strings.TrimPrefix(err.Error(), "bad beacon: ")+".", http.StatusBadRequest)
		return
	}
	req := analytics.Request{Header: r.Header, IP: s.auth.ClientIP(r), Host: r.Host}
	if why := s.stats.collector.Accept(r.Context(), b, req); why == analytics.ReasonInvalid {
		http.Error(w, "The page of this beacon is not on this site.", http.StatusBadRequest)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// mostReadItem is one story of the "most read right now" widget.
type mostReadItem struct {
	Headline    string `json:"headline"`
	URL         string `json:"url"`
	Readers     int    `json:"readers"`
	ReadersText string `json:"readers_text"`
}

// mostReadCount is the widget's length; mostReadTTL how long a list is
// reused (and cached by browsers and CDNs).
const (
	mostReadCount = 5
	mostReadTTL   = 10 * time.Second
)

// mostReadList returns the stories with the most concurrents now, computed
// at most once per mostReadTTL. Only stories readers may see are listed.
func (s *Site) mostReadList(ctx context.Context) ([]mostReadItem, error) {
	la := s.stats
	now := s.clock()
	la.mu.Lock()
	defer la.mu.Unlock()
	if la.mostRead != nil && now.Sub(la.mostAt) < mostReadTTL {
		return la.mostRead, nil
	}
	top := la.live.MostRead(mostReadCount * 2)
	ids := make([]int64, 0, len(top))
	for _, a := range top {
		ids = append(ids, a.ArticleID)
	}
	arts, err := s.st.ArticlesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*model.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	list := []mostReadItem{}
	for _, t := range top {
		a := byID[t.ArticleID]
		if a == nil || !a.VisibleAt(now) || a.Kind != model.KindArticle || len(list) == mostReadCount {
			continue
		}
		text := fmt.Sprintf("%d reading now", t.Concurrents)
		list = append(list, mostReadItem{Headline: a.Headline, URL: articlePath(a), Readers: t.Concurrents, ReadersText: text})
	}
	la.mostRead, la.mostAt = list, now
	return list, nil
}

func (s *Site) mostReadJSON(w http.ResponseWriter, r *http.Request) error {
	list, err := s.mostReadList(r.Context())
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(mostReadTTL/time.Second)))
	return json.NewEncoder(w).Encode(map[string]any{"articles": list})
}

func (s *Site) mostReadPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.mostReadList(r.Context())
	if err != nil {
		return err
	}
	l := &layout{Title: "Most read right now", Description: "What readers of " + s.cfg.SiteName + " are reading right now.",
		Canonical: s.absURL("/live/most-read"), Robots: "noindex", Page: list}
	return s.render(w, r, http.StatusOK, "most_read", l, int(mostReadTTL/time.Second), time.Time{})
}
