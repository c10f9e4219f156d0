package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"masthead/internal/comment"
	"masthead/internal/store"
)

// Cache bounds. Past either, the cache is cleared (a simple policy that
// keeps memory bounded under crawls of deep pagination). Pages bigger than
// maxCachedPage are served but not kept.
const (
	maxCached      = 5000
	maxCacheBytes  = 64 << 20 // bytes of bodies (plus their gzip forms)
	maxCachedPage  = 1 << 20  // bytes
	cacheGzipShare = 3        // a gzip form is counted as 1/3 of its page
)

// cacheKey is the request path plus the only query parameters any reader
// page reads (page, q, sort), so unknown parameters cannot multiply cache entries.
func cacheKey(r *http.Request) string {
	key := r.URL.Path
	if r.URL.RawQuery == "" {
		return key
	}
	q := r.URL.Query()
	if v := q.Get("q"); v != "" {
		key += "?q=" + url.QueryEscape(v)
	}
	if v := q.Get("page"); v != "" {
		key += "&page=" + url.QueryEscape(v)
	}
	if raw := q.Get("sort"); raw != "" { // comment order on article pages
		if v := comment.ParseSort(raw); string(v) != raw {
			key += "&sort=?" // not an order: never cached (400), and never a cached page's key
		} else if v != comment.SortOldest {
			key += "&sort=" + string(v)
		}
	}
	return key
}

// cachedPage is one rendered response, kept with its gzip form and validators.
type cachedPage struct {
	status int
	header http.Header // Content-Type, Cache-Control, Last-Modified, Location
	body   []byte
	gzOnce sync.Once
	gz     []byte // gzip form, made on first use; nil when not worth compressing

	plainOnce, gzvOnce sync.Once
	plain, gzv         *variant
	etag               string // strong ETag of body (quoted); gzip form adds "-gz"
	lastMod            time.Time
	expires            time.Time // zero: kept until content changes (see cacheTTLHeader)
}

// cacheTTLHeader, set by a handler to a number of seconds, bounds how long
// the cache keeps its page even when content does not change: fronts and
// lists show comment counts, which change without a content write. The
// header is removed before the response is sent.
const cacheTTLHeader = "X-Masthead-Cache-Ttl"

// pageCache is the in-memory rendered-page cache. It is keyed on method-less
// request path + query and is emptied whenever the store's generation moves
// (every committed content write) or when scheduled/embargoed content comes
// due (NextDue), so readers never see stale or early content.
type pageCache struct {
	st      *store.Store
	now     func() time.Time
	enabled bool

	mu      sync.RWMutex
	gen     int64
	pages   map[string]*cachedPage
	bytes   int64        // approximate bytes held by pages
	nextDue atomic.Int64 // unix seconds; 0 = nothing pending

	// Writes by other processes (an import beside a running server, or
	// another instance on the same PostgreSQL) are seen through the store's
	// shared poll of the database's content version (Store.SyncVersion, at
	// most once per poll interval for the whole process, shared with the
	// scheduler).
	poll time.Duration

	// bypass, when set and true for a request, serves it fresh and keeps
	// nothing (pages personal to a commenter, see comments_identity.go).
	bypass func(*http.Request) bool
}

func newPageCache(st *store.Store, now func() time.Time, enabled bool, poll time.Duration) *pageCache {
	return &pageCache{st: st, now: now, enabled: enabled, pages: map[string]*cachedPage{}, gen: -1, poll: poll}
}

// pollDB moves the store generation when another process changed content
// (the store's shared poll; a database error is met and reported by the
// page render).
func (c *pageCache) pollDB(ctx context.Context) { _ = c.st.SyncVersion(ctx, c.poll) }

// sync drops the cache when content changed, and makes due content visible.
func (c *pageCache) sync(ctx context.Context) {
	c.pollDB(ctx)
	if due := c.nextDue.Load(); due != 0 && c.now().Unix() >= due {
		c.nextDue.Store(0)
		c.st.Touch()
	}
	g := c.st.Generation()
	c.mu.RLock()
	same := g == c.gen
	c.mu.RUnlock()
	if same {
		return
	}
	c.mu.Lock()
	if g != c.gen {
		c.pages = map[string]*cachedPage{}
		c.bytes = 0
		c.gen = g
		if t, err := c.st.NextDue(ctx, c.now()); err == nil && !t.IsZero() {
			c.nextDue.Store(t.Unix())
		} else {
			c.nextDue.Store(0)
		}
	}
	c.mu.Unlock()
}

// dropPath removes the cached pages of one path, whatever their query
// (comment pages, sorts): a new comment refreshes its article only.
func (c *pageCache) dropPath(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, p := range c.pages {
		if k == path || strings.HasPrefix(k, path+"?") || strings.HasPrefix(k, path+"&") {
			c.bytes -= int64(len(p.body)) * (cacheGzipShare + 1) / cacheGzipShare
			delete(c.pages, k)
		}
	}
}

// Invalidate empties the cache (e.g. after a change made outside the store).
func (c *pageCache) Invalidate() { c.st.Touch() }

