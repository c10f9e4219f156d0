package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"masthead/internal/model"
	"masthead/internal/store"
)

// Sections (permission "manage sections, tags and authors"): list, create,
// edit (name, slug, description, position in the navigation) and delete.
// A section that still holds articles is not deleted (409): moving stories
// to another section is an editorial decision, made in the editor.

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/sections", s.signedIn(s.adminSections))
		am.Handle("GET /admin/sections/new", s.signedIn(s.adminSectionNew))
		am.Handle("POST /admin/sections", s.signedIn(s.adminSectionSave))
		am.Handle("GET /admin/sections/{id}/edit", s.signedIn(s.adminSectionEdit))
		am.Handle("POST /admin/sections/{id}", s.signedIn(s.adminSectionSave))
		am.Handle("POST /admin/sections/{id}/delete", s.signedIn(s.adminSectionDelete))
	})
}

// sectionRow is one line of the section list.
type sectionRow struct {
	S     model.Section
	Count int
}

// adminSections lists the sections in navigation order (GET /admin/sections).
func (s *Site) adminSections(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageTaxonomy(u); err != nil {
		return err
	}
	secs, err := s.st.Sections(r.Context())
	if err != nil {
		return err
	}
	counts, err := s.st.SectionArticleCounts(r.Context())
	if err != nil {
		return err
	}
	rows := make([]sectionRow, len(secs))
	for i, sec := range secs {
		rows[i] = sectionRow{S: sec, Count: counts[sec.ID]}
	}
	p := map[string]any{"Rows": rows, "Notice": taxNotices[r.URL.Query().Get("done")]}
	return s.renderAdmin(w, http.StatusOK, "admin_sections", "Sections", u, p)
}

// adminSectionNew shows an empty section form (GET /admin/sections/new).
func (s *Site) adminSectionNew(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageTaxonomy(u); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_section_edit", "New section", u, &taxEditPage{Action: "/admin/sections"})
}

// adminSectionEdit shows a section's form (GET /admin/sections/{id}/edit).
func (s *Site) adminSectionEdit(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p, _, err := s.sectionForm(r, u)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_section_edit", p.Form.Name, u, p)
}

// sectionForm loads the section named by {id} into a form page.
func (s *Site) sectionForm(r *http.Request, u *store.User) (*taxEditPage, *model.Section, error) {
	if err := canManageTaxonomy(u); err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "section")
	if err != nil {
		return nil, nil, err
	}
	sec, err := s.st.SectionByID(r.Context(), id)
	if err != nil {
		return nil, nil, storeErr(err, "There is no such section. It may have been deleted.")
	}
	counts, err := s.st.SectionArticleCounts(r.Context())
	if err != nil {
		return nil, nil, err
	}
	p := &taxEditPage{ID: id, Action: "/admin/sections/" + itoa(id), Count: counts[id], PublicURL: sectionPath(sec),
		Form: taxForm{Name: sec.Name, Slug: sec.Slug, Description: sec.Description, Position: strconv.Itoa(sec.Position)}}
	return p, sec, nil
}

// adminSectionSave creates (POST /admin/sections) or updates
// (POST /admin/sections/{id}) a section. Bad input or a taken slug: 422
// with the form refilled, nothing saved.
func (s *Site) adminSectionSave(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ctx := r.Context()
	p := &taxEditPage{Action: "/admin/sections"}
	sec := &model.Section{}
	if r.PathValue("id") != "" {
		var err error
		if p, sec, err = s.sectionForm(r, u); err != nil {
			return err
		}
	} else if err := canManageTaxonomy(u); err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	readNameSlug(r, p, "section")
	p.Form.Description = strings.TrimSpace(r.PostForm.Get("description"))
	p.Form.Position = strings.TrimSpace(r.PostForm.Get("position"))
	if utf8.RuneCountInString(p.Form.Description) > 1000 {
		p.bad("description", "The description is longer than 1,000 characters.")
	}
	pos := sec.Position
	if p.Form.Position != "" {
		n, err := strconv.Atoi(p.Form.Position)
		if err != nil || n < 0 || n > 100000 {
			p.bad("position", "The position must be a whole number from 0 (lower numbers come first in the navigation).")
		}
		pos = n
	} else if sec.ID == 0 {
		secs, err := s.st.Sections(ctx)
		if err != nil {
			return err
		}
		for _, x := range secs {
			pos = max(pos, x.Position+1)
		}
	}
	title := firstNonEmpty(sec.Name, "New section")
	if len(p.Errors) > 0 {
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_section_edit", title, u, p)
	}
	next := &model.Section{ID: sec.ID, Name: p.Form.Name, Slug: p.Form.Slug, Description: p.Form.Description, Position: pos}
	var err error
	done := "saved"
	if sec.ID == 0 {
		err, done = s.st.CreateSection(ctx, next), "created"
	} else {
		err = s.st.UpdateSection(ctx, next)
	}
	switch {
	case errors.Is(err, store.ErrDuplicateSlug):
		slugTaken(p, "section")
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_section_edit", title, u, p)
	case errors.Is(err, store.ErrNotFound):
		return notFound("There is no such section. It may have been deleted.")
	case err != nil:
		return err
	}
	s.log.Info("section "+done, "slug", next.Slug, "by", u.Email)
	http.Redirect(w, r, "/admin/sections?done="+done, http.StatusSeeOther)
	return nil
}

// adminSectionDelete deletes an empty section
// (POST /admin/sections/{id}/delete); 409 while it holds articles.
func (s *Site) adminSectionDelete(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p, sec, err := s.sectionForm(r, u)
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	if p.Count == 0 {
		if ok, err := s.confirmed(w, r, u, confirmPage{Question: "Delete the section “" + sec.Name + "”?",
			Consequence: "It leaves the site's navigation and its front " + sectionPath(sec) + " stops working. This cannot be undone.",
			Button:      "Delete the section", Cancel: "/admin/sections/" + itoa(sec.ID)}); !ok {
			return err
		}
	}
	err = s.st.DeleteSection(r.Context(), sec.ID)
	switch {
	case errors.Is(err, store.ErrInUse):
		return &httpError{http.StatusConflict, "“" + sec.Name + "” still holds " + strconv.Itoa(p.Count) +
			" article(s), so it was not deleted. Move them to another section in the editor first."}
	case errors.Is(err, store.ErrNotFound):
		return notFound("There is no such section. It may have been deleted.")
	case err != nil:
		return err
	}
	s.log.Info("section deleted", "slug", sec.Slug, "by", u.Email)
	http.Redirect(w, r, "/admin/sections?done=deleted", http.StatusSeeOther)
	return nil
}
