package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"masthead/internal/model"
	"masthead/internal/store"
)

// Page sizes of list endpoints.
const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// listArticles serves GET /api/v1/articles: reader-visible articles, newest
// first, filtered by section, author, tag and since, one page at a time.
func (a *API) listArticles(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ctx := r.Context()
	f := store.ArticleFilter{Kind: model.KindArticle, VisibleAt: a.now().UTC()}
	page, err := intParam(q, "page", 1, 1, 1_000_000)
	if err != nil {
		return err
	}
	perPage, err := intParam(q, "per_page", defaultPerPage, 1, maxPerPage)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = perPage, (page-1)*perPage
	if s := q.Get("since"); s != "" {
		if f.Since, err = time.Parse(time.RFC3339, s); err != nil {
			return badParam("since", "want an RFC 3339 time such as 2024-06-20T14:00:00Z")
		}
	}
	type lookup struct {
		name string
		dst  *int64
		find func(string) (int64, error)
	}
	for _, l := range []lookup{
		{"section", &f.SectionID, func(s string) (int64, error) { x, err := a.st.SectionBySlug(ctx, s); return idOf(x, err) }},
		{"author", &f.AuthorID, func(s string) (int64, error) { x, err := a.st.AuthorBySlug(ctx, s); return idOfAuthor(x, err) }},
		{"tag", &f.TagID, func(s string) (int64, error) { x, err := a.st.TagBySlug(ctx, s); return idOfTag(x, err) }},
	} {
		slug := q.Get(l.name)
		if slug == "" {
			continue
		}
		if !plausibleSlug(slug) {
			return badParam(l.name, "not a slug")
		}
		id, err := l.find(slug)
		if errors.Is(err, store.ErrNotFound) {
			return badParam(l.name, "no "+l.name+" has the slug "+strconv.Quote(slug))
		}
		if err != nil {
			return err
		}
		*l.dst = id
	}
	list, total, err := a.st.ListArticles(ctx, f)
	if err != nil {
		return err
	}
	ids := make([]int64, len(list))
	for i, ar := range list {
		ids[i] = ar.ID
	}
	corr, err := a.st.CorrectionsFor(ctx, ids)
	if err != nil {
		return err
	}
	data := make([]articleJSON, 0, len(list))
	for _, ar := range list {
		ar.Corrections = corr[ar.ID]
		data = append(data, a.articleOut(ar))
	}
	out := listJSON{Data: data, Page: page, PerPage: perPage, Total: total}
	if page*perPage < total {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("page", strconv.Itoa(page+1))
		nq.Set("per_page", strconv.Itoa(perPage))
		next := a.abs(r.URL.Path + "?" + nq.Encode())
		out.Next = &next
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// getArticle serves GET /api/v1/articles/{slug}; articles readers cannot see
// yet (drafts, scheduled, embargoed, unpublished) are 404 like unknown ones.
func (a *API) getArticle(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	if !plausibleSlug(slug) {
		return notFound("no article has the slug " + strconv.Quote(slug))
	}
	ar, err := a.st.ArticleBySlug(r.Context(), slug)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (ar.Kind != model.KindArticle || !ar.VisibleAt(a.now().UTC()))) {
		return notFound("no article has the slug " + strconv.Quote(slug))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.articleOut(ar))
	return nil
}

// intParam reads an integer query parameter in [lo, hi], def when absent.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, badParam(name, "want a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
	}
	return n, nil
}

func idOf(x *model.Section, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return x.ID, nil
}

func idOfAuthor(x *model.Author, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return x.ID, nil
}

func idOfTag(x *model.Tag, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return x.ID, nil
}

// plausibleSlug reports whether s may be looked up as a slug: valid UTF-8
// without control characters (PostgreSQL refuses NUL), at most 300 bytes.
func plausibleSlug(s string) bool {
	if len(s) > 300 || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
