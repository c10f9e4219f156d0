package auth

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limits set how many failed sign-ins are tolerated. Each key (an account's
// e-mail address, or a client IP) has a token bucket of Burst failures that
// refills one failure every Every; a sign-in is refused (HTTP 429) while the
// bucket is empty. Only failures spend tokens, so a newsroom behind one NAT
// address is not locked out by its own successful logins, and a success
// refills the account's bucket. The OWASP Authentication Cheat Sheet
// ("Protect against automated attacks") describes the approach.
type Limits struct {
	AccountBurst int           // failures per account before refusing
	AccountEvery time.Duration // one more account attempt per this interval
	IPBurst      int           // failures per client IP before refusing
	IPEvery      time.Duration // one more IP attempt per this interval
}

// DefaultLimits allow 5 failures per account, then one attempt a minute
// (at most 65 guesses in the first hour), and 20 failures per client IP,
// then one every 10 seconds.
var DefaultLimits = Limits{AccountBurst: 5, AccountEvery: time.Minute, IPBurst: 20, IPEvery: 10 * time.Second}

// maxLimiterKeys bounds the memory of a limiter: past it, buckets that have
// refilled are dropped, and if that is not enough, all are.
const maxLimiterKeys = 100_000

// limiter is an in-memory set of token buckets keyed by string. State is
// per process and lost on restart, which is acceptable for throttling.
type limiter struct {
	every time.Duration
	burst int

	mu   sync.Mutex
	keys map[string]*rate.Limiter
}

func newLimiter(burst int, every time.Duration) *limiter {
	return &limiter{every: every, burst: burst, keys: map[string]*rate.Limiter{}}
}

// blocked reports whether key has no failure left at now, and if so how
// long until it has one.
func (l *limiter) blocked(key string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.keys[key]
	if lim == nil {
		return 0, false
	}
	tokens := lim.TokensAt(now)
	if tokens >= 1 {
		return 0, false
	}
	wait := (1 - tokens) * l.every.Seconds()
	return time.Duration(math.Ceil(wait)) * time.Second, true
}

// fail spends one token of key's bucket at now.
func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim := l.keys[key]
	if lim == nil {
		if len(l.keys) >= maxLimiterKeys {
			l.prune(now)
		}
		lim = rate.NewLimiter(rate.Every(l.every), l.burst)
		l.keys[key] = lim
	}
	lim.AllowN(now, 1)
}

// reset forgets key's failures.
func (l *limiter) reset(key string) {
	l.mu.Lock()
	delete(l.keys, key)
	l.mu.Unlock()
}

// prune drops full buckets (they behave like absent ones); if the map is
// still at its bound, it starts over. Called with l.mu held.
func (l *limiter) prune(now time.Time) {
	for k, lim := range l.keys {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.keys, k)
		}
	}
	if len(l.keys) >= maxLimiterKeys {
		l.keys = map[string]*rate.Limiter{}
	}
}
