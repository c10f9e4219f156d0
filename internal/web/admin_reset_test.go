package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	netmail "net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/mail"
	"masthead/internal/store/storetest"
)

type resetFixture struct {
	*adminFixture
	site *Site
	dir  string // mail folder
}

// eachReset is eachAdmin with a file mailer in a temporary folder: accounts
// ana@example.com (editor) and ben@example.com (analyst, disabled).
func eachReset(t *testing.T, fn func(t *testing.T, f *resetFixture)) {
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
			dir := filepath.Join(t.TempDir(), "mail")
			site, err := New(st, &cfg, log, Options{Now: clk.now, Auth: svc,
				Mailer: &mail.FileSender{Dir: dir, From: "news@example.com", Now: clk.now, Log: log}})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if _, err := svc.AddUser(ctx, "ana@example.com", "Ana Ruiz", "editor", "right password"); err != nil {
				t.Fatal(err)
			}
			ben, err := svc.AddUser(ctx, "ben@example.com", "Ben Ode", "analyst", "right password")
			if err != nil {
				t.Fatal(err)
			}
			if err := st.SetUserDisabled(ctx, ben.ID, true); err != nil {
				t.Fatal(err)
			}
			fn(t, &resetFixture{adminFixture: &adminFixture{st: st, auth: svc, h: site.Handler(), clk: clk}, site: site, dir: dir})
		})
	}
}

// mails waits for background sends and returns the mail files.
func (f *resetFixture) mails(t *testing.T) []string {
	t.Helper()
	f.site.resets.sending.Wait()
	files, _ := filepath.Glob(filepath.Join(f.dir, "*.eml"))
	return files
}

var resetLinkRe = regexp.MustCompile(`https://news\.example\.com(/admin/reset/[A-Za-z0-9_-]{43})\r\n`)

// readLink parses a mail file and returns the reset path it holds.
func readLink(t *testing.T, file string) string {
	t.Helper()
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	m, err := netmail.ReadMessage(fh)
	if err != nil {
		t.Fatal(err)
	}
	to, err := m.Header.AddressList("To")
	if err != nil || to[0].Address != "ana@example.com" || !strings.Contains(m.Header.Get("Subject"), "Reset your password") {
		t.Fatalf("headers %v %v", m.Header, err)
	}
	b, _ := io.ReadAll(m.Body)
	sm := resetLinkRe.FindStringSubmatch(string(b))
	if sm == nil {
		t.Fatalf("no reset link in %q", b)
	}
	if n := strings.Count(string(b), "http"); n != 1 {
		t.Fatalf("%d links in the body: %q", n, b)
	}
	return sm[1]
}

const sentMsg = "If an account exists for that address, we sent a link"

