package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// testNinjs2 is a ninjs 2.x text item in the shape news agencies send: a
// full HTML document body, headlines/descriptions arrays, an associations
// array with renditions, and a photo credit separate from the caption.
const testNinjs2 = `{
  "uri": "http://wire.example/text/2024-0620-quake",
  "type": "text",
  "version": "3",
  "versioncreated": "2024-06-20T12:30:00+02:00",
  "firstcreated": "2024-06-20T10:00:00+02:00",
  "embargoed": "2024-06-20T14:00:00Z",
  "pubstatus": "usable",
  "copyrightholder": "Wire Agency",
  "usageterms": "Not for resale.",
  "infosources": [{"name": "Wire Agency", "role": "originatingsource"}],
  "located": "OSAKA",
  "headlines": [{"role": "sub", "value": "Sub head"}, {"role": "main", "value": "Quake shakes Osaka"}],
  "descriptions": [{"role": "summary", "value": "Buildings swayed across Kansai; no tsunami warning."}],
  "by": "Kenji Sato and Mia Berg, Wire Agency",
  "authors": [
    {"name": "Ola Desk", "role": "editor"},
    {"name": "Kenji Sato", "role": "author", "jobtitle": "Tokyo correspondent"}
  ],
  "subjects": [{"name": "earthquake", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000149"}, {"name": "Japan"}],
  "keywords": ["Osaka", "earthquake"],
  "bodies": [
    {"role": "text", "contenttype": "text/plain", "value": "Quake shakes Osaka\nA strong earthquake hit."},
    {"role": "html5", "contenttype": "text/html", "value": "<html><head><title>Quake shakes Osaka</title></head><body><article><h1>Quake shakes Osaka</h1><div class=\"dat\"><span class=\"vignette\">Disaster</span><span class=\"source\">WA</span></div><p>A strong earthquake hit western Japan on Thursday.</p><figure><img src=\"https://img.wire.example/q-thumb.jpg\" data-assoc-ref=\"p1\"/><figcaption>Damaged road.</figcaption></figure><p>No tsunami warning was issued.</p></article></body></html>"}
  ],
  "associations": [
    {"name": "p1", "type": "picture", "uri": "http://wire.example/image/q1",
     "headlines": [{"value": "Cracked road in Osaka"}],
     "descriptions": [{"value": "A road damaged by the earthquake in Osaka."}],
     "by": "Yui Mori/Wire Agency", "creditline": "Wire Agency",
     "renditions": [
       {"name": "hires", "href": "https://img.wire.example/q-hires.jpg", "width": 6000, "height": 4000, "contenttype": "image/jpeg"},
       {"name": "preview", "href": "https://img.wire.example/q-preview.jpg", "width": "1600", "height": 1067, "contenttype": "image/jpeg"},
       {"name": "thumb", "href": "https://img.wire.example/q-thumb.jpg", "width": 300, "height": 200, "contenttype": "image/jpeg"}
     ]}
  ]
}`

// testNinjs1 is a ninjs 1.x array: a killed text item with a plain-text
// body and only a byline string, and a picture item to skip.
const testNinjs1 = `[
 {"uri": "urn:wire:1", "type": "text", "headline": "Minister resigns",
  "byline": "By Jane Doe and John Roe, Reuters", "pubstatus": "canceled",
  "versioncreated": "2024-06-01T08:00:00", "body_text": "First paragraph.\n\nSecond <paragraph>.",
  "subject": [{"code": "11000000", "name": "politics"}], "service": [{"code": "p", "name": "Politics"}],
  "copyrightnotice": "(c) 2024 Reuters", "associations": {"featuremedia": {"type": "picture",
   "byline": "Ann Lee", "description_text": "The minister.", "renditions": {"original": {"href": "https://img.example/m.jpg", "mimetype": "image/jpeg"}}}}},
 {"uri": "urn:wire:2", "type": "picture", "headline": "A photo"}
]`

