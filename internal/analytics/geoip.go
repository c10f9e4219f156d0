package analytics

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/oschwald/maxminddb-golang/v2"
)

// GeoIP looks up countries in a MaxMind DB file (.mmdb) that the operator
// supplies with --geoip-db: MaxMind's GeoLite2-Country or GeoIP2-Country
// (or a City/Enterprise database, which holds the same country fields), or
// any database with the same record shape. Masthead ships none. It
// implements CountryLookup and is safe for concurrent use; the file is
// memory-mapped until Close.
type GeoIP struct {
	db   *maxminddb.Reader
	file string
}

// OpenGeoIP opens the MaxMind DB file at path. The error names the file:
// a missing or unreadable file, a file that is not a MaxMind DB, or one
// whose database type holds no countries (an ASN or anonymous-IP database).
func OpenGeoIP(path string) (*GeoIP, error) {
	db, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("GeoIP database %s: %w", path, err)
	}
	t := strings.ToLower(db.Metadata.DatabaseType)
	if !strings.Contains(t, "country") && !strings.Contains(t, "city") && !strings.Contains(t, "enterprise") {
		db.Close()
		return nil, fmt.Errorf("GeoIP database %s: type %q holds no countries; use GeoLite2-Country or GeoIP2-Country", path, db.Metadata.DatabaseType)
	}
	return &GeoIP{db: db, file: path}, nil
}

// Country returns the ISO 3166-1 alpha-2 code ("DE") of the country the
// record for ip names ("country", or "registered_country" when the record
// has no country, as for some anycast and satellite networks), or "" for
// an address the database does not hold, a malformed ip, or a record
// without a two-letter code.
func (g *GeoIP) Country(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	res := g.db.Lookup(addr.Unmap())
	if !res.Found() {
		return ""
	}
	var code string
	if err := res.DecodePath(&code, "country", "iso_code"); err != nil || code == "" {
		code = ""
		if err := res.DecodePath(&code, "registered_country", "iso_code"); err != nil {
			return ""
		}
	}
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return ""
	}
	return code
}

// File is the path the database was opened from.
func (g *GeoIP) File() string { return g.file }

// Close unmaps the database; Country must not be called after it.
func (g *GeoIP) Close() error {
	if g == nil {
		return nil
	}
	return errors.Join(g.db.Close())
}
