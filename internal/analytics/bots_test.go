package analytics

import (
	"net/http"
	"testing"

	"masthead/internal/model"
)

const (
	firefoxUA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	iphoneUA  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	ipadUA    = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1"
	chromeUA  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)

func TestReject(t *testing.T) {
	e := testEnricher(t)
	h := func(kv ...string) http.Header {
		out := http.Header{"Accept-Language": {"de-DE,de;q=0.9"}}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == "" {
				out.Del(kv[i])
				continue
			}
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	cases := []struct {
		name string
		h    http.Header
		ref  string
		want Reason
	}{
		{"reader", h("User-Agent", firefoxUA), "", ReasonNone},
		{"reader from google", h("User-Agent", chromeUA), "www.google.com", ReasonNone},
		{"one letter", h("User-Agent", "x"), "", ReasonImplausibleUA},
		{"bare mozilla", h("User-Agent", "Mozilla/5.0"), "", ReasonImplausibleUA},
		{"no browser token", h("User-Agent", "Surfing along today"), "", ReasonImplausibleUA},
		{"app with platform comment", h("User-Agent", "Hulu/6.8.1 (iOS 13.3; en_US; iPhone12,1; 17C54)"), "", ReasonNone},
		{"chrome prefetch", h("User-Agent", chromeUA, "Sec-Purpose", "prefetch"), "", ReasonPrefetch},
		{"chrome prerender prefetch", h("User-Agent", chromeUA, "Sec-Purpose", "prefetch;prerender"), "", ReasonPrefetch},
		{"old prefetch header", h("User-Agent", firefoxUA, "Purpose", "prefetch"), "", ReasonPrefetch},
		{"firefox prefetch", h("User-Agent", firefoxUA, "X-Moz", "prefetch"), "", ReasonPrefetch},
		{"no user agent", h(), "", ReasonNoUserAgent},
		{"headless chrome", h("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36"), "", ReasonHeadless},
		{"headless brand", h("User-Agent", chromeUA, "Sec-CH-UA", `"HeadlessChrome";v="126"`), "", ReasonHeadless},
		{"phantomjs", h("User-Agent", "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1"), "", ReasonHeadless},
		{"googlebot", h("User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"), "", ReasonCrawler},
		{"curl", h("User-Agent", "curl/8.5.0"), "", ReasonCrawler},
		{"no accept-language", h("User-Agent", firefoxUA, "Accept-Language", ""), "", ReasonNoAcceptLanguage},
		{"referrer spam", h("User-Agent", firefoxUA), "0-0.fr", ReasonReferrerSpam},
	}
	for _, c := range cases {
		if got := e.Reject(c.h, c.ref); got != c.want {
			t.Errorf("%s: Reject = %q; want %q", c.name, got, c.want)
		}
	}
	if r := e.RejectUserAgent("-"); r != ReasonNoUserAgent {
		t.Errorf("access-log dash: %q", r)
	}
	if r := e.RejectUserAgent(firefoxUA); r != ReasonNone {
		t.Errorf("firefox from a log: %q", r)
	}
}

func TestUserAgent(t *testing.T) {
	e := testEnricher(t)
	cases := []struct {
		ua   string
		want UAInfo
	}{
		{firefoxUA, UAInfo{Browser: "Firefox", OS: "Linux", Device: model.DeviceDesktop}},
		{chromeUA, UAInfo{Browser: "Chrome", OS: "Windows", Device: model.DeviceDesktop}},
		{iphoneUA, UAInfo{Browser: "Safari", OS: "iOS", Device: model.DeviceMobile}},
		{ipadUA, UAInfo{Browser: "Safari", OS: "iOS", Device: model.DeviceTablet}},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", UAInfo{Device: model.DeviceOther, Crawler: true, Bot: true}},
	}
	for _, c := range cases {
		for range 2 { // second time from the cache
			got := e.UserAgent(c.ua)
			got.verdict = ""
			if c.want.Device == model.DeviceOther {
				got.Browser, got.OS = "", ""
				if got.Device == model.DeviceDesktop {
					got.Device = model.DeviceOther
				}
			}
			if got != c.want {
				t.Errorf("UserAgent(%q) = %+v; want %+v", c.ua, got, c.want)
			}
		}
	}
}

func FuzzReject(f *testing.F) {
	e := testEnricher(f)
	for _, s := range []string{firefoxUA, "", "curl/8", "\x00\xff"} {
		f.Add(s, "en", "0-0.fr")
	}
	f.Fuzz(func(t *testing.T, ua, lang, ref string) {
		r := e.Reject(http.Header{"User-Agent": {ua}, "Accept-Language": {lang}}, ref)
		if r == ReasonInvalid {
			t.Fatal("Reject never answers invalid")
		}
		_ = e.UserAgent(ua)
	})
}
