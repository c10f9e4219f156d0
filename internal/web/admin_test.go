package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// adminClock is a settable clock shared by the store, the auth service and
// the site.
type adminClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *adminClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *adminClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type adminFixture struct {
	st   *store.Store
	auth *auth.Service
	h    http.Handler
	clk  *adminClock
}

// eachAdmin runs fn on SQLite and (with MASTHEAD_TEST_POSTGRES) PostgreSQL,
// each with a fresh store whose clock starts at the real time (scs stamps
// session deadlines with time.Now) and two accounts:
// ana@example.com (editor) and ben@example.com (analyst), both with the
// password "right password".
func eachAdmin(t *testing.T, fn func(t *testing.T, f *adminFixture)) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &adminClock{t: time.Now().UTC()}
			st := storetest.Open(t, d, clk.now)
			cfg := config.Defaults()
			cfg.BaseURL = "https://news.example.com"
			cfg.SiteName = "The Example Times"
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			p := auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
			svc := auth.New(st, auth.Options{Now: clk.now, Params: &p, Secure: true, Log: log})
			site, err := New(st, &cfg, log, Options{Now: clk.now, Auth: svc})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if _, err := svc.AddUser(ctx, "ana@example.com", "Ana Ruiz", "editor", "right password"); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.AddUser(ctx, "ben@example.com", "Ben Ode", "analyst", "right password"); err != nil {
				t.Fatal(err)
			}
			fn(t, &adminFixture{st: st, auth: svc, h: site.Handler(), clk: clk})
		})
	}
}

// browser keeps cookies between requests, like a browser tab; requests are
// same-origin form posts unless headers say otherwise.
type browser struct {
	f       *adminFixture
	ip      string
	cookies map[string]*http.Cookie
}

func (f *adminFixture) browser(ip string) *browser {
	return &browser{f: f, ip: ip, cookies: map[string]*http.Cookie{}}
}

func (b *browser) do(t *testing.T, method, path string, form url.Values, hdr ...string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if form != nil {
		rd = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, rd)
	req.RemoteAddr = b.ip + ":40000"
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == http.MethodPost {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.f.h.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return res, body(t, res)
}

func (b *browser) login(t *testing.T, email, password, next string) (*http.Response, string) {
	t.Helper()
	return b.do(t, "POST", "/admin/login", url.Values{"email": {email}, "password": {password}, "next": {next}})
}

func wantRedirect(t *testing.T, res *http.Response, status int, loc string) {
	t.Helper()
	if res.StatusCode != status || res.Header.Get("Location") != loc {
		t.Fatalf("got %d → %q, want %d → %q", res.StatusCode, res.Header.Get("Location"), status, loc)
	}
}

func TestAdminLoginLogout(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		b := f.browser("192.0.2.10")
		res, _ := b.do(t, "GET", "/admin", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")

		res, page := b.do(t, "GET", "/admin/login?next=%2Fadmin", nil)
		if res.StatusCode != 200 || !strings.Contains(page, `<form method="post" action="/admin/login"`) ||
			!strings.Contains(page, `name="next" value="/admin"`) || !strings.Contains(page, `autocomplete="current-password"`) {
			t.Fatalf("login page: %d %s", res.StatusCode, page)
		}
		if res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Fatalf("login page headers: %v", res.Header)
		}
		if len(b.cookies) != 0 {
			t.Fatal("viewing the sign-in form created a session")
		}

		res, page = b.login(t, "ana@example.com", "wrong password", "/admin")
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "do not match an account") ||
			!strings.Contains(page, `value="ana@example.com"`) || len(b.cookies) != 0 {
			t.Fatalf("bad password: %d %v %s", res.StatusCode, b.cookies, page)
		}
		res, page = b.login(t, "ana@example.com", "", "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Enter your e-mail address and your password") {
			t.Fatalf("empty password: %d", res.StatusCode)
		}

		res, _ = b.login(t, "ANA@example.com", "right password", "/admin")
		wantRedirect(t, res, http.StatusSeeOther, "/admin")
		c := b.cookies[auth.SessionCookie]
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || !c.Secure || c.Path != "/admin" || len(c.Value) < 40 {
			t.Fatalf("session cookie: %+v", c)
		}
		if n, _ := f.st.CountSessions(context.Background(), 1); n != 1 {
			t.Fatalf("sessions of the user: %d, want 1 (user id column)", n)
		}

		res, page = b.do(t, "GET", "/admin", nil)
		if res.StatusCode != 200 || !strings.Contains(page, "Signed in as <strong>Ana Ruiz</strong> (editor)") ||
			!strings.Contains(page, "manage fronts") || !strings.Contains(page, `action="/admin/logout"`) || !strings.Contains(page, `href="/"`) {
			t.Fatalf("dashboard: %d %s", res.StatusCode, page)
		}
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("dashboard Cache-Control %q", res.Header.Get("Cache-Control"))
		}
		// Signed in, the sign-in page moves on.
		res, _ = b.do(t, "GET", "/admin/login?next=/admin/x", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/x")
		res, _ = b.do(t, "GET", "/admin/", nil)
		wantRedirect(t, res, http.StatusMovedPermanently, "/admin")

		old := *c
		res, _ = b.do(t, "POST", "/admin/logout", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?signed_out=1")
		if b.cookies[auth.SessionCookie] != nil {
			t.Fatal("logout did not clear the cookie")
		}
		res, _ = b.do(t, "GET", "/admin", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")
		// Replaying the old cookie does not bring the session back.
		b.cookies[auth.SessionCookie] = &old
		res, _ = b.do(t, "GET", "/admin", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")
		_, page = b.do(t, "GET", "/admin/login?signed_out=1", nil)
		if !strings.Contains(page, "You have signed out.") {
			t.Fatal("no signed-out notice")
		}
	})
}

func TestAdminSessionTokenRenewedOnLogin(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		b := f.browser("192.0.2.11")
		b.login(t, "ana@example.com", "right password", "")
		first := b.cookies[auth.SessionCookie].Value
		// Signing in again (e.g. as another user) on the same browser gets a new token.
		b.login(t, "ben@example.com", "right password", "")
		if second := b.cookies[auth.SessionCookie].Value; second == first {
			t.Fatal("session token not renewed at sign-in")
		}
		_, page := b.do(t, "GET", "/admin", nil)
		if !strings.Contains(page, "Ben Ode</strong> (analyst)") || strings.Contains(page, "manage fronts") {
			t.Fatalf("second sign-in: %s", page)
		}
	})
}

