package analytics

import (
	"sync"
	"time"
)

// ReasonRateLimit is a pageview over the per-minute cap of its visitor or
// address (CollectorOptions.VisitorPageviewsPerMinute and
// AddressPageviewsPerMinute): a flood from one client is not stored, so it
// cannot inflate the history.
const ReasonRateLimit Reason = "rate-limit"

// pageviewCap counts pageviews per visitor id and per address hash in the
// current UTC clock minute (a fixed window: the counts start again at every
// minute, so at most one minute of keys is held, and a client can reach
// twice a cap across a minute's boundary). A cap of 0 or less is no cap.
type pageviewCap struct {
	perVisitor, perAddress int

	mu        sync.Mutex
	minute    int64
	visitors  map[string]int
	addresses map[string]int
}

// allow counts one pageview of visitor from address at now and reports
// whether it is within both caps. A refused pageview does not count
// against the caps (a client over its cap gets its next minute in full).
func (p *pageviewCap) allow(visitor, address string, now time.Time) bool {
	if p.perVisitor <= 0 && p.perAddress <= 0 {
		return true
	}
	m := now.Unix() / 60
	p.mu.Lock()
	defer p.mu.Unlock()
	if m != p.minute || p.visitors == nil {
		p.minute = m
		p.visitors, p.addresses = map[string]int{}, map[string]int{}
	}
	if p.perVisitor > 0 && p.visitors[visitor] >= p.perVisitor {
		return false
	}
	if p.perAddress > 0 && p.addresses[address] >= p.perAddress {
		return false
	}
	p.visitors[visitor]++
	p.addresses[address]++
	return true
}
