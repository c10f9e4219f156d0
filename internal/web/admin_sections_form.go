package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/auth"
	"masthead/internal/markup"
	"masthead/internal/store"
)

// Shared by the section, tag and author-profile handler groups
// (admin_sections.go, admin_tags.go, admin_authors.go).

// taxForm is a section, tag or author form exactly as typed, to refill the
// form after an error. Each kind uses the fields it has.
type taxForm struct {
	Name, Slug, Description, Position string // sections (tags: Name, Slug)
	Title, Bio, Email, Photo          string // author profiles
}

// taxEditPage is the view of admin_section_edit.html, admin_tag_edit.html
// and admin_author_edit.html.
type taxEditPage struct {
	ID        int64 // 0 for a new one
	Form      taxForm
	Errs      map[string]string // field → message
	Errors    []string          // all messages, for the summary
	Action    string            // where the form posts
	Count     int               // articles using it
	PublicURL string
	Notice    string
}

// bad records a message about field.
func (p *taxEditPage) bad(field, msg string) {
	if p.Errs == nil {
		p.Errs = map[string]string{}
	}
	if _, dup := p.Errs[field]; !dup {
		p.Errs[field] = msg
		p.Errors = append(p.Errors, msg)
	}
}

// taxNotices are the messages shown on a list after a change (?done=…).
var taxNotices = map[string]string{"created": "Created.", "saved": "Saved.", "deleted": "Deleted."}

// canManageTaxonomy refuses roles without "manage sections, tags and authors".
func canManageTaxonomy(u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.ManageTaxonomy) {
		return forbidden("Your role cannot manage sections, tags or author profiles. Ask an editor.")
	}
	return nil
}

// parseSmallForm reads a urlencoded form of at most 64 KB.
func parseSmallForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &httpError{http.StatusRequestEntityTooLarge, "The form is too large (the limit is 64 KB)."}
		}
		return badRequest("The form could not be read. Please try again.")
	}
	return nil
}

// readNameSlug reads and checks the name and slug fields into p.Form. An
// empty slug is made from the name; a slug given must already be in slug
// form (lower case letters, digits and hyphens, as markup.Slugify makes).
func readNameSlug(r *http.Request, p *taxEditPage, what string) {
	p.Form.Name = strings.Join(strings.Fields(r.PostForm.Get("name")), " ")
	p.Form.Slug = strings.TrimSpace(r.PostForm.Get("slug"))
	if n, err := auth.ValidateName(p.Form.Name); err != nil {
		p.bad("name", "The "+what+" needs a name of at most 200 characters, without line breaks.")
	} else {
		p.Form.Name = n
	}
	switch {
	case p.Form.Slug == "":
		if s := markup.Slugify(p.Form.Name); s != "" {
			p.Form.Slug = s
		} else if p.Errs["name"] == "" {
			p.bad("slug", "No slug can be made from this name; write one (letters, digits and hyphens).")
		}
	case markup.Slugify(p.Form.Slug) != p.Form.Slug:
		p.bad("slug", "The slug “"+p.Form.Slug+"” may only hold lower-case letters, digits and single hyphens, such as “"+
			firstNonEmpty(markup.Slugify(p.Form.Slug), "city-hall")+"”.")
	}
}

// slugTaken records the duplicate-slug message.
func slugTaken(p *taxEditPage, what string) {
	p.bad("slug", "Another "+what+" already uses the slug “"+p.Form.Slug+"”. Choose another one.")
}

// pathID parses the {id} path value; 404 when it is not a positive number.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound("There is no such " + what + ".")
	}
	return id, nil
}
