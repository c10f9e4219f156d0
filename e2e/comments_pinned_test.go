//go:build e2e

package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// TestPinnedCommentReplies (issue 4 tester finding 2): the pinned comment
// is shown twice — above the thread and in it — but only the thread copy
// has id="comment-N" (the pinned copy is "pinned-comment-N"). Reply on the
// pinned copy opens inline and the reply is placed under the thread copy
// without a page load, and another reader's open page shows it live.
func TestPinnedCommentReplies(t *testing.T) {
	chromiumPath(t) // skips without a browser
	prepare := prepareCommentStory(false)
	var pinned int64
	s := startSite(t, siteOptions{Prepare: func(ctx context.Context, st *store.Store) error {
		if err := prepare(ctx, st); err != nil {
			return err
		}
		a, err := st.ArticleBySlug(ctx, commentStory)
		if err != nil {
			return err
		}
		for i, text := range []string{"The first word", "Worth pinning"} {
			id := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Author " + strconv.Itoa(i)}
			if err := st.CreateCommentIdentity(ctx, id); err != nil {
				return err
			}
			r, _ := markup.Comment(text)
			c := &model.Comment{ArticleID: a.ID, IdentityID: id.ID, Status: model.CommentApproved,
				BodySource: text, BodyHTML: r.HTML, Created: time.Now().UTC().Add(time.Duration(i-5) * time.Minute)}
			if err := st.CreateComment(ctx, c); err != nil {
				return err
			}
			pinned = c.ID
		}
		return st.SetCommentPinned(ctx, pinned, true, time.Now().UTC())
	}})
	replier, console1 := newTab(t)
	watcher, console2 := newTab(t)
	story := s.URL + "/articles/" + commentStory
	n := strconv.FormatInt(pinned, 10)
	for _, tab := range []context.Context{replier, watcher} {
		open(t, tab, story, "#comments .comment-pinned")
		run(t, tab, "wait for the live stream", chromedp.Poll[bool](`document.getElementById('comments').dataset.liveState === 'open'`))
		if got := js[[]int](t, tab, `[document.querySelectorAll('[id="comment-`+n+`"]').length, document.querySelectorAll('[id="pinned-comment-`+n+`"]').length,
			document.querySelector('[data-thread]').contains(document.getElementById('comment-`+n+`')) ? 1 : 0]`); len(got) != 3 || got[0] != 1 || got[1] != 1 || got[2] != 1 {
			t.Fatalf("copies with id comment-%s, pinned-comment-%s, thread copy in the thread: %v, want 1 1 1", n, n, got)
		}
	}
	js[chromedp.Void](t, replier, `window.__stayed = true`)
	pin := `#pinned-comment-` + n
	do(t, replier, "reply on the pinned copy",
		chromedp.Click(chromedp.CSS(pin+` a[data-reply]`)),
		chromedp.WaitVisible(chromedp.CSS(pin+` form[data-comment-form] textarea`)),
		chromedp.SendKeys(chromedp.CSS(pin+` form[data-comment-form] input[name=name]`), "Pia"),
		chromedp.SendKeys(chromedp.CSS(pin+` form[data-comment-form] textarea`), "Replying to the pinned one"),
		chromedp.Click(chromedp.CSS(pin+` form[data-comment-form] button[type=submit]`)))
	under := `(() => { const p = document.getElementById('comment-` + n + `'); const r = p && p.nextElementSibling;
		return !!r && r.classList.contains('indent-1') && r.textContent.includes('Replying to the pinned one') })()`
	run(t, replier, "the reply is placed under the thread copy", chromedp.Poll[bool](under))
	if !js[bool](t, replier, `window.__stayed === true`) {
		t.Fatal("replying on the pinned copy loaded a new page")
	}
	run(t, watcher, "the reply arrives live", chromedp.Poll[bool](under))
	do(t, replier, "close", chromedp.Navigate("about:blank"))
	do(t, watcher, "close", chromedp.Navigate("about:blank"))
	console1.requireClean(t, "replier")
	console2.requireClean(t, "watcher")
}
