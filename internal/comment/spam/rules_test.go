package spam

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

func policy(t *testing.T) Policy {
	t.Helper()
	p := DefaultPolicy
	var err error
	if p.Banned, err = ParseWordList("badword\n"); err != nil {
		t.Fatal(err)
	}
	if p.Suspect, err = ParseWordList("idiot\n"); err != nil {
		t.Fatal(err)
	}
	return p
}

func sub(body string) Submission {
	return Submission{Now: t0, Body: body, Published: t0.Add(-time.Hour), FormTime: t0.Add(-time.Minute), Approved: 2}
}

func wantStatus(t *testing.T, p Policy, s Submission, want Status, reason string) Verdict {
	t.Helper()
	v, err := p.Decide(s)
	if err != nil {
		t.Fatalf("Decide: refused %v, want %s", err, want)
	}
	if v.Status != want {
		t.Fatalf("status = %s (%v), want %s", v.Status, v.Reasons, want)
	}
	if reason != "" && !strings.Contains(strings.Join(v.Reasons, "; "), reason) {
		t.Fatalf("reasons %q lack %q", v.Reasons, reason)
	}
	return v
}

func wantRefusal(t *testing.T, p Policy, s Submission, code int, msg string) {
	t.Helper()
	_, err := p.Decide(s)
	var r *Refusal
	if !errors.As(err, &r) || r.Code != code || !strings.Contains(r.Message, msg) {
		t.Fatalf("Decide error = %v, want %d %q", err, code, msg)
	}
}

func TestDecideModes(t *testing.T) {
	p := policy(t)
	wantStatus(t, p, sub("hello"), Approved, "")
	p.Mode = PreModeration
	wantStatus(t, p, sub("hello"), Pending, "pre-moderation")

	p.Mode = PreModerationFirstTime
	wantStatus(t, p, sub("hello"), Approved, "")
	first := sub("hello")
	first.Approved = 0
	wantStatus(t, p, first, Pending, "first-time")

	p.Mode = PreModerationLinks
	wantStatus(t, p, sub("hello"), Approved, "")
	linked := sub("see https://example.com")
	linked.Links = 1
	wantStatus(t, p, linked, Pending, "with links")
}

func TestDecideFilters(t *testing.T) {
	p := policy(t)
	wantStatus(t, p, sub("what a ba<b></b>dword"), Rejected, `banned word "badword"`)
	wantStatus(t, p, sub("you \u0456d\u0456ot"), Pending, `suspect word "idiot"`)

	links := sub("many links")
	links.Links = 4
	wantStatus(t, p, links, Pending, "4 links (more than 3)")
	links.Links = 3
	wantStatus(t, p, links, Approved, "")

	hp := sub("hello")
	hp.Honeypot = "http://spam.example"
	wantStatus(t, p, hp, Spam, "honeypot")

	fast := sub("hello")
	fast.FormTime = t0.Add(-2 * time.Second)
	wantStatus(t, p, fast, Pending, "sent 2.0 s after")
	fast.FormTime = t0.Add(-3 * time.Second)
	wantStatus(t, p, fast, Approved, "")
	nostamp := sub("hello")
	nostamp.FormTime, nostamp.NoStamp = time.Time{}, true
	wantStatus(t, p, nostamp, Pending, "no valid form time stamp")

	dup := sub("hello")
	dup.OthersDuplicates = 3
	wantStatus(t, p, dup, Spam, "3 other authors")
	dup.OthersDuplicates = 2
	wantStatus(t, p, dup, Approved, "")
	dup.OwnDuplicate = true
	wantRefusal(t, p, dup, http.StatusConflict, "already posted")

	sc := sub("hello")
	sc.Score = Score{Spam: 0.995, Trained: true, Confident: true}
	wantStatus(t, p, sc, Spam, "spam filter score 0.99")
	// A filter trained on few decisions only holds, however sure it is.
	sc.Score = Score{Spam: 1, Trained: true, SpamDocs: 14, HamDocs: 160}
	wantStatus(t, p, sc, Pending, "held for review: the filter has learnt from 14 spam and 160 approved comments")
	sc.Score = Score{Spam: 0.95, Trained: true}
	wantStatus(t, p, sc, Pending, "spam filter score 0.95")
	sc.Score = Score{Spam: 0.999, Trained: false}
	wantStatus(t, p, sc, Approved, "")

	// The strongest rule wins and every rule is listed.
	all := sub("badword idiot")
	all.Honeypot = "x"
	all.Links = 9
	v := wantStatus(t, p, all, Spam, "honeypot")
	if len(v.Reasons) != 4 {
		t.Errorf("reasons = %q, want 4", v.Reasons)
	}

	staff := sub("badword")
	staff.Staff = true
	staff.Honeypot = "x"
	wantStatus(t, p, staff, Approved, "")
}

func TestDecideClosing(t *testing.T) {
	p := policy(t)
	s := sub("hello")
	s.Published = t0.Add(-14*24*time.Hour + time.Second)
	wantStatus(t, p, s, Approved, "")
	s.Published = t0.Add(-14 * 24 * time.Hour)
	wantRefusal(t, p, s, http.StatusForbidden, "closed")
	p.CloseAfter = 0
	wantStatus(t, p, s, Approved, "")
	s.Closed = true
	wantRefusal(t, p, s, http.StatusForbidden, "closed")
	s.Staff = true
	wantRefusal(t, p, s, http.StatusForbidden, "closed")
	if got := DefaultPolicy.ClosedAt(t0); !got.Equal(t0.Add(14 * 24 * time.Hour)) {
		t.Errorf("ClosedAt = %v", got)
	}
}

func TestDecideBans(t *testing.T) {
	p := policy(t)
	s := sub("hello")
	s.Bans = []Ban{{Kind: BanEmail, Until: t0.Add(time.Hour)}}
	wantRefusal(t, p, s, http.StatusForbidden, "until 29 November 2026, 13:00 UTC")
	s.Bans = []Ban{{Kind: BanIP}}
	wantRefusal(t, p, s, http.StatusForbidden, "cannot comment")
	s.Bans = []Ban{{Kind: BanIdentity, Until: t0}} // ended exactly now
	wantStatus(t, p, s, Approved, "")
	s.Bans = []Ban{{Kind: BanIdentity, Shadow: true, Until: t0.Add(time.Minute)}}
	v := wantStatus(t, p, s, Approved, "")
	if !v.Shadow {
		t.Error("shadow ban did not shadow the comment")
	}
	s.Bans = []Ban{{Kind: BanIdentity, Shadow: true, Until: t0.Add(-time.Minute)}}
	if v := wantStatus(t, p, s, Approved, ""); v.Shadow {
		t.Error("an ended shadow ban still shadows")
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range Modes {
		if got, err := ParseMode(string(m)); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %q, %v", m, got, err)
		}
	}
	if _, err := ParseMode("sometimes"); err == nil {
		t.Error("ParseMode accepted an unknown mode")
	}
}
