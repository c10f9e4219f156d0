package web

import (
	"net/http"
	"sort"

	"masthead/internal/store"
)

// A confirmation step for actions that are hard to undo (unpublish,
// delete, disable), which works with JavaScript off: the first POST, without
// confirm=yes, changes nothing and answers a page that says what will
// happen, with a form that posts the same fields again plus confirm=yes,
// and a way back.

// confirmPage is the view of admin_confirm.html.
type confirmPage struct {
	Question    string // the h1, e.g. “Unpublish “Bridge closes”?”
	Consequence string // what happens, in one or two sentences
	Action      string // where the confirming form posts (the same URL)
	Button      string // the confirming button's label
	Cancel      string // where “Cancel” leads
	Hidden      []hiddenField
}

// hiddenField is one posted value carried through the confirmation.
type hiddenField struct{ Name, Value string }

// confirmed reports whether the request carries confirm=yes; otherwise it
// renders the confirmation page (200) for p, carrying every posted field,
// and the caller must stop. The form must have been parsed.
func (s *Site) confirmed(w http.ResponseWriter, r *http.Request, u *store.User, p confirmPage) (bool, error) {
	if r.PostForm.Get("confirm") == "yes" {
		return true, nil
	}
	p.Action = r.URL.Path
	keys := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "confirm" {
			continue
		}
		for _, v := range r.PostForm[k] {
			p.Hidden = append(p.Hidden, hiddenField{k, v})
		}
	}
	return false, s.renderAdmin(w, http.StatusOK, "admin_confirm", p.Question, u, &p)
}

// plural is "1 article" or "N articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(int64(n)) + " " + many
}
