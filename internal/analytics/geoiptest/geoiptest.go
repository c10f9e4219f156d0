// Package geoiptest writes small MaxMind DB (.mmdb) files for tests with
// MaxMind's own writer (github.com/maxmind/mmdbwriter), in the record
// shape of GeoLite2-Country, so tests read a real database file without
// the project shipping or downloading one. Only tests import it.
package geoiptest

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// Write writes a GeoLite2-Country-shaped database to a file in t's
// temporary folder and returns its path. networks maps CIDR prefixes
// ("203.0.113.0/24", "2001:db8::/32"; documentation and private ranges are
// allowed) to ISO 3166-1 alpha-2 codes.
func Write(t testing.TB, networks map[string]string) string {
	t.Helper()
	return WriteType(t, "GeoLite2-Country", networks)
}

// WriteType is Write with another database type in the metadata
// ("GeoLite2-ASN" for a database without countries).
func WriteType(t testing.TB, dbType string, networks map[string]string) string {
	t.Helper()
	tree, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: dbType, RecordSize: 24, IncludeReservedNetworks: true,
		Description: map[string]string{"en": "Masthead test database"}})
	if err != nil {
		t.Fatal(err)
	}
	for cidr, code := range networks {
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			t.Fatal(err)
		}
		rec := mmdbtype.Map{
			"country":            mmdbtype.Map{"iso_code": mmdbtype.String(code), "names": mmdbtype.Map{"en": mmdbtype.String(code)}},
			"registered_country": mmdbtype.Map{"iso_code": mmdbtype.String(code)},
		}
		if err := tree.Insert(n, rec); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), dbType+".mmdb")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.WriteTo(f); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
