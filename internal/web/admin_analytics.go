package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/analytics/history"
	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/realtime"
	"masthead/internal/store"
)

// The live analytics dashboard (issue 5): GET /admin/analytics shows who is
// reading what right now — concurrents with a last-30-minutes chart, the top
// stories with concurrents, engaged time and scroll depth, sources,
// sections, recirculation click-through per slot, comments per minute and
// refused hits. GET /admin/analytics/live pushes the same panel, rendered by
// the server, over Server-Sent Events within a quarter of a second of a
// change and at least every second (static/admin_live.js swaps it in);
// without JavaScript the page refreshes itself every 5 s.
// Roles with auth.ViewAnalytics see it (docs/PERMISSIONS.md).
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/analytics", s.signedIn(s.adminAnalytics))
		// Not s.signedIn: that bounds a request to the request timeout (10 s),
		// and the stream lasts as long as the dashboard is open.
		am.Handle("GET /admin/analytics/live", http.HandlerFunc(s.adminAnalyticsStream))
	})
}

// liveCSP is the admin policy plus the dashboard's own script and its
// event stream.
const liveCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// The dashboard is pushed within liveQuick of a change to the live state,
// and at least every livePush (so readers dropping out show even when
// nothing new arrives).
const (
	livePush  = time.Second
	liveQuick = 250 * time.Millisecond
)

// liveTop is the number of stories in the dashboard's top list.
const liveTop = 20

// livePanel is the view of the "live" template block.
type livePanel struct {
	S         analytics.Snapshot
	Headlines map[int64]string // article id → headline
	Sections  map[int64]string // section id → name
	Chart     template.HTML
	Rejected  []analytics.Count
	Stats     analytics.Stats
}

// liveView is the view of admin_analytics.html.
type liveView struct {
	Panel  template.HTML
	Script string
}

func (s *Site) canSeeAnalytics(u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.ViewAnalytics) {
		return forbidden("Your role does not include analytics. Ask an owner if you need it.")
	}
	return nil
}

