package spam

import (
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"masthead/internal/auth"
)

func TestLimiterPerIdentityAndIP(t *testing.T) {
	l := NewLimiter(RateLimits{IdentityBurst: 2, IdentityEvery: 10 * time.Second, IPBurst: 3, IPEvery: 5 * time.Second})
	now := t0
	for i := 0; i < 2; i++ {
		if ok, _ := l.Allow("id:1", "192.0.2.1", now); !ok {
			t.Fatalf("post %d refused", i)
		}
	}
	ok, wait := l.Allow("id:1", "192.0.2.1", now)
	if ok || wait != 10*time.Second {
		t.Fatalf("third post by one identity = %v, %v; want refused, 10s", ok, wait)
	}
	// Another identity on the same IP has one IP token left.
	if ok, _ := l.Allow("id:2", "192.0.2.1", now); !ok {
		t.Fatal("second identity refused")
	}
	if ok, wait := l.Allow("id:3", "192.0.2.1", now); ok || wait != 5*time.Second {
		t.Fatalf("fourth post from one IP = %v, %v; want refused, 5s", ok, wait)
	}
	// A refused post spends nothing: after 5 s the IP has exactly one token.
	now = now.Add(5 * time.Second)
	if ok, _ := l.Allow("id:3", "192.0.2.1", now); !ok {
		t.Fatal("refill refused")
	}
	if ok, _ := l.Allow("id:4", "192.0.2.1", now); ok {
		t.Fatal("IP bucket over-filled")
	}
	now = now.Add(10 * time.Second)
	if ok, _ := l.Allow("id:1", "192.0.2.99", now); !ok {
		t.Fatal("identity did not refill")
	}
	off := NewLimiter(RateLimits{})
	for i := 0; i < 100; i++ {
		if ok, _ := off.Allow("x", "192.0.2.1", now); !ok {
			t.Fatal("limits off but refused")
		}
	}
}

func TestLimiterIPv6Whole(t *testing.T) {
	l := NewLimiter(RateLimits{IPBurst: 1, IPEvery: time.Minute})
	if ok, _ := l.Allow("", "2001:db8::1", t0); !ok {
		t.Fatal("first refused")
	}
	// Same /64 and same leading groups, different address: a separate key.
	if ok, _ := l.Allow("", "2001:db8::2", t0); !ok {
		t.Fatal("a different IPv6 address shares the bucket")
	}
	// The same address written differently is the same key.
	if ok, _ := l.Allow("", "2001:DB8:0:0:0:0:0:1", t0); ok {
		t.Fatal("one IPv6 address in another spelling got a new bucket")
	}
	if IPKey("::ffff:192.0.2.7") != "192.0.2.7" {
		t.Errorf("IPKey does not unmap: %s", IPKey("::ffff:192.0.2.7"))
	}
}

// The key comes from auth.ClientIP: forwarding headers from a client that is
// not a trusted proxy do not change it, while a trusted proxy's do.
func TestLimiterForgedForwardingHeaders(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	l := NewLimiter(RateLimits{IPBurst: 1, IPEvery: time.Minute})
	req := func(remote string, xff ...string) string {
		r := httptest.NewRequest("POST", "/", nil)
		r.RemoteAddr = remote
		for _, h := range xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		r.Header.Set("X-Real-IP", "203.0.113.250")
		return auth.ClientIP(r, trusted)
	}
	if ok, _ := l.Allow("", req("[2001:db8::7]:5555"), t0); !ok {
		t.Fatal("first refused")
	}
	for _, forged := range []string{"203.0.113.1", "2001:db8::8", "10.0.0.1"} {
		if ok, _ := l.Allow("", req("[2001:db8::7]:5555", forged), t0); ok {
			t.Fatalf("forged X-Forwarded-For %s from a non-proxy escaped the limit", forged)
		}
	}
	// Through a trusted proxy the forwarded client is the key.
	if ok, _ := l.Allow("", req("10.1.2.3:80", "2001:db8::9"), t0); !ok {
		t.Fatal("proxied client refused")
	}
	if ok, _ := l.Allow("", req("10.1.2.4:80", "198.51.100.1, 2001:db8::9"), t0); ok {
		t.Fatal("the same proxied client escaped the limit by a spoofed left entry")
	}
}

// Spend counts a comment against an identity created after Allow ran.
func TestLimiterSpend(t *testing.T) {
	l := NewLimiter(RateLimits{IdentityBurst: 2, IdentityEvery: time.Minute})
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.Spend("i:1", now)
	if ok, _ := l.Allow("i:1", "", now); !ok {
		t.Fatal("second comment refused")
	}
	if ok, wait := l.Allow("i:1", "", now); ok || wait != time.Minute {
		t.Fatalf("third comment: %v, wait %s; want refused for a minute", ok, wait)
	}
	l.Spend("", now) // no identity: nothing to spend, no panic
}
