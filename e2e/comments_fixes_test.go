//go:build e2e

package e2e

import (
	"context"
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
