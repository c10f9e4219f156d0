//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// commentStory is the story the comment tests write under.
const commentStory = "harbour-comments"

// prepareCommentStory saves a published story open for comments, plus (when
// hostile is set) comments whose authors' websites hold what the form
// would refuse (a javascript: URL, a single-quote breakout), written
// straight to the store to test the renderer's own defence.
func prepareCommentStory(hostile bool) func(ctx context.Context, st *store.Store) error {
	return func(ctx context.Context, st *store.Store) error {
		a := &model.Article{Slug: commentStory, Headline: "Harbour comments", Status: model.StatusPublished, Kind: model.KindArticle,
			PublishedAt: time.Now().UTC().Add(-time.Hour), CommentsOpen: true, BodyHTML: "<p>The story.</p>", BodySource: "The story."}
		if _, err := st.SaveArticle(ctx, a); err != nil {
			return err
		}
		// A test types faster than any person: the minimum time-to-submit
		// defence (which would hold these comments for moderation) is off.
		d, err := st.CommentDefences(ctx)
		if err != nil {
			return err
		}
		d.MinSubmitSeconds = 0
		if err := st.SaveCommentDefences(ctx, d); err != nil {
			return err
		}
		if !hostile {
			return nil
		}
		for i, site := range []string{"javascript:alert(1)", "https://e.example/'onmouseover='alert(1)'", `data:text/html,<script>alert(1)</script>`} {
			id := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "Site " + string(rune('A'+i)), Website: site}
			if err := st.CreateCommentIdentity(ctx, id); err != nil {
				return err
			}
			r, _ := markup.Comment("website test")
			if err := st.CreateComment(ctx, &model.Comment{ArticleID: a.ID, IdentityID: id.ID, Status: model.CommentApproved,
				BodySource: "website test", BodyHTML: r.HTML}); err != nil {
				return err
			}
		}
		return nil
	}
}

// trap makes alert, confirm and prompt record their calls in
// window.__xss on every document the tab opens, before page scripts run.
func trap(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "install the XSS trap", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__xss = []; for (const f of ['alert', 'confirm', 'prompt', 'print']) window[f] = (m) => window.__xss.push(f + ':' + m);`})
		return err
	}))
}

// TestCommentXSSRenderedInChromium posts hostile comments through the real
// form endpoint (bodies and names with script tags, event-handler and
// single-quote attribute breakouts, javascript: and data: links, markup
// inside <select>/<style>, look-alike tag names), adds authors whose stored
// websites are hostile, and opens the thread in Chromium: nothing may run
// (alert/confirm/prompt trapped, and a payload that would set
// window.__pwned), no element or attribute that could run script may be in
// the thread, and every link in it is http(s) or a same-site path.
func TestCommentXSSRenderedInChromium(t *testing.T) {
	chromiumPath(t) // skips without a browser
	// The site first, so that its cleanup (which waits for open live
	// streams) runs after the browser's.
	s := startSite(t, siteOptions{Prepare: prepareCommentStory(true)})
	ctx, console := newTab(t)
	trap(t, ctx)
	bodies := []string{
		`<script>alert(1)</script><script>window.__pwned=1</script>`,
		`<img src=x onerror="alert(1);window.__pwned=1">`,
		`[click me](javascript:alert(1))`,
		`[click me](JaVaScRiPt:window.__pwned=1)`,
		`[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
		`<select><style></select><img src=x onerror=alert(1)></style>`,
		"<ѕcript>alert(1)</ѕcript> and <ſcript>alert(2)</ſcript>",
		`<a href='https://e.example' onmouseover='alert(1)'>hover</a>`,
		`x' onmouseover='alert(1)' y="`,
		`</textarea><script>alert(1)</script>`,
		`<svg onload=alert(1)><math><mi xlink:href="javascript:alert(1)">m</mi></math>`,
		`<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>`,
		"```\n<script>alert(1)</script>\n```",
	}
	names := []string{`"><img src=x onerror=alert(1)>`, `' onmouseover='alert(1)`, `<ſcript>alert(1)</ſcript>`, `Ana</span><script>alert(1)</script>`}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i, body := range bodies {
		// Each payload follows a line of text, so that the comment is not
		// empty once the markup is dropped (an empty one is refused).
		form := url.Values{"name": {names[i%len(names)]}, "body": {"Payload " + strconv.Itoa(i) + ":\n\n" + body}}
		res, err := client.PostForm(s.URL+"/articles/"+commentStory+"/comments", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("posting %q: %d", body, res.StatusCode)
		}
	}
	open(t, ctx, s.URL+"/articles/"+commentStory, "#comments .comment")
	// Hover every author link and every link in the bodies, as a reader would.
	n := js[int](t, ctx, `document.querySelectorAll('#comments .comment').length`)
	if n != len(bodies)+3 {
		t.Fatalf("%d comments shown, want %d", n, len(bodies)+3)
	}
	js[chromedp.Void](t, ctx, `document.querySelectorAll('#comments a, #comments span, #comments img').forEach(e =>
		['mouseover', 'mouseenter', 'focus', 'click'].forEach(ev => { if (ev !== 'click' || !e.href) e.dispatchEvent(new Event(ev)) }))`)
	if got := js[[]string](t, ctx, `window.__xss`); len(got) > 0 {
		t.Errorf("script ran: %q", got)
	}
	if js[bool](t, ctx, `window.__pwned === 1`) {
		t.Error("a payload set window.__pwned")
	}
	bad := js[[]string](t, ctx, `[...document.querySelectorAll('#comments *')].flatMap(e => {
		const out = [];
		if (['SCRIPT', 'IMG', 'IFRAME', 'SVG', 'MATH', 'STYLE', 'SELECT', 'OBJECT', 'EMBED'].includes(e.tagName.toUpperCase()) && !(e.tagName === 'SCRIPT' && e.src && e.src.includes('/static/comments.')))
			out.push('element ' + e.tagName);
		for (const a of e.attributes) if (a.name.startsWith('on')) out.push(e.tagName + ' @' + a.name);
		if (e.tagName === 'A' && !/^(https?:\/\/|\/)/.test(e.getAttribute('href') || '')) out.push('link ' + e.getAttribute('href'));
		return out })`)
	for _, b := range bad {
		t.Errorf("in the thread: %s", b)
	}
	// The names arrive as text, not markup.
	authors := js[[]string](t, ctx, `[...document.querySelectorAll('#comments .comment-author')].map(a => a.textContent)`)
	if !strings.Contains(strings.Join(authors, "|"), `"><img src=x onerror=alert(1)>`) {
		t.Errorf("hostile name not shown as text: %q", authors)
	}
	// Links in comments carry rel="nofollow ugc noopener".
	rels := js[[]string](t, ctx, `[...document.querySelectorAll('#comments .comment-body a, #comments a.comment-author')].map(a => a.rel)`)
	for _, r := range rels {
		if r != "nofollow ugc noopener" {
			t.Errorf("comment link rel=%q", r)
		}
	}
	do(t, ctx, "close the live stream", chromedp.Navigate("about:blank"))
	console.requireClean(t, "hostile thread")
}

