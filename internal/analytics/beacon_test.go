package analytics

import (
	"errors"
	"strings"
	"testing"

	"masthead/internal/model"
)

func TestParseBeacon(t *testing.T) {
	b, err := ParseBeacon([]byte(`{"k":"pageview","p":"abcDEF12","u":"https://news.example.org/articles/budget?utm_source=nl&utm_medium=email&utm_campaign=june","r":"https://www.google.com/","a":7,"c":2,"w":1440,"d":0,"l":["next-1","more-1","more-2"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if b.Kind != model.EventPageview || b.URL.Path != "/articles/budget" || b.ArticleID != 7 || b.SectionID != 2 || b.ScreenWidth != 1440 ||
		b.UTM != (UTM{"nl", "email", "june"}) || len(b.Slots) != 3 {
		t.Errorf("parsed: %+v", b)
	}
	c, err := ParseBeacon([]byte(`{"k":"click","p":"abcDEF12","u":"https://news.example.org/articles/budget","s":"next-1","t":"/articles/ferry?x=1"}`))
	if err != nil || c.Slot != "next-1" || c.Target != "/articles/ferry" {
		t.Errorf("click: %+v, %v", c, err)
	}
	for name, body := range map[string]string{
		"empty":          ``,
		"not json":       `hello`,
		"array":          `[]`,
		"unknown kind":   `{"k":"purchase","p":"abcDEF12","u":"https://a.b/"}`,
		"unknown field":  `{"k":"pageview","p":"abcDEF12","u":"https://a.b/","ip":"1.2.3.4"}`,
		"short pv":       `{"k":"pageview","p":"abc","u":"https://a.b/"}`,
		"pv with dash":   `{"k":"pageview","p":"abc-def-12","u":"https://a.b/"}`,
		"relative url":   `{"k":"pageview","p":"abcDEF12","u":"/articles/x"}`,
		"js url":         `{"k":"pageview","p":"abcDEF12","u":"javascript:alert(1)"}`,
		"scroll 101":     `{"k":"scroll","p":"abcDEF12","u":"https://a.b/","d":101}`,
		"negative":       `{"k":"heartbeat","p":"abcDEF12","u":"https://a.b/","e":-1}`,
		"huge engaged":   `{"k":"heartbeat","p":"abcDEF12","u":"https://a.b/","e":3601}`,
		"wide screen":    `{"k":"pageview","p":"abcDEF12","u":"https://a.b/","w":20001}`,
		"bad slot":       `{"k":"click","p":"abcDEF12","u":"https://a.b/","s":"sidebar-1","t":"/x"}`,
		"slot 0":         `{"k":"click","p":"abcDEF12","u":"https://a.b/","s":"next-0","t":"/x"}`,
		"click no path":  `{"k":"click","p":"abcDEF12","u":"https://a.b/","s":"next-1","t":"https://evil.example/"}`,
		"slot on pv":     `{"k":"pageview","p":"abcDEF12","u":"https://a.b/","s":"next-1"}`,
		"two objects":    `{"k":"pageview","p":"abcDEF12","u":"https://a.b/"}{}`,
		"too big":        `{"k":"pageview","p":"abcDEF12","u":"https://a.b/` + strings.Repeat("x", MaxBeaconBytes) + `"}`,
		"long url":       `{"k":"pageview","p":"abcDEF12","u":"https://a.b/` + strings.Repeat("x", 2100) + `"}`,
		"bad slot list":  `{"k":"pageview","p":"abcDEF12","u":"https://a.b/","l":["x"]}`,
		"leave flag 2":   `{"k":"heartbeat","p":"abcDEF12","u":"https://a.b/","x":2}`,
		"negative id":    `{"k":"pageview","p":"abcDEF12","u":"https://a.b/","a":-4}`,
		"string numbers": `{"k":"pageview","p":"abcDEF12","u":"https://a.b/","w":"1440"}`,
	} {
		if _, err := ParseBeacon([]byte(body)); !errors.Is(err, ErrBeacon) {
			t.Errorf("%s: err = %v; want ErrBeacon", name, err)
		}
	}
	// Invalid UTF-8, raw or percent-encoded, is refused (issue 5), never
	// stored as U+FFFD.
	for name, body := range map[string]string{
		"raw in url":       "{\"k\":\"pageview\",\"p\":\"abcDEF12\",\"u\":\"https://a.b/articles/x\xff\"}",
		"raw in referrer":  "{\"k\":\"pageview\",\"p\":\"abcDEF12\",\"u\":\"https://a.b/\",\"r\":\"https://ex\xc3\x28.com/\"}",
		"escaped in path":  `{"k":"pageview","p":"abcDEF12","u":"https://a.b/articles/x%ff"}`,
		"escaped in utm":   `{"k":"pageview","p":"abcDEF12","u":"https://a.b/?utm_campaign=%c3%28"}`,
		"escaped in r":     `{"k":"pageview","p":"abcDEF12","u":"https://a.b/","r":"https://a.b/%ed%a0%80"}`,
		"escaped in click": `{"k":"click","p":"abcDEF12","u":"https://a.b/","s":"next-1","t":"/articles/%fe"}`,
	} {
		if _, err := ParseBeacon([]byte(body)); !errors.Is(err, ErrEncoding) || !errors.Is(err, ErrBeacon) {
			t.Errorf("%s: err = %v; want ErrEncoding", name, err)
		}
	}
	long := strings.Repeat("é", 80)
	b, err = ParseBeacon([]byte(`{"k":"pageview","p":"abcDEF12","u":"https://a.b/?utm_campaign=` + long + `"}`))
	if err != nil || len(b.UTM.Campaign) > 100 || !strings.HasPrefix(long, b.UTM.Campaign) {
		t.Errorf("long campaign clipped badly: %q, %v", b.UTM.Campaign, err)
	}
}

func FuzzParseBeacon(f *testing.F) {
	f.Add([]byte(`{"k":"pageview","p":"abcDEF12","u":"https://a.b/x?utm_source=y","r":"https://www.google.com/","w":1}`))
	f.Add([]byte(`{"k":"click","p":"abcDEF12","u":"https://a.b/","s":"more-3","t":"/articles/z"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := ParseBeacon(body)
		if err != nil {
			if !errors.Is(err, ErrBeacon) {
				t.Fatalf("error not wrapping ErrBeacon: %v", err)
			}
			return
		}
		if !b.Kind.Valid() || b.URL == nil || b.Scroll < 0 || b.Scroll > 100 || len(b.UTM.Campaign) > 100 {
			t.Fatalf("accepted a bad beacon: %+v", b)
		}
		if b.Kind == model.EventClick && !ValidSlot(b.Slot) {
			t.Fatalf("click with slot %q", b.Slot)
		}
	})
}
