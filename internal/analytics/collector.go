package analytics

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"masthead/internal/model"
)

// TopicHits is the realtime topic every accepted hit is published on, as a
// LiveHit in JSON; every instance's Live state subscribes to it.
const TopicHits = "analytics.hits"

// EventStore is what the collector writes to (store.Store implements it).
type EventStore interface {
	SaltStore
	// InsertEvents stores a batch in one transaction.
	InsertEvents(ctx context.Context, events []model.Event) error
	// AddRejectedHits adds counts of refused hits by reason to a UTC day.
	AddRejectedHits(ctx context.Context, day time.Time, counts map[string]int64) error
}

// Publisher hands messages to the realtime fan-out (realtime.Broker).
type Publisher interface {
	Publish(topic string, data []byte) error
}

// CountryLookup maps a client IP to an ISO 3166-1 alpha-2 country code
// ("" when unknown). Masthead ships none; see GeoIP.
type CountryLookup interface {
	Country(ip string) string
}

// CollectorOptions configure NewCollector. Zero values mean the defaults.
type CollectorOptions struct {
	// Site names the site in visitor hashes (the base URL's host), so the
	// same reader gets unrelated ids on two sites sharing nothing else.
	Site string
	// Hosts are the host[:port] values page URLs may have; beacons for other
	// hosts are refused. Empty accepts the request's own Host only.
	Hosts []string
	// Publisher receives every accepted hit for the live view; nil: none.
	Publisher Publisher
	// ResolveArticle maps a page's path to the published article it shows
	// (canonical or old slug); the event's article, section and path come
	// from it, never from the beacon's own "a"/"c" claims. Answers are
	// cached per path for a minute. nil: no hit is credited to an article.
	ResolveArticle ResolveFunc
	// ArticleForPath resolves a clicked link's path to an article id (0 when
	// it is not an article); called by the batch writer, never on a request.
	ArticleForPath func(ctx context.Context, path string) (int64, error)
	// Countries looks up the country of a client IP; nil: no countries.
	Countries CountryLookup
	// VisitorPageviewsPerMinute and AddressPageviewsPerMinute cap the
	// pageviews stored per visitor id and per client address in a UTC
	// clock minute; more are refused as ReasonRateLimit. 0: no cap (serve's
	// defaults are 30 and 600, see internal/config).
	VisitorPageviewsPerMinute int
	AddressPageviewsPerMinute int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives batch-writer errors and drop warnings; nil: slog.Default.
	Log *slog.Logger
	// QueueSize bounds the events waiting for the batch writer (default
	// 65,536, about 25 MB; over a second of the benchmark's peak rate);
	// when full, new events are dropped and counted.
	QueueSize int
	// BatchSize is the event count that triggers a write (default 1,000);
	// FlushEvery the longest an event waits (default 1 s).
	BatchSize  int
	FlushEvery time.Duration
}

// Collector accepts tracker beacons: it refuses bots and prefetches
// (counting them by reason), enriches the rest into model.Events, hands
// them to a bounded queue drained by a batch writer (a write at ≥ BatchSize
// events or every FlushEvery), and publishes them for the live view. Accept
// never waits for writes; it reads the database only to resolve a page path
// it has not seen in the last minute (ResolveArticle, cached). Safe for concurrent use; call Close to
// flush and stop.
type Collector struct {
	enr      *Enricher
	salts    *Salts
	sessions *Sessions
	store    EventStore
	opts     CollectorOptions
	log      *slog.Logger

	mu     sync.RWMutex // guards closed against sends on queue
	closed bool
	queue  chan queued
	flushq chan chan struct{}
	done   chan struct{}

	articles articleCache
	dims     dimensionCap
	pvCap    pageviewCap

	pvMu sync.Mutex
	pvs  map[string]*pageview // page view id → its clock (engaged-time clamp)

	accepted, stored, dropped, lost atomic.Int64
	rejected                        sync.Map // Reason → *atomic.Int64 (since start)
	rejMu                           sync.Mutex
	rejPending                      map[Reason]int64 // not yet written to the store
	lastSweep                       atomic.Int64
	hashCur, hashPrev               hasherPool // keyed HMACs of today's and yesterday's salt
}

// NewCollector starts a collector over store (its batch-writer goroutine
// runs until Close).
func NewCollector(enr *Enricher, store EventStore, opts CollectorOptions) *Collector {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 1 << 16
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	if opts.FlushEvery <= 0 {
		opts.FlushEvery = time.Second
	}
	c := &Collector{articles: articleCache{fn: opts.ResolveArticle}, enr: enr, salts: NewSalts(store), sessions: NewSessions(SessionTimeout), store: store, opts: opts,
		log: opts.Log, queue: make(chan queued, opts.QueueSize), flushq: make(chan chan struct{}),
		done: make(chan struct{}), pvs: map[string]*pageview{}, rejPending: map[Reason]int64{}}
	if c.log == nil {
		c.log = slog.Default()
	}
	c.pvCap.perVisitor, c.pvCap.perAddress = opts.VisitorPageviewsPerMinute, opts.AddressPageviewsPerMinute
	go c.run()
	return c
}