// TestCommentsWithoutAndWithJavaScript: a reader with JavaScript off posts
// a comment through the plain form and lands on it in the thread; a second
// browser, with JavaScript, holding the page open sees it arrive live
// without reloading, then replies inline and sees its reply placed under
// the comment, again without a page load.
func TestCommentsWithoutAndWithJavaScript(t *testing.T) {
	chromiumPath(t) // skips without a browser
	s := startSite(t, siteOptions{Prepare: prepareCommentStory(false)})
	noJS, console1 := newTab(t)
	live, console2 := newTab(t)
	trap(t, live)
	story := s.URL + "/articles/" + commentStory

	open(t, live, story, "#comments form[data-comment-form]")
	run(t, live, "wait for the live stream", chromedp.Poll[bool](`document.getElementById('comments').dataset.liveState === 'open'`))
	js[chromedp.Void](t, live, `window.__stayed = true`)

	do(t, noJS, "disable JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	open(t, noJS, story, "#comments form[data-comment-form]")
	do(t, noJS, "fill the form",
		chromedp.SendKeys(chromedp.CSS(`#comments input[name=name]`), "Olga"),
		chromedp.SendKeys(chromedp.CSS(`#comments textarea[name=body]`), "Posted *without* JavaScript"))
	follow(t, noJS, `#comments form[data-comment-form] button[type=submit]`, "#comments .comment em")
	loc := run(t, noJS, "location", chromedp.Location())
	if !strings.Contains(loc, "#comment-") {
		t.Errorf("after posting the reader is at %s, want the comment's anchor", loc)
	}
	if got := textOf(t, noJS, "#comments .comment .comment-body"); got != "Posted without JavaScript" {
		t.Errorf("no-JS thread shows %q", got)
	}

	run(t, live, "the comment arrives live", chromedp.Poll[bool](`[...document.querySelectorAll('#comments .comment-body')].some(b => b.textContent.includes('Posted without JavaScript'))`))
	if got := textOf(t, live, "#comments [data-count]"); got != "1" {
		t.Errorf("live count shows %q, want 1", got)
	}
	if !js[bool](t, live, `window.__stayed === true`) {
		t.Fatal("the live page was reloaded")
	}

	// Inline reply with JavaScript.
	do(t, live, "open the inline reply", chromedp.Click(chromedp.CSS(`#comments .comment a[data-reply]`)))
	do(t, live, "write the reply",
		chromedp.WaitVisible(chromedp.CSS(`#comments .comment form[data-comment-form] textarea`)),
		chromedp.SendKeys(chromedp.CSS(`#comments .comment form[data-comment-form] input[name=name]`), "Lev"),
		chromedp.SendKeys(chromedp.CSS(`#comments .comment form[data-comment-form] textarea`), "A reply with JavaScript"),
		chromedp.Click(chromedp.CSS(`#comments .comment form[data-comment-form] button[type=submit]`)))
	run(t, live, "the reply is placed", chromedp.Poll[bool](`(() => { const c = [...document.querySelectorAll('#comments .comment')];
		return c.length === 2 && c[1].classList.contains('indent-1') && c[1].textContent.includes('A reply with JavaScript') })()`))
	if !js[bool](t, live, `window.__stayed === true`) {
		t.Fatal("posting the reply reloaded the page")
	}
	if got := js[[]string](t, live, `window.__xss`); len(got) > 0 {
		t.Errorf("dialogs opened: %q", got)
	}
	// The no-JS reader sees the reply after a reload (server-rendered thread).
	a, err := s.Store.ArticleBySlug(t.Context(), commentStory)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Store.ArticleComments(t.Context(), a.ID, 0)
	if err != nil || len(all) != 2 || all[1].Status != model.CommentApproved || all[1].Shadow || all[1].ParentID != all[0].ID {
		for _, c := range all {
			t.Logf("comment %d: parent %d %s shadow %v %q", c.ID, c.ParentID, c.Status, c.Shadow, c.SpamReason)
		}
		t.Fatalf("stored: %d comments, %v", len(all), err)
	}
	open(t, noJS, story, "#comments .comment.indent-1")
	do(t, live, "close the live stream", chromedp.Navigate("about:blank"))
	console1.requireClean(t, "reader without JavaScript")
	console2.requireClean(t, "reader with JavaScript")
}
