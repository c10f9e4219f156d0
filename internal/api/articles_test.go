package api

import (
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

type articleList struct {
	Data    []articleJSON
	Page    int
	PerPage int `json:"per_page"`
	Total   int
	Next    *string
}

func slugs(l articleList) string {
	var s []string
	for _, a := range l.Data {
		s = append(s, a.Slug)
	}
	return strings.Join(s, ",")
}

func TestArticleFiltersAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for path, want := range map[string]string{
			"/api/v1/articles":                                   "bridge-closes,ferry-fares,old-news",
			"/api/v1/articles?section=politics":                  "bridge-closes,old-news",
			"/api/v1/articles?author=ana-ruiz":                   "bridge-closes",
			"/api/v1/articles?tag=harbour":                       "bridge-closes,ferry-fares",
			"/api/v1/articles?since=2024-06-20T00:00:00Z":        "bridge-closes,ferry-fares",
			"/api/v1/articles?since=2024-06-20T11:00:00%2B02:00": "bridge-closes,ferry-fares",
			"/api/v1/articles?section=business&tag=harbour":      "ferry-fares",
		} {
			var l articleList
			if rec := f.get(t, path, &l); rec.Code != 200 || slugs(l) != want || l.Total != strings.Count(want, ",")+1 {
				t.Errorf("%s: %d %q total %d, want %q", path, rec.Code, slugs(l), l.Total, want)
			}
		}
		var p1, p2, p3 articleList
		f.get(t, "/api/v1/articles?per_page=2&tag=harbour&section=", &p1)
		if slugs(p1) != "bridge-closes,ferry-fares" || p1.Next != nil || p1.PerPage != 2 || p1.Page != 1 {
			t.Errorf("tag page: %q next %v", slugs(p1), p1.Next)
		}
		f.get(t, "/api/v1/articles?per_page=2", &p1)
		if slugs(p1) != "bridge-closes,ferry-fares" || p1.Total != 3 || p1.Next == nil ||
			*p1.Next != "https://news.example.com/api/v1/articles?page=2&per_page=2" {
			t.Fatalf("page 1: %q total %d next %v", slugs(p1), p1.Total, p1.Next)
		}
		f.get(t, strings.TrimPrefix(*p1.Next, "https://news.example.com"), &p2)
		if slugs(p2) != "old-news" || p2.Page != 2 || p2.Next != nil {
			t.Errorf("page 2: %q next %v", slugs(p2), p2.Next)
		}
		f.get(t, "/api/v1/articles?page=9", &p3)
		if len(p3.Data) != 0 || p3.Data == nil && p3.Total != 3 {
			t.Errorf("page past the end: %+v", p3)
		}
	})
}

func TestInvisibleArticlesNeverAppear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		hidden := []string{"draft-story", "embargoed", "scheduled", "withdrawn", "about"}
		for _, q := range []string{"", "?tag=harbour", "?section=politics", "?author=ana-ruiz", "?per_page=100"} {
			var l articleList
			f.get(t, "/api/v1/articles"+q, &l)
			for _, h := range hidden {
				if strings.Contains(slugs(l), h) {
					t.Errorf("%s lists %s", q, h)
				}
			}
		}
		for _, h := range append(hidden, "no-such-story", "nul%00") {
			rec := f.get(t, "/api/v1/articles/"+h, nil)
			if rec.Code != 404 || !strings.HasPrefix(errorCode(t, rec), "not_found") || strings.Contains(rec.Body.String(), "Secret") {
				t.Errorf("%s: %d %s", h, rec.Code, rec.Body)
			}
		}
	})
}

