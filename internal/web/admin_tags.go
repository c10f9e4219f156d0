package web

import (
	"errors"
	"net/http"

	"masthead/internal/model"
	"masthead/internal/store"
)

// Tags (permission "manage sections, tags and authors"): list, create,
// rename (name, slug) and delete. Deleting a tag removes it from the
// articles that carry it; the articles are kept (the form says how many).

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/tags", s.signedIn(s.adminTags))
		am.Handle("GET /admin/tags/new", s.signedIn(s.adminTagNew))
		am.Handle("POST /admin/tags", s.signedIn(s.adminTagSave))
		am.Handle("GET /admin/tags/{id}/edit", s.signedIn(s.adminTagEdit))
		am.Handle("POST /admin/tags/{id}", s.signedIn(s.adminTagSave))
		am.Handle("POST /admin/tags/{id}/delete", s.signedIn(s.adminTagDelete))
	})
}

// tagRow is one line of the tag list.
type tagRow struct {
	T     model.Tag
	Count int
}

// adminTags lists every tag by name (GET /admin/tags).
func (s *Site) adminTags(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageTaxonomy(u); err != nil {
		return err
	}
	tags, err := s.st.Tags(r.Context())
	if err != nil {
		return err
	}
	counts, err := s.st.TagArticleCounts(r.Context())
	if err != nil {
		return err
	}
	rows := make([]tagRow, len(tags))
	for i, t := range tags {
		rows[i] = tagRow{T: t, Count: counts[t.ID]}
	}
	p := map[string]any{"Rows": rows, "Notice": taxNotices[r.URL.Query().Get("done")]}
	return s.renderAdmin(w, http.StatusOK, "admin_tags", "Tags", u, p)
}

// adminTagNew shows an empty tag form (GET /admin/tags/new).
func (s *Site) adminTagNew(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageTaxonomy(u); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_tag_edit", "New tag", u, &taxEditPage{Action: "/admin/tags"})
}

// adminTagEdit shows a tag's form (GET /admin/tags/{id}/edit).
func (s *Site) adminTagEdit(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p, _, err := s.tagForm(r, u)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_tag_edit", p.Form.Name, u, p)
}

// tagForm loads the tag named by {id} into a form page.
func (s *Site) tagForm(r *http.Request, u *store.User) (*taxEditPage, *model.Tag, error) {
	if err := canManageTaxonomy(u); err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "tag")
	if err != nil {
		return nil, nil, err
	}
	t, err := s.st.TagByID(r.Context(), id)
	if err != nil {
		return nil, nil, storeErr(err, "There is no such tag. It may have been deleted.")
	}
	counts, err := s.st.TagArticleCounts(r.Context())
	if err != nil {
		return nil, nil, err
	}
	p := &taxEditPage{ID: id, Action: "/admin/tags/" + itoa(id), Count: counts[id], PublicURL: tagPath(t),
		Form: taxForm{Name: t.Name, Slug: t.Slug}}
	return p, t, nil
}

// adminTagSave creates (POST /admin/tags) or updates (POST /admin/tags/{id})
// a tag; bad input or a taken slug: 422 with the form refilled.
func (s *Site) adminTagSave(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p := &taxEditPage{Action: "/admin/tags"}
	t := &model.Tag{}
	if r.PathValue("id") != "" {
		var err error
		if p, t, err = s.tagForm(r, u); err != nil {
			return err
		}
	} else if err := canManageTaxonomy(u); err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	readNameSlug(r, p, "tag")
	title := firstNonEmpty(t.Name, "New tag")
	if len(p.Errors) > 0 {
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_tag_edit", title, u, p)
	}
	next := &model.Tag{ID: t.ID, Name: p.Form.Name, Slug: p.Form.Slug}
	var err error
	done := "saved"
	if t.ID == 0 {
		err, done = s.st.CreateTag(r.Context(), next), "created"
	} else {
		err = s.st.UpdateTag(r.Context(), next)
	}
	switch {
	case errors.Is(err, store.ErrDuplicateSlug):
		slugTaken(p, "tag")
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_tag_edit", title, u, p)
	case errors.Is(err, store.ErrNotFound):
		return notFound("There is no such tag. It may have been deleted.")
	case err != nil:
		return err
	}
	s.log.Info("tag "+done, "slug", next.Slug, "by", u.Email)
	http.Redirect(w, r, "/admin/tags?done="+done, http.StatusSeeOther)
	return nil
}

// adminTagDelete deletes a tag and removes it from its articles
// (POST /admin/tags/{id}/delete).
func (s *Site) adminTagDelete(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p, t, err := s.tagForm(r, u)
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	if ok, err := s.confirmed(w, r, u, confirmPage{Question: "Delete the tag “" + t.Name + "”?",
		Consequence: "It is removed from " + plural(p.Count, "article", "articles") + " and its page " + tagPath(t) + " stops working. This cannot be undone.",
		Button:      "Delete the tag", Cancel: "/admin/tags/" + itoa(t.ID)}); !ok {
		return err
	}
	if err := s.st.DeleteTag(r.Context(), t.ID); errors.Is(err, store.ErrNotFound) {
		return notFound("There is no such tag. It may have been deleted.")
	} else if err != nil {
		return err
	}
	s.log.Info("tag deleted", "slug", t.Slug, "by", u.Email)
	http.Redirect(w, r, "/admin/tags?done=deleted", http.StatusSeeOther)
	return nil
}
