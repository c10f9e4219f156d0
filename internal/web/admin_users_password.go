package web

import (
	"errors"
	"net/http"
	"strconv"

	"masthead/internal/auth"
	"masthead/internal/store"
)

// "Change my password" for every signed-in user: the current password is
// required (checked like a sign-in, with its rate limits), the new one
// follows the password rules, and every other session of the account ends;
// this browser stays signed in with a fresh session token.

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/account/password", s.signedIn(s.adminPasswordForm))
		am.Handle("POST /admin/account/password", s.signedIn(s.adminPasswordChange))
	})
}

// passwordPage is the view of admin_user_password.html.
type passwordPage struct {
	Errs   map[string]string
	Errors []string
	Notice string
}

func (p *passwordPage) bad(field, msg string) {
	if p.Errs == nil {
		p.Errs = map[string]string{}
	}
	p.Errs[field] = msg
	p.Errors = append(p.Errors, msg)
}

// adminPasswordForm shows the form (GET /admin/account/password).
func (s *Site) adminPasswordForm(w http.ResponseWriter, r *http.Request, u *store.User) error {
	p := &passwordPage{}
	if r.URL.Query().Get("done") == "1" {
		p.Notice = "Your password has been changed. You were signed out on every other device."
	}
	return s.renderAdmin(w, http.StatusOK, "admin_user_password", "Change your password", u, p)
}

// adminPasswordChange changes the signed-in user's password
// (POST /admin/account/password).
func (s *Site) adminPasswordChange(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	cur, next, again := r.PostForm.Get("current"), r.PostForm.Get("password"), r.PostForm.Get("password2")
	p := &passwordPage{}
	if err := auth.CheckPassword(next); err != nil {
		p.bad("password", "The new password: "+err.Error()+".")
	} else if next != again {
		p.bad("password2", "The two new passwords differ. Type the same password twice.")
	}
	if len(p.Errors) > 0 {
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_user_password", "Change your password", u, p)
	}
	_, err := s.auth.Login(ctx, s.auth.ClientIP(r), u.Email, cur)
	var rl *auth.RateLimitError
	switch {
	case errors.As(err, &rl):
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter.Seconds())+1))
		return &httpError{http.StatusTooManyRequests, "Too many wrong passwords. Try again in " + rl.Wait() + "."}
	case errors.Is(err, auth.ErrBadCredentials):
		p.bad("current", "Your current password is not right.")
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_user_password", "Change your password", u, p)
	case err != nil:
		return err
	}
	if err := s.auth.SetPassword(ctx, u.Email, next); err != nil {
		return err
	}
	// SetPassword ended every session, this one included; start a new one.
	fresh, err := s.st.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := s.auth.StartSession(ctx, fresh); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/account/password?done=1", http.StatusSeeOther)
	return nil
}
