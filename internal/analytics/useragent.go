package analytics

import (
	"github.com/medama-io/go-useragent/agents"

	"masthead/internal/model"
)

// UAInfo is what Masthead keeps of a user agent: families and a device
// class, never the string itself.
type UAInfo struct {
	Browser string            // "Chrome", "Firefox", "Safari" …; "" when unknown
	OS      string            // "Windows", "MacOS", "iOS", "Android", "Linux" …; "" when unknown
	Device  model.DeviceClass // desktop, mobile, tablet, tv or other
	// Crawler is set when crawlerdetect (x-way/crawlerdetect v0.2.30) lists
	// the user agent; Bot when go-useragent (medama-io/go-useragent) flags it.
	Crawler bool
	Bot     bool

	verdict Reason // uaVerdict's answer, cached with the rest
}

// UserAgent parses ua with go-useragent and checks it against crawlerdetect.
// Results are cached (bounded), so repeated user agents cost a map lookup.
func (e *Enricher) UserAgent(ua string) UAInfo {
	e.mu.Lock()
	info, ok := e.uaCache[ua]
	e.mu.Unlock()
	if ok {
		return info
	}
	a := e.ua.Parse(ua)
	info = UAInfo{Browser: string(a.Browser()), OS: string(a.OS()), Bot: a.IsBot(), Crawler: e.crawlers.IsCrawler(ua)}
	switch a.Device() {
	case agents.DeviceDesktop:
		info.Device = model.DeviceDesktop
	case agents.DeviceMobile:
		info.Device = model.DeviceMobile
	case agents.DeviceTablet:
		info.Device = model.DeviceTablet
	case agents.DeviceTV:
		info.Device = model.DeviceTV
	default:
		info.Device = model.DeviceOther
	}
	info.verdict = verdictOf(ua, info)
	if len(ua) <= 512 {
		e.mu.Lock()
		if len(e.uaCache) >= uaCacheMax {
			clear(e.uaCache)
		}
		e.uaCache[ua] = info
		e.mu.Unlock()
	}
	return info
}
