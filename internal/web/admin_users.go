package web

import (
	"errors"
	"net/http"
	"strings"

	"masthead/internal/auth"
	"masthead/internal/store"
)

// Newsroom accounts (permission "manage users", owners only): list, add an
// account with an initial password, change a role, disable and enable.
// Disabling ends the account's sessions at once. The last enabled owner can
// be neither demoted nor disabled (store.ErrLastOwner → 409).

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/users", s.signedIn(s.adminUsers))
		am.Handle("GET /admin/users/new", s.signedIn(s.adminUserNew))
		am.Handle("POST /admin/users", s.signedIn(s.adminUserCreate))
		am.Handle("POST /admin/users/{id}/role", s.signedIn(s.adminUserRole))
		am.Handle("POST /admin/users/{id}/disable", s.signedIn(s.adminUserDisable))
		am.Handle("POST /admin/users/{id}/enable", s.signedIn(s.adminUserDisable))
	})
}

// usersPage is the view of admin_users.html.
type usersPage struct {
	Users  []*store.User
	Me     int64
	Roles  []auth.Role
	Notice string
	// EnabledOwners counts enabled owners: the last one can be neither
	// demoted nor disabled, so its row offers neither.
	EnabledOwners int
}

// userForm is the view of admin_user_new.html; the password is never sent
// back.
type userForm struct {
	Name, Email, Role string
	Roles             []auth.Role
	Errs              map[string]string
	Errors            []string
}

var userNotices = map[string]string{
	"created":  "Account created. Give the person their password in person or by phone, never by e-mail.",
	"role":     "Role changed. It applies from their next page view.",
	"disable":  "Account disabled. Every session of the account has ended.",
	"enable":   "Account enabled. They can sign in again with their password.",
	"password": "Password changed.",
}

func canManageUsers(u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.ManageUsers) {
		return forbidden("Only owners can manage newsroom accounts.")
	}
	return nil
}

// adminUsers lists every account (GET /admin/users).
func (s *Site) adminUsers(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageUsers(u); err != nil {
		return err
	}
	list, err := s.st.Users(r.Context())
	if err != nil {
		return err
	}
	p := usersPage{Users: list, Me: u.ID, Roles: auth.Roles, Notice: userNotices[r.URL.Query().Get("done")]}
	for _, x := range list {
		if x.Role == string(auth.Owner) && !x.Disabled {
			p.EnabledOwners++
		}
	}
	return s.renderAdmin(w, http.StatusOK, "admin_users", "Accounts", u, p)
}

// adminUserNew shows the new-account form (GET /admin/users/new).
func (s *Site) adminUserNew(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageUsers(u); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_user_new", "New account", u, &userForm{Role: string(auth.Author), Roles: auth.Roles})
}

// adminUserCreate adds an account (POST /admin/users). Every field is
// checked by auth.AddUser; errors come back as 422 with the form refilled
// (except the password).
func (s *Site) adminUserCreate(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canManageUsers(u); err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	v := r.PostForm
	f := &userForm{Name: strings.TrimSpace(v.Get("name")), Email: strings.TrimSpace(v.Get("email")), Role: v.Get("role"), Roles: auth.Roles}
	pw := v.Get("password")
	if pw != v.Get("password2") {
		f.Errs = map[string]string{"password": "The two passwords differ. Type the same password twice."}
		f.Errors = []string{f.Errs["password"]}
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_user_new", "New account", u, f)
	}
	nu, err := s.auth.AddUser(r.Context(), f.Email, f.Name, f.Role, pw)
	var fe *auth.FieldError
	if errors.As(err, &fe) {
		msg := strings.ToUpper(fe.Err.Error()[:1]) + fe.Err.Error()[1:] + "."
		if errors.Is(err, store.ErrDuplicateEmail) {
			msg = "An account with the e-mail address " + store.NormalizeEmail(f.Email) + " already exists."
		}
		f.Errs = map[string]string{fe.Field: msg}
		f.Errors = []string{msg}
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin_user_new", "New account", u, f)
	}
	if err != nil {
		return err
	}
	s.log.Info("account added in the admin", "email", nu.Email, "role", nu.Role, "by", u.Email)
	http.Redirect(w, r, "/admin/users?done=created", http.StatusSeeOther)
	return nil
}

// targetUser loads the account named by {id} for an owner.
func (s *Site) targetUser(w http.ResponseWriter, r *http.Request, u *store.User) (*store.User, error) {
	if err := canManageUsers(u); err != nil {
		return nil, err
	}
	id, err := pathID(r, "account")
	if err != nil {
		return nil, err
	}
	t, err := s.st.UserByID(r.Context(), id)
	if err != nil {
		return nil, storeErr(err, "There is no such account.")
	}
	return t, parseSmallForm(w, r)
}

// lastOwner is the refusal shown for store.ErrLastOwner.
func lastOwner(t *store.User) error {
	return &httpError{http.StatusConflict, t.Name + " is the last enabled owner. Make another account an owner first, so that someone can still manage the site."}
}

// adminUserRole changes an account's role (POST /admin/users/{id}/role).
func (s *Site) adminUserRole(w http.ResponseWriter, r *http.Request, u *store.User) error {
	t, err := s.targetUser(w, r, u)
	if err != nil {
		return err
	}
	role, err := auth.ParseRole(r.PostForm.Get("role"))
	if err != nil {
		return &httpError{http.StatusUnprocessableEntity, "Choose a role from the list."}
	}
	switch err := s.st.ChangeUserRole(r.Context(), t.ID, string(role)); {
	case errors.Is(err, store.ErrLastOwner):
		return lastOwner(t)
	case err != nil:
		return storeErr(err, "There is no such account.")
	}
	s.log.Info("role changed", "email", t.Email, "from", t.Role, "to", role, "by", u.Email)
	http.Redirect(w, r, "/admin/users?done=role", http.StatusSeeOther)
	return nil
}

// adminUserDisable disables (POST /admin/users/{id}/disable, ending every
// session of the account) or enables (…/enable) an account.
func (s *Site) adminUserDisable(w http.ResponseWriter, r *http.Request, u *store.User) error {
	t, err := s.targetUser(w, r, u)
	if err != nil {
		return err
	}
	disable := strings.HasSuffix(r.URL.Path, "/disable")
	if disable && t.ID == u.ID {
		return &httpError{http.StatusConflict, "You cannot disable your own account (you would be locked out at once). Another owner can do it."}
	}
	if disable {
		if ok, err := s.confirmed(w, r, u, confirmPage{Question: "Disable the account of " + t.Name + "?",
			Consequence: t.Name + " <" + t.Email + "> is signed out everywhere at once and cannot sign in until an owner enables the account again. Their stories stay as they are.",
			Button:      "Disable the account", Cancel: "/admin/users"}); !ok {
			return err
		}
	}
	switch err := s.st.DisableUser(r.Context(), t.ID, disable); {
	case errors.Is(err, store.ErrLastOwner):
		return lastOwner(t)
	case err != nil:
		return storeErr(err, "There is no such account.")
	}
	done := map[bool]string{true: "disable", false: "enable"}[disable]
	s.log.Info("account "+done+"d", "email", t.Email, "by", u.Email)
	if disable && t.ID == u.ID {
		http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/admin/users?done="+done, http.StatusSeeOther)
	return nil
}
