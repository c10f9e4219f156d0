//go:build e2e

package e2e

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the site zone below need not be installed on the machine

	"github.com/chromedp/chromedp"

	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/server"
	"masthead/internal/store"
)

// newsroomZone is the site time zone of TestNewsroomFlow: neither UTC nor a
// whole-hour offset, so a "Publish at" computed in the wrong zone is off by
// hours and the story would not appear within the deadline.
const newsroomZone = "Asia/Kolkata"

// The editor account TestNewsroomFlow creates before the server starts.
const (
	editorEmail    = "desk@harbourton.example"
	editorName     = "Dana Desk"
	editorPassword = "correct horse battery staple"
)

// appearDeadline bounds the wait, counted from the "Publish at" second, for
// the scheduled story to show on the front without any admin action.
const appearDeadline = 15 * time.Second

// TestNewsroomFlow walks an editor's day in the admin of a server started as
// `masthead serve` starts it (server.Run, so the in-process scheduler runs):
// sign in through the form, upload a photo with alt text, caption and credit
// to the media library, write an article with that photo as lead image,
// preview it, schedule it a few seconds ahead, and then — as a reader in a
// separate browser context that reloads the front — see it appear by itself
// at its time, not before. Back in the admin, a correction on the published
// story's edit page shows on the article page. No admin page may report a
// console error or exception. Screenshots: artifacts/admin-editor.png (the
// filled editor with its preview) and artifacts/admin-article.png (the
// published story with its correction).
func TestNewsroomFlow(t *testing.T) {
	ctx, console := newTab(t) // first: skips without a browser
	s := startServingSite(t, newsroomZone, func(ctx context.Context, st *store.Store) error {
		quiet := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
		_, err := auth.New(st, auth.Options{Log: quiet}).AddUser(ctx, editorEmail, editorName, "editor", editorPassword)
		return err
	})
	photo := writeTestJPEG(t, 1600, 1000)

	const (
		headline = "Estuary ferry returns after storm repairs"
		dek      = "The Wend crossing carries passengers again, two days ahead of the harbour master's estimate."
		subhead  = "Repairs ahead of schedule"
		para     = "Engineers replaced the hinge of the landing stage on Monday night."
		alt      = "The estuary ferry at the Harbourton landing stage at dawn"
		caption  = "The ferry Wend Lass back at the landing stage on Tuesday."
		credit   = "Ria Lens/Harbourton Herald"
		fix      = "An earlier version of this story gave the wrong day for the repairs."
	)
	body := "The estuary ferry carried its first passengers in three weeks on Tuesday morning.\n\n" +
		"## " + subhead + "\n\n" + para

	// Sign in through the form.
	open(t, ctx, s.URL+"/admin/login", "#email")
	do(t, ctx, "fill the sign-in form",
		chromedp.SendKeys(chromedp.CSS("#email"), editorEmail),
		chromedp.SendKeys(chromedp.CSS("#password"), editorPassword))
	follow(t, ctx, `form[action="/admin/login"] button[type=submit]`, ".admin-user")
	if h1 := textOf(t, ctx, "h1"); h1 != "Dashboard" {
		t.Fatalf("after signing in: h1 = %q, want Dashboard", h1)
	}
	if who := textOf(t, ctx, ".admin-user"); !strings.Contains(who, editorName) {
		t.Errorf("admin bar reads %q, want it to name %q", who, editorName)
	}

	// Upload the photo to the media library.
	follow(t, ctx, `.admin-nav a[href="/admin/media"]`, "#m-file")
	do(t, ctx, "fill the upload form",
		chromedp.SetUploadFiles(chromedp.CSS("#m-file"), []string{photo}),
		chromedp.SendKeys(chromedp.CSS("#m-alt"), alt),
		chromedp.SendKeys(chromedp.CSS("#m-caption"), caption),
		chromedp.SendKeys(chromedp.CSS("#m-credit"), credit))
	follow(t, ctx, "form.media-upload button[type=submit]", ".media-uploaded .media-id")
	mediaID := textOf(t, ctx, ".media-uploaded .media-id")
	if _, err := strconv.Atoi(mediaID); err != nil {
		t.Fatalf("upload: image number %q is not a number", mediaID)
	}
	waitImagesLoaded(t, ctx)
	if got := js[string](t, ctx, `[...document.querySelectorAll('.media-card')].filter(c => c.querySelector('.media-num strong').textContent.trim() === `+jsString(mediaID)+`).map(c => c.querySelector('img').alt + ' | ' + c.textContent.replace(/\s+/g, ' ')).join('')`); !strings.Contains(got, alt) || !strings.Contains(got, caption) || !strings.Contains(got, credit) {
		t.Errorf("library card of image %s reads %q, want its alt text, caption and credit", mediaID, got)
	}

	// Write the story.
	follow(t, ctx, `.admin-nav a[href="/admin/articles"]`, `a[href="/admin/articles/new"]`)
	follow(t, ctx, `a[href="/admin/articles/new"]`, "#f-headline")
	section := js[string](t, ctx, `[...document.querySelectorAll('#f-section option')].find(o => o.textContent.trim() === 'News').value`)
	// The first byline row comes numbered 1; pick the first author for it.
	author := js[string](t, ctx, `document.querySelector('select[name=byline_author] option:nth-child(2)').value`)
	do(t, ctx, "fill the editor",
		chromedp.SendKeys(chromedp.CSS("#f-headline"), headline),
		chromedp.SendKeys(chromedp.CSS("#f-dek"), dek),
		chromedp.SetValue(chromedp.CSS("#f-section"), section),
		chromedp.SetValue(chromedp.CSS("select[name=byline_author]"), author),
		chromedp.SendKeys(chromedp.CSS("#f-body"), body),
		chromedp.SendKeys(chromedp.CSS("#f-lead"), mediaID),
		chromedp.SendKeys(chromedp.CSS("#f-lead_alt"), alt),
		chromedp.SendKeys(chromedp.CSS("#f-lead_caption"), caption),
		chromedp.SendKeys(chromedp.CSS("#f-lead_credit"), credit))
	if got := run(t, ctx, "body value", chromedp.Value(chromedp.CSS("#f-body"))); got != body {
		t.Errorf("typed body reads %q, want %q", got, body)
	}

	// Preview: the body rendered as readers will see it, nothing saved.
	follow(t, ctx, `button[name=action][value=preview]`, ".preview .preview-body")
	if got := textOf(t, ctx, ".preview .preview-headline"); got != headline {
		t.Errorf("preview headline = %q, want %q", got, headline)
	}
	if got := textOf(t, ctx, ".preview .lede"); got != dek {
		t.Errorf("preview dek = %q, want %q", got, dek)
	}
	if got := textOf(t, ctx, ".preview-body h2"); got != subhead {
		t.Errorf("preview subhead (h2) = %q, want %q", got, subhead)
	}
	if got := js[[]string](t, ctx, `[...document.querySelectorAll('.preview-body p')].map(p => p.textContent.trim())`); len(got) != 2 || got[1] != para {
		t.Errorf("preview paragraphs = %q, want two, the second %q", got, para)
	}
	if strings.Contains(textOf(t, ctx, ".preview-body"), "##") {
		t.Error("preview shows the Markdown '##' instead of a subhead")
	}
	for sel, want := range map[string]string{"#f-headline": headline, "#f-lead": mediaID, "#f-lead_alt": alt,
		"#f-lead_credit": credit, "#f-section": section, "#f-body": body} {
		if got := run(t, ctx, "value of "+sel, chromedp.Value(chromedp.CSS(sel))); got != want {
			t.Errorf("after Preview %s = %q, want the typed %q", sel, got, want)
		}
	}

	// Schedule a few seconds ahead, in the zone the form names.
	hint := textOf(t, ctx, "#h-publish_at")
	if !strings.HasPrefix(hint, "Times in "+newsroomZone+".") {
		t.Fatalf("Publish at hint = %q, want it to name the site zone %s", hint, newsroomZone)
	}
	loc, err := time.LoadLocation(newsroomZone)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Truncate(time.Second).Add(7 * time.Second)
	do(t, ctx, "set Publish at",
		chromedp.SetValue(chromedp.CSS("#f-publish_at"), due.In(loc).Format("2006-01-02T15:04:05")))
	// The action bar is sticky at the bottom of the window: make the window
	// as tall as the page so that the full-page picture shows it under the
	// form rather than across the body field.
	height := js[int64](t, ctx, `document.documentElement.scrollHeight`)
	do(t, ctx, "grow the window to the page", chromedp.EmulateViewport(1280, height))
	screenshot(t, ctx, "admin-editor.png")
	asDesktop(t, ctx)
	follow(t, ctx, `button[name=action][value=schedule]`, ".badge")
	if st := textOf(t, ctx, ".title-row .badge"); st != "scheduled" {
		t.Fatalf("after Schedule the story is %q (errors: %q), want scheduled", st, textOf(t, ctx, "#errors"))
	}
	if got := run(t, ctx, "Publish at", chromedp.Value(chromedp.CSS("#f-publish_at"))); got != due.In(loc).Format("2006-01-02T15:04:05") {
		t.Errorf("saved Publish at reads %q, want %q", got, due.In(loc).Format("2006-01-02T15:04:05"))
	}
	slug := run(t, ctx, "slug", chromedp.Value(chromedp.CSS("#f-slug")))
	if slug == "" {
		t.Fatal("the scheduled story has no slug")
	}
	editURL := run(t, ctx, "location", chromedp.Location())
	console.requireClean(t, "admin pages")

	// A reader, in a browser context of their own (not signed in), sees
	// nothing before the time and the story on the front by itself after.
	rctx, cancelReader := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancelReader()
	readerConsole := &consoleWatch{}
	if err := chromedp.Listen(rctx, readerConsole.event); err != nil {
		t.Fatalf("open the reader's tab: %v", err)
	}
	storyPath := "/articles/" + slug
	linkSel := `a[href="` + storyPath + `"]`
	// The story's own address is asked for outside the browser: an early
	// 404 there would sit in the reader's HTTP cache (max-age=60) and hide
	// the published story from that reader for up to a minute.
	early, err := http.Get(s.URL + storyPath)
	if err != nil {
		t.Fatal(err)
	}
	early.Body.Close()
	open(t, rctx, s.URL+"/", "header.masthead")
	if ahead := time.Until(due); ahead > 0 {
		if early.StatusCode != http.StatusNotFound {
			t.Errorf("%s before its time: status %d, want 404", storyPath, early.StatusCode)
		}
		if n := js[int](t, rctx, `document.querySelectorAll(`+jsString(linkSel)+`).length`); n != 0 {
			t.Errorf("the front links the scheduled story before its time (%s ahead)", ahead.Round(time.Millisecond))
		}
	} else {
		t.Logf("the reader's tab opened after the due time; the before-time checks were skipped")
	}
	// The reader's tab fetches the front again every 200 ms (a reader
	// reloading), up to appearDeadline past the due second.
	wait := time.Until(due.Add(appearDeadline))
	_, err = chromedp.Run(rctx, chromedp.PollFunction[bool](`async (sel) => {
		const r = await fetch('/', {cache: 'no-store'});
		const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
		return !!doc.querySelector(sel);
	}`, chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(wait), chromedp.WithPollingArgs(linkSel)))
	seen := time.Now()
	if err != nil {
		t.Fatalf("the scheduled story was not on the front %s after its time: %v", appearDeadline, err)
	}
	if seen.Before(due) {
		t.Errorf("the story appeared on the front at %s, %s before its time", seen.Format(time.TimeOnly), due.Sub(seen))
	}
	t.Logf("the story appeared on the front %s after its Publish at second", seen.Sub(due).Round(time.Millisecond))
	do(t, rctx, "reload the front", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("header.masthead")))
	where := js[string](t, rctx, `(() => {
		const a = [...document.querySelectorAll(`+jsString(linkSel)+`)].find(a => a.textContent.trim() === `+jsString(headline)+` && a.getClientRects().length > 0);
		if (!a) return '';
		const h = a.closest('h2, h3, li');
		return (h ? h.tagName.toLowerCase() + (h.className ? '.' + h.className : '') : 'a');
	})()`)
	if where == "" {
		t.Errorf("the reloaded front shows no visible link with the headline %q to %s", headline, storyPath)
	} else {
		t.Logf("the front shows the story in %s", where)
	}
	// The reader clicks the headline and reads the story.
	follow(t, rctx, `:is(h2, h3) > `+linkSel, "article.story h1")
	if got := textOf(t, rctx, "article.story h1"); got != headline {
		t.Errorf("the front's link opened a story headlined %q, want %q", got, headline)
	}
	readerConsole.requireClean(t, "reader pages")

	// Back in the admin: the story is live; add a correction.
	open(t, ctx, editURL, ".title-row .badge")
	if st := textOf(t, ctx, ".title-row .badge"); st != "published" {
		t.Fatalf("edit page after the due time shows status %q, want published", st)
	}
	do(t, ctx, "write the correction", chromedp.SendKeys(chromedp.CSS("#f-correction"), fix))
	follow(t, ctx, `form[action$="/corrections"] button[type=submit]`, ".title-row .badge")
	if got := js[string](t, ctx, `[...document.querySelectorAll('#corrections-h ~ ul li')].map(li => li.textContent).join('\n')`); !strings.Contains(got, fix) {
		t.Errorf("edit page corrections list = %q, want it to hold %q", got, fix)
	}
	follow(t, ctx, `.title-row a.live[href^="/articles/"]`, "article.story h1")
	if loc := run(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, storyPath) {
		t.Errorf("View the live page opened %s, want %s", loc, storyPath)
	}
	checkPublishedStory(t, ctx, headline, dek, subhead, para, alt, caption, credit, fix)
	waitImagesLoaded(t, ctx)
	screenshot(t, ctx, "admin-article.png")
	console.requireClean(t, "admin pages and the article page")
}

