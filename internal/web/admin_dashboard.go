package web

import (
	"net/http"

	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// dashboardPage is the view of admin_dashboard.html.
type dashboardPage struct {
	User     *store.User
	Allowed  []auth.Action
	Sections []model.Section
}

// adminDashboard is the newsroom's start page (GET /admin): who is signed
// in, what their role allows, links to the reader site, and the sign-out
// buttons.
func (s *Site) adminDashboard(w http.ResponseWriter, r *http.Request, u *store.User) error {
	secs, err := s.st.SectionsInUse(r.Context(), s.clock())
	if err != nil {
		return err
	}
	if len(secs) > maxNavSections {
		secs = secs[:maxNavSections]
	}
	p := dashboardPage{User: u, Allowed: auth.Allowed(auth.Role(u.Role)), Sections: secs}
	return s.renderAdmin(w, http.StatusOK, "admin_dashboard", "Dashboard", u, p)
}
