package web

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
	"masthead/internal/store"
)

type modFixture struct {
	*adminFixture
	art   *model.Article
	sec   *model.Section
	guest *model.CommentIdentity
	troll *model.CommentIdentity
	ids   map[string]int64 // comment body → id
}

// seedComments adds a moderator account (mo@example.com), an article with
// comments in each status, and returns the fixture.
func seedComments(t *testing.T, f *adminFixture) *modFixture {
	t.Helper()
	ctx := context.Background()
	if _, err := f.auth.AddUser(ctx, "mo@example.com", "Mo Derator", "moderator", "right password"); err != nil {
		t.Fatal(err)
	}
	m := &modFixture{adminFixture: f, ids: map[string]int64{}}
	m.sec = &model.Section{Slug: "politics", Name: "Politics"}
	if err := f.st.CreateSection(ctx, m.sec); err != nil {
		t.Fatal(err)
	}
	now := f.clk.now()
	m.art = &model.Article{Slug: "council-vote", Headline: "Council votes on the bypass", Status: model.StatusPublished,
		SectionID: m.sec.ID, PublishedAt: now.Add(-2 * time.Hour), CommentsOpen: true}
	if _, err := f.st.SaveArticle(ctx, m.art); err != nil {
		t.Fatal(err)
	}
	m.guest = &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Gail Guest", Email: "gail@example.com"}
	m.troll = &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Terry Troll", Email: "terry@example.net"}
	for _, ci := range []*model.CommentIdentity{m.guest, m.troll} {
		if err := f.st.CreateCommentIdentity(ctx, ci); err != nil {
			t.Fatal(err)
		}
	}
	add := func(who *model.CommentIdentity, body string, st model.CommentStatus, parent int64, reason string) {
		c := &model.Comment{ArticleID: m.art.ID, IdentityID: who.ID, Status: st, BodySource: body,
			BodyHTML: "<p>" + body + "</p>", BodyHash: comment.BodyHash(body), IPHash: "ip-" + who.Name, ParentID: parent,
			Created: now.Add(-time.Duration(len(m.ids)+1) * time.Minute), SpamReason: reason}
		if err := f.st.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		m.ids[body] = c.ID
	}
	add(m.guest, "The bypass vote was rushed", model.CommentApproved, 0, "")
	add(m.troll, "Cheap watches at deals dot example", model.CommentPending, m.ids["The bypass vote was rushed"], "suspect word \"cheap\"")
	add(m.guest, "Residents were not consulted", model.CommentPending, 0, "pre-moderation")
	add(m.troll, "You are all idiots", model.CommentRejected, 0, "")
	return m
}

func (m *modFixture) status(t *testing.T, body string) model.CommentStatus {
	t.Helper()
	c, err := m.st.Comment(context.Background(), m.ids[body])
	if err != nil {
		t.Fatal(err)
	}
	return c.Status
}

func TestAdminCommentsPermissions(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		m := seedComments(t, f)
		anon := f.browser("192.0.2.9")
		res, _ := anon.do(t, "GET", "/admin/comments", nil)
		wantRedirect(t, res, 303, "/admin/login?next=%2Fadmin%2Fcomments")

		ben := f.browser("192.0.2.10") // analyst
		ben.login(t, "ben@example.com", "right password", "")
		res, page := ben.do(t, "GET", "/admin/comments", nil)
		wantStatus(t, res, page, 403, "Only moderators, editors and owners")
		res, page = ben.do(t, "GET", "/admin", nil)
		if strings.Contains(page, `href="/admin/comments"`) {
			t.Error("the analyst's menu offers Comments")
		}
		res, _ = ben.do(t, "POST", "/admin/comments/moderate", url.Values{"one": {fmt.Sprint("approve:", m.ids["Residents were not consulted"])}})
		if res.StatusCode != 403 || m.status(t, "Residents were not consulted") != model.CommentPending {
			t.Fatalf("analyst approved a comment: %d", res.StatusCode)
		}
		for _, path := range []string{"/admin/comments/settings", "/admin/comments/bans", fmt.Sprint("/admin/comments/", m.ids["You are all idiots"])} {
			if res, _ := ben.do(t, "GET", path, nil); res.StatusCode != 403 {
				t.Errorf("analyst GET %s: %d", path, res.StatusCode)
			}
		}

		mo := f.browser("192.0.2.11")
		mo.login(t, "mo@example.com", "right password", "")
		res, page = mo.do(t, "GET", "/admin", nil)
		wantStatus(t, res, page, 200, `href="/admin/comments">Comments <span class="nav-badge"`)
		// A form posted from another site is refused and changes nothing.
		res, _ = mo.do(t, "POST", "/admin/comments/moderate", url.Values{"one": {fmt.Sprint("approve:", m.ids["Residents were not consulted"])}},
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if res.StatusCode != 403 || m.status(t, "Residents were not consulted") != model.CommentPending {
			t.Fatalf("cross-origin approve: %d", res.StatusCode)
		}
		res, _ = mo.do(t, "POST", "/admin/comments/words", url.Values{"kind": {"banned"}, "words": {"x"}},
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if w, _ := f.st.CommentWords(context.Background(), store.WordsBanned); res.StatusCode != 403 || len(w) != 0 {
			t.Fatalf("cross-origin word list: %d %q", res.StatusCode, w)
		}
	})
}

