package web

import (
	"context"
	"errors"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/store"
)

// maxQuery bounds the search query length in characters.
const maxQuery = 200

// searchTimeout bounds the time one search may take.
const searchTimeout = 3 * time.Second

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
	if !utf8.ValidString(q) {
		return badRequest("The search terms are not valid text.")
	}
	if utf8.RuneCountInString(q) > maxQuery {
		return badRequest("Search terms are limited to " + strconv.Itoa(maxQuery) + " characters.")
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
		ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
		defer cancel()
		hits, total, err := s.st.Search(ctx, q, s.clock(), perPage, (page-1)*perPage)
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &httpError{http.StatusServiceUnavailable, "The search took too long. Please try fewer or more specific words."}
		}
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
