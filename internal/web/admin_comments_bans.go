package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
)

// Bans (issue 4, "Moderators"; permission "moderate comments"):
// POST /admin/comments/bans bans the author of a comment by identity,
// e-mail and/or IP hash, for a duration or for good, optionally as a shadow
// ban; GET /admin/comments/bans lists bans; POST
// /admin/comments/bans/{id}/lift ends one early. Each is audited.
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/comments/bans", s.signedIn(s.adminCommentBans))
		am.Handle("POST /admin/comments/bans", s.signedIn(s.adminCommentBan))
		am.Handle("POST /admin/comments/bans/{id}/lift", s.signedIn(s.adminCommentBanLift))
	})
}

// banDurations are the ban form's choices.
var banDurations = []struct{ Key, Label string }{
	{"1d", "1 day"}, {"7d", "7 days"}, {"30d", "30 days"}, {"365d", "1 year"}, {"permanent", "Permanent"},
}

func banUntil(key string, now time.Time) (time.Time, bool) {
	switch key {
	case "1d":
		return now.AddDate(0, 0, 1), true
	case "7d":
		return now.AddDate(0, 0, 7), true
	case "30d":
		return now.AddDate(0, 0, 30), true
	case "365d":
		return now.AddDate(1, 0, 0), true
	case "permanent":
		return time.Time{}, true
	}
	return time.Time{}, false
}

// adminCommentBan records a ban on the author of form field "comment".
func (s *Site) adminCommentBan(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("The form could not be read.")
	}
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PostForm.Get("comment"), 10, 64)
	if err != nil || id <= 0 {
		return badRequest("The ban form does not name a comment.")
	}
	c, err := s.st.Comment(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return badRequest("There is no such comment.")
	}
	if err != nil {
		return err
	}
	now := s.clock()
	until, ok := banUntil(r.PostForm.Get("duration"), now)
	if !ok {
		return badRequest("Choose how long the ban lasts.")
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if len(reason) > 500 {
		return badRequest("The reason is longer than 500 characters.")
	}
	b := &model.CommentBan{Until: until, Shadow: r.PostForm.Get("shadow") != "", Reason: reason}
	for _, by := range r.PostForm["by"] {
		switch by {
		case "identity":
			b.IdentityID = c.IdentityID
		case "email":
			if c.Identity.Email == "" {
				return badRequest("This author gave no e-mail address; ban by identity or IP instead.")
			}
			b.Email = c.Identity.Email
		case "ip":
			if c.IPHash == "" {
				return badRequest("No IP hash is known for this comment (imported?); ban by identity or e-mail instead.")
			}
			b.IPHash = c.IPHash
		default:
			return badRequest("Ban by identity, e-mail or IP.")
		}
	}
	if b.IdentityID == 0 && b.Email == "" && b.IPHash == "" {
		return badRequest("Tick what to ban: the identity, the e-mail address or the IP.")
	}
	if err := s.decider.Ban(ctx, b, u, now); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/comments/"+strconv.FormatInt(id, 10)+"?done=ban", http.StatusSeeOther)
	return nil
}

type bansPage struct {
	Bans   []model.CommentBan
	All    bool
	Names  map[int64]string
	Notice string
}

// adminCommentBans lists bans in force (all with ?all=1).
func (s *Site) adminCommentBans(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	ctx := r.Context()
	p := &bansPage{All: r.URL.Query().Get("all") != "", Names: map[int64]string{}}
	var err error
	if p.Bans, err = s.st.CommentBans(ctx, !p.All, 0, s.clock(), 500); err != nil {
		return err
	}
	for _, b := range p.Bans {
		if b.IdentityID != 0 && p.Names[b.IdentityID] == "" {
			if ci, err := s.st.CommentIdentity(ctx, b.IdentityID); err == nil {
				p.Names[b.IdentityID] = ci.Name
			}
		}
	}
	if r.URL.Query().Get("done") == "lift" {
		p.Notice = "Ban lifted."
	}
	return s.renderAdmin(w, http.StatusOK, "admin_comment_bans", "Comment bans", u, p)
}

// adminCommentBanLift ends a ban early.
func (s *Site) adminCommentBanLift(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound("There is no such ban.")
	}
	if err := s.decider.LiftBan(r.Context(), id, u, s.clock()); errors.Is(err, store.ErrNotFound) {
		return notFound("There is no such ban in force.")
	} else if err != nil {
		return err
	}
	back := "/admin/comments/bans?done=lift"
	if b := r.FormValue("back"); b != "" {
		back = withDone(safeBack(b), "lift", 1)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