func TestAdminCommentsQueue(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		m := seedComments(t, f)
		ctx := context.Background()
		mo := f.browser("192.0.2.11")
		mo.login(t, "mo@example.com", "right password", "")
		res, page := mo.do(t, "GET", "/admin/comments", nil)
		wantStatus(t, res, page, 200, "Cheap watches at deals dot example", "Residents were not consulted",
			"Replying to <strong>Gail Guest</strong>: The bypass vote was rushed", `Held because: suspect word &#34;cheap&#34;`,
			"History: 0 approved, 1 pending, 0 spam, 1 rejected", "Filter: <strong>0.50</strong> (not yet trained)",
			`<kbd>j</kbd>`, `src="/static/admin_comments.`, `aria-current="page">Pending <span class="count">2</span>`)
		if strings.Contains(page, `<div class="cm-body"><p>The bypass vote was rushed</p>`) {
			t.Error("an approved comment is in the pending tab")
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("queue CSP %q", csp)
		}
		// Filters.
		for q, want := range map[string]string{
			"tab=pending&author=terry":                  "Cheap watches",
			"tab=pending&q=CONSULTED":                   "Residents were not consulted",
			"tab=rejected":                              "You are all idiots",
			"tab=approved&article=council-vote":         "The bypass vote was rushed",
			"tab=pending&section=politics":              "Residents were not consulted",
			"tab=pending&from=2000-01-01&to=2999-12-31": "Cheap watches",
		} {
			res, page := mo.do(t, "GET", "/admin/comments?"+q, nil)
			wantStatus(t, res, page, 200, want)
		}
		res, page = mo.do(t, "GET", "/admin/comments?tab=pending&author=gail", nil)
		if strings.Contains(page, "Cheap watches") || !strings.Contains(page, "Residents") {
			t.Error("author filter")
		}
		res, page = mo.do(t, "GET", "/admin/comments?tab=pending&q=100%25", nil)
		wantStatus(t, res, page, 200, "Nothing here.")
		for q, msg := range map[string]string{
			"tab=deleted":          "There is no queue tab",
			"tab=pending&from=yes": "is not a date like",
			"article=nope":         "There is no article",
			"section=nope":         "There is no section",
		} {
			res, page := mo.do(t, "GET", "/admin/comments?"+q, nil)
			wantStatus(t, res, page, 400, msg)
		}

		// Bulk approve, then the notice and the audit log.
		back := "/admin/comments?tab=pending"
		res, _ = mo.do(t, "POST", "/admin/comments/moderate", url.Values{"action": {"approve"}, "back": {back},
			"id": {fmt.Sprint(m.ids["Residents were not consulted"]), fmt.Sprint(m.ids["You are all idiots"])}})
		wantRedirect(t, res, 303, "/admin/comments?done=approved&n=2&tab=pending")
		if m.status(t, "Residents were not consulted") != model.CommentApproved || m.status(t, "You are all idiots") != model.CommentApproved {
			t.Fatal("bulk approve did not approve")
		}
		res, page = mo.do(t, "GET", "/admin/comments?done=approved&n=2&tab=pending", nil)
		wantStatus(t, res, page, 200, "2 comment(s) approved.")
		// One comment marked spam with its own button: trained as spam.
		res, _ = mo.do(t, "POST", "/admin/comments/moderate", url.Values{"one": {fmt.Sprint("spam:", m.ids["Cheap watches at deals dot example"])},
			"back": {"https://evil.example/"}})
		wantRedirect(t, res, 303, "/admin/comments?done=spam&n=1")
		if label, _ := f.st.SpamTrainedLabel(ctx, m.ids["Cheap watches at deals dot example"]); label != "spam" {
			t.Errorf("spam decision trained as %q", label)
		}
		if label, _ := f.st.SpamTrainedLabel(ctx, m.ids["Residents were not consulted"]); label != "ham" {
			t.Errorf("approve decision trained as %q", label)
		}
		log, _, _ := f.st.AuditLog(ctx, store.AuditFilter{})
		if len(log) != 3 || log[0].Action != comment.AuditSpam || log[0].UserName != "Mo Derator" || log[0].ArticleID != m.art.ID {
			t.Fatalf("audit %+v", log)
		}
		// Bad input changes nothing.
		for _, form := range []url.Values{
			{"action": {"delete"}, "id": {fmt.Sprint(m.ids["The bypass vote was rushed"])}},
			{"action": {"reject"}, "id": {"abc"}},
			{"action": {"reject"}},
			{"one": {"reject:x"}},
		} {
			res, page := mo.do(t, "POST", "/admin/comments/moderate", form)
			wantStatus(t, res, page, 400)
		}
		if m.status(t, "The bypass vote was rushed") != model.CommentApproved {
			t.Fatal("a refused form changed a comment")
		}
		// The comment page: thread context, history, score.
		res, page = mo.do(t, "GET", fmt.Sprint("/admin/comments/", m.ids["Cheap watches at deals dot example"]), nil)
		wantStatus(t, res, page, 200, "In its thread", "The bypass vote was rushed", "Terry Troll", "terry@example.net",
			"Recent comments", "You are all idiots", "Ban this author")
		res, page = mo.do(t, "GET", fmt.Sprint("/admin/comments/", m.ids["The bypass vote was rushed"]), nil)
		wantStatus(t, res, page, 200, "Cheap watches at deals dot example") // its reply
		if res, _ := mo.do(t, "GET", "/admin/comments/999999", nil); res.StatusCode != 404 {
			t.Errorf("unknown comment: %d", res.StatusCode)
		}
	})
}