// Request holds the facts of the HTTP request a beacon came in, which
// enrichment needs and which are never stored.
type Request struct {
	Header http.Header // User-Agent, Accept-Language, Sec-Purpose …
	IP     string      // client address (behind trusted proxies: the forwarded one)
	Host   string      // the request's Host header
}

// Accept enriches and queues one beacon. It returns ReasonNone when the hit
// counts, ReasonInvalid when the page URL is not on this site (the handler
// answers 400), or the rejection reason of a bot, prefetch or spam hit (the
// handler answers 204 as for any hit, telling bots nothing).
func (c *Collector) Accept(ctx context.Context, b *Beacon, r Request) Reason {
	now := c.opts.Now().UTC()
	if !c.hostAllowed(b.URL.Host, r.Host) {
		c.reject(ReasonInvalid)
		return ReasonInvalid
	}
	refHost := ReferrerHost(b.Referrer)
	if why := c.enr.Reject(r.Header, refHost); why != ReasonNone {
		c.reject(why)
		return why
	}
	cur, prev, err := c.salts.For(ctx, now)
	if err != nil {
		c.log.Error("analytics: visitor salt", "err", err)
		c.dropped.Add(1)
		return ReasonNone
	}
	ua := r.Header.Get("User-Agent")
	site := c.opts.Site
	visitor := c.hashCur.id(cur, site, r.IP, ua)
	previous := ""
	if prev != nil {
		previous = c.hashPrev.id(prev, site, r.IP, ua)
	}
	address := c.hashCur.id(cur, site, r.IP, "") // address hash, as VisitorID(cur, site, ip, "")
	if b.Kind == model.EventPageview && !c.pvCap.allow(visitor, address, now) {
		c.reject(ReasonRateLimit)
		return ReasonRateLimit
	}
	visitor, session := c.sessions.Resolve(visitor, previous, now)
	info := c.enr.UserAgent(ua)
	utm := UTM{Source: c.dims.admit(dimensionUTMSource, NormalizeUTM(b.UTM.Source), now),
		Medium:   c.dims.admit(dimensionUTMMedium, NormalizeUTM(b.UTM.Medium), now),
		Campaign: c.dims.admit(dimensionUTMCampaign, NormalizeUTM(b.UTM.Campaign), now)}
	src := c.enr.Source(b.Referrer, b.URL.Host, utm)
	// The article is the server's answer for the page's path, never the
	// beacon's claim; an article's hits carry its canonical path.
	path := clip(b.URL.Path, 512)
	art := c.articles.lookup(ctx, b.URL.Path, now)
	if art.ID > 0 {
		path = art.Path
	}
	e := model.Event{Time: now, Kind: b.Kind, ArticleID: art.ID, SectionID: art.SectionID, Path: path,
		VisitorID: visitor, SessionID: session, PageviewID: b.PageviewID, ScrollDepth: b.Scroll, Slot: b.Slot,
		SourceClass: src.Class, SourceName: c.dims.admit(dimensionSourceName, clip(src.Name, 100), now),
		ReferrerHost: c.dims.admit(dimensionReferrerHost, clip(src.Host, 253), now),
		UTMSource:    utm.Source, UTMMedium: utm.Medium, UTMCampaign: utm.Campaign,
		Browser: info.Browser, OS: info.OS, Device: info.Device, ScreenWidth: b.ScreenWidth}
	if c.opts.Countries != nil {
		e.Country = c.opts.Countries.Country(r.IP)
	}
	engaged := 0
	if b.Kind == model.EventHeartbeat {
		engaged = b.Engaged
	}
	e.EngagedSeconds = c.touchPageview(b.PageviewID, now, engaged)
	// Slots shown: the pageview's, and those a page fills later (the "most
	// read now" widget) sent with a heartbeat; stored for the reports' shown.
	if len(b.Slots) > 0 && (b.Kind == model.EventPageview || b.Kind == model.EventHeartbeat) {
		e.Slots = b.Slots
	}
	c.enqueue(queued{e, clip(b.Target, 512)})
	c.publish(e, b, address)
	c.maybeSweep(now)
	return ReasonNone
}

// hostAllowed reports whether a page URL's host may send beacons here.
func (c *Collector) hostAllowed(pageHost, reqHost string) bool {
	if len(c.opts.Hosts) == 0 {
		return strings.EqualFold(pageHost, reqHost)
	}
	for _, h := range c.opts.Hosts {
		if strings.EqualFold(pageHost, h) {
			return true
		}
	}
	return false
}

// pageview is what the collector remembers of a page view: when it first
// and last saw it and the engaged seconds credited so far.
type pageview struct {
	first, last time.Time
	credited    int
}

// touchPageview records a hit of page view pv at now claiming engaged
// seconds and returns the seconds credited (ClampEngaged against the page
// view's age since its first hit). A page view is remembered until an hour
// after its last hit, also after its final (leave) beacon, so neither a
// leave flag nor a burst of beacons resets its budget. A page view first seen
// through a heartbeat (after a restart, or on another instance) has an age
// of 0 and gets EngagedAllowance only.
func (c *Collector) touchPageview(pv string, now time.Time, engaged int) int {
	c.pvMu.Lock()
	defer c.pvMu.Unlock()
	p := c.pvs[pv]
	if p == nil {
		p = &pageview{first: now}
		c.pvs[pv] = p
	}
	if now.After(p.last) {
		p.last = now
	}
	got := ClampEngaged(engaged, now.Sub(p.first), p.credited)
	p.credited += got
	return got
}

