package spam

import (
	"math"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimits set how fast one commenter may post. Each identity and each
// client IP has a token bucket (golang.org/x/time/rate) of Burst comments
// that refills one comment every Every; a post is refused (HTTP 429 with
// Retry-After) while either bucket is empty. Every == 0 turns that limit off.
type RateLimits struct {
	IdentityBurst int           // comments an identity may post in a row
	IdentityEvery time.Duration // then one per this interval
	IPBurst       int           // comments one client IP may post in a row
	IPEvery       time.Duration // then one per this interval
}

// DefaultRateLimits allow an identity 5 comments in a row, then one every
// 20 seconds (3 a minute), and one client IP — which may be a newsroom's or
// a university's NAT — 30 in a row, then one every 4 seconds (15 a minute).
var DefaultRateLimits = RateLimits{IdentityBurst: 5, IdentityEvery: 20 * time.Second, IPBurst: 30, IPEvery: 4 * time.Second}

// maxBuckets bounds each limiter's memory; past it, buckets that have
// refilled are dropped, and if that is not enough, all are.
const maxBuckets = 200_000

// Limiter holds the rate-limit buckets of one process (lost on restart, which
// is acceptable for throttling). It is safe for concurrent use.
type Limiter struct {
	limits RateLimits
	mu     sync.Mutex
	ident  map[string]*rate.Limiter
	ip     map[string]*rate.Limiter
}

// NewLimiter returns a Limiter with limits.
func NewLimiter(limits RateLimits) *Limiter {
	return &Limiter{limits: limits, ident: map[string]*rate.Limiter{}, ip: map[string]*rate.Limiter{}}
}

// IPKey is the rate-limit key for a client address as returned by
// auth.ClientIP: the address parsed and printed canonically (IPv4-mapped
// IPv6 unmapped, IPv6 zero-compressed and lower-case), always the whole
// address — an IPv6 address is never cut at a colon. Text that is not an
// address is used as it is.
func IPKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	return a.Unmap().WithZone("").String()
}

// Allow spends one comment of identity's and ip's buckets at now and
// returns true, or returns false and how long until both have one (rounded
// up to whole seconds) without spending anything. An empty identity or ip
// skips that bucket.
func (l *Limiter) Allow(identity, ip string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var idl, ipl *rate.Limiter
	if identity != "" && l.limits.IdentityEvery > 0 {
		idl = bucket(l.ident, identity, l.limits.IdentityBurst, l.limits.IdentityEvery, now)
	}
	if ip != "" && l.limits.IPEvery > 0 {
		ipl = bucket(l.ip, IPKey(ip), l.limits.IPBurst, l.limits.IPEvery, now)
	}
	wait := 0.0
	for _, b := range []struct {
		lim   *rate.Limiter
		every time.Duration
	}{{idl, l.limits.IdentityEvery}, {ipl, l.limits.IPEvery}} {
		if b.lim == nil {
			continue
		}
		if t := b.lim.TokensAt(now); t < 1 {
			wait = math.Max(wait, (1-t)*b.every.Seconds())
		}
	}
	if wait > 0 {
		return false, time.Duration(math.Ceil(wait)) * time.Second
	}
	if idl != nil {
		idl.AllowN(now, 1)
	}
	if ipl != nil {
		ipl.AllowN(now, 1)
	}
	return true, 0
}

// Spend takes one comment from identity's bucket at now without checking
// it, for a comment whose identity did not exist yet when Allow ran (a new
// guest's first comment), so that it counts towards the burst like the
// others. An empty identity, or the limit turned off, spends nothing.
func (l *Limiter) Spend(identity string, now time.Time) {
	if identity == "" || l.limits.IdentityEvery <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	bucket(l.ident, identity, l.limits.IdentityBurst, l.limits.IdentityEvery, now).AllowN(now, 1)
}

func bucket(m map[string]*rate.Limiter, key string, burst int, every time.Duration, now time.Time) *rate.Limiter {
	if b := m[key]; b != nil {
		return b
	}
	if len(m) >= maxBuckets {
		for k, b := range m {
			if b.TokensAt(now) >= float64(b.Burst()) {
				delete(m, k)
			}
		}
		if len(m) >= maxBuckets {
			clear(m)
		}
	}
	if burst < 1 {
		burst = 1
	}
	b := rate.NewLimiter(rate.Every(every), burst)
	m[key] = b
	return b
}