func parseNinjsString(t *testing.T, s string, loc *time.Location) *Batch {
	t.Helper()
	b, err := ParseNinjs(strings.NewReader(s), "wire.json", loc)
	if err != nil {
		t.Fatalf("ParseNinjs: %v", err)
	}
	return b
}

func TestParseNinjs2(t *testing.T) {
	b := parseNinjsString(t, testNinjs2, time.UTC)
	if b.Source != "ninjs:Wire Agency" || len(b.Items) != 1 {
		t.Fatalf("source %q items %d", b.Source, len(b.Items))
	}
	it := b.Items[0]
	if it.SourceID != "http://wire.example/text/2024-0620-quake" || it.Headline != "Quake shakes Osaka" || it.Kicker != "Disaster" {
		t.Errorf("id %q headline %q kicker %q", it.SourceID, it.Headline, it.Kicker)
	}
	if it.Dek != "Buildings swayed across Kansai; no tsunami warning." {
		t.Errorf("dek %q", it.Dek)
	}
	if it.BodyHTML != "<article><p>A strong earthquake hit western Japan on Thursday.</p><p>No tsunami warning was issued.</p></article>" {
		t.Errorf("body %q", it.BodyHTML)
	}
	if it.Dateline != "OSAKA" || it.Status != model.StatusPublished {
		t.Errorf("dateline %q status %q", it.Dateline, it.Status)
	}
	if !it.Published.Equal(time.Date(2024, 6, 20, 8, 0, 0, 0, time.UTC)) || !it.Updated.Equal(time.Date(2024, 6, 20, 10, 30, 0, 0, time.UTC)) ||
		!it.Embargo.Equal(time.Date(2024, 6, 20, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("published %v updated %v embargo %v", it.Published, it.Updated, it.Embargo)
	}
	if len(it.Authors) != 2 || it.Authors[0].Name != "Kenji Sato" || it.Authors[0].Role != "" || it.Authors[0].Bio != "Tokyo correspondent" ||
		it.Authors[1].Role != "editing" {
		t.Errorf("authors %+v", it.Authors)
	}
	var tags []string
	for _, r := range it.Tags {
		tags = append(tags, r.Name)
	}
	if strings.Join(tags, ",") != "earthquake,Japan,Osaka" {
		t.Errorf("tags %v", tags)
	}
	l := it.Lead
	if l == nil || l.URL != "https://img.wire.example/q-preview.jpg" || l.Width != 1600 || l.Height != 1067 || l.MIME != "image/jpeg" ||
		l.Credit != "Yui Mori/Wire Agency" || l.Caption != "A road damaged by the earthquake in Osaka." || l.Alt != "Cracked road in Osaka" {
		t.Errorf("lead %+v", l)
	}
	if it.Rights != "© Wire Agency. Not for resale." {
		t.Errorf("rights %q", it.Rights)
	}
}

func TestParseNinjs1(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	b := parseNinjsString(t, testNinjs1, ny)
	if b.Source != "ninjs" || len(b.Items) != 1 || len(b.Skipped) != 1 || b.Skipped[0].Reason != "type picture" {
		t.Fatalf("source %q items %d skipped %+v", b.Source, len(b.Items), b.Skipped)
	}
	it := b.Items[0]
	if it.Status != model.StatusUnpublished {
		t.Errorf("canceled item status %q", it.Status)
	}
	if it.BodyHTML != "<p>First paragraph.</p>\n<p>Second &lt;paragraph&gt;.</p>" {
		t.Errorf("body %q", it.BodyHTML)
	}
	if len(it.Authors) != 2 || it.Authors[0].Name != "Jane Doe" || it.Authors[1].Name != "John Roe" {
		t.Errorf("authors %+v", it.Authors)
	}
	if !it.Published.Equal(time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("naive time not read in loc: %v", it.Published)
	}
	if it.Section == nil || it.Section.Name != "Politics" || it.Rights != "(c) 2024 Reuters" {
		t.Errorf("section %+v rights %q", it.Section, it.Rights)
	}
	if it.Lead == nil || it.Lead.URL != "https://img.example/m.jpg" || it.Lead.Credit != "Ann Lee" || it.Lead.Caption != "The minister." {
		t.Errorf("lead %+v", it.Lead)
	}
}

func TestParseNinjsShapes(t *testing.T) {
	one := `{"uri": "a", "headline": "A"}`
	two := `{"uri": "b", "headline": "B"}`
	for name, in := range map[string]string{
		"ndjson":  one + "\n" + two + "\n",
		"array":   "[" + one + ",\n" + two + "]",
		"wrapper": `{"items": [` + one + "," + two + `]}`,
		"bom":     "\xEF\xBB\xBF[" + one + "," + two + "]",
	} {
		b, err := ParseNinjs(strings.NewReader(in), name, time.UTC)
		if err != nil || len(b.Items) != 2 || b.Items[1].Headline != "B" {
			t.Errorf("%s: %v %+v", name, err, b)
		}
	}
	b := parseNinjsString(t, "["+one+","+one+"]", time.UTC)
	if len(b.Items) != 1 || len(b.Skipped) != 1 || b.Skipped[0].Reason != "duplicate id" {
		t.Errorf("duplicates: %+v", b)
	}
}

func TestParseNinjsErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"blank", " \n ", "empty file"},
		{"garbage", "hello", "not ninjs JSON"},
		{"no items", "[]", "no ninjs items"},
		{"syntax", "[\n {\"uri\": \"a\"},\n {\"uri\": \"b\" \"headline\": \"x\"}\n]", "line 3, column 14"},
		{"syntax second value", "{\"uri\": \"a\"}\n{\"uri\": \"b\",\n  \"headline\": }", "line 3, column 15"},
		{"truncated", "[\n {\"uri\": \"a\",\n  \"headline\": \"x", "line 3"},
		{"type", "[\n {\"uri\": \"a\",\n  \"headline\": 42}]", "line 3, column 15: headline: JSON number where a string was expected"},
		{"trailing", "{\"uri\": \"a\"} ]", "line 1"},
		{"bad date", `{"uri": "a", "versioncreated": "last tuesday"}`, "unreadable date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseNinjs(strings.NewReader(tc.in), "wire.json", time.UTC)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "wire.json") {
				t.Errorf("err = %v, want it to name the file and contain %q", err, tc.want)
			}
		})
	}
}

func TestNinjsWriteIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sum, err := Write(ctx, s, parseNinjsString(t, testNinjs2, time.UTC), nil)
		if err != nil || sum.Imported != 1 {
			t.Fatalf("first write: %+v, %v", sum, err)
		}
		sum, err = Write(ctx, s, parseNinjsString(t, testNinjs2, time.UTC), nil)
		if err != nil || sum.Imported != 0 || sum.Updated != 1 {
			t.Fatalf("second write: %+v, %v", sum, err)
		}
		a, err := s.ArticleBySource(ctx, "ninjs:Wire Agency", "http://wire.example/text/2024-0620-quake")
		if err != nil {
			t.Fatal(err)
		}
		if !a.EmbargoUntil.Equal(time.Date(2024, 6, 20, 14, 0, 0, 0, time.UTC)) || a.LeadCredit != "Yui Mori/Wire Agency" ||
			strings.Contains(a.LeadCaption, "Mori") || len(a.Bylines) != 2 || a.Dateline != "OSAKA" {
			t.Errorf("stored %+v", a)
		}
		if a.VisibleAt(time.Date(2024, 6, 20, 13, 0, 0, 0, time.UTC)) || !a.VisibleAt(time.Date(2024, 6, 20, 14, 0, 1, 0, time.UTC)) {
			t.Error("embargo not honoured")
		}
	})
}

func FuzzParseNinjs(f *testing.F) {
	for _, s := range []string{testNinjs1, testNinjs2, "", "[]", "{}", `{"items":[{"uri":"x"}]}`, `[{"uri":"x","associations":{"a":{"renditions":[1]}}}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseNinjs(strings.NewReader(string(data)), "fuzz.json", time.UTC)
		if err == nil && b.Source == "" {
			t.Error("batch without source")
		}
	})
}