// maybeSweep forgets page views and sessions gone quiet, at most once a minute.
func (c *Collector) maybeSweep(now time.Time) {
	last := c.lastSweep.Load()
	if now.Unix()-last < 60 || !c.lastSweep.CompareAndSwap(last, now.Unix()) {
		return
	}
	c.sessions.Sweep(now)
	c.pvMu.Lock()
	for pv, p := range c.pvs {
		if now.Sub(p.last) > time.Hour {
			delete(c.pvs, pv)
		}
	}
	c.pvMu.Unlock()
}

// CountRejected counts a hit refused before it reached Accept (a prefetch
// seen in the headers, a malformed beacon).
func (c *Collector) CountRejected(why Reason) { c.reject(why) }

func (c *Collector) reject(why Reason) {
	v, _ := c.rejected.LoadOrStore(why, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
	c.rejMu.Lock()
	c.rejPending[why]++
	c.rejMu.Unlock()
}

// queued is an event waiting for the batch writer, with the clicked link's
// path of a click (resolved to Event.TargetID off the request path).
type queued struct {
	ev     model.Event
	target string
}

func (c *Collector) enqueue(q queued) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		c.dropped.Add(1)
		return
	}
	select {
	case c.queue <- q:
		c.accepted.Add(1)
	default:
		if c.dropped.Add(1)%1000 == 1 {
			c.log.Warn("analytics: event queue full, dropping events", "queue", cap(c.queue))
		}
	}
}

// LiveHit is the message published on TopicHits for each accepted hit: what
// the live view needs, in short JSON keys.
type LiveHit struct {
	Time       int64           `json:"t"` // Unix milliseconds (UTC)
	Kind       model.EventKind `json:"k"`
	PageviewID string          `json:"p"`
	VisitorID  string          `json:"v"`
	// IPHash is the client address hashed like VisitorID without the user
	// agent (salted daily, never reversible), for the per-address cap.
	IPHash      string            `json:"i,omitempty"`
	ArticleID   int64             `json:"a,omitempty"`
	SectionID   int64             `json:"c,omitempty"`
	Path        string            `json:"u"`
	SourceClass model.SourceClass `json:"sc,omitempty"`
	SourceName  string            `json:"sn,omitempty"`
	// Referred is set when SourceName is the referring site (not a
	// campaign's utm_source): only those are "top referrers".
	Referred bool     `json:"rf,omitempty"`
	Engaged  int      `json:"e,omitempty"`
	Scroll   int      `json:"d,omitempty"`
	Slot     string   `json:"s,omitempty"`
	Slots    []string `json:"l,omitempty"`
	Leave    bool     `json:"x,omitempty"`
}

func (c *Collector) publish(e model.Event, b *Beacon, ipHash string) {
	if c.opts.Publisher == nil {
		return
	}
	h := LiveHit{Time: e.Time.UnixMilli(), Kind: e.Kind, PageviewID: b.PageviewID, VisitorID: e.VisitorID, IPHash: ipHash,
		ArticleID: e.ArticleID, SectionID: e.SectionID, Path: e.Path, SourceClass: e.SourceClass, SourceName: e.SourceName,
		Referred: e.ReferrerHost != "", Engaged: e.EngagedSeconds, Scroll: e.ScrollDepth, Slot: e.Slot, Slots: b.Slots, Leave: b.Leave}
	msg := h.AppendJSON(make([]byte, 0, 256))
	if err := c.opts.Publisher.Publish(TopicHits, msg); err != nil {
		c.log.Warn("analytics: publish live hit", "err", err)
	}
}

// Stats are the collector's counters since start.
type Stats struct {
	Accepted int64            // queued for storage
	Stored   int64            // written to the database
	Dropped  int64            // refused for a full queue, a closed collector or a salt error
	Lost     int64            // batches the database refused after retries
	Queued   int              // waiting for the batch writer now
	Rejected map[Reason]int64 // bots, prefetches, spam, invalid
}

// Stats returns the counters.
func (c *Collector) Stats() Stats {
	s := Stats{Accepted: c.accepted.Load(), Stored: c.stored.Load(), Dropped: c.dropped.Load(), Lost: c.lost.Load(),
		Queued: len(c.queue), Rejected: map[Reason]int64{}}
	c.rejected.Range(func(k, v any) bool {
		s.Rejected[k.(Reason)] = v.(*atomic.Int64).Load()
		return true
	})
	return s
}

// Flush waits until every event accepted before the call is written (or
// ctx ends).
func (c *Collector) Flush(ctx context.Context) error {
	reply := make(chan struct{})
	select {
	case c.flushq <- reply:
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-reply:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops accepting, writes what is queued and stops the batch writer.
func (c *Collector) Close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.queue)
	}
	c.mu.Unlock()
	<-c.done
}