func TestAdminOpenRedirectsRefused(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		for next, want := range map[string]string{
			"/admin/articles?status=draft": "/admin/articles?status=draft",
			"//evil.com":                   "/admin",
			"https://evil.com":             "/admin",
			"/\\evil.com":                  "/admin",
			"/\\\\evil.com/":               "/admin",
			"javascript:alert(1)":          "/admin",
			"":                             "/admin",
		} {
			b := f.browser("192.0.2.12")
			res, _ := b.login(t, "ana@example.com", "right password", next)
			wantRedirect(t, res, http.StatusSeeOther, want)
			// The form never carries an unsafe next either.
			_, page := f.browser("192.0.2.12").do(t, "GET", "/admin/login?next="+url.QueryEscape(next), nil)
			if strings.Contains(page, "evil.com") || strings.Contains(page, "javascript:") {
				t.Fatalf("next=%q reflected in the form", next)
			}
		}
	})
}

func TestAdminRateLimit(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		b := f.browser("192.0.2.13")
		for i := 0; i < auth.DefaultLimits.AccountBurst; i++ {
			if res, _ := b.login(t, "ana@example.com", "wrong password", ""); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i, res.StatusCode)
			}
		}
		res, page := b.login(t, "ana@example.com", "right password", "")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "60" ||
			!strings.Contains(page, "Too many failed sign-in attempts") || !strings.Contains(page, "1 minute") {
			t.Fatalf("rate limit: %d %q %s", res.StatusCode, res.Header.Get("Retry-After"), page)
		}
		if len(b.cookies) != 0 {
			t.Fatal("a refused sign-in created a session")
		}
		f.clk.add(time.Minute)
		res, _ = b.login(t, "ana@example.com", "right password", "")
		wantRedirect(t, res, http.StatusSeeOther, "/admin")
	})
}