func TestArticleShape(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		var a articleJSON
		if rec := f.get(t, "/api/v1/articles/bridge-closes", &a); rec.Code != 200 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		if a.URL != "https://news.example.com/articles/bridge-closes" || a.Headline != "Bridge closes" || a.Dek != "Cracks found." ||
			a.Kicker != "Transport" || a.Dateline != "Harbourton" || a.Section == nil || *a.Section != (sectionRef{"politics", "Politics"}) {
			t.Errorf("fields: %+v", a)
		}
		if a.PublishedAt != "2024-06-20T12:21:00Z" || a.UpdatedAt == nil || *a.UpdatedAt != "2024-06-20T13:51:00Z" {
			t.Errorf("times: %s %v", a.PublishedAt, deref(a.UpdatedAt))
		}
		if len(a.Bylines) != 2 || a.Bylines[0] != (bylineJSON{"Ana Ruiz", "ana-ruiz", "", "https://news.example.com/authors/ana-ruiz"}) ||
			a.Bylines[1].Role != "additional reporting" {
			t.Errorf("bylines: %+v", a.Bylines)
		}
		if a.LeadImage == nil || *a.LeadImage != (imageJSON{"https://news.example.com/media/" + "1" + "/abcdef012345.jpg",
			"The bridge at dusk", "The bridge.", "Jo Lee", 1200, 675}) {
			t.Errorf("lead image: %+v", a.LeadImage)
		}
		if strings.Contains(a.BodyHTML, "masthead-recirc") || !strings.Contains(a.BodyHTML, "The bridge will close.") {
			t.Errorf("body: %s", a.BodyHTML)
		}
		if len(a.Tags) != 1 || a.Tags[0].Slug != "harbour" || len(a.Corrections) != 1 ||
			a.Corrections[0] != (correctionJSON{"2024-06-20T13:51:00Z", "An earlier version gave the wrong day."}) {
			t.Errorf("tags %+v corrections %+v", a.Tags, a.Corrections)
		}
		if !strings.Contains(a.Rights, "2024 The Example Times") {
			t.Errorf("rights %q", a.Rights)
		}
		var l articleList
		f.get(t, "/api/v1/articles?per_page=1", &l)
		if len(l.Data) != 1 || len(l.Data[0].Corrections) != 1 || l.Data[0].BodyHTML != a.BodyHTML {
			t.Errorf("list item differs from the article: %+v", l.Data)
		}
		var old articleJSON
		f.get(t, "/api/v1/articles/old-news", &old)
		if old.LeadImage != nil || old.UpdatedAt != nil || old.Bylines == nil || old.Corrections == nil {
			t.Errorf("empty fields: %+v", old)
		}
	})
}

func TestBadParams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for q, param := range map[string]string{
			"page=0": "page", "page=x": "page", "per_page=101": "per_page", "per_page=0": "per_page",
			"since=yesterday": "since", "since=2024-06-20": "since", "section=nope": "section",
			"author=nope": "author", "tag=nope": "tag",
		} {
			rec := f.get(t, "/api/v1/articles?"+q, nil)
			if rec.Code != 400 || !strings.HasPrefix(errorCode(t, rec), "invalid_parameter: "+param+":") {
				t.Errorf("%s: %d %s", q, rec.Code, rec.Body)
			}
		}
	})
}

func TestTaxonomy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		var secs struct {
			Data  []sectionJSON
			Total int
		}
		f.get(t, "/api/v1/sections", &secs)
		if secs.Total != 2 || secs.Data[0] != (sectionJSON{"politics", "Politics", "", "https://news.example.com/sections/politics"}) {
			t.Errorf("sections: %+v", secs)
		}
		rec := f.get(t, "/api/v1/authors", nil)
		if strings.Contains(rec.Body.String(), "ana@example.com") || !strings.Contains(rec.Body.String(), "Ana Ruiz") {
			t.Errorf("authors leak e-mail: %s", rec.Body)
		}
		var tag tagJSON
		if rec := f.get(t, "/api/v1/tags/harbour", &tag); rec.Code != 200 || tag != (tagJSON{"harbour", "Harbour", "https://news.example.com/tags/harbour"}) {
			t.Errorf("tag: %d %+v", rec.Code, tag)
		}
		if rec := f.get(t, "/api/v1/tags/nope%00", nil); rec.Code != 404 {
			t.Errorf("unknown tag: %d", rec.Code)
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
