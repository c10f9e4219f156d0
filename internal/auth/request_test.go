package auth

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "/admin",
		"/admin/articles?x=1":   "/admin/articles?x=1",
		"/":                     "/",
		"//evil.com":            "/admin",
		"///evil.com":           "/admin",
		"/\\evil.com":           "/admin",
		"/\\/evil.com":          "/admin",
		"https://evil.com":      "/admin",
		"http:/evil.com":        "/admin",
		"javascript:alert(1)":   "/admin",
		"evil.com":              "/admin",
		"/admin\r\nSet-Cookie:": "/admin",
		"/a\\b":                 "/admin",
		"/%2F%2Fevil.com":       "/%2F%2Fevil.com", // a path on this site
		" /admin":               "/admin",
	} {
		if got := SafeNext(in, "/admin"); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClientIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"), netip.MustParsePrefix("fd00::/8")}
	for _, tc := range []struct {
		remote, xff string
		trusted     bool
		want        string
	}{
		{"203.0.113.5:4444", "", true, "203.0.113.5"},
		{"203.0.113.5:4444", "1.2.3.4", true, "203.0.113.5"},  // not from a proxy: header ignored
		{"203.0.113.5:4444", "1.2.3.4", false, "203.0.113.5"}, // no proxies configured
		{"10.1.2.3:80", "198.51.100.9", false, "10.1.2.3"},    // proxy not configured
		{"10.1.2.3:80", "198.51.100.9", true, "198.51.100.9"}, // via a trusted proxy
		{"10.1.2.3:80", "6.6.6.6, 198.51.100.9", true, "198.51.100.9"},
		{"10.1.2.3:80", "198.51.100.9, 192.0.2.7", true, "198.51.100.9"}, // two trusted hops
		{"10.1.2.3:80", "10.9.9.9", true, "10.9.9.9"},                    // all trusted: the leftmost
		{"10.1.2.3:80", "garbage", true, "10.1.2.3"},
		{"[::ffff:203.0.113.5]:1", "", true, "203.0.113.5"},
		{"[2001:db8::1]:1", "", true, "2001:db8::1"},
		{"[fd00::1]:1", "2001:db8::2", true, "2001:db8::2"},
		{"pipe", "", true, "pipe"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		var tp = trusted
		if !tc.trusted {
			tp = nil
		}
		if got := ClientIP(r, tp); got != tc.want {
			t.Errorf("ClientIP(%s, XFF %q, trusted %v) = %s, want %s", tc.remote, tc.xff, tc.trusted, got, tc.want)
		}
	}
}