func TestAdminCommentBans(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		m := seedComments(t, f)
		ctx := context.Background()
		ana := f.browser("192.0.2.12") // editor
		ana.login(t, "ana@example.com", "right password", "")
		id := m.ids["You are all idiots"]
		for _, form := range []url.Values{
			{"comment": {fmt.Sprint(id)}, "duration": {"7d"}},
			{"comment": {fmt.Sprint(id)}, "duration": {"forever"}, "by": {"identity"}},
			{"comment": {"0"}, "duration": {"7d"}, "by": {"identity"}},
			{"comment": {fmt.Sprint(id)}, "duration": {"7d"}, "by": {"mac"}},
		} {
			res, page := ana.do(t, "POST", "/admin/comments/bans", form)
			wantStatus(t, res, page, 400)
		}
		if bans, _ := f.st.CommentBans(ctx, false, 0, f.clk.now(), 0); len(bans) != 0 {
			t.Fatalf("refused ban forms stored %d bans", len(bans))
		}
		res, _ := ana.do(t, "POST", "/admin/comments/bans", url.Values{"comment": {fmt.Sprint(id)}, "duration": {"7d"},
			"by": {"identity", "email", "ip"}, "shadow": {"1"}, "reason": {"trolling the council story"}})
		wantRedirect(t, res, 303, fmt.Sprint("/admin/comments/", id, "?done=ban"))
		bans, _ := f.st.CommentBans(ctx, true, 0, f.clk.now(), 0)
		if len(bans) != 1 || !bans[0].Shadow || bans[0].IdentityID != m.troll.ID || bans[0].Email != "terry@example.net" ||
			bans[0].IPHash != "ip-Terry Troll" || !bans[0].Until.Equal(f.clk.now().Truncate(time.Second).AddDate(0, 0, 7)) {
			t.Fatalf("ban %+v", bans)
		}
		res, page := ana.do(t, "GET", fmt.Sprint("/admin/comments/", id, "?done=ban"), nil)
		wantStatus(t, res, page, 200, "Ban recorded.", "Shadow ban by identity by e-mail terry@example.net by IP hash", "trolling the council story")
		res, page = ana.do(t, "GET", "/admin/comments", nil)
		wantStatus(t, res, page, 200, `badge-unpublished">banned`)
		// New comments by the troll now go through shadowed.
		d := &comment.Decider{Store: f.st}
		set, _ := f.st.EffectiveCommentSettings(ctx, m.art)
		dec, err := d.Decide(ctx, comment.Submission{Article: m.art, Identity: m.troll, Settings: set, BodySource: "still here",
			BodyHTML: "<p>still here</p>", IPHash: "elsewhere", Now: f.clk.now()})
		if err != nil || !dec.Shadow {
			t.Fatalf("after a shadow ban: %+v %v", dec, err)
		}
		res, page = ana.do(t, "GET", "/admin/comments/bans", nil)
		wantStatus(t, res, page, 200, "Terry Troll", "shadow")
		res, _ = ana.do(t, "POST", fmt.Sprint("/admin/comments/bans/", bans[0].ID, "/lift"), url.Values{})
		wantRedirect(t, res, 303, "/admin/comments/bans?done=lift")
		if active, _ := f.st.CommentBans(ctx, true, 0, f.clk.now(), 0); len(active) != 0 {
			t.Fatal("lifted ban still in force")
		}
		if res, _ := ana.do(t, "POST", fmt.Sprint("/admin/comments/bans/", bans[0].ID, "/lift"), url.Values{}); res.StatusCode != 404 {
			t.Errorf("lifting twice: %d", res.StatusCode)
		}
		log, _, _ := f.st.AuditLog(ctx, store.AuditFilter{})
		if len(log) != 2 || log[0].Action != comment.AuditLiftBan || log[1].Action != comment.AuditBan {
			t.Fatalf("audit %+v", log)
		}
	})
}

