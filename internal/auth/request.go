package auth

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// ClientIP returns the address of the client that sent r, as used for rate
// limits: the host of r.RemoteAddr (split with net.SplitHostPort). Only when
// that address lies in one of the trusted proxy prefixes is X-Forwarded-For
// consulted, and then the rightmost address in it that is not itself a
// trusted proxy is the client (the leftmost entries are whatever the client
// chose to send, so they are never believed). IPv4-mapped IPv6 addresses are
// unmapped. If RemoteAddr cannot be parsed it is returned as it is.
func ClientIP(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if !inPrefixes(addr, trusted) {
		return addr.String()
	}
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				return addr.String() // a garbled chain: trust only the proxy itself
			}
			a = a.Unmap()
			if !inPrefixes(a, trusted) {
				return a.String()
			}
			addr = a
		}
	}
	return addr.String()
}

func inPrefixes(a netip.Addr, ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// SafeNext returns next when it is a same-site path to go to after signing
// in, and fallback otherwise (DESIGN.md §7: redirect targets after login are
// same-site paths only). A safe next starts with a single "/" followed by
// anything but "/" or "\" (browsers treat "//host" and "/\host" as
// another site), contains no control characters or backslashes, and has no
// scheme or host when parsed.
func SafeNext(next, fallback string) string {
	if next == "" || next[0] != '/' {
		return fallback
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return fallback
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return fallback
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return fallback
	}
	return next
}
