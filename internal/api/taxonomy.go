package api

import (
	"errors"
	"net/http"
	"strconv"

	"masthead/internal/store"
)

// listSections serves GET /api/v1/sections: every section in navigation
// order, on one page.
func (a *API) listSections(w http.ResponseWriter, r *http.Request) error {
	secs, err := a.st.Sections(r.Context())
	if err != nil {
		return err
	}
	data := make([]sectionJSON, 0, len(secs))
	for _, s := range secs {
		data = append(data, sectionJSON{Slug: s.Slug, Name: s.Name, Description: s.Description, URL: a.abs(sectionPath(s.Slug))})
	}
	writeJSON(w, http.StatusOK, onePage(data, len(data)))
	return nil
}

// listAuthors serves GET /api/v1/authors: every author by name, on one page
// (e-mail addresses are never included).
func (a *API) listAuthors(w http.ResponseWriter, r *http.Request) error {
	list, err := a.st.Authors(r.Context())
	if err != nil {
		return err
	}
	data := make([]authorJSON, 0, len(list))
	for _, au := range list {
		data = append(data, authorJSON{Slug: au.Slug, Name: au.Name, Title: au.Title, Bio: au.Bio, URL: a.abs(authorPath(au.Slug))})
	}
	writeJSON(w, http.StatusOK, onePage(data, len(data)))
	return nil
}

// getTag serves GET /api/v1/tags/{slug}.
func (a *API) getTag(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	if !plausibleSlug(slug) {
		return notFound("no tag has the slug " + strconv.Quote(slug))
	}
	t, err := a.st.TagBySlug(r.Context(), slug)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("no tag has the slug " + strconv.Quote(slug))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tagJSON{Slug: t.Slug, Name: t.Name, URL: a.abs(tagPath(t.Slug))})
	return nil
}

// onePage wraps a complete list in the list response shape.
func onePage(data any, n int) listJSON {
	return listJSON{Data: data, Page: 1, PerPage: n, Total: n}
}