// wrap serves GET/HEAD from the cache, or runs next and caches 200/301/404/410
// responses. Conditional requests are answered with 304 when the ETag or
// Last-Modified matches.
func (c *pageCache) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || (c.bypass != nil && c.bypass(r)) {
			next.ServeHTTP(ttlStrip{w}, r)
			return
		}
		c.sync(r.Context())
		key := cacheKey(r)
		gen := c.st.Generation()
		if c.enabled {
			c.mu.RLock()
			p := c.pages[key]
			c.mu.RUnlock()
			if p != nil && (p.expires.IsZero() || c.now().Before(p.expires)) {
				p.serve(w, r)
				return
			}
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		p := rec.page()
		if ttl := rec.header.Get(cacheTTLHeader); ttl != "" {
			rec.header.Del(cacheTTLHeader)
			if n, err := strconv.Atoi(ttl); err == nil && n > 0 {
				p.expires = c.now().Add(time.Duration(n) * time.Second)
			}
		}
		if c.enabled && cacheable(p.status) && rec.header.Get("Cache-Control") != "no-store" {
			c.mu.Lock()
			if c.gen == gen { // content did not change while rendering
				size := int64(len(p.body)) * (cacheGzipShare + 1) / cacheGzipShare
				if len(c.pages) >= maxCached || c.bytes+size > maxCacheBytes {
					c.pages = map[string]*cachedPage{}
					c.bytes = 0
				}
				if len(p.body) <= maxCachedPage {
					c.pages[key] = p
					c.bytes += size
				}
			}
			c.mu.Unlock()
		}
		p.serve(w, r)
	})
}

// ttlStrip removes cacheTTLHeader from responses that skip the cache.
type ttlStrip struct{ http.ResponseWriter }

func (t ttlStrip) WriteHeader(code int) {
	t.Header().Del(cacheTTLHeader)
	t.ResponseWriter.WriteHeader(code)
}

func cacheable(status int) bool {
	switch status {
	case http.StatusOK, http.StatusMovedPermanently, http.StatusNotFound, http.StatusGone:
		return true
	}
	return false
}

// variant is one ready-to-send representation of a cached page: its full
// header set (with ETag, Content-Length, Vary) is built once.
type variant struct {
	hdr  http.Header
	body []byte
	etag string
}

func (p *cachedPage) makeVariant(body []byte, etag string, gz bool) *variant {
	h := make(http.Header, len(p.header)+4)
	for k, v := range p.header {
		h[k] = v
	}
	h["Vary"] = append(h["Vary"], "Accept-Encoding")
	if gz {
		h["Content-Encoding"] = []string{"gzip"}
	}
	if p.status == http.StatusOK {
		h["Etag"] = []string{etag}
	}
	h["Content-Length"] = []string{itoa(int64(len(body)))}
	return &variant{hdr: h, body: body, etag: etag}
}

// plainVariant and gzipVariant return the identity and gzip forms (gzip nil
// when not worth compressing), each built on first use.
func (p *cachedPage) plainVariant() *variant {
	p.plainOnce.Do(func() { p.plain = p.makeVariant(p.body, p.etag, false) })
	return p.plain
}

func (p *cachedPage) gzipVariant() *variant {
	p.gzvOnce.Do(func() {
		if gz := p.gzipped(); gz != nil {
			p.gzv = p.makeVariant(gz, strings.TrimSuffix(p.etag, `"`)+`-gz"`, true)
		}
	})
	return p.gzv
}

func (p *cachedPage) serve(w http.ResponseWriter, r *http.Request) {
	v := p.plainVariant()
	if acceptsGzip(r) {
		if g := p.gzipVariant(); g != nil {
			v = g
		}
	}
	h := w.Header()
	for k, vals := range v.hdr {
		h[k] = vals
	}
	if p.status == http.StatusOK && (r.Header["If-None-Match"] != nil || r.Header["If-Modified-Since"] != nil) &&
		notModified(r, v.etag, p.lastMod) {
		delete(h, "Content-Type")
		delete(h, "Content-Encoding")
		delete(h, "Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(v.body)
	}
}

func acceptsGzip(r *http.Request) bool {
	if r.Header["Accept-Encoding"] == nil {
		return false
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}

// notModified applies RFC 9110 §13.1: If-None-Match wins over If-Modified-Since.
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !lastMod.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !lastMod.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}

// recorder captures a handler's response for the cache.
type recorder struct {
	header http.Header
	status int
	buf    bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.buf.Write(b)
}

func (r *recorder) page() *cachedPage {
	p := &cachedPage{status: r.status, header: r.header, body: r.buf.Bytes()}
	sum := sha256.Sum256(p.body)
	p.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	if lm := r.header.Get("Last-Modified"); lm != "" {
		p.lastMod, _ = http.ParseTime(lm)
	}
	return p
}

// gzipped returns the gzip form of the body, compressing it on first use
// (once per cached page), or nil when the type or size is not worth it.
func (p *cachedPage) gzipped() []byte {
	p.gzOnce.Do(func() {
		ct := p.header.Get("Content-Type")
		if len(p.body) > 512 && (strings.HasPrefix(ct, "text/") || strings.Contains(ct, "xml") || strings.Contains(ct, "json")) {
			var gz bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
			zw.Write(p.body)
			zw.Close()
			p.gz = gz.Bytes()
		}
	})
	return p.gz
}
