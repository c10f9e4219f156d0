//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// TestModerationQueueKeyboard: a moderator signs in, opens Comments from the
// admin menu and works the pending queue with the keyboard only — the
// shortcut legend is on the page, j moves to the next comment, a approves
// it, s marks the focused one as spam, x ticks one and the bulk Reject
// button rejects it. Each decision reaches the database; the page reports
// no console error (the script runs under the admin's strict CSP).
func TestModerationQueueKeyboard(t *testing.T) {
	ctx, console := newTab(t) // first: skips without a browser
	const email, password = "mo@harbourton.example", "correct horse battery staple"
	ids := map[string]int64{}
	bodies := []string{"First comment waiting", "Second comment waiting", "Third comment waiting", "Fourth comment waiting"}
	s := startSite(t, siteOptions{Prepare: func(ctx context.Context, st *store.Store) error {
		quiet := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
		if _, err := auth.New(st, auth.Options{Log: quiet}).AddUser(ctx, email, "Mo Derator", "moderator", password); err != nil {
			return err
		}
		a := &model.Article{Slug: "ferry", Headline: "Ferry returns", Status: model.StatusPublished,
			PublishedAt: time.Now().Add(-time.Hour), CommentsOpen: true}
		if _, err := st.SaveArticle(ctx, a); err != nil {
			return err
		}
		g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Gail Guest"}
		if err := st.CreateCommentIdentity(ctx, g); err != nil {
			return err
		}
		for i, b := range bodies { // newest first in the queue: First is the newest
			c := &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: model.CommentPending, BodySource: b,
				BodyHTML: "<p>" + b + "</p>", Created: time.Now().Add(-time.Duration(i+1) * time.Minute)}
			if err := st.CreateComment(ctx, c); err != nil {
				return err
			}
			ids[b] = c.ID
		}
		return nil
	}})
	status := func(body string) model.CommentStatus {
		c, err := s.Store.Comment(context.Background(), ids[body])
		if err != nil {
			t.Fatal(err)
		}
		return c.Status
	}
	key := func(k, wait string) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatalf("press %s: %v", k, err)
		}
		do(t, ctx, "wait for "+wait, chromedp.WaitVisible(chromedp.CSS(wait)))
	}

	open(t, ctx, s.URL+"/admin/login", "#email")
	do(t, ctx, "fill the sign-in form",
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password))
	follow(t, ctx, `form[action="/admin/login"] button[type=submit]`, ".admin-user")
	follow(t, ctx, `.admin-nav a[href="/admin/comments"]`, ".cm-row")
	if legend := textOf(t, ctx, "#cm-keys"); !strings.Contains(legend, "j/k") || !strings.Contains(legend, "a approve") {
		t.Errorf("shortcut legend reads %q", legend)
	}
	// Nothing is current at load, so the first j selects the first comment
	// (issue 4 tester finding 7) and a shortcut pressed before it does nothing.
	if got := js[int](t, ctx, `document.querySelectorAll('.cm-current').length`); got != 0 {
		t.Fatalf("%d comments current at load, want none", got)
	}
	do(t, ctx, "press j", chromedp.KeyEvent("j"))
	if got := js[string](t, ctx, `document.activeElement.dataset.id + ' ' + document.querySelector('.cm-current').dataset.id`); got != fmt.Sprint(ids["First comment waiting"], " ", ids["First comment waiting"]) {
		t.Fatalf("after the first j the focused and current comment are %s, want the first", got)
	}
	do(t, ctx, "press j", chromedp.KeyEvent("j"))
	if got := js[string](t, ctx, `document.querySelector('.cm-current').dataset.id`); got != fmt.Sprint(ids["Second comment waiting"]) {
		t.Fatalf("after j j the current comment is %s, want the second", got)
	}
	key("a", ".notice")
	if n := textOf(t, ctx, ".notice"); n != "1 comment(s) approved." || status("Second comment waiting") != model.CommentApproved {
		t.Fatalf("after a: notice %q, second comment %s", n, status("Second comment waiting"))
	}
	if status("First comment waiting") != model.CommentPending {
		t.Fatal("a approved the wrong comment")
	}
	// Back on the queue nothing is current: j selects the first comment, s marks it spam.
	do(t, ctx, "press j", chromedp.KeyEvent("j"))
	key("s", ".notice")
	if status("First comment waiting") != model.CommentSpam {
		t.Fatalf("after s: first comment %s", status("First comment waiting"))
	}
	// x ticks the current (now the third) comment; the bulk Reject button rejects it.
	do(t, ctx, "press j", chromedp.KeyEvent("j"))
	do(t, ctx, "press x", chromedp.KeyEvent("x"))
	if !js[bool](t, ctx, `document.querySelector('.cm-current input[name=id]').checked`) {
		t.Fatal("x did not tick the current comment")
	}
	follow(t, ctx, `.cm-bulk button[value=reject]`, ".notice")
	if status("Third comment waiting") != model.CommentRejected || status("Fourth comment waiting") != model.CommentPending {
		t.Fatalf("bulk reject: third %s, fourth %s", status("Third comment waiting"), status("Fourth comment waiting"))
	}
	// Typing in a filter box is not taken for shortcuts.
	do(t, ctx, "type in the author filter", chromedp.SendKeys(chromedp.CSS("#f-author"), "as"))
	if status("Fourth comment waiting") != model.CommentPending {
		t.Fatal("typing in a filter moderated a comment")
	}
	console.requireClean(t, "moderation queue")
}
