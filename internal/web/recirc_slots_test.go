package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"masthead/internal/analytics"
	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var slotAttr = regexp.MustCompile(`data-recirc="([^"]*)"`)

// TestRecirculationSlotsMatchPages: the recirculation slots the reader
// pages emit — parsed from the rendered home front (top, rails and Latest
// list), a section front, story pages (inline READ NEXT / READ MORE, the
// READ MORE list), the "most read now" page, and the tracker's widget code —
// are exactly the kinds of model.SlotKinds, every one is a slot the
// collector accepts, and the reports' recirculation panel lists every kind.
func TestRecirculationSlotsMatchPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		arts := seedNews(t, st)
		biz, _ := st.EnsureSection(ctx, "business", "Business")
		for i := range 12 { // enough stories for the home front's Latest list
			a := &model.Article{Slug: fmt.Sprintf("market-%d", i), Headline: fmt.Sprintf("Market report %d", i), Kind: model.KindArticle,
				Status: model.StatusPublished, SectionID: biz.ID, PublishedAt: fixedNow.Add(-time.Duration(10+i) * time.Hour)}
			r, _ := markup.Markdown("Prices moved.\n\n[[READ NEXT: ferry-fares]]\n\n[[READ MORE: market-0]]\n\nMore.")
			a.BodyFormat, a.BodySource, a.BodyHTML, a.BodyText = model.FormatMarkdown, "", r.HTML, r.Text
			if _, err := st.SaveArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		f := newFixture(t, st)
		// A reader now, so the most-read page lists a story.
		f.hit(t, `{"k":"pageview","p":"pvSlots001","u":"https://news.example.com/articles/ferry-fares","a":`+itoa(arts["ferry-fares"].ID)+`}`)
		waitFor(t, func() bool { return f.site.stats.live.Snapshot(0).Concurrents == 1 })
		*f.now = f.now.Add(mostReadTTL)

		kinds := map[string]bool{}
		for _, path := range []string{"/", "/sections/business", "/articles/bridge-closes", "/articles/market-3", "/live/most-read"} {
			res := f.get(t, path)
			page := body(t, res)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
			for _, m := range slotAttr.FindAllStringSubmatch(page, -1) {
				if !analytics.ValidSlot(m[1]) {
					t.Errorf("%s: slot %q is not one the collector accepts", path, m[1])
					continue
				}
				kinds[analytics.SlotKind(m[1])] = true
			}
		}
		// The tracker fills the article page's widget itself.
		js := body(t, f.get(t, f.site.static.url("tracker.js")))
		for _, m := range regexp.MustCompile(`dataset\[R\]='([a-z-]+)-'`).FindAllStringSubmatch(js, -1) {
			kinds[m[1]] = true
		}
		var got []string
		for k := range kinds {
			got = append(got, k)
		}
		want := slices.Clone(model.SlotKinds)
		slices.Sort(got)
		slices.Sort(want)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("slot kinds on the pages differ from model.SlotKinds (-list +pages)\n%s", d)
		}

	})
}

// TestReportsListSlotKinds: the reports' recirculation panel names every
// slot kind of model.SlotKinds (the list the pages are checked against).
func TestReportsListSlotKinds(t *testing.T) {
	reportsFixture(t, "UTC", func(t *testing.T, f *adminFixture) {
		ben := signIn(t, f, "ben@example.com")
		_, page := ben.do(t, "GET", "/admin/analytics/reports", nil)
		for _, k := range model.SlotKinds {
			name := slotKindNames[k]
			if name == "" || !strings.Contains(page, "<code>"+k+"-N</code> "+name+" N") {
				t.Errorf("the reports do not list slot kind %s (%q)", k, name)
			}
		}
	})
}
