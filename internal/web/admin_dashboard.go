package web

import (
	"net/http"

	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// dashboardPage is the view of admin_dashboard.html.
type dashboardPage struct {
	User      *store.User
	Allowed   []auth.Action
	Sections  []model.Section
	CanCreate bool
	// Counts are the articles in each state, in workflow order, with the
	// article list's filter link.
	Counts []statusCount
	// Review lists stories waiting for an editor (shown to those who may
	// publish others' stories); Scheduled the next stories due.
	Review, Scheduled []*model.Article
}

// statusCount is one "at a glance" line.
type statusCount struct {
	Status model.Status
	Label  string
	N      int
}

// dashboardStates are the states counted on the dashboard, with the words
// a WordPress or Ghost user looks for.
var dashboardStates = []statusCount{
	{Status: model.StatusDraft, Label: "Drafts"}, {Status: model.StatusReview, Label: "Waiting for review"},
	{Status: model.StatusScheduled, Label: "Scheduled"}, {Status: model.StatusPublished, Label: "Published"},
	{Status: model.StatusUnpublished, Label: "Unpublished"},
}

// adminDashboard is the newsroom's start page (GET /admin): a "Write a new
// article" button, the number of stories in each state (linking to the
// filtered article list), what waits for review, what is scheduled next,
// links to the reader site, and the sign-out buttons.
func (s *Site) adminDashboard(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ctx := r.Context()
	secs, err := s.st.SectionsInUse(ctx, s.clock())
	if err != nil {
		return err
	}
	if len(secs) > maxNavSections {
		secs = secs[:maxNavSections]
	}
	role := auth.Role(u.Role)
	p := dashboardPage{User: u, Allowed: auth.Allowed(role), Sections: secs, CanCreate: auth.Can(role, auth.CreateArticle)}
	if auth.Can(role, auth.EditOwn) || auth.Can(role, auth.EditOthers) {
		for _, c := range dashboardStates {
			list, n, err := s.st.ListAdminArticles(ctx, store.AdminFilter{Kind: model.KindArticle, Status: c.Status, Limit: 5})
			if err != nil {
				return err
			}
			c.N = n
			p.Counts = append(p.Counts, c)
			switch {
			case c.Status == model.StatusReview && auth.Can(role, auth.EditOthers):
				p.Review = list
			case c.Status == model.StatusScheduled:
				p.Scheduled = list
			}
		}
	}
	return s.renderAdmin(w, http.StatusOK, "admin_dashboard", "Dashboard", u, p)
}