func TestPasswordResetFlow(t *testing.T) {
	eachReset(t, func(t *testing.T, f *resetFixture) {
		ctx := context.Background()
		b := f.browser("192.0.2.30")
		res, page := b.do(t, "GET", "/admin/login", nil)
		if !strings.Contains(page, `href="/admin/forgot"`) {
			t.Fatalf("no forgot link on the sign-in page: %s", page)
		}
		res, page = b.do(t, "GET", "/admin/forgot", nil)
		if res.StatusCode != 200 || !strings.Contains(page, `action="/admin/forgot"`) {
			t.Fatalf("forgot form: %d %s", res.StatusCode, page)
		}

		// Unknown and disabled accounts: the same answer, no mail.
		// Post/Redirect/Get: every request is answered 303 to the same page.
		res1, _ := b.do(t, "POST", "/admin/forgot", url.Values{"email": {"nobody@example.com"}})
		res2, _ := b.do(t, "POST", "/admin/forgot", url.Values{"email": {"ben@example.com"}})
		wantRedirect(t, res1, http.StatusSeeOther, "/admin/forgot?sent=1")
		wantRedirect(t, res2, http.StatusSeeOther, "/admin/forgot?sent=1")
		_, page1 := b.do(t, "GET", "/admin/forgot?sent=1", nil)
		if !strings.Contains(page1, sentMsg) {
			t.Fatalf("sent page: %s", page1)
		}
		if files := f.mails(t); len(files) != 0 {
			t.Fatalf("mail sent for an unknown account: %v", files)
		}

		// A signed-in session elsewhere, to be ended by the reset.
		other := f.browser("192.0.2.31")
		if res, _ := other.login(t, "ana@example.com", "right password", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %d", res.StatusCode)
		}

		res, _ = b.do(t, "POST", "/admin/forgot", url.Values{"email": {" ANA@example.com "}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/forgot?sent=1")
		files := f.mails(t)
		if len(files) != 1 {
			t.Fatalf("mail files %v", files)
		}
		link := readLink(t, files[0])

		res, page = b.do(t, "GET", link, nil)
		if res.StatusCode != 200 || !strings.Contains(page, `action="`+link+`"`) || res.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("reset form: %d %v %s", res.StatusCode, res.Header, page)
		}
		// Password rules; nothing is used up by a refused form.
		res, page = b.do(t, "POST", link, url.Values{"password": {"short"}, "password2": {"short"}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "at least 12") {
			t.Fatalf("short password: %d %s", res.StatusCode, page)
		}
		res, page = b.do(t, "POST", link, url.Values{"password": {"a new long password"}, "password2": {"a different one!!"}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "differ") {
			t.Fatalf("mismatch: %d %s", res.StatusCode, page)
		}
		// Cross-origin POST refused.
		res, _ = b.do(t, "POST", link, url.Values{"password": {"a new long password"}, "password2": {"a new long password"}},
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-origin reset: %d", res.StatusCode)
		}
		if _, err := f.auth.Login(ctx, "192.0.2.99", "ana@example.com", "right password"); err != nil {
			t.Fatalf("password changed by a refused request: %v", err)
		}

		res, _ = b.do(t, "POST", link, url.Values{"password": {"a new long password"}, "password2": {"a new long password"}})
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?reset=1")
		_, page = b.do(t, "GET", "/admin/login?reset=1", nil)
		if !strings.Contains(page, "Your password has been changed") {
			t.Fatalf("notice: %s", page)
		}
		if _, err := f.auth.Login(ctx, "192.0.2.99", "ana@example.com", "a new long password"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		// The other session ended.
		res, _ = other.do(t, "GET", "/admin", nil)
		wantRedirect(t, res, http.StatusSeeOther, "/admin/login?next=%2Fadmin")
		if n, _ := f.st.CountSessions(ctx, 1); n != 0 {
			t.Fatalf("sessions left: %d", n)
		}
		// Single use.
		for _, m := range []string{"GET", "POST"} {
			res, page = b.do(t, m, link, url.Values{"password": {"another long password"}, "password2": {"another long password"}})
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "cannot be used") {
				t.Fatalf("%s used link: %d %s", m, res.StatusCode, page)
			}
		}
		// Unknown token.
		res, _ = b.do(t, "GET", "/admin/reset/"+strings.Repeat("A", 43), nil)
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("unknown token: %d", res.StatusCode)
		}
		res, _ = b.do(t, "GET", "/admin/reset/short", nil)
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("malformed token: %d", res.StatusCode)
		}
	})
}

func TestPasswordResetExpires(t *testing.T) {
	eachReset(t, func(t *testing.T, f *resetFixture) {
		b := f.browser("192.0.2.40")
		b.do(t, "POST", "/admin/forgot", url.Values{"email": {"ana@example.com"}})
		files := f.mails(t)
		if len(files) != 1 {
			t.Fatalf("mail files %v", files)
		}
		link := readLink(t, files[0])
		f.clk.add(59 * time.Minute)
		if res, _ := b.do(t, "GET", link, nil); res.StatusCode != 200 {
			t.Fatalf("after 59 min: %d", res.StatusCode)
		}
		f.clk.add(time.Minute)
		res, page := b.do(t, "POST", link, url.Values{"password": {"a new long password"}, "password2": {"a new long password"}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "expired") {
			t.Fatalf("after 1 h: %d %s", res.StatusCode, page)
		}
		if _, err := f.auth.Login(context.Background(), "192.0.2.99", "ana@example.com", "right password"); err != nil {
			t.Fatalf("password changed by an expired link: %v", err)
		}
	})
}

func TestPasswordResetRateLimitAndCrossOrigin(t *testing.T) {
	eachReset(t, func(t *testing.T, f *resetFixture) {
		b := f.browser("192.0.2.50")
		res, _ := b.do(t, "POST", "/admin/forgot", url.Values{"email": {"ana@example.com"}},
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-origin forgot: %d", res.StatusCode)
		}
		// Per address: the same answer for known and unknown addresses.
		for _, email := range []string{"ana@example.com", "nobody@example.com"} {
			for i := 0; i < resetAddrBurst; i++ {
				if res, _ := f.browser(fmt.Sprintf("192.0.2.%d", 60+i)).do(t, "POST", "/admin/forgot", url.Values{"email": {email}}); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("%s request %d: %d", email, i, res.StatusCode)
				}
			}
			res, page := f.browser("198.51.100.7").do(t, "POST", "/admin/forgot", url.Values{"email": {email}})
			if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "Too many") {
				t.Fatalf("%s past the limit: %d", email, res.StatusCode)
			}
		}
		if files := f.mails(t); len(files) != resetAddrBurst {
			t.Fatalf("mails %d, want %d", len(files), resetAddrBurst)
		}
		f.clk.add(resetAddrEvery)
		if res, _ := b.do(t, "POST", "/admin/forgot", url.Values{"email": {"ana@example.com"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("after refill: %d", res.StatusCode)
		}
		// Per IP.
		ip := f.browser("203.0.113.9")
		for i := 0; i < resetIPBurst; i++ {
			if res, _ := ip.do(t, "POST", "/admin/forgot", url.Values{"email": {fmt.Sprintf("x%d@example.com", i)}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("ip request %d: %d", i, res.StatusCode)
			}
		}
		if res, _ := ip.do(t, "POST", "/admin/forgot", url.Values{"email": {"fresh@example.com"}}); res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("ip past the limit: %d", res.StatusCode)
		}
	})
}
