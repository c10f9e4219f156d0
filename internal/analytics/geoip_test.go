package analytics_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/analytics"
	"masthead/internal/analytics/geoiptest"
)

func TestGeoIPCountry(t *testing.T) {
	path := geoiptest.Write(t, map[string]string{"203.0.113.0/24": "DE", "198.51.100.0/24": "BR", "2001:db8::/32": "JP"})
	g, err := analytics.OpenGeoIP(path)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for ip, want := range map[string]string{
		"203.0.113.7":        "DE",
		"198.51.100.200":     "BR",
		"2001:db8::1":        "JP",
		"::ffff:203.0.113.9": "DE", // IPv4-mapped IPv6, as some listeners report
		"192.0.2.1":          "",   // not in the database
		"not an ip":          "",
		"":                   "",
	} {
		if got := g.Country(ip); got != want {
			t.Errorf("Country(%q) = %q, want %q", ip, got, want)
		}
	}
}

func TestOpenGeoIPErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.mmdb")
	if err := os.WriteFile(garbage, []byte("this is not a MaxMind database"), 0o644); err != nil {
		t.Fatal(err)
	}
	asn := geoiptest.WriteType(t, "GeoLite2-ASN", map[string]string{"203.0.113.0/24": "DE"})
	for _, path := range []string{filepath.Join(dir, "missing.mmdb"), garbage, asn} {
		g, err := analytics.OpenGeoIP(path)
		if err == nil {
			g.Close()
			t.Errorf("OpenGeoIP(%s): no error", path)
			continue
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("OpenGeoIP(%s): error %q does not name the file", path, err)
		}
	}
}
