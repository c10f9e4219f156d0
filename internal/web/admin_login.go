package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/auth"
	"masthead/internal/store"
)

// maxLoginForm bounds the sign-in form body (bytes): an e-mail address and
// a password of at most auth.MaxPasswordBytes fit many times over.
const maxLoginForm = 16 << 10

// loginPage is the view of admin_login.html.
type loginPage struct {
	Email  string
	Next   string // validated same-site path, or empty
	Error  string // shown as an alert
	Notice string // shown as a status line
}

// adminLoginForm shows the sign-in form (GET /admin/login). A signed-in
// user goes straight on to next (or the dashboard). GET changes nothing.
func (s *Site) adminLoginForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	next := auth.SafeNext(q.Get("next"), "")
	u, err := s.auth.CurrentUser(r.Context())
	if err != nil {
		return err
	}
	if u != nil {
		http.Redirect(w, r, auth.SafeNext(next, "/admin"), http.StatusSeeOther)
		return nil
	}
	p := loginPage{Next: next}
	switch q.Get("signed_out") {
	case "1":
		p.Notice = "You have signed out."
	case "all":
		p.Notice = "You have signed out on every device."
	}
	if q.Get("reset") == "1" {
		p.Notice = "Your password has been changed and you were signed out everywhere. Sign in with your new password."
	}
	return s.renderAdmin(w, http.StatusOK, "admin_login", "Sign in", nil, p)
}

// adminLogin checks the sign-in form (POST /admin/login). Success renews
// the session token, stores the user in the session and redirects (303) to
// the form's next parameter when it is a same-site path, else to /admin.
// Failures re-show the form: 400 for an incomplete form, 401 for a wrong
// e-mail address or password (one message for both), 403 for a disabled
// account, 429 with Retry-After past the rate limits.
func (s *Site) adminLogin(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginForm)
	if err := r.ParseForm(); err != nil {
		return badRequest("The sign-in form could not be read. Please reload the page and try again.")
	}
	f := r.PostForm
	p := loginPage{Email: strings.TrimSpace(f.Get("email")), Next: auth.SafeNext(f.Get("next"), "")}
	if p.Email == "" || f.Get("password") == "" {
		p.Error = "Enter your e-mail address and your password."
		return s.renderAdmin(w, http.StatusBadRequest, "admin_login", "Sign in", nil, p)
	}
	u, err := s.auth.Login(r.Context(), s.auth.ClientIP(r), p.Email, f.Get("password"))
	var rl *auth.RateLimitError
	switch {
	case errors.As(err, &rl):
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter.Seconds())))
		p.Error = "Too many failed sign-in attempts. For your security, please wait " +
			rl.Wait() + " before trying again."
		return s.renderAdmin(w, http.StatusTooManyRequests, "admin_login", "Sign in", nil, p)
	case errors.Is(err, auth.ErrBadCredentials):
		p.Error = "That e-mail address and password do not match an account. Check both and try again."
		return s.renderAdmin(w, http.StatusUnauthorized, "admin_login", "Sign in", nil, p)
	case errors.Is(err, auth.ErrDisabled):
		p.Error = "This account is disabled. Ask an owner of the site to enable it."
		return s.renderAdmin(w, http.StatusForbidden, "admin_login", "Sign in", nil, p)
	case err != nil:
		return err
	}
	if err := s.auth.StartSession(r.Context(), u); err != nil {
		return err
	}
	http.Redirect(w, r, auth.SafeNext(p.Next, "/admin"), http.StatusSeeOther)
	return nil
}

// adminLogout ends this session (POST /admin/logout) and shows the sign-in
// page with a notice. Signing out without a session is not an error.
func (s *Site) adminLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.auth.Logout(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/login?signed_out=1", http.StatusSeeOther)
	return nil
}

// adminLogoutEverywhere ends every session of the signed-in user, on every
// device (POST /admin/logout-everywhere).
func (s *Site) adminLogoutEverywhere(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := s.auth.LogoutEverywhere(r.Context(), u); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/login?signed_out=all", http.StatusSeeOther)
	return nil
}
