package web

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"masthead/internal/store"
)

// maxQuery bounds the search query length in bytes.
const maxQuery = 200

type searchView struct {
	Query string
	Hits  []searchHit
	Page  pager
	Tried bool
}

type searchHit struct {
	store.SearchHit
	Snippet template.HTML
}

func (s *Site) search(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > maxQuery {
		return badRequest("Search terms are limited to " + strconv.Itoa(maxQuery) + " characters.")
	}
	if !utf8.ValidString(q) {
		return badRequest("The search terms are not valid text.")
	}
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	v := &searchView{Query: q, Page: pager{Page: 1, Pages: 1, Base: "/search?q=" + url.QueryEscape(q)}}
	l := &layout{Title: "Search", Robots: "noindex", Query: q, Page: v, Canonical: s.absURL("/search")}
	if q != "" {
		v.Tried = true
		l.Title = "Search: " + q
		hits, total, err := s.st.Search(r.Context(), q, s.clock(), perPage, (page-1)*perPage)
		if err != nil {
			return err
		}
		if total > 0 {
			if v.Page, err = newPager(page, total, v.Page.Base); err != nil {
				return err
			}
		}
		for _, h := range hits {
			v.Hits = append(v.Hits, searchHit{SearchHit: h, Snippet: highlight(h.Snippet)})
		}
		l.Prev, l.Next = v.Page.Prev(), v.Page.Next()
	}
	return s.render(w, r, http.StatusOK, "search", l, 60, s.clock())
}

// highlight escapes a store snippet and turns its match markers into <mark>.
func highlight(snip string) template.HTML {
	e := html.EscapeString(snip)
	e = strings.ReplaceAll(e, store.MarkStart, "<mark>")
	e = strings.ReplaceAll(e, store.MarkEnd, "</mark>")
	return template.HTML(e)
}
