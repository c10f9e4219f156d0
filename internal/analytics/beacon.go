package analytics

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"masthead/internal/model"
)

// MaxBeaconBytes is the largest beacon body the collector reads; larger ones
// are refused with 413. A real beacon is under 600 bytes.
const MaxBeaconBytes = 4 << 10

// Beacon is one message from the tracker (static/tracker.js), sent as a
// JSON object in a text/plain POST body (what navigator.sendBeacon sends for a
// string, which needs no CORS preflight). Short keys keep beacons small:
//
//	k  kind: "pageview", "heartbeat", "scroll" or "click"
//	p  page view id: 8–32 characters [A-Za-z0-9], random per page view
//	u  page URL (absolute, same site), at most 2,048 bytes
//	r  document.referrer, at most 2,048 bytes (may be empty)
//	a  article id of the page (0 or absent on fronts); c its section id
//	w  screen width in CSS pixels (pageviews), 0–20,000
//	e  engaged seconds since the previous heartbeat (heartbeats), 0–3,600
//	d  maximum scroll depth so far in percent, 0–100
//	s  recirculation slot clicked, "KIND-N" (clicks)
//	t  the clicked link's path (clicks)
//	l  slots shown on the page (pageviews; at most 64), for click-through rates
//	x  1 on the final beacon when the page is left (pagehide)
type Beacon struct {
	Kind        model.EventKind
	PageviewID  string
	URL         *url.URL
	Referrer    string
	ArticleID   int64
	SectionID   int64
	ScreenWidth int
	Engaged     int
	Scroll      int
	Slot        string
	Target      string
	Slots       []string
	Leave       bool
	UTM         UTM
}

type wireBeacon struct {
	K string   `json:"k"`
	P string   `json:"p"`
	U string   `json:"u"`
	R string   `json:"r"`
	A int64    `json:"a"`
	C int64    `json:"c"`
	W int      `json:"w"`
	E int      `json:"e"`
	D int      `json:"d"`
	S string   `json:"s"`
	T string   `json:"t"`
	L []string `json:"l"`
	X int      `json:"x"`
}

// ErrBeacon wraps every reason ParseBeacon refuses a beacon.
var ErrBeacon = errors.New("bad beacon")

// ErrEncoding is wrapped (with ErrBeacon) when a beacon is not valid UTF-8,
// raw or percent-decoded in its URL, referrer or UTM parameters (RFC 3629);
// the collector counts these under ReasonBadEncoding.
var ErrEncoding = errors.New("invalid UTF-8")

// ValidSlot reports whether s is a recirculation slot name "KIND-N" with
// KIND one of model.SlotKinds — next (inline READ NEXT), inline-more
// (inline READ MORE), more (READ MORE list), front (home front's top and
// rails), latest (home front's Latest list), section (a section front) or
// mostread (the "most read now" widget) — and N in 1–99 (no leading zero).
func ValidSlot(s string) bool { return SlotKind(s) != "" }

// SlotKind returns the KIND part of a valid slot name ("" otherwise).
func SlotKind(s string) string {
	i := strings.LastIndexByte(s, '-')
	if i < 0 {
		return ""
	}
	switch n := s[i+1:]; {
	case len(n) == 1 && '1' <= n[0] && n[0] <= '9':
	case len(n) == 2 && '1' <= n[0] && n[0] <= '9' && '0' <= n[1] && n[1] <= '9':
	default:
		return ""
	}
	switch kind := s[:i]; kind {
	case "next", "more", "inline-more", "front", "latest", "section", "mostread": // model.SlotKinds
		return kind
	}
	return ""
}

