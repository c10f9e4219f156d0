package model

import "time"

// EventKind names what a reader's browser reported to the analytics collector.
type EventKind string

// Event kinds sent by the tracker (see docs/ANALYTICS.md).
const (
	// EventPageview is one page shown to a reader: a load, a back/forward-cache
	// restore, or a prerendered page when it is first shown.
	EventPageview EventKind = "pageview"
	// EventHeartbeat is sent every 15 s while the page is open and once more
	// when it is hidden or left (Chartbeat-style). It carries the engaged
	// seconds since the previous heartbeat of the same page view.
	EventHeartbeat EventKind = "heartbeat"
	// EventScroll reports a new maximum scroll depth of the page view.
	EventScroll EventKind = "scroll"
	// EventClick is a click on a recirculation link; Event.Slot says which.
	EventClick EventKind = "click"
)

// Valid reports whether k is one of the kinds above.
func (k EventKind) Valid() bool {
	switch k {
	case EventPageview, EventHeartbeat, EventScroll, EventClick:
		return true
	}
	return false
}

// SourceClass is the kind of place a visit came from, derived from the
// referrer and UTM parameters of its pageview.
type SourceClass string

// Source classes (the field's standard set).
const (
	SourceSearch     SourceClass = "search"     // a search engine; SourceName names it
	SourceSocial     SourceClass = "social"     // a social network; SourceName names it
	SourceAI         SourceClass = "ai"         // an AI assistant (ChatGPT, Claude …)
	SourceInternal   SourceClass = "internal"   // another page of this site
	SourceNewsletter SourceClass = "newsletter" // utm_medium=email or a webmail host
	SourceDirect     SourceClass = "direct"     // no referrer and no campaign
	SourceOther      SourceClass = "other"      // any other site or campaign
)

// SourceClasses lists every class in display order.
var SourceClasses = []SourceClass{SourceSearch, SourceSocial, SourceAI, SourceInternal, SourceNewsletter, SourceDirect, SourceOther}

// DeviceClass is the reader's kind of device, from the user agent.
type DeviceClass string

// Device classes.
const (
	DeviceDesktop DeviceClass = "desktop"
	DeviceMobile  DeviceClass = "mobile"
	DeviceTablet  DeviceClass = "tablet"
	DeviceTV      DeviceClass = "tv"
	DeviceOther   DeviceClass = "other" // unknown device
)

// Recirculation slot kinds: the first part of Event.Slot.
const (
	SlotNext       = "next"        // inline READ NEXT link n of the article body
	SlotInlineMore = "inline-more" // inline READ MORE link n of the article body
	SlotMore       = "more"        // READ MORE list under the story, position n
	SlotFront      = "front"       // the home front's top stories and section rails, position n
	SlotLatest     = "latest"      // the home front's "Latest" list, position n on its page
	SlotSection    = "section"     // a section front's list, position n on its page
	SlotMostRead   = "mostread"    // the "most read now" widget, position n
)

// SlotKinds lists every recirculation slot kind the reader pages emit, in
// the order reports list them; the collector accepts no other
// (analytics.SlotKind), and a test compares it with the rendered pages.
var SlotKinds = []string{SlotNext, SlotInlineMore, SlotMore, SlotFront, SlotLatest, SlotSection, SlotMostRead}

// Event is one enriched analytics hit as stored in analytics_events. It holds
// no raw IP address and no full user agent: the visitor is a keyed hash that
// cannot be reversed once the day's salt is deleted (after 48 h), and the user
// agent is reduced to browser, OS and device class.
type Event struct {
	ID   int64
	Time time.Time // UTC, as received by the collector (second precision when stored)
	Kind EventKind

	// ArticleID is the article the page shows; 0 for fronts and other pages.
	ArticleID int64
	// SectionID is the article's section (or the section front's); 0 when none.
	SectionID int64
	// Path is the page's URL path without query or fragment ("/politics/2024/06/slug").
	Path string

	// VisitorID is hex of a keyed hash of (daily salt, IP, user agent, site),
	// 16 characters; it changes every UTC day.
	VisitorID string
	// SessionID is hex, 16 characters: a visit ends after 30 minutes without a hit.
	SessionID string
	// PageviewID is the tracker's random id of the page view (8–32 ASCII
	// letters and digits); "" for events stored before it was kept and for
	// replayed access logs.
	PageviewID string

	// EngagedSeconds is, for a heartbeat, the seconds of active reading since
	// the previous heartbeat of the page view (an increment, not a total).
	EngagedSeconds int
	// ScrollDepth is the deepest point of the page reached so far, in percent
	// of the page height (0–100); set on scroll events and heartbeats.
	ScrollDepth int
	// Slot is the recirculation link clicked, "KIND-N" with KIND one of
	// next, more, front, mostread and N ≥ 1 (e.g. "next-1"); click events only.
	Slot string
	// Slots are the recirculation slots a pageview showed, or those a page
	// filled later (the "most read now" widget) sent with one heartbeat,
	// "KIND-N" each, for impressions and click-through.
	Slots []string
	// TargetID is the article a recirculation click leads to; 0 when the link
	// is not an article or unknown.
	TargetID int64

	// SourceClass and SourceName say where the visit came from ("search",
	// "Google"); ReferrerHost is the referrer's host name alone (no path or
	// query), empty when there was none.
	SourceClass  SourceClass
	SourceName   string
	ReferrerHost string

	// UTM campaign parameters of the page URL, each at most 100 bytes.
	UTMSource   string
	UTMMedium   string
	UTMCampaign string

	// Browser and OS are family names ("Firefox", "Android"); empty when unknown.
	Browser string
	OS      string
	Device  DeviceClass
	// Country is the ISO 3166-1 alpha-2 code from the operator's GeoIP
	// database, empty without one or when unknown.
	Country string
	// ScreenWidth is the screen width in CSS pixels, 0 when not reported.
	ScreenWidth int
}