func TestAdminCommentSettings(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		m := seedComments(t, f)
		ctx := context.Background()
		mo := f.browser("192.0.2.11")
		mo.login(t, "mo@example.com", "right password", "")
		res, page := mo.do(t, "GET", "/admin/comments/settings", nil)
		wantStatus(t, res, page, 200, `<option value="post" selected>`, `name="auto_close_days" type="number" min="0" max="3650" value="14"`, "Politics")

		site := url.Values{"mode": {"pre-first"}, "auto_close_days": {"7"}, "max_links": {"1"}, "min_submit_seconds": {"5"},
			"hold_score": {"0.8"}, "spam_score": {"0.95"}, "duplicate_spam": {"2"}}
		for field, bad := range map[string]string{"mode": "sometimes", "auto_close_days": "-3", "hold_score": "2", "max_links": "x"} {
			form := url.Values{}
			for k, v := range site {
				form[k] = v
			}
			form.Set(field, bad)
			res, page := mo.do(t, "POST", "/admin/comments/settings", form)
			wantStatus(t, res, page, 400)
		}
		if cs, _ := f.st.CommentSettings(ctx, model.ScopeSite, 0); cs.Mode != model.ModePost {
			t.Fatal("a refused form changed the site settings")
		}
		res, _ = mo.do(t, "POST", "/admin/comments/settings", site)
		wantRedirect(t, res, 303, "/admin/comments/settings?done=site")
		cs, _ := f.st.CommentSettings(ctx, model.ScopeSite, 0)
		d, _ := f.st.CommentDefences(ctx)
		if cs.Mode != model.ModePreFirst || cs.AutoCloseDays != 7 || d.MaxLinks != 1 || d.MinSubmitSeconds != 5 || d.HoldScore != 0.8 || d.DuplicateSpam != 2 {
			t.Fatalf("saved %+v %+v", cs, d)
		}
		res, _ = mo.do(t, "POST", fmt.Sprint("/admin/comments/settings/section/", m.sec.ID), url.Values{"mode": {"pre"}, "auto_close_days": {"-1"}})
		wantRedirect(t, res, 303, "/admin/comments/settings?done=section")
		res, _ = mo.do(t, "POST", fmt.Sprint("/admin/comments/settings/article/", m.art.ID), url.Values{"mode": {"pre-links"}, "auto_close_days": {"0"}, "closed": {"1"}})
		wantRedirect(t, res, 303, fmt.Sprint("/admin/comments/settings?done=article&article=", m.art.ID))
		eff, _ := f.st.EffectiveCommentSettings(ctx, m.art)
		if eff.Mode != model.ModePreLinks || eff.AutoCloseDays != 0 || eff.Closed.IsZero() {
			t.Fatalf("article settings in force: %+v", eff)
		}
		res, page = mo.do(t, "GET", "/admin/comments/settings?article=council-vote", nil)
		wantStatus(t, res, page, 200, "Council votes on the bypass", `name="closed" value="1" checked`)
		if res, _ := mo.do(t, "POST", "/admin/comments/settings/section/9999", url.Values{"mode": {"pre"}}); res.StatusCode != 404 {
			t.Errorf("unknown section: %d", res.StatusCode)
		}
		// The override forms' shared checks: unknown or non-numeric ids are
		// 404, bad mode or days are 400 naming the field, and none changes
		// the settings in force.
		for _, c := range []struct {
			path   string
			form   url.Values
			status int
			want   string
		}{
			{"/admin/comments/settings/article/9999", url.Values{"mode": {"pre"}}, 404, "There is no such article."},
			{"/admin/comments/settings/article/abc", url.Values{"mode": {"pre"}}, 404, "There is no such article."},
			{"/admin/comments/settings/section/abc", url.Values{"mode": {"pre"}}, 404, "There is no such section."},
			{fmt.Sprint("/admin/comments/settings/article/", m.art.ID), url.Values{"mode": {"pre"}, "auto_close_days": {"9999"}}, 400, "Close comments after"},
			{fmt.Sprint("/admin/comments/settings/section/", m.sec.ID), url.Values{"mode": {"pre"}, "auto_close_days": {"x"}}, 400, "Close comments after"},
			{fmt.Sprint("/admin/comments/settings/section/", m.sec.ID), url.Values{"mode": {"nonsense"}}, 400, ""},
		} {
			res, page := mo.do(t, "POST", c.path, c.form)
			wantStatus(t, res, page, c.status, c.want)
		}
		if eff, _ := f.st.EffectiveCommentSettings(ctx, m.art); eff.Mode != model.ModePreLinks || eff.AutoCloseDays != 0 {
			t.Fatalf("a refused override form changed the settings in force: %+v", eff)
		}

		// Word lists: a bad line is refused naming it; a good list works at once.
		res, page = mo.do(t, "POST", "/admin/comments/words", url.Values{"kind": {"banned"}, "words": {"badword\n*\n"}})
		wantStatus(t, res, page, 400, "line 2")
		res, _ = mo.do(t, "POST", "/admin/comments/words", url.Values{"kind": {"banned"}, "words": {"# slurs\nbadword\n"}})
		wantRedirect(t, res, 303, "/admin/comments/settings?done=banned")
		res, page = mo.do(t, "GET", "/admin/comments/settings?done=banned", nil)
		wantStatus(t, res, page, 200, "Banned word list saved.", ">badword</textarea>")
		d2 := &comment.Decider{Store: f.st}
		art2 := &model.Article{Slug: "open-story", Headline: "Open story", Status: model.StatusPublished, PublishedAt: f.clk.now().Add(-time.Hour), CommentsOpen: true}
		if _, err := f.st.SaveArticle(ctx, art2); err != nil {
			t.Fatal(err)
		}
		set, _ := f.st.EffectiveCommentSettings(ctx, art2)
		dec, err := d2.Decide(ctx, comment.Submission{Article: art2, Identity: m.guest, Settings: set, BodySource: "ba<b></b>dword",
			BodyHTML: "<p>ba<b></b>dword</p>", IPHash: "x", Now: f.clk.now()})
		if err != nil || dec.Status != model.CommentRejected {
			t.Fatalf("banned word after saving the list: %+v %v", dec, err)
		}
		_, err = d2.Decide(ctx, comment.Submission{Article: m.art, Identity: m.guest, Settings: eff, BodySource: "hi", BodyHTML: "<p>hi</p>", Now: f.clk.now()})
		var ref *comment.Refusal
		if !errors.As(err, &ref) || ref.Code != 403 {
			t.Fatalf("comment on a closed article: %v", err)
		}
		log, _, _ := f.st.AuditLog(ctx, store.AuditFilter{})
		if len(log) != 4 || log[0].Action != comment.AuditWords || log[1].ArticleID != m.art.ID {
			t.Fatalf("audit %+v", log)
		}
		res, page = mo.do(t, "GET", "/admin/audit", nil)
		if res.StatusCode != 403 { // moderators do not read the audit log; editors do
			t.Errorf("moderator audit page: %d", res.StatusCode)
		}
	})
}