func TestAdminLogoutEverywhere(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		laptop, phone, colleague := f.browser("192.0.2.20"), f.browser("198.51.100.7"), f.browser("192.0.2.21")
		laptop.login(t, "ana@example.com", "right password", "")
		phone.login(t, "ana@example.com", "right password", "")
		colleague.login(t, "ben@example.com", "right password", "")
		for _, b := range []*browser{laptop, phone, colleague} {
			if res, _ := b.do(t, "GET", "/admin", nil); res.StatusCode != 200 {
				t.Fatalf("signed in: %d", res.StatusCode)
			}
		}
		res, _ := phone.do(t, "POST", "/admin/logout-everywhere", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?signed_out=all")
		for _, b := range []*browser{laptop, phone} {
			res, _ := b.do(t, "GET", "/admin", nil)
			wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")
		}
		if res, _ := colleague.do(t, "GET", "/admin", nil); res.StatusCode != 200 {
			t.Fatalf("another user's session ended too: %d", res.StatusCode)
		}
		// Not signed in: the POST goes to the sign-in page and changes nothing.
		res, _ = f.browser("192.0.2.22").do(t, "POST", "/admin/logout-everywhere", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login")
		// A disabled account loses its session at the next request.
		u, _ := f.st.UserByEmail(context.Background(), "ben@example.com")
		f.st.SetUserDisabled(context.Background(), u.ID, true)
		res, _ = colleague.do(t, "GET", "/admin", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")
	})
}

func TestAdminCrossOriginRefused(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		b := f.browser("192.0.2.30")
		form := url.Values{"email": {"ana@example.com"}, "password": {"right password"}}
		for _, hdr := range [][]string{
			{"Sec-Fetch-Site", "cross-site"},
			{"Sec-Fetch-Site", "same-site"},
			{"Sec-Fetch-Site", "", "Origin", "https://evil.com"},
		} {
			res, page := b.do(t, "POST", "/admin/login", form, hdr...)
			if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "sent from another site") || len(b.cookies) != 0 {
				t.Fatalf("cross-origin login %v: %d %s", hdr, res.StatusCode, page)
			}
			if res.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("403 page Cache-Control %q", res.Header.Get("Cache-Control"))
			}
		}
		// The public origin is trusted even when a proxy changed Host.
		res, _ := b.do(t, "POST", "/admin/login", form, "Sec-Fetch-Site", "", "Origin", "https://news.example.com")
		wantRedirect(t, res, http.StatusSeeOther, "/admin")
		// A cross-site logout cannot sign the user out.
		res, _ = b.do(t, "POST", "/admin/logout", nil, "Sec-Fetch-Site", "cross-site")
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site logout: %d", res.StatusCode)
		}
		if res, _ := b.do(t, "GET", "/admin", nil, "Sec-Fetch-Site", "cross-site"); res.StatusCode != 200 {
			t.Fatalf("session lost after refused cross-site logout (or cross-site GET refused): %d", res.StatusCode)
		}
	})
}

func TestAdminExpiredSessionRejected(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		b := f.browser("192.0.2.40")
		b.login(t, "ana@example.com", "right password", "")
		f.clk.add(11 * time.Hour)
		if res, _ := b.do(t, "GET", "/admin", nil); res.StatusCode != 200 {
			t.Fatalf("within the idle timeout: %d", res.StatusCode)
		}
		f.clk.add(auth.DefaultIdleTimeout + time.Hour) // past the idle timeout of that request too
		res, _ := b.do(t, "GET", "/admin", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")
		if n, _ := f.st.DeleteExpiredSessions(context.Background()); n != 1 {
			t.Fatalf("expired sessions cleaned: %d, want 1", n)
		}
	})
}

func TestAdminNeverCached(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ana, ben := f.browser("192.0.2.50"), f.browser("192.0.2.51")
		ana.login(t, "ana@example.com", "right password", "")
		ben.login(t, "ben@example.com", "right password", "")
		_, pa := ana.do(t, "GET", "/admin", nil)
		_, pb := ben.do(t, "GET", "/admin", nil)
		if !strings.Contains(pa, "Ana Ruiz") || !strings.Contains(pb, "Ben Ode") || strings.Contains(pb, "Ana Ruiz") {
			t.Fatal("one user's dashboard served to another")
		}
		for _, path := range []string{"/admin/nope", "/admin/login"} {
			res, page := ana.do(t, "GET", path, nil)
			if res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q", path, res.Header.Get("Cache-Control"))
			}
			if path == "/admin/nope" && (res.StatusCode != 404 || !strings.Contains(page, "no such page in the newsroom admin")) {
				t.Errorf("admin 404: %d", res.StatusCode)
			}
		}
		// The reader site never sees the session cookie (Path=/admin) and stays public.
		res, _ := ana.do(t, "GET", "/robots.txt", nil)
		if strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
			t.Fatal("reader pages picked up admin headers")
		}
	})
}

func TestSessionSettings(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		m := f.auth.Sessions
		if m.IdleTimeout != 12*time.Hour || m.Lifetime != 7*24*time.Hour || !m.HashTokenInStore || !m.Cookie.Secure {
			t.Fatalf("session manager: idle %v, lifetime %v, hashed %v, secure %v", m.IdleTimeout, m.Lifetime, m.HashTokenInStore, m.Cookie.Secure)
		}
	})
}

func TestAdminRateLimitPerIPIgnoresForwardedFor(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		b := f.browser("203.0.113.9")
		for i := 0; i < auth.DefaultLimits.IPBurst; i++ {
			// A different account each time, and a made-up X-Forwarded-For:
			// without trusted proxies the header changes nothing.
			res, _ := b.do(t, "POST", "/admin/login", url.Values{"email": {"guess" + strconv.Itoa(i) + "@example.com"}, "password": {"some password"}},
				"X-Forwarded-For", "198.51.100."+strconv.Itoa(i))
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i, res.StatusCode)
			}
		}
		res, page := b.login(t, "ana@example.com", "right password", "")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "10" || !strings.Contains(page, "10 seconds") {
			t.Fatalf("per-IP limit: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
		}
		if res, _ := f.browser("203.0.113.10").login(t, "ana@example.com", "right password", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("another address: %d", res.StatusCode)
		}
	})
}
