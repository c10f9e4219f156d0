package analytics

import (
	"net/http"
	"regexp"
	"strings"
)

// botTokens are lower-case marks of automation that no person's browser
// carries. The generic part: contact URLs and e-mail addresses, and the words
// HTTP libraries, monitors, scanners, feed readers and AI agents put in their
// user agents. The named part: services that crawlerdetect v0.2.30 and
// go-useragent miss, found by running isbot's crawler fixtures (see
// corpus_test.go) — product names are facts, kept here as data.
var botTokens = regexp.MustCompile(`https?:|www\.|\+http|@[a-z][a-z0-9-]*\.|[a-z]\.(com|net|org|ai|me|ro|nu|app|gy|ly)\b|` +
	`(?:^|[^u])bot\b|bot/|bots\b|crawl|spider|scrap|scanner|[^a-z]scan\b|checker|\bcheck\b|monitor|synthetic|uptime|health|probe|` +
	`validator|verification|audit|fetch|feed|(?:^|[^a-z0-9])rss|lookup|preview|parser|webhook|agent|request|\bhttp|library|` +
	`\bapi\b|\(cli\)|\bcurl|wget|python|java/|\bgo-|golang|node|undici|axios|okhttp|grpc|\blwp\b|perl|ruby|php|` +
	`googleweblight|lighthouse|pagespeed|speedcurve|ptst/|catchpoint|pingdom|datadog|newrelic|prometheus|collectd|munin|xymon|` +
	`hobbit|rigor|splunk|dejaclick|foregenix|arachni|burpcollaborator|load_file|clamav|anonymous, |fake_useragent|` +
	`default_user_agent|openai|chatgpt|anthropic|claude|perplexity|manus-user|devin|cursor/|meta-external|bigsur|bitdiscovery|` +
	`zendesk|sectigo|algolia|emclient|ort/|securityheaders|onetrust|pageburst|hwcdn|sixy|l9tcpid|trance/|downcast|igetter|` +
	`zelist|winhttp|cryptoapi|hydra|trackable|placid|kendra-customer-id-\d|bw/1|breaker/|castro|newsblur|mediahub|` +
	`rsiteauditor|^spotify/|webmoney|azure-logic|morningscore|cloudflare|nginx|discourse|taginspector|xtate|domainreanimator|` +
	`perimeterx|akregator|firephp|marketgoo|archivebox|ramblermail|feeddler|apple-pubsub|cardyb|cf-uc|ddg[-_]android|` +
	`^duckduckgo/|rest-client|zoom marketplace|jsjcw|readkit|linkexpander|braze|afengineurl|^iphone|^ipad$|^chrome$|^\d+$|` +
	`pisya|marginalia|holubem|scope3|splash|sparkler|invision|valve/|interasco|saferso|webpurify|rainmeter|jobhunter|` +
	`applicationhealthservice|ifttt|collapsify|dareboost|wechatdevtools|qcloudcdn|sogoumse`)

// humanClients are lower-case marks of programs people use that lists of
// crawlers wrongly catch: mail and office apps, in-app browsers,
// feature-phone browsers and text-mode browsers.
var humanClients = regexp.MustCompile(`microsoft office/|outlook|ms-office|ucweb|ucbrowser|ucpro/|instagram|fban/|fbav/|googleapp/|` +
	`^lynx/|^links |flock/|amigavoyager|ncsa_mosaic|mozacfetch|fubotv|opera/9|presto/|^libwww/5\.0 \(linux; android|` +
	` ylt |tsm-turingos|banca caboto|staticlogin:|miniature\.io|safari/537\.36 gtmetrix$|camscanner/|slack_ssb/`)

// browserEngine matches the engine tokens of real browsers.
var browserEngine = regexp.MustCompile(`applewebkit/|gecko/|trident/|msie \d`)

// Reason says why a hit was not counted. Rejected hits are counted per
// reason (store.AddRejectedHits) and never shown as readers.
type Reason string

