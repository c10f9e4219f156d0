package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// adminPageSize is the number of rows per page of the article list.
const adminPageSize = 25

// articleStatuses are the workflow states in the order the list filter
// offers them.
var articleStatuses = []model.Status{model.StatusDraft, model.StatusReview, model.StatusScheduled,
	model.StatusPublished, model.StatusUnpublished, model.StatusPrivate}

// articleListPage is the view of admin_article_list.html.
type articleListPage struct {
	Rows     []articleRow
	Total    int
	Statuses []model.Status
	Sections []model.Section
	Authors  []model.Author
	// Filter values as the user gave them, to refill the form.
	Status, Section, Author, From, To, Q string
	Errors                               []string
	Page, Pages                          int
	PrevURL, NextURL                     string
	CanCreate                            bool
}

// articleRow is one line of the article list.
type articleRow struct {
	A        *model.Article
	LiveURL  string // reader page when readers can see it now
	Bylines  string
	CanEdit  bool
	Time     time.Time // publication time, or last modification for unpublished drafts
	TimeNote string    // "Published", "Updated" or "Modified"
}

// adminArticles lists articles for the newsroom (GET /admin/articles): most
// recently modified first, filtered by status, section, byline, publication
// date range (days in the site time zone, both ends inclusive) and a
// headline/dek text search, 25 a page. Bad filter values are reported on
// the page (400) rather than silently ignored.
func (s *Site) adminArticles(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := articleListPage{Statuses: articleStatuses, Status: q.Get("status"), Section: q.Get("section"),
		Author: q.Get("author"), From: q.Get("from"), To: q.Get("to"), Q: strings.TrimSpace(q.Get("q")),
		CanCreate: auth.Can(auth.Role(u.Role), auth.CreateArticle)}
	var err error
	if p.Sections, err = s.st.Sections(ctx); err != nil {
		return err
	}
	if p.Authors, err = s.st.Authors(ctx); err != nil {
		return err
	}
	f := store.AdminFilter{Query: p.Q, Limit: adminPageSize}
	if p.Status != "" {
		f.Status = model.Status(p.Status)
		if !validStatus(f.Status) {
			p.Errors = append(p.Errors, "Unknown status “"+p.Status+"”.")
		}
	}
	if f.SectionID, err = idParam(p.Section); err != nil {
		p.Errors = append(p.Errors, "Choose a section from the list.")
	}
	if f.AuthorID, err = idParam(p.Author); err != nil {
		p.Errors = append(p.Errors, "Choose an author from the list.")
	}
	loc := s.cfg.Location
	if p.From != "" {
		d, err := time.ParseInLocation("2006-01-02", p.From, loc)
		if err != nil {
			p.Errors = append(p.Errors, "“Published from” must be a date like 2024-06-20.")
		}
		f.PublishedFrom = d
	}
	if p.To != "" {
		d, err := time.ParseInLocation("2006-01-02", p.To, loc)
		if err != nil {
			p.Errors = append(p.Errors, "“Published to” must be a date like 2024-06-20.")
		} else {
			f.PublishedTo = d.AddDate(0, 0, 1) // the whole last day
		}
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	status := http.StatusOK
	if len(p.Errors) > 0 {
		status = http.StatusBadRequest
		return s.renderAdmin(w, status, "admin_article_list", "Articles", u, p)
	}
	f.Offset = (page - 1) * adminPageSize
	list, total, err := s.st.ListAdminArticles(ctx, f)
	if err != nil {
		return err
	}
	own, err := s.ownership(ctx, u)
	if err != nil {
		return err
	}
	now := s.clock()
	for _, a := range list {
		row := articleRow{A: a, CanEdit: auth.CanArticle(auth.Role(u.Role), auth.EditOwn, own(a))}
		if a.VisibleAt(now) {
			row.LiveURL = articlePath(a)
		}
		names := make([]string, 0, len(a.Bylines))
		for _, b := range a.Bylines {
			if b.Author != nil {
				names = append(names, b.Author.Name)
			}
		}
		row.Bylines = strings.Join(names, ", ")
		switch {
		case a.PublishedAt.IsZero():
			row.Time, row.TimeNote = a.Modified, "Modified"
		case a.UpdatedAt.After(a.PublishedAt):
			row.Time, row.TimeNote = a.UpdatedAt, "Updated"
		default:
			row.Time, row.TimeNote = a.PublishedAt, "Published"
		}
		p.Rows = append(p.Rows, row)
	}
	p.Total, p.Page = total, page
	p.Pages = (total + adminPageSize - 1) / adminPageSize
	if page > 1 {
		p.PrevURL = listURL(q, page-1)
	}
	if page < p.Pages {
		p.NextURL = listURL(q, page+1)
	}
	return s.renderAdmin(w, status, "admin_article_list", "Articles", u, p)
}

// listURL is the article list with the same filters on another page.
func listURL(q url.Values, page int) string {
	v := url.Values{}
	for _, k := range []string{"status", "section", "author", "from", "to", "q"} {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/admin/articles"
	}
	return "/admin/articles?" + v.Encode()
}

func validStatus(st model.Status) bool {
	for _, k := range articleStatuses {
		if st == k {
			return true
		}
	}
	return false
}

// idParam parses an optional positive id from a form or query value ("" is 0).
func idParam(v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, strconv.ErrSyntax
	}
	return id, nil
}

// ownership returns the rule deciding whether an article is u's own
// (store.Ownership).
func (s *Site) ownership(ctx context.Context, u *store.User) (func(*model.Article) bool, error) {
	return s.st.Ownership(ctx, u.ID, u.Email)
}
