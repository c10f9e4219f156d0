package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
)

// addOwner adds olga@example.com (owner, password "right password").
func addOwner(t *testing.T, f *adminFixture) int64 {
	t.Helper()
	u, err := f.auth.AddUser(context.Background(), "olga@example.com", "Olga Owner", "owner", "right password")
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestAdminUsers(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		olga := addOwner(t, f)
		o := signIn(t, f, "olga@example.com")
		res, page := o.do(t, "GET", "/admin/users", nil)
		wantStatus(t, res, page, 200, "ana@example.com", "ben@example.com")

		// Add an account; bad input is 422 with the form refilled.
		form := url.Values{"name": {"Carl\r\nBcc: x@evil.example"}, "email": {"carl@example.com"}, "role": {"author"},
			"password": {"long enough password"}, "password2": {"long enough password"}}
		res, page = o.do(t, "POST", "/admin/users", form)
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "control character", `value="carl@example.com"`)
		form.Set("name", "Carl Berg")
		form.Set("password2", "different password")
		res, page = o.do(t, "POST", "/admin/users", form)
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "The two passwords differ")
		form.Set("password", "short")
		form.Set("password2", "short")
		res, page = o.do(t, "POST", "/admin/users", form)
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "at least 12 characters")
		form.Set("email", "ANA@example.com")
		form.Set("password", "long enough password")
		form.Set("password2", "long enough password")
		res, page = o.do(t, "POST", "/admin/users", form)
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "ana@example.com already exists")
		form.Set("role", "janitor")
		form.Set("email", "carl@example.com")
		res, page = o.do(t, "POST", "/admin/users", form)
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "Unknown role")
		form.Set("role", "author")
		res, _ = o.do(t, "POST", "/admin/users", form)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/users?done=created")
		carl, err := f.st.UserByEmail(ctx, "carl@example.com")
		if err != nil || carl.Role != "author" || carl.Name != "Carl Berg" {
			t.Fatalf("created: %+v %v", carl, err)
		}
		if _, err := f.auth.Login(ctx, "192.0.2.50", "carl@example.com", "long enough password"); err != nil {
			t.Fatalf("new account cannot sign in: %v", err)
		}

		// Change a role; an unknown role is refused.
		res, _ = o.do(t, "POST", "/admin/users/"+itoa(carl.ID)+"/role", url.Values{"role": {"editor"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/users?done=role")
		res, page = o.do(t, "POST", "/admin/users/"+itoa(carl.ID)+"/role", url.Values{"role": {"boss"}})
		wantStatus(t, res, page, http.StatusUnprocessableEntity, "Choose a role")
		if u, _ := f.st.UserByID(ctx, carl.ID); u.Role != "editor" {
			t.Fatalf("role: %q", u.Role)
		}

		// Disabling ends the account's sessions at once.
		ana := signIn(t, f, "ana@example.com")
		res, _ = ana.do(t, "GET", "/admin", nil)
		wantStatus(t, res, "", 200)
		anaU, _ := f.st.UserByEmail(ctx, "ana@example.com")
		res, _ = o.do(t, "POST", "/admin/users/"+itoa(anaU.ID)+"/disable", url.Values{"confirm": {"yes"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/users?done=disable")
		res, _ = ana.do(t, "GET", "/admin", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")
		if _, err := f.auth.Login(ctx, "192.0.2.51", "ana@example.com", "right password"); err != auth.ErrDisabled {
			t.Fatalf("disabled sign-in: %v", err)
		}
		res, _ = o.do(t, "POST", "/admin/users/"+itoa(anaU.ID)+"/enable", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/users?done=enable")

		// The last owner can be neither demoted nor disabled.
		res, page = o.do(t, "POST", "/admin/users/"+itoa(olga)+"/role", url.Values{"role": {"editor"}})
		wantStatus(t, res, page, http.StatusConflict, "last enabled owner")
		res, page = o.do(t, "POST", "/admin/users/"+itoa(olga)+"/disable", url.Values{"confirm": {"yes"}})
		wantStatus(t, res, page, http.StatusConflict, "your own account")
		if u, _ := f.st.UserByID(ctx, olga); u.Role != "owner" || u.Disabled {
			t.Fatalf("last owner changed: %+v", u)
		}

		// Only owners manage accounts: an editor gets 403 and changes nothing.
		ana = signIn(t, f, "ana@example.com")
		for _, rq := range [][2]string{{"GET", "/admin/users"}, {"GET", "/admin/users/new"}, {"POST", "/admin/users"},
			{"POST", "/admin/users/" + itoa(olga) + "/role"}, {"POST", "/admin/users/" + itoa(olga) + "/disable"}} {
			res, page := ana.do(t, rq[0], rq[1], url.Values{"role": {"analyst"}, "email": {"x@example.com"}, "name": {"X"},
				"password": {"long enough password"}, "password2": {"long enough password"}})
			wantStatus(t, res, page, http.StatusForbidden, "Only owners")
		}
		if u, _ := f.st.UserByID(ctx, olga); u.Role != "owner" || u.Disabled {
			t.Fatalf("forbidden request changed the owner: %+v", u)
		}
		if _, err := f.st.UserByEmail(ctx, "x@example.com"); err == nil {
			t.Fatal("forbidden request created an account")
		}
		// Cross-origin posts are refused.
		res, _ = o.do(t, "POST", "/admin/users/"+itoa(carl.ID)+"/disable", url.Values{"confirm": {"yes"}}, "Sec-Fetch-Site", "cross-site")
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site: %d", res.StatusCode)
		}
	})
}

func TestAdminChangeOwnPassword(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		here := signIn(t, f, "ben@example.com")
		there := signIn(t, f, "ben@example.com")
		res, page := here.do(t, "GET", "/admin/account/password", nil)
		wantStatus(t, res, page, 200, `autocomplete="current-password"`)
		bad := []struct {
			form url.Values
			msg  string
		}{
			{url.Values{"current": {"wrong password"}, "password": {"a new long password"}, "password2": {"a new long password"}}, "current password is not right"},
			{url.Values{"current": {"right password"}, "password": {"short"}, "password2": {"short"}}, "at least 12 characters"},
			{url.Values{"current": {"right password"}, "password": {"a new long password"}, "password2": {"another one"}}, "differ"},
		}
		for _, tc := range bad {
			res, page := here.do(t, "POST", "/admin/account/password", tc.form)
			wantStatus(t, res, page, http.StatusUnprocessableEntity, tc.msg)
		}
		if _, err := f.auth.Login(ctx, "192.0.2.60", "ben@example.com", "right password"); err != nil {
			t.Fatalf("refused change altered the password: %v", err)
		}
		res, _ = here.do(t, "POST", "/admin/account/password", url.Values{"current": {"right password"},
			"password": {"a new long password"}, "password2": {"a new long password"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/account/password?done=1")
		res, page = here.do(t, "GET", "/admin/account/password?done=1", nil)
		wantStatus(t, res, page, 200, "Your password has been changed")
		res, _ = there.do(t, "GET", "/admin", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")
		if _, err := f.auth.Login(ctx, "192.0.2.61", "ben@example.com", "a new long password"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		// Signed-out users are sent to the sign-in page.
		res, _ = f.browser("192.0.2.62").do(t, "POST", "/admin/account/password", url.Values{"current": {"x"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login")
	})
}

// TestAdminUsersButtonsMatchRights: for every role, the Accounts page and
// its buttons are offered exactly when the viewer may use them: only owners
// see the page (and its menu entry); an owner sees Disable and Change role
// on other accounts, but neither on the last enabled owner, and no Disable
// on their own row.
func TestAdminUsersButtonsMatchRights(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ctx := context.Background()
		ids := map[auth.Role]int64{}
		for _, r := range auth.Roles {
			u, err := f.auth.AddUser(ctx, string(r)+"-x@example.com", "X "+string(r), string(r), "right password")
			if err != nil {
				t.Fatal(err)
			}
			ids[r] = u.ID
		}
		for _, r := range auth.Roles {
			b := signIn(t, f, string(r)+"-x@example.com")
			res, page := b.do(t, "GET", "/admin/users", nil)
			_, dash := b.do(t, "GET", "/admin", nil)
			if r != auth.Owner {
				if res.StatusCode != http.StatusForbidden || strings.Contains(dash, `href="/admin/users"`) {
					t.Errorf("%s: %d, menu link %v", r, res.StatusCode, strings.Contains(dash, `href="/admin/users"`))
				}
				continue
			}
			if !strings.Contains(dash, `href="/admin/users"`) {
				t.Errorf("owner: no Accounts in the menu")
			}
			me := itoa(ids[auth.Owner])
			// The only enabled owner: no role change, no disable on that row.
			for _, bad := range []string{`/admin/users/` + me + `/disable"`, `/admin/users/` + me + `/role"`} {
				if strings.Contains(page, bad) {
					t.Errorf("owner's own row offers %s", bad)
				}
			}
			for _, other := range []auth.Role{auth.Editor, auth.Analyst} {
				for _, want := range []string{`/admin/users/` + itoa(ids[other]) + `/disable"`, `/admin/users/` + itoa(ids[other]) + `/role"`} {
					if !strings.Contains(page, want) {
						t.Errorf("owner's page lacks %s", want)
					}
				}
			}
			// With a second owner, each owner can change the other.
			if _, err := f.auth.AddUser(ctx, "second-owner@example.com", "Second Owner", "owner", "right password"); err != nil {
				t.Fatal(err)
			}
			_, page = b.do(t, "GET", "/admin/users", nil)
			if !strings.Contains(page, `/admin/users/`+me+`/role"`) || strings.Contains(page, `/admin/users/`+me+`/disable"`) {
				t.Errorf("with two owners: own role change should show, own disable should not")
			}
		}
	})
}