// checkPublishedStory checks the article page of the published, corrected
// story: headline, dek, subhead and paragraph, the uploaded lead photo with
// alt text, caption and separate credit, the dated correction, and the
// correction and modification time in the JSON-LD.
func checkPublishedStory(t *testing.T, ctx context.Context, headline, dek, subhead, para, alt, caption, credit, fix string) {
	t.Helper()
	for sel, want := range map[string]string{
		"article.story h1":                headline,
		".story-header .dek":              dek,
		".story-body h2":                  subhead,
		".lead-media figcaption .caption": caption,
		".lead-media figcaption .credit":  credit,
		".story-header .kicker":           "News",
	} {
		if got := textOf(t, ctx, sel); got != want {
			t.Errorf("article page %s = %q, want %q", sel, got, want)
		}
	}
	if !strings.Contains(textOf(t, ctx, ".story-body"), para) {
		t.Errorf("article body lacks the paragraph %q", para)
	}
	if got := js[string](t, ctx, `(document.querySelector('.lead-media img') || {}).alt || ''`); got != alt {
		t.Errorf("lead photo alt = %q, want %q", got, alt)
	}
	if src := js[string](t, ctx, `(document.querySelector('.lead-media img') || {}).getAttribute?.('src') || ''`); !strings.HasPrefix(src, "/media/") {
		t.Errorf("lead photo src = %q, want the uploaded /media/ file", src)
	}
	corr := textOf(t, ctx, "section.corrections")
	if !strings.HasPrefix(corr, "Correction ") || !strings.Contains(corr, fix) {
		t.Errorf("corrections section reads %q, want \"Correction\" and %q", corr, fix)
	}
	dt := js[string](t, ctx, `(document.querySelector('section.corrections time[datetime]') || {dateTime: ''}).dateTime`)
	when, err := time.Parse(time.RFC3339, dt)
	if err != nil || time.Since(when) > 2*time.Minute || time.Until(when) > time.Minute {
		t.Errorf("correction <time datetime=%q>: want an RFC 3339 time of today's correction (%v)", dt, err)
	}
	// The page shows "Updated" only when the change is a minute or more
	// after publication; the correction here comes seconds after it, so the
	// machine-readable modification time is what must move.
	type ld struct {
		Published  string `json:"datePublished"`
		Modified   string `json:"dateModified"`
		Correction []struct {
			Type string `json:"@type"`
			Text string `json:"text"`
		} `json:"correction"`
	}
	d := js[ld](t, ctx, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)`)
	pub, err1 := time.Parse(time.RFC3339, d.Published)
	mod, err2 := time.Parse(time.RFC3339, d.Modified)
	if err1 != nil || err2 != nil || mod.Before(pub) || mod.Before(when) {
		t.Errorf("JSON-LD datePublished %q, dateModified %q: want RFC 3339 times, modified not before the publication nor the correction (%s)", d.Published, d.Modified, dt)
	}
	if len(d.Correction) != 1 || d.Correction[0].Type != "CorrectionComment" || d.Correction[0].Text != fix {
		t.Errorf("JSON-LD correction = %+v, want one CorrectionComment %q", d.Correction, fix)
	}
	if got := textOf(t, ctx, ".story-meta .timestamps .updated"); got != "" {
		t.Logf("article page shows %q", got)
	}
}

// startServingSite starts Masthead the way `masthead serve` does — demo
// edition, server.New and server.Run, which also runs the scheduler — on a
// loopback port, with the site time zone zone. prepare runs on the migrated
// store before the server is built (to create accounts). The server stops
// when the test ends.
func startServingSite(t *testing.T, zone string, prepare func(context.Context, *store.Store) error) *site {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := store.Open(t.Context(), store.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(t.Context(), log); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := prepare(t.Context(), st); err != nil {
		t.Fatalf("prepare store: %v", err)
	}

	// server.Run listens itself, and the base URL must be known before
	// server.New: take a free loopback port and hand it over.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	cfg := config.Defaults()
	cfg.Addr = addr
	cfg.Demo = true
	cfg.TimeZone = zone
	cfg.BaseURL = "http://" + addr
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	srv, err := server.New(t.Context(), &cfg, st, log)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(runCtx, func(a string) { ready <- a }) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("server.Run: %v", err)
		}
	})
	select {
	case a := <-ready:
		if a != addr {
			t.Fatalf("server listens on %s, want %s", a, addr)
		}
	case err := <-done:
		t.Fatalf("server.Run: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start listening within 30 s")
	}
	return &site{URL: cfg.BaseURL, Store: st, Cfg: cfg}
}

// writeTestJPEG writes a w×h JPEG (a sky-to-water gradient with a dark
// band, like a harbour photo) into the test's temporary folder and returns
// its path.
func writeTestJPEG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(90 + 100*y/h), uint8(140 + 60*x/w), uint8(220 - 80*y/h), 255}
			if y > h*3/5 && y < h*3/5+h/12 {
				c = color.RGBA{40, 45, 55, 255}
			}
			img.Set(x, y, c)
		}
	}
	p := filepath.Join(t.TempDir(), "ferry.jpg")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}
