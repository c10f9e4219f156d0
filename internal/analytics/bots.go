package analytics

import (
	"net/http"
	"strings"
)

// Reason says why a hit was not counted. Rejected hits are counted per
// reason (store.AddRejectedHits) and never shown as readers.
type Reason string

// Rejection reasons, checked in this order by Enricher.Reject.
const (
	ReasonNone             Reason = ""
	ReasonPrefetch         Reason = "prefetch"           // Sec-Purpose / Purpose: prefetch (a speculative load, not a read)
	ReasonNoUserAgent      Reason = "no-user-agent"      // empty User-Agent header
	ReasonHeadless         Reason = "headless"           // a headless or automated browser
	ReasonCrawler          Reason = "crawler"            // crawlerdetect's list of crawler user agents
	ReasonBotUserAgent     Reason = "bot-user-agent"     // go-useragent's bot flag
	ReasonNoAcceptLanguage Reason = "no-accept-language" // every browser sends Accept-Language; scripts mostly do not
	ReasonReferrerSpam     Reason = "referrer-spam"      // referrer on Matomo's referrer-spam list
	ReasonInvalid          Reason = "invalid"            // malformed or oversized payload
)

// Reasons lists every rejection reason, for reports.
var Reasons = []Reason{ReasonPrefetch, ReasonNoUserAgent, ReasonHeadless, ReasonCrawler, ReasonBotUserAgent,
	ReasonNoAcceptLanguage, ReasonReferrerSpam, ReasonInvalid}

// headlessMarkers are lower-case substrings of the user agents of headless
// browsers and browser-automation tools.
var headlessMarkers = []string{"headless", "phantomjs", "slimerjs", "lighthouse", "puppeteer", "playwright",
	"cypress", "jsdom", "selenium", "webdriver", "electron/", "htmlunit", "prerender", "pagespeed"}

// IsPrefetch reports whether the request is a speculative load announced
// by the browser (Sec-Purpose: prefetch, including "prefetch;prerender", or
// the older Purpose / X-Purpose / X-Moz headers), which must not count.
func IsPrefetch(h http.Header) bool {
	for _, k := range []string{"Sec-Purpose", "Purpose", "X-Purpose", "X-Moz"} {
		v := strings.ToLower(h.Get(k))
		if strings.Contains(v, "prefetch") || strings.Contains(v, "preview") {
			return true
		}
	}
	return false
}

// Reject returns why a hit with these request headers and this referrer
// host must not be counted, or ReasonNone for a reader. The checks, in
// order: prefetch headers; empty User-Agent; headless markers in the
// User-Agent or the Sec-CH-UA brands; crawlerdetect (x-way/crawlerdetect
// v0.2.30 list); go-useragent's bot flag; no Accept-Language header;
// referrer host (or a parent domain) on Matomo's referrer-spam list.
func (e *Enricher) Reject(h http.Header, referrerHost string) Reason {
	if IsPrefetch(h) {
		return ReasonPrefetch
	}
	ua := strings.TrimSpace(h.Get("User-Agent"))
	if ua == "" {
		return ReasonNoUserAgent
	}
	if isHeadless(ua) || strings.Contains(strings.ToLower(h.Get("Sec-CH-UA")), "headless") {
		return ReasonHeadless
	}
	info := e.UserAgent(ua)
	switch {
	case info.Crawler:
		return ReasonCrawler
	case info.Bot:
		return ReasonBotUserAgent
	}
	if strings.TrimSpace(h.Get("Accept-Language")) == "" {
		return ReasonNoAcceptLanguage
	}
	if referrerHost != "" && isSpamHost(e.spam, referrerHost) {
		return ReasonReferrerSpam
	}
	return ReasonNone
}

// RejectUserAgent applies only the user-agent checks of Reject (headless
// markers, crawlerdetect, go-useragent's bot flag) to ua, for sources
// without request headers such as access logs.
func (e *Enricher) RejectUserAgent(ua string) Reason {
	ua = strings.TrimSpace(ua)
	if ua == "" || ua == "-" {
		return ReasonNoUserAgent
	}
	if isHeadless(ua) {
		return ReasonHeadless
	}
	info := e.UserAgent(ua)
	switch {
	case info.Crawler:
		return ReasonCrawler
	case info.Bot:
		return ReasonBotUserAgent
	}
	return ReasonNone
}

// IsSpamReferrer reports whether host or a parent domain is on Matomo's
// referrer-spam list.
func (e *Enricher) IsSpamReferrer(host string) bool { return isSpamHost(e.spam, host) }

func isHeadless(ua string) bool {
	l := strings.ToLower(ua)
	for _, m := range headlessMarkers {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}
