package config

import (
	"net/netip"
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil || len(c.TrustedProxies) != 0 {
		t.Fatalf("default: %v %v", c.TrustedProxies, err)
	}
	c, err = load(t, []string{"--trusted-proxies", "10.0.0.0/8, 192.0.2.7 ,fd00::/8,10.1.2.3/16,::ffff:198.51.100.0/120"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "fd00::/8", "10.1.0.0/16", "198.51.100.0/24"}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("got %v", c.TrustedProxies)
	}
	for i, w := range want {
		if c.TrustedProxies[i] != netip.MustParsePrefix(w) {
			t.Errorf("entry %d: %v, want %s", i, c.TrustedProxies[i], w)
		}
	}
	// Environment fallback, and the flag wins over it.
	c, err = load(t, nil, map[string]string{"MASTHEAD_TRUSTED_PROXIES": "127.0.0.1"})
	if err != nil || len(c.TrustedProxies) != 1 || c.TrustedProxies[0] != netip.MustParsePrefix("127.0.0.1/32") {
		t.Fatalf("env: %v %v", c.TrustedProxies, err)
	}
	c, err = load(t, []string{"--trusted-proxies", ""}, map[string]string{"MASTHEAD_TRUSTED_PROXIES": "127.0.0.1"})
	if err != nil || len(c.TrustedProxies) != 0 {
		t.Fatalf("empty flag over env: %v %v", c.TrustedProxies, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "nonsense", "10.0.0.1/8/2", "fe80::1%eth0", "::ffff:1.2.3.4/64"} {
		_, err := load(t, []string{"--trusted-proxies", bad}, nil)
		if err == nil || !strings.Contains(err.Error(), "trusted-proxies") || !strings.Contains(err.Error(), bad) {
			t.Errorf("--trusted-proxies %q: %v", bad, err)
		}
		_, err = load(t, nil, map[string]string{"MASTHEAD_TRUSTED_PROXIES": bad})
		if err == nil || !strings.Contains(err.Error(), "MASTHEAD_TRUSTED_PROXIES") {
			t.Errorf("MASTHEAD_TRUSTED_PROXIES=%q: %v", bad, err)
		}
	}
}
