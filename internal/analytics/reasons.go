package analytics

// reasonText explains each Reason for people (the live view), after the
// rules in docs/ANALYTICS.md ("Not counted").
var reasonText = map[Reason]string{
	ReasonPrefetch:         "a prefetch or preview, not a page being read (Sec-Purpose or Purpose header)",
	ReasonNoUserAgent:      "no User-Agent header",
	ReasonHeadless:         "a headless or automated browser (HeadlessChrome, Puppeteer, Playwright, Selenium …)",
	ReasonCrawler:          "a known crawler or automation tool (search engines, AI crawlers, curl, scripts)",
	ReasonBotUserAgent:     "the user agent says it is a bot",
	ReasonNoAcceptLanguage: "no Accept-Language header (every browser sends one; scripts mostly do not)",
	ReasonReferrerSpam:     "the referrer is on the referrer-spam list",
	ReasonImplausibleUA:    "a user agent no browser sends (too short, or naming no browser)",
	ReasonInvalid:          "a malformed beacon, or a page of another site",
	ReasonBadEncoding:      "a beacon that is not valid UTF-8",
}

// Explain returns what r means for people ("" for ReasonNone or an unknown
// reason).
func (r Reason) Explain() string { return reasonText[r] }
