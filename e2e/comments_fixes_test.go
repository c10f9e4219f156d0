//go:build e2e

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// noScript turns script execution off in tab, as for a reader with
// JavaScript disabled.
func noScript(t *testing.T, tab context.Context) {
	t.Helper()
	do(t, tab, "disable JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// TestClosedThreadReadOnly (issue 4, testers' gap): a story whose comments
// a moderator closed shows its thread under "Comments are closed", with no
// form and no Reply, vote, Report or Edit controls, with JavaScript on and
// off, and the page holds no live stream.
func TestClosedThreadReadOnly(t *testing.T) {
	chromiumPath(t) // skips without a browser
	prepare := prepareCommentStory(false)
	s := startSite(t, siteOptions{Prepare: func(ctx context.Context, st *store.Store) error {
		if err := prepare(ctx, st); err != nil {
			return err
		}
		a, err := st.ArticleBySlug(ctx, commentStory)
		if err != nil {
			return err
		}
		id := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Olga"}
		if err := st.CreateCommentIdentity(ctx, id); err != nil {
			return err
		}
		r, _ := markup.Comment("Said before the close")
		if err := st.CreateComment(ctx, &model.Comment{ArticleID: a.ID, IdentityID: id.ID, Status: model.CommentApproved,
			BodySource: "Said before the close", BodyHTML: r.HTML, Created: time.Now().UTC()}); err != nil {
			return err
		}
		return st.SaveCommentSettings(ctx, model.CommentSettings{Scope: model.ScopeArticle, ScopeID: a.ID, AutoCloseDays: -1,
			Closed: time.Now().UTC()})
	}})
	withJS, console1 := newTab(t)
	withoutJS, console2 := newTab(t)
	noScript(t, withoutJS)
	for name, tab := range map[string]context.Context{"with JavaScript": withJS, "without JavaScript": withoutJS} {
		open(t, tab, s.URL+"/articles/"+commentStory, "#comments .comments-closed")
		if got := textOf(t, tab, "#comments .comments-closed"); got != "Comments are closed for this story." {
			t.Errorf("%s: closed line %q", name, got)
		}
		if got := textOf(t, tab, "#comments .comment .comment-body"); got != "Said before the close" {
			t.Errorf("%s: thread shows %q", name, got)
		}
		controls := js[[]string](t, tab, `[...document.querySelectorAll('#comments form, #comments button, #comments .comment a:not(.comment-time)')].map(e => e.outerHTML.slice(0, 80))`)
		if len(controls) > 0 {
			t.Errorf("%s: closed thread has controls: %q", name, controls)
		}
		if state := js[string](t, tab, `document.getElementById('comments').dataset.liveState || ''`); state != "" {
			t.Errorf("%s: live stream state %q on a closed thread", name, state)
		}
	}
	console1.requireClean(t, "closed thread with JavaScript")
	console2.requireClean(t, "closed thread without JavaScript")
}

// TestRefusalAndDeleteWithoutJavaScript (issue 4, testers' gaps 2 and 3),
// with JavaScript off: posting the same comment twice comes back as the
// comment form with the text kept and the reason shown; Delete opens a
// confirmation page whose Cancel leaves the comment and whose button
// deletes it.
func TestRefusalAndDeleteWithoutJavaScript(t *testing.T) {
	chromiumPath(t) // skips without a browser
	s := startSite(t, siteOptions{Prepare: prepareCommentStory(false)})
	tab, console := newTab(t)
	noScript(t, tab)
	story := s.URL + "/articles/" + commentStory
	open(t, tab, story, "#comments form[data-comment-form]")
	do(t, tab, "fill the form",
		chromedp.SendKeys(chromedp.CSS(`#comments input[name=name]`), "Olga"),
		chromedp.SendKeys(chromedp.CSS(`#comments textarea[name=body]`), "Only once, please"))
	follow(t, tab, `#comments form[data-comment-form] button[type=submit]`, "#comments .comment .comment-body")

	// The same text again: refused, and the form comes back with it.
	do(t, tab, "write the same again", chromedp.SendKeys(chromedp.CSS(`#comments textarea[name=body]`), "Only once, please"))
	do(t, tab, "post it (a 409 page follows)", chromedp.Click(chromedp.CSS(`#comments form[data-comment-form] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".comment-page form[data-comment-form] .form-error")))
	if got := textOf(t, tab, ".form-error"); !strings.Contains(got, "already posted this comment") {
		t.Errorf("refusal reads %q", got)
	}
	if got := js[string](t, tab, `document.querySelector('form[data-comment-form] textarea').value`); got != "Only once, please" {
		t.Errorf("the refused text was not kept: %q", got)
	}

	// Delete: the confirmation page, Cancel, then Delete for real.
	open(t, tab, story, "#comments .comment a.delete-link")
	follow(t, tab, "#comments .comment a.delete-link", ".comment-page form button[type=submit]")
	if got := textOf(t, tab, "h1"); got != "Delete your comment?" {
		t.Errorf("confirmation h1 %q", got)
	}
	follow(t, tab, ".comment-page form a[href^='/comments/']", "#comments .comment .comment-body")
	if got := textOf(t, tab, "#comments .comment .comment-body"); got != "Only once, please" {
		t.Fatalf("after Cancel the thread shows %q", got)
	}
	follow(t, tab, "#comments .comment a.delete-link", ".comment-page form button[type=submit]")
	// A deleted comment with no replies leaves the thread.
	follow(t, tab, ".comment-page form button[type=submit]", "#comments [data-empty]")
	if n := js[int](t, tab, `document.querySelectorAll('#comments .comment').length`); n != 0 {
		t.Errorf("after deleting the thread shows %d comments", n)
	}
	for _, e := range console.all() { // the 409 page is expected; nothing else
		if !strings.Contains(e, "status of 409") {
			t.Errorf("browser reported: %s", e)
		}
	}
}

// TestDeleteAsksWithJavaScript (issue 4, testers' gap 3): with
// JavaScript, Delete asks first (window.confirm); declining changes
// nothing, accepting deletes the comment in place without a page load.
func TestDeleteAsksWithJavaScript(t *testing.T) {
	chromiumPath(t) // skips without a browser
	s := startSite(t, siteOptions{Prepare: prepareCommentStory(false)})
	tab, console := newTab(t)
	story := s.URL + "/articles/" + commentStory
	open(t, tab, story, "#comments form[data-comment-form]")
	do(t, tab, "post a comment",
		chromedp.SendKeys(chromedp.CSS(`#comments input[name=name]`), "Lev"),
		chromedp.SendKeys(chromedp.CSS(`#comments textarea[name=body]`), "Maybe I should not have"),
		chromedp.Click(chromedp.CSS(`#comments form[data-comment-form] button[type=submit]`)))
	run(t, tab, "the comment is placed with its Delete link", chromedp.Poll[bool](`!!document.querySelector('#comments .comment a.delete-link')`))
	js[chromedp.Void](t, tab, `window.__stayed = true; window.__asked = []; window.__answer = false;
		window.confirm = (m) => { window.__asked.push(m); return window.__answer; }`)
	do(t, tab, "click Delete, decline", chromedp.Click(chromedp.CSS(`#comments .comment a.delete-link`)))
	if got := js[[]string](t, tab, `window.__asked`); len(got) != 1 || !strings.Contains(got[0], "Delete your comment?") {
		t.Fatalf("asked %q", got)
	}
	a, err := s.Store.ArticleBySlug(t.Context(), commentStory)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Store.ArticleComments(t.Context(), a.ID, 0)
	if err != nil || len(all) != 1 || all[0].Status != model.CommentApproved {
		t.Fatalf("declined, yet: %v %v", all, err)
	}
	if js[bool](t, tab, `!!document.querySelector('#comments .comment .removed')`) {
		t.Fatal("declined, yet the comment shows as deleted")
	}
	js[chromedp.Void](t, tab, `window.__answer = true`)
	do(t, tab, "click Delete, accept", chromedp.Click(chromedp.CSS(`#comments .comment a.delete-link`)))
	run(t, tab, "the comment shows as deleted", chromedp.Poll[bool](`(document.querySelector('#comments .comment .removed') || {}).textContent === 'This comment was deleted.'`))
	if !js[bool](t, tab, `window.__stayed === true`) {
		t.Error("deleting reloaded the page")
	}
	if c, err := s.Store.Comment(t.Context(), all[0].ID); err != nil || c.Status != model.CommentDeleted {
		t.Errorf("stored status %v %v", c, err)
	}
	do(t, tab, "close the live stream", chromedp.Navigate("about:blank"))
	console.requireClean(t, "delete with JavaScript")
}
