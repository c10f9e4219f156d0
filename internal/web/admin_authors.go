package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Author profiles (permission "manage sections, tags and authors"): list,
// create, edit (name, slug, job title, bio, e-mail, photo by media id) and
// delete. A profile that still has bylines is not deleted (409): that would
// strip the byline from published stories. The e-mail address ties a profile
// to a newsroom account ("own articles", docs/PERMISSIONS.md).

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/authors", s.signedIn(s.adminAuthors))
		am.Handle("GET /admin/authors/new", s.signedIn(s.adminAuthorNew))
		am.Handle("POST /admin/authors", s.signedIn(s.adminAuthorSave))
		am.Handle("GET /admin/authors/{id}/edit", s.signedIn(s.adminAuthorEdit))
		am.Handle("POST /admin/authors/{id}", s.signedIn(s.adminAuthorSave))
		am.Handle("POST /admin/authors/{id}/delete", s.signedIn(s.adminAuthorDelete))
	})
}

// authorRow is one line of the author list.
type authorRow struct {
	A     model.Author
	Count int
}

// adminAuthors lists every author profile by name (GET /admin/authors).
func (s *Site) adminAuthors(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageTaxonomy(u); err != nil {
		return err
	}
	list, err := s.st.Authors(r.Context())
	if err != nil {
		return err
	}
	counts, err := s.st.AuthorArticleCounts(r.Context())
	if err != nil {
		return err
	}
	rows := make([]authorRow, len(list))
	for i, a := range list {
		rows[i] = authorRow{A: a, Count: counts[a.ID]}
	}
	p := map[string]any{"Rows": rows, "Notice": taxNotices[r.URL.Query().Get("done")]}
	return s.renderAdmin(w, http.StatusOK, "admin_authors", "Authors", u, p)
}

// adminAuthorNew shows an empty profile form (GET /admin/authors/new).
func (s *Site) adminAuthorNew(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageTaxonomy(u); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_author_edit", "New author", u, &taxEditPage{Action: "/admin/authors"})
}

// adminAuthorEdit shows a profile's form (GET /admin/authors/{id}/edit).
func (s *Site) adminAuthorEdit(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p, _, err := s.authorForm(r, u)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_author_edit", p.Form.Name, u, p)
}

// authorForm loads the profile named by {id} into a form page.
func (s *Site) authorForm(r *http.Request, u *store.User) (*taxEditPage, *model.Author, error) {
	if err := canManageTaxonomy(u); err != nil {
		return nil, nil, err
	}
	id, err := pathID(r, "author")
	if err != nil {
		return nil, nil, err
	}
	au, err := s.st.AuthorByID(r.Context(), id)
	if err != nil {
		return nil, nil, storeErr(err, "There is no such author profile. It may have been deleted.")
	}
	counts, err := s.st.AuthorArticleCounts(r.Context())
	if err != nil {
		return nil, nil, err
	}
	p := &taxEditPage{ID: id, Action: "/admin/authors/" + itoa(id), Count: counts[id], PublicURL: authorPath(au),
		Form: taxForm{Name: au.Name, Slug: au.Slug, Title: au.Title, Bio: au.Bio, Email: au.Email}}
	if au.PhotoID != 0 {
		p.Form.Photo = itoa(au.PhotoID)
	}
	return p, au, nil
}

// adminAuthorSave creates (POST /admin/authors) or updates
// (POST /admin/authors/{id}) a profile; bad input, an unknown photo or a
// taken slug: 422 with the form refilled, nothing saved.
func (s *Site) adminAuthorSave(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ctx := r.Context()
	p := &taxEditPage{Action: "/admin/authors"}
	au := &model.Author{}
	if r.PathValue("id") != "" {
		var err error
		if p, au, err = s.authorForm(r, u); err != nil {
			return err
		}
	} else if err := canManageTaxonomy(u); err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	readNameSlug(r, p, "author")
	f := &p.Form
	f.Title = strings.Join(strings.Fields(r.PostForm.Get("title")), " ")
	f.Bio = strings.TrimSpace(r.PostForm.Get("bio"))
	f.Email = strings.TrimSpace(r.PostForm.Get("email"))
	f.Photo = strings.TrimSpace(r.PostForm.Get("photo"))
	if utf8.RuneCountInString(f.Title) > 200 {
		p.bad("title", "The job title is longer than 200 characters.")
	}
	if utf8.RuneCountInString(f.Bio) > 5000 {
		p.bad("bio", "The bio is longer than 5,000 characters.")
	}
	if f.Email != "" {
		if e, err := auth.ValidateEmail(f.Email); err != nil {
			p.bad("email", "“"+f.Email+"” is not an e-mail address such as name@example.com.")
		} else {
			f.Email = e
		}
	}
	var photo int64
	if f.Photo != "" {
		id, err := idParam(strings.TrimPrefix(f.Photo, "/media/"))
		if err != nil {
			p.bad("photo", "The photo must be the number of an image in the media library.")
		} else if _, err := s.st.MediaByID(ctx, id); errors.Is(err, store.ErrNotFound) {
			p.bad("photo", "There is no image number "+strconv.FormatInt(id, 10)+" in the media library.")
		} else if err != nil {
			return err
		}
		photo = id
	}
	title := firstNonEmpty(au.Name, "New author")
	if len(p.Errors) > 0 {
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_author_edit", title, u, p)
	}
	next := &model.Author{ID: au.ID, Name: f.Name, Slug: f.Slug, Title: f.Title, Bio: f.Bio, Email: f.Email, PhotoID: photo}
	var err error
	done := "saved"
	if au.ID == 0 {
		err, done = s.st.CreateAuthor(ctx, next), "created"
	} else {
		err = s.st.UpdateAuthor(ctx, next)
	}
	switch {
	case errors.Is(err, store.ErrDuplicateSlug):
		slugTaken(p, "author profile")
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_author_edit", title, u, p)
	case errors.Is(err, store.ErrNotFound):
		return notFound("There is no such author profile. It may have been deleted.")
	case err != nil:
		return err
	}
	s.log.Info("author profile "+done, "slug", next.Slug, "by", u.Email)
	http.Redirect(w, r, "/admin/authors?done="+done, http.StatusSeeOther)
	return nil
}

// adminAuthorDelete deletes a profile without bylines
// (POST /admin/authors/{id}/delete); 409 while it has bylines.
func (s *Site) adminAuthorDelete(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p, au, err := s.authorForm(r, u)
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	if p.Count == 0 {
		if ok, err := s.confirmed(w, r, u, confirmPage{Question: "Delete the author profile of " + au.Name + "?",
			Consequence: "The profile page " + authorPath(au) + " stops working. This cannot be undone.",
			Button:      "Delete the profile", Cancel: "/admin/authors/" + itoa(au.ID)}); !ok {
			return err
		}
	}
	err = s.st.DeleteAuthor(r.Context(), au.ID)
	switch {
	case errors.Is(err, store.ErrInUse):
		return &httpError{http.StatusConflict, au.Name + " has bylines on " + strconv.Itoa(p.Count) +
			" article(s), so the profile was not deleted. Remove those bylines in the editor first."}
	case errors.Is(err, store.ErrNotFound):
		return notFound("There is no such author profile. It may have been deleted.")
	case err != nil:
		return err
	}
	s.log.Info("author profile deleted", "slug", au.Slug, "by", u.Email)
	http.Redirect(w, r, "/admin/authors?done=deleted", http.StatusSeeOther)
	return nil
}