// ParseBeacon decodes and validates a beacon body. Errors wrap ErrBeacon
// and name the field at fault; nothing about a refused beacon is kept.
func ParseBeacon(body []byte) (*Beacon, error) {
	if len(body) > MaxBeaconBytes {
		return nil, fmt.Errorf("%w: over %d bytes", ErrBeacon, MaxBeaconBytes)
	}
	// encoding/json would silently turn invalid bytes into U+FFFD.
	if !utf8.Valid(body) {
		return nil, fmt.Errorf("%w: %w", ErrBeacon, ErrEncoding)
	}
	var w wireBeacon
	if err := decodeWire(body, &w); err != nil {
		if errors.Is(err, ErrEncoding) {
			return nil, fmt.Errorf("%w: an escaped lone surrogate: %w", ErrBeacon, ErrEncoding)
		}
		return nil, fmt.Errorf("%w: %w", ErrBeacon, err)
	}
	bad := func(field, why string) (*Beacon, error) {
		return nil, fmt.Errorf("%w: %s: %s", ErrBeacon, field, why)
	}
	b := &Beacon{Kind: model.EventKind(w.K), PageviewID: w.P, Referrer: w.R, ArticleID: w.A, SectionID: w.C,
		ScreenWidth: w.W, Engaged: w.E, Scroll: w.D, Slot: w.S, Leave: w.X == 1}
	if !b.Kind.Valid() {
		return bad("k", "want pageview, heartbeat, scroll or click")
	}
	if !validPageviewID(w.P) {
		return bad("p", "want 8–32 letters and digits")
	}
	if len(w.U) > 2048 || len(w.R) > 2048 || len(w.T) > 2048 {
		return bad("u/r/t", "over 2,048 bytes")
	}
	u, err := url.Parse(w.U)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.HasPrefix(u.EscapedPath(), "/") && u.Path != "" {
		return bad("u", "want an absolute http(s) URL")
	}
	if u.Path == "" {
		u.Path = "/"
	}
	b.URL = u
	switch {
	case w.A < 0 || w.C < 0:
		return bad("a/c", "negative id")
	case w.W < 0 || w.W > 20000:
		return bad("w", "screen width out of range")
	case w.E < 0 || w.E > 3600:
		return bad("e", "engaged seconds out of range")
	case w.D < 0 || w.D > 100:
		return bad("d", "scroll depth out of range")
	case w.X != 0 && w.X != 1:
		return bad("x", "want 0 or 1")
	case len(w.L) > 64:
		return bad("l", "over 64 slots")
	}
	for _, s := range w.L {
		if !ValidSlot(s) {
			return bad("l", "bad slot "+strconv.Quote(s))
		}
	}
	b.Slots = w.L
	if b.Kind == model.EventClick {
		if !ValidSlot(w.S) {
			return bad("s", "want a slot like next-1")
		}
		t, err := url.Parse(w.T)
		if err != nil || t.Scheme != "" || t.Host != "" || !strings.HasPrefix(t.Path, "/") {
			return bad("t", "want the clicked link's path")
		}
		b.Target = t.Path
	} else if w.S != "" || w.T != "" {
		return bad("s/t", "only for clicks")
	}
	// The body is valid UTF-8, so only percent-decoding can make a string
	// that is not: the query is parsed, and the referrer checked, only when
	// there is one (most beacons have neither).
	var q url.Values
	if u.RawQuery != "" {
		q = u.Query()
	}
	if !utf8.ValidString(u.Path) || !utf8.ValidString(u.RawQuery) || !utf8.ValidString(b.Target) || !validUTF8Query(q) ||
		strings.IndexByte(w.R, '%') >= 0 && !validUTF8URL(w.R) {
		return nil, fmt.Errorf("%w: u/r/t: %w after percent-decoding", ErrBeacon, ErrEncoding)
	}
	if q != nil {
		b.UTM = UTM{Source: clip(q.Get("utm_source"), 100), Medium: clip(q.Get("utm_medium"), 100), Campaign: clip(q.Get("utm_campaign"), 100)}
	}
	return b, nil
}

// validUTF8Query reports whether every decoded query key and value is UTF-8.
func validUTF8Query(q url.Values) bool {
	for k, vs := range q {
		if !utf8.ValidString(k) {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return false
			}
		}
	}
	return true
}

// validUTF8URL reports whether a referrer's decoded host and path are
// UTF-8 (an unparsable referrer is left to the referrer rules).
func validUTF8URL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return true
	}
	return utf8.ValidString(u.Host) && utf8.ValidString(u.Path)
}

// clip cuts s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// validPageviewID reports whether s is 8–32 ASCII letters and digits.
func validPageviewID(s string) bool {
	if len(s) < 8 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
