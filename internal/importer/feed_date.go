package importer

import (
	"strings"
	"time"
	"unicode"
)

// looseMonths maps lower-case month abbreviations and names of the languages
// news feeds are commonly published in (Portuguese, Spanish, German, French,
// Italian, Dutch) to the English abbreviations time.Parse knows. English
// names are accepted too.
var looseMonths = map[string]string{
	"jan": "Jan", "janeiro": "Jan", "ene": "Jan", "enero": "Jan", "januar": "Jan", "janv": "Jan", "janvier": "Jan", "gen": "Jan", "gennaio": "Jan", "januari": "Jan",
	"feb": "Feb", "fev": "Feb", "fevereiro": "Feb", "febrero": "Feb", "februar": "Feb", "févr": "Feb", "fevr": "Feb", "février": "Feb", "febbraio": "Feb", "februari": "Feb",
	"mar": "Mar", "março": "Mar", "marzo": "Mar", "mär": "Mar", "mrz": "Mar", "märz": "Mar", "mars": "Mar", "mrt": "Mar", "maart": "Mar",
	"apr": "Apr", "abr": "Apr", "abril": "Apr", "april": "Apr", "avr": "Apr", "avril": "Apr", "aprile": "Apr",
	"may": "May", "mai": "May", "maio": "May", "mayo": "May", "mag": "May", "maggio": "May", "mei": "May",
	"jun": "Jun", "junho": "Jun", "junio": "Jun", "juni": "Jun", "juin": "Jun", "giu": "Jun", "giugno": "Jun",
	"jul": "Jul", "julho": "Jul", "julio": "Jul", "juli": "Jul", "juil": "Jul", "juillet": "Jul", "lug": "Jul", "luglio": "Jul",
	"aug": "Aug", "ago": "Aug", "agosto": "Aug", "august": "Aug", "août": "Aug", "aout": "Aug", "augustus": "Aug",
	"sep": "Sep", "sept": "Sep", "set": "Sep", "setembro": "Sep", "septiembre": "Sep", "september": "Sep", "septembre": "Sep", "settembre": "Sep",
	"oct": "Oct", "out": "Oct", "outubro": "Oct", "octubre": "Oct", "okt": "Oct", "oktober": "Oct", "octobre": "Oct", "ott": "Oct", "ottobre": "Oct",
	"nov": "Nov", "novembro": "Nov", "noviembre": "Nov", "november": "Nov", "novembre": "Nov",
	"dec": "Dec", "dez": "Dec", "dezembro": "Dec", "dic": "Dec", "diciembre": "Dec", "dezember": "Dec", "déc": "Dec", "dec.": "Dec", "décembre": "Dec", "dicembre": "Dec",
}

var (
	looseZoned = []string{
		time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04Z07:00",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05.999999999 -0700",
		"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04 -0700", "2 Jan 06 15:04:05 -0700",
		"2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04 MST", "2 Jan 06 15:04:05 MST",
	}
	looseNaive = []string{
		"2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05",
		"2006-01-02 15:04", "2006-01-02", "2 Jan 2006 15:04:05", "2 Jan 2006 15:04", "2 Jan 2006",
	}
)

// looseTimeIn parses a date as found in feeds and wire items: RFC 3339 /
// ISO 8601 (with or without the colon in the offset, with or without a
// zone), RFC 822/1123 with an English or localised day and month name
// ("Seg, 24 Set 2018 19:42:40 -0300"), with numeric offsets or GMT/UTC/Z.
// A time without a zone is read in loc (UTC when loc is nil). The result is
// UTC. ok is false when s matches none of these forms (named zones other
// than GMT/UTC are left to the caller, whose library may know them).
func looseTimeIn(s string, loc *time.Location) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if loc == nil {
		loc = time.UTC
	}
	s = looseNormalize(s)
	for _, l := range looseZoned {
		if t, err := time.Parse(l, s); err == nil {
			if strings.HasSuffix(l, "MST") {
				z, _ := t.Zone()
				if z != "GMT" && z != "UTC" && z != "UT" && z != "Z" {
					continue
				}
			}
			return t.UTC(), true
		}
	}
	for _, l := range looseNaive {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// looseNormalize drops a leading weekday ("Seg, ", "Mon, ") and swaps a
// localised month name for the English abbreviation.
func looseNormalize(s string) string {
	if i := strings.IndexByte(s, ','); i > 0 && i <= 12 && !strings.ContainsFunc(s[:i], unicode.IsDigit) {
		s = strings.TrimSpace(s[i+1:])
	}
	w := strings.Fields(s)
	if len(w) >= 3 {
		if m, ok := looseMonths[strings.TrimSuffix(strings.ToLower(w[1]), ".")]; ok {
			w[1] = m
			s = strings.Join(w, " ")
		}
	}
	if strings.HasSuffix(s, " UT") {
		s += "C"
	}
	return s
}