func (s *Site) adminAnalytics(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := s.canSeeAnalytics(u); err != nil {
		return err
	}
	panel, err := s.renderLivePanel(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Security-Policy", liveCSP)
	return s.renderAdmin(w, http.StatusOK, "admin_analytics", "Live analytics", u, liveView{Panel: panel, Script: s.static.url("admin_live.js")})
}

func (s *Site) adminAnalyticsStream(w http.ResponseWriter, r *http.Request) {
	actx, cancel := context.WithTimeout(r.Context(), s.requestTimeout)
	u, err := s.auth.CurrentUser(actx)
	cancel()
	if err == nil && u == nil {
		err = &httpError{http.StatusUnauthorized, "Sign in to the newsroom admin to see live analytics."}
	}
	if err == nil {
		err = s.canSeeAnalytics(u)
	}
	if err != nil {
		s.adminFail(w, r, err)
		return
	}
	// The stream lasts until the browser goes, the server stops, or the
	// viewer may no longer see it: before every push the session is checked
	// again (account disabled, role changed, "log out everywhere"), and the
	// stream ends when it fails; the browser's reconnect then gets 401/403.
	ctx := r.Context()
	events := make(chan realtime.Event)
	go func() {
		defer close(events)
		tick := time.NewTicker(liveQuick)
		defer tick.Stop()
		var pushed time.Time
		var seen uint64
		for n := 0; ; n++ {
			for n > 0 {
				select {
				case <-tick.C:
				case <-ctx.Done():
					return
				}
				if v := s.stats.live.Version(); v != seen || time.Since(pushed) >= livePush-liveQuick/2 {
					break
				}
			}
			seen, pushed = s.stats.live.Version(), time.Now()
			if !s.streamViewerAllowed(ctx) {
				return
			}
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			panel, err := s.renderLivePanel(rctx)
			cancel()
			if err != nil {
				s.log.Warn("analytics: live panel", "err", err)
			} else {
				select {
				case events <- realtime.Event{Name: "panel", ID: strconv.Itoa(n), Data: []byte(panel)}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	if err := realtime.ServeSSE(w, r, events, realtime.SSEOptions{Retry: 2 * time.Second}); err != nil && ctx.Err() == nil {
		s.log.Debug("analytics: live stream ended", "err", err)
	}
}

// streamViewerAllowed re-checks, on the session loaded with the stream's
// request, that its user still exists, is enabled, has not ended their
// sessions everywhere and still has a role that sees analytics. A store
// error counts as not allowed: the browser reconnects and is checked afresh.
func (s *Site) streamViewerAllowed(ctx context.Context) bool {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	u, err := s.auth.CurrentUser(cctx)
	if err != nil || u == nil || s.canSeeAnalytics(u) != nil {
		if err != nil && ctx.Err() == nil {
			s.log.Warn("analytics: live stream session check", "err", err)
		}
		return false
	}
	return true
}

// renderLivePanel returns the dashboard panel for the state now; every
// open dashboard shares one rendering per push interval.
func (s *Site) renderLivePanel(ctx context.Context) (template.HTML, error) {
	la := s.stats
	la.panelMu.Lock()
	defer la.panelMu.Unlock()
	if now := time.Now(); la.panel != "" && now.Sub(la.panelAt) < liveQuick*4/5 {
		return la.panel, nil
	}
	p, err := s.buildLivePanel(ctx)
	if err != nil {
		return "", err
	}
	la.panel, la.panelAt = p, time.Now()
	return p, nil
}

func (s *Site) buildLivePanel(ctx context.Context) (template.HTML, error) {
	snap := s.stats.live.Snapshot(liveTop)
	p := &livePanel{S: snap, Headlines: map[int64]string{}, Sections: map[int64]string{}, Stats: s.stats.collector.Stats()}
	ids := []int64{}
	for _, a := range snap.Top {
		if a.ArticleID > 0 {
			ids = append(ids, a.ArticleID)
		}
	}
	if len(ids) > 0 {
		arts, err := s.st.ArticlesByIDs(ctx, ids)
		if err != nil {
			return "", err
		}
		for _, a := range arts {
			p.Headlines[a.ID] = a.Headline
		}
	}
	if len(snap.Sections) > 0 {
		secs, err := s.st.Sections(ctx)
		if err != nil {
			return "", err
		}
		for _, sec := range secs {
			p.Sections[sec.ID] = sec.Name
		}
	}
	loc := s.cfg.Location
	pts := make([]history.ChartPoint, 0, len(snap.Chart))
	for _, m := range snap.Chart {
		pts = append(pts, history.ChartPoint{Label: m.Minute.In(loc).Format("15:04"), Value: float64(m.Concurrents)})
	}
	p.Chart = history.LineChart("live-chart", "Concurrents, last 30 minutes",
		fmt.Sprintf("Readers on the site each minute; now %d.", snap.Concurrents), pts)
	for _, why := range analytics.Reasons {
		if n := p.Stats.Rejected[why]; n > 0 {
			p.Rejected = append(p.Rejected, analytics.Count{Name: string(why), Count: int(n)})
		}
	}
	var buf bytes.Buffer
	if err := s.tmpl["admin_analytics"].ExecuteTemplate(&buf, "live", p); err != nil {
		return "", fmt.Errorf("web: render live panel: %w", err)
	}
	return template.HTML(buf.String()), nil
}

// sourceLabel names a source class for people.
func sourceLabel(c string) string {
	switch model.SourceClass(c) {
	case model.SourceAI:
		return "AI assistant"
	case "":
		return "unknown"
	}
	return c
}

// sourceName names a source for people: its class, and after a colon the
// site, engine or assistant when known ("search: Google", "direct").
func sourceName(class model.SourceClass, name string) string {
	if name == "" {
		return sourceLabel(string(class))
	}
	return sourceLabel(string(class)) + ": " + name
}

// slotKindNames name the recirculation slot kinds (model.SlotKinds) for
// the live view and the reports.
var slotKindNames = map[string]string{
	model.SlotNext:       "READ NEXT",
	model.SlotInlineMore: "READ MORE inline",
	model.SlotMore:       "READ MORE list",
	model.SlotFront:      "Front position",
	model.SlotLatest:     "Front Latest list",
	model.SlotSection:    "Section front",
	model.SlotMostRead:   "Most read now",
}

// slotKind is a slot kind and its name, for the reports' legend.
type slotKind struct{ Kind, Name string }

// slotKinds lists every slot kind the pages emit, with its name.
func slotKinds() []slotKind {
	out := make([]slotKind, 0, len(model.SlotKinds))
	for _, k := range model.SlotKinds {
		out = append(out, slotKind{k, slotKindNames[k]})
	}
	return out
}

// slotLabel names a slot for people: "READ NEXT 1", "Section front 3".
func slotLabel(slot string) string {
	kind := analytics.SlotKind(slot)
	if name, ok := slotKindNames[kind]; ok {
		return name + " " + slot[len(kind)+1:]
	}
	return slot
}

// seconds formats a duration in seconds as m:ss.
func seconds(v float64) string {
	t := int(v + 0.5)
	return fmt.Sprintf("%d:%02d", t/60, t%60)
}