// Rejection reasons, checked in this order by Enricher.Reject.
const (
	ReasonNone             Reason = ""
	ReasonPrefetch         Reason = "prefetch"               // Sec-Purpose / Purpose: prefetch (a speculative load, not a read)
	ReasonNoUserAgent      Reason = "no-user-agent"          // empty User-Agent header
	ReasonHeadless         Reason = "headless"               // a headless or automated browser
	ReasonCrawler          Reason = "crawler"                // crawlerdetect's list of crawler user agents
	ReasonBotUserAgent     Reason = "bot-user-agent"         // go-useragent's bot flag
	ReasonNoAcceptLanguage Reason = "no-accept-language"     // every browser sends Accept-Language; scripts mostly do not
	ReasonReferrerSpam     Reason = "referrer-spam"          // referrer on Matomo's referrer-spam list
	ReasonImplausibleUA    Reason = "implausible-user-agent" // too short, or names no browser (see plausibleUA)
	ReasonInvalid          Reason = "invalid"                // malformed or oversized payload
	ReasonBadEncoding      Reason = "invalid-utf8"           // a beacon that is not valid UTF-8 (answered 400)
)

// Reasons lists every rejection reason, for reports.
var Reasons = []Reason{ReasonPrefetch, ReasonNoUserAgent, ReasonHeadless, ReasonCrawler, ReasonBotUserAgent,
	ReasonImplausibleUA, ReasonNoAcceptLanguage, ReasonReferrerSpam, ReasonRateLimit, ReasonInvalid, ReasonBadEncoding}

// headlessMarkers are lower-case substrings of the user agents of headless
// browsers and browser-automation tools.
var headlessMarkers = []string{"headless", "phantomjs", "slimerjs", "lighthouse", "puppeteer", "playwright",
	"cypress", "jsdom", "selenium", "webdriver", "htmlunit", "prerender", "pagespeed"}

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
	if r := e.uaVerdict(ua); r != ReasonNone {
		return r
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
	return e.uaVerdict(ua)
}

// uaVerdict combines the user-agent signals: a known human client (mail and
// office apps that open links, in-app and feature-phone browsers, text
// browsers — humanClients) is a reader; otherwise Masthead's own automation
// tokens (botTokens), crawlerdetect's list and go-useragent's bot flag each
// reject.
// The verdict is computed once per user agent and cached with UserAgent's
// result (the regular expressions cost tens of microseconds).
func (e *Enricher) uaVerdict(ua string) Reason { return e.UserAgent(ua).verdict }

// verdictOf computes uaVerdict for a parsed user agent.
func verdictOf(ua string, info UAInfo) Reason {
	l := strings.ToLower(ua)
	switch {
	case humanClients.MatchString(l):
		return ReasonNone
	case botTokens.MatchString(l), info.Crawler:
		return ReasonCrawler
	case info.Bot:
		return ReasonBotUserAgent
	case !plausibleUA(l, info):
		return ReasonImplausibleUA
	}
	return ReasonNone
}

// MinUserAgentLength is the shortest user agent counted as a reader, in
// bytes: "Mozilla/5.0" alone (11) and "x" are scripts, while the shortest
// user agents in isbot's browser fixtures ("pinterest/0.") have 12.
const MinUserAgentLength = 12

// productToken matches the start of an RFC 9110 §10.1.5 product token
// ("Firefox/", "CFNetwork/", "htc /").
var productToken = regexp.MustCompile(`[a-z][a-z0-9._-]* ?/`)

// plausibleUA reports whether a lower-cased user agent that passed the bot
// checks looks like a program people read with: at least MinUserAgentLength
// bytes, and a browser family go-useragent recognises, a product/version
// token (RFC 9110 §10.1.5) or a parenthesised platform comment. Deliberately
// loose — isbot's browser fixtures include feature phones, TV apps and
// Amiga browsers, of which at most 0.5 % may be refused (corpus_test.go) —
// it refuses the hand-typed user agents of scripts ("x", "test", "Mozilla/5.0").
// Known human clients (humanClients) never get here.
func plausibleUA(l string, info UAInfo) bool {
	if len(l) < MinUserAgentLength {
		return false
	}
	return info.Browser != "" || productToken.MatchString(l) || strings.Contains(l, "(")
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
