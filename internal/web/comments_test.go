package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
)

// eachComments runs fn with the reset fixture (file mailer, settable
// clock, accounts ana editor and ben disabled analyst) plus a published
// story open for comments, "harbour-story". The minimum time to submit is
// off, since these posts carry no form stamp (comments_stamp_test.go turns
// it on and tests it).
func eachComments(t *testing.T, fn func(t *testing.T, f *resetFixture, a *model.Article)) {
	eachReset(t, func(t *testing.T, f *resetFixture) {
		d, err := f.st.CommentDefences(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		d.MinSubmitSeconds = 0
		if err := f.st.SaveCommentDefences(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		a := &model.Article{Slug: "harbour-story", Headline: "Harbour story", Status: model.StatusPublished, Kind: model.KindArticle,
			PublishedAt: f.clk.now().Add(-time.Hour), CommentsOpen: true, BodyHTML: "<p>Story.</p>"}
		if _, err := f.st.SaveArticle(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		fn(t, f, a)
	})
}

var commentIDRe = regexp.MustCompile(`^/comments/(\d+)$`)

// postComment posts a comment form as b and returns the new comment id.
func postComment(t *testing.T, b *browser, slug string, form url.Values) int64 {
	t.Helper()
	res, page := b.do(t, "POST", "/articles/"+slug+"/comments", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post: %d %s", res.StatusCode, page)
	}
	m := commentIDRe.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("post redirected to %q", res.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func TestCommentPostWithoutJavaScript(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		reader := f.browser("203.0.113.9") // no cookies: served from the page cache
		_, page := reader.do(t, "GET", "/articles/harbour-story", nil)
		if !strings.Contains(page, "Join the Conversation") || !strings.Contains(page, "No comments yet") {
			t.Fatalf("empty thread not shown: %s", page)
		}
		gen := f.st.Generation()
		guest := f.browser("198.51.100.7")
		id := postComment(t, guest, "harbour-story", url.Values{"name": {"Ola"}, "email": {"Ola@Example.com"}, "body": {"First *thought*: see https://example.org/x"}})
		if guest.cookies[cookieGuest] == nil {
			t.Fatal("no guest cookie")
		}
		if f.st.Generation() != gen {
			t.Fatal("a comment emptied the whole page cache")
		}
		res, _ := guest.do(t, "GET", "/comments/"+strconv.FormatInt(id, 10), nil)
		wantRedirect(t, res, http.StatusFound, "/articles/harbour-story?c="+strconv.FormatInt(id, 10)+"#comment-"+strconv.FormatInt(id, 10))
		// The author's page is theirs alone: no shared or browser cache keeps it.
		if res, _ := guest.do(t, "GET", "/articles/harbour-story", nil); res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("personal page Cache-Control %q", res.Header.Get("Cache-Control"))
		}
		// The cached page of the cookie-less reader shows it now.
		_, page = reader.do(t, "GET", "/articles/harbour-story", nil)
		for _, want := range []string{`id="comment-` + strconv.FormatInt(id, 10) + `"`, "<em>thought</em>", `rel="nofollow ugc noopener"`, "data-count>1</span> comment "} {
			if !strings.Contains(page, want) {
				t.Errorf("reader's page lacks %q", want)
			}
		}
		if strings.Contains(page, "ola@example.com") {
			t.Error("guest e-mail shown to readers")
		}
		// The guest sees their own Edit and Delete controls; the reader does not.
		_, own := guest.do(t, "GET", "/articles/harbour-story", nil)
		if !strings.Contains(own, `/comments/`+strconv.FormatInt(id, 10)+`/edit`) {
			t.Error("author has no edit link")
		}
		if strings.Contains(page, "/edit") {
			t.Error("reader sees an edit link")
		}
		// A reply, then the thread's shape.
		rid := postComment(t, reader, "harbour-story", url.Values{"name": {"Pia"}, "body": {"I agree"}, "parent": {strconv.FormatInt(id, 10)}})
		c, err := f.st.Comment(context.Background(), rid)
		if err != nil || c.ParentID != id || c.Depth != 1 || c.Identity.Name != "Pia" {
			t.Fatalf("reply stored as %+v %v", c, err)
		}
		// Bad input: 422 with the text kept, nothing stored.
		for _, form := range []url.Values{
			{"name": {"Ola"}, "body": {"   "}},
			{"name": {""}, "body": {"hello"}},
			{"name": {"Eve\r\nBcc: all@example.com"}, "body": {"hello"}},
			{"name": {"Eve"}, "email": {"not an address"}, "body": {"hello"}},
			{"name": {"Eve"}, "website": {"javascript:alert(1)"}, "body": {"hello"}},
			{"name": {"Eve"}, "body": {strings.Repeat("x", 5001)}},
		} {
			res, page := reader.do(t, "POST", "/articles/harbour-story/comments", form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%v: %d", form, res.StatusCode)
			}
			if b := form.Get("body"); strings.TrimSpace(b) != "" && len(b) < 100 && !strings.Contains(page, b) {
				t.Errorf("%v: the text was not kept", form)
			}
		}
		for _, form := range []url.Values{
			{"name": {"Eve"}, "body": {"hi"}, "parent": {"999999"}},
		} {
			if res, _ := reader.do(t, "POST", "/articles/harbour-story/comments", form); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("reply to a missing comment: %d", res.StatusCode)
			}
		}
		all, _ := f.st.ArticleComments(context.Background(), a.ID, 0)
		if len(all) != 2 {
			t.Fatalf("%d comments stored, want 2", len(all))
		}
		if res, _ := reader.do(t, "POST", "/articles/no-such-story/comments", url.Values{"name": {"Eve"}, "body": {"hi"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown story: %d", res.StatusCode)
		}
	})
}

func TestCommentCountsOnFronts(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		reader := f.browser("203.0.113.9")
		if _, page := reader.do(t, "GET", "/", nil); strings.Contains(page, "comment-link") {
			t.Fatal("count shown with no comments")
		}
		gen := f.st.Generation()
		postComment(t, f.browser("198.51.100.7"), "harbour-story", url.Values{"name": {"Ola"}, "body": {"Hi"}})
		// The cached front may show the old count for at most a minute.
		f.clk.add(61 * time.Second)
		res, page := reader.do(t, "GET", "/", nil)
		if !strings.Contains(page, `#comments">1 comment</a>`) {
			t.Fatalf("front lacks the count: %s", page)
		}
		if res.Header.Get(cacheTTLHeader) != "" {
			t.Fatal("internal cache header sent")
		}
		if f.st.Generation() != gen {
			t.Fatal("comment moved the content generation")
		}
	})
}

func TestModeratorDecisionReachesCachedPages(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		id := postComment(t, f.browser("198.51.100.7"), "harbour-story", url.Values{"name": {"Ola"}, "body": {"Buy cheap pills"}})
		reader := f.browser("203.0.113.9")
		if _, page := reader.do(t, "GET", "/articles/harbour-story", nil); !strings.Contains(page, "Buy cheap pills") {
			t.Fatal("comment not shown")
		}
		ana := f.browser("198.51.100.30")
		ana.login(t, "ana@example.com", "right password", "/admin")
		res, _ := ana.do(t, "POST", "/admin/comments/moderate", url.Values{"one": {"spam:" + strconv.FormatInt(id, 10)}, "back": {"/admin/comments"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("moderate: %d", res.StatusCode)
		}
		if _, page := reader.do(t, "GET", "/articles/harbour-story", nil); strings.Contains(page, "Buy cheap pills") {
			t.Fatal("the cached page still shows a comment marked spam")
		}
	})
}

func TestCommentEditWindowAndOwnership(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		owner := f.browser("198.51.100.7")
		other := f.browser("198.51.100.8")
		id := postComment(t, owner, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Frist"}})
		path := "/comments/" + strconv.FormatInt(id, 10)
		other.do(t, "POST", "/articles/harbour-story/comments", url.Values{"name": {"Pia"}, "body": {"hello"}})
		for _, act := range []string{"/edit", "/delete"} {
			if res, _ := other.do(t, "POST", path+act, url.Values{"body": {"pwned"}}); res.StatusCode != http.StatusForbidden {
				t.Errorf("another guest %s: %d", act, res.StatusCode)
			}
		}
		// A forged guest cookie (another id, or a bad signature) is worthless.
		forged := f.browser("198.51.100.9")
		forged.cookies[cookieGuest] = &http.Cookie{Name: cookieGuest, Value: strconv.FormatInt(owner.f.idOf(t, id), 10) + ".9999999999.AAAA"}
		if res, _ := forged.do(t, "POST", path+"/edit", url.Values{"body": {"pwned"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("forged cookie: %d", res.StatusCode)
		}
		res, _ := owner.do(t, "POST", path+"/edit", url.Values{"body": {"First"}})
		wantRedirect(t, res, http.StatusSeeOther, path)
		c, _ := f.st.Comment(context.Background(), id)
		if c.BodySource != "First" || c.Edited.IsZero() {
			t.Fatalf("edit not stored: %+v", c)
		}
		f.clk.add(11 * time.Minute)
		if res, page := owner.do(t, "POST", path+"/edit", url.Values{"body": {"Later"}}); res.StatusCode != http.StatusForbidden || !strings.Contains(page, "has passed") {
			t.Errorf("edit after the window: %d", res.StatusCode)
		}
		if res, _ := owner.do(t, "POST", path+"/delete", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("delete after the window: %d", res.StatusCode)
		}
	})
}

// idOf returns the identity id of comment id (helper for forging cookies).
func (f *adminFixture) idOf(t *testing.T, id int64) int64 {
	t.Helper()
	c, err := f.st.Comment(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c.IdentityID
}

func TestCommentCrossOriginRefused(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		b := f.browser("198.51.100.7")
		id := postComment(t, b, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Mine"}})
		path := "/comments/" + strconv.FormatInt(id, 10)
		for _, tc := range []struct{ path string }{{"/articles/harbour-story/comments"}, {path + "/vote"}, {path + "/flag"}, {path + "/edit"}, {path + "/delete"}} {
			res, _ := b.do(t, "POST", tc.path, url.Values{"name": {"X"}, "body": {"evil"}, "value": {"1"}, "reason": {"spam"}},
				"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("cross-site POST %s: %d", tc.path, res.StatusCode)
			}
		}
		c, _ := f.st.Comment(context.Background(), id)
		if c.BodySource != "Mine" || c.Upvotes != 0 || c.Flags != 0 || c.Status != model.CommentApproved {
			t.Fatalf("a cross-site POST changed the comment: %+v", c)
		}
		all, _ := f.st.ArticleComments(context.Background(), a.ID, 0)
		if len(all) != 1 {
			t.Fatalf("%d comments", len(all))
		}
	})
}

func TestCommentVotesDedupedAndForwardedHeadersIgnored(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		author := f.browser("198.51.100.7")
		id := postComment(t, author, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Vote for me"}})
		path := "/comments/" + strconv.FormatInt(id, 10)
		if res, _ := author.do(t, "POST", path+"/vote", url.Values{"value": {"1"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("own vote: %d", res.StatusCode)
		}
		voter := f.browser("2001:db8::1")
		for i := 0; i < 3; i++ { // the same visitor, with forged forwarding headers each time
			res, _ := voter.do(t, "POST", path+"/vote", url.Values{"value": {"1"}},
				"X-Forwarded-For", "10.0.0."+strconv.Itoa(i), "X-Real-IP", "192.0.2."+strconv.Itoa(i))
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("vote: %d", res.StatusCode)
			}
		}
		// Another host of the same IPv6 /64 is another voter: addresses are whole.
		f.browser("2001:db8::2").do(t, "POST", path+"/vote", url.Values{"value": {"-1"}})
		res, body := f.browser("2001:db8::3").do(t, "POST", path+"/vote", url.Values{"value": {"1"}}, "Accept", "application/json")
		var got struct{ Upvotes, Downvotes int }
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil || got.Upvotes != 2 || got.Downvotes != 1 {
			t.Fatalf("JSON vote: %d %s", res.StatusCode, body)
		}
		if res, _ := voter.do(t, "POST", path+"/vote", url.Values{"value": {"5"}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("vote 5: %d", res.StatusCode)
		}
		// Flags: one per reporter, reasons checked.
		for i := 0; i < 2; i++ {
			if res, _ := voter.do(t, "POST", path+"/flag", url.Values{"reason": {"abuse"}}, "X-Forwarded-For", "10.9.9."+strconv.Itoa(i)); res.StatusCode != http.StatusOK {
				t.Fatalf("flag: %d", res.StatusCode)
			}
		}
		if res, _ := voter.do(t, "POST", path+"/flag", url.Values{"reason": {"boring"}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("flag reason boring: %d", res.StatusCode)
		}
		c, _ := f.st.Comment(context.Background(), id)
		if c.Flags != 1 || c.Upvotes != 2 || c.Downvotes != 1 {
			t.Fatalf("stored: flags %d votes %d/%d", c.Flags, c.Upvotes, c.Downvotes)
		}
	})
}

// commentMails waits for comment mail being sent and returns the files.
func commentMails(t *testing.T, f *resetFixture) []string {
	t.Helper()
	f.site.ckeys.sending.Wait()
	return f.mails(t)
}

// newFiles returns the names in after that are not in before.
func newFiles(before, after []string) []string {
	old := map[string]bool{}
	for _, f := range before {
		old[f] = true
	}
	var out []string
	for _, f := range after {
		if !old[f] {
			out = append(out, f)
		}
	}
	return out
}

// readMail parses a mail file.
func readMail(t *testing.T, file string) (*netmail.Message, string) {
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
	b, _ := io.ReadAll(m.Body)
	return m, string(b)
}

var signinLinkRe = regexp.MustCompile(`https://news\.example\.com(/reader/signin/[A-Za-z0-9_-]{43})`)

// readerSignIn runs the magic-link sign-in for b and returns the mail count after.
func readerSignIn(t *testing.T, f *resetFixture, b *browser, email, name string) {
	t.Helper()
	before := commentMails(t, f)
	res, page := b.do(t, "POST", "/reader/signin", url.Values{"email": {email}, "name": {name}, "next": {"/articles/harbour-story"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "We sent a sign-in link") {
		t.Fatalf("sign-in request: %d", res.StatusCode)
	}
	files := newFiles(before, commentMails(t, f))
	if len(files) != 1 {
		t.Fatalf("%d mails", len(files))
	}
	_, text := readMail(t, files[0])
	m := signinLinkRe.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no link in %q", text)
	}
	if res, _ := b.do(t, "GET", m[1], nil); res.StatusCode != http.StatusOK || b.cookies[cookieReader] != nil {
		t.Fatalf("opening the link signed in or failed: %d", res.StatusCode)
	}
	res, _ = b.do(t, "POST", m[1], nil)
	wantRedirect(t, res, http.StatusSeeOther, "/articles/harbour-story")
	if b.cookies[cookieReader] == nil {
		t.Fatal("no reader cookie")
	}
	if res, _ := b.do(t, "POST", m[1], nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("link used twice: %d", res.StatusCode)
	}
}

func TestVerifiedReaderRepliesExportErase(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		rita := f.browser("198.51.100.20")
		readerSignIn(t, f, rita, "Rita@Example.com", "Rita")
		_, page := rita.do(t, "GET", "/articles/harbour-story", nil)
		if !strings.Contains(page, "Commenting as <strong>Rita</strong>") || !strings.Contains(page, `name="notify"`) {
			t.Fatal("form does not know the reader")
		}
		id := postComment(t, rita, "harbour-story", url.Values{"body": {"Reader view"}, "notify": {"1"}})
		before := commentMails(t, f)
		n := len(before)
		// A reply with a link and a name trying header tricks.
		replier := f.browser("198.51.100.21")
		postComment(t, replier, "harbour-story", url.Values{"name": {"Max <b>"}, "body": {"See [this](https://evil.example/p) or www.evil.example and ![x](https://evil.example/i.png)"},
			"parent": {strconv.FormatInt(id, 10)}})
		files := newFiles(before, commentMails(t, f))
		if len(files) != 1 {
			t.Fatalf("%d reply mails", len(files))
		}
		m, text := readMail(t, files[0])
		to, _ := m.Header.AddressList("To")
		if len(to) != 1 || to[0].Address != "rita@example.com" {
			t.Fatalf("To %v", m.Header.Get("To"))
		}
		unsub := m.Header.Get("List-Unsubscribe")
		if !strings.HasPrefix(unsub, "<https://news.example.com/reader/unsubscribe/") || m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Fatalf("unsubscribe headers: %q", unsub)
		}
		if strings.Contains(text, "evil.example") || strings.Contains(text, "<img") || strings.Contains(text, "https://evil") {
			t.Fatalf("live link in the mail: %q", text)
		}
		if !strings.Contains(text, "evil[.]example") {
			t.Fatalf("the reply text is missing: %q", text)
		}
		// One-click unsubscribe, as a mail program does it (no Origin header).
		tok := strings.TrimSuffix(strings.TrimPrefix(unsub, "<https://news.example.com"), ">")
		res, _ := f.browser("192.0.2.1").do(t, "POST", tok, url.Values{"List-Unsubscribe": {"One-Click"}}, "Sec-Fetch-Site", "")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
		}
		postComment(t, replier, "harbour-story", url.Values{"name": {"Max"}, "body": {"again"}, "parent": {strconv.FormatInt(id, 10)}})
		if got := len(commentMails(t, f)); got != n+1 {
			t.Fatalf("mail after unsubscribing: %d", got-n-1)
		}
		// Download, then erase.
		res, body := rita.do(t, "GET", "/reader/account/export.json", nil)
		var exp struct {
			Email    string
			Comments []struct{ Body, Article string }
		}
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &exp) != nil || exp.Email != "rita@example.com" ||
			len(exp.Comments) != 1 || exp.Comments[0].Body != "Reader view" || exp.Comments[0].Article != "Harbour story" {
			t.Fatalf("export: %d %s", res.StatusCode, body)
		}
		if res, _ := f.browser("198.51.100.99").do(t, "GET", "/reader/account/export.json", nil); res.StatusCode != http.StatusForbidden {
			t.Fatalf("export without a session: %d", res.StatusCode)
		}
		if res, _ := rita.do(t, "POST", "/reader/account/erase", url.Values{"confirm": {"erase"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("erase: %d", res.StatusCode)
		}
		c, _ := f.st.Comment(context.Background(), id)
		if c.Status != model.CommentDeleted || c.BodySource != "" || c.Identity.Email != "" || c.Identity.Name != "" {
			t.Fatalf("after erasure: %+v %+v", c, c.Identity)
		}
		_, page = f.browser("198.51.100.50").do(t, "GET", "/articles/harbour-story", nil)
		if strings.Contains(page, "Reader view") || !strings.Contains(page, "This comment was deleted") {
			t.Fatal("erased comment still shown, or its replies lost their place")
		}
	})
}

func TestStaffBadgePickAndPin(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		guest := f.browser("198.51.100.7")
		id := postComment(t, guest, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Good point"}})
		path := "/comments/" + strconv.FormatInt(id, 10)
		if res, _ := guest.do(t, "POST", path+"/pick", url.Values{"on": {"1"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("guest picked: %d", res.StatusCode)
		}
		ana := f.browser("198.51.100.30")
		if res, _ := ana.login(t, "ana@example.com", "right password", "/admin"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %d", res.StatusCode)
		}
		res, _ := ana.do(t, "POST", "/admin/comments/staff", url.Values{"next": {"/articles/harbour-story"}})
		wantRedirect(t, res, http.StatusSeeOther, "/articles/harbour-story")
		sid := postComment(t, ana, "harbour-story", url.Values{"body": {"From the newsroom"}})
		for _, act := range []string{"/pick", "/pin"} {
			if res, _ := ana.do(t, "POST", path+act, url.Values{"on": {"1"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d", act, res.StatusCode)
			}
		}
		_, page := f.browser("198.51.100.40").do(t, "GET", "/articles/harbour-story?sort=picks", nil)
		if !strings.Contains(page, "Good point") || strings.Contains(page, "From the newsroom") || !strings.Contains(page, "Editor&#39;s pick") {
			t.Fatalf("Picks tab wrong: %s", page)
		}
		_, page = f.browser("198.51.100.40").do(t, "GET", "/articles/harbour-story", nil)
		if !strings.Contains(page, "Pinned by the editors") || !strings.Contains(page, `badge-staff`) {
			t.Fatal("pin or staff badge missing")
		}
		c, _ := f.st.Comment(context.Background(), sid)
		if c.Identity.Kind != model.IdentityStaff || c.Identity.Name != "Ana Ruiz" {
			t.Fatalf("staff identity %+v", c.Identity)
		}
		// Logging out everywhere ends the comment pass too.
		u, _ := f.st.UserByEmail(context.Background(), "ana@example.com")
		if err := f.st.EndUserSessions(context.Background(), u.ID); err != nil {
			t.Fatal(err)
		}
		if res, _ := ana.do(t, "POST", path+"/pin", url.Values{"on": {"0"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("pass still works after logout everywhere: %d", res.StatusCode)
		}
	})
}

func TestCommentFeedsAndClosedStories(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		b := f.browser("198.51.100.7")
		postComment(t, b, "harbour-story", url.Values{"name": {"Ola"}, "body": {"Feed me <script>alert(1)</script>"}})
		for _, p := range []string{"/comments.atom", "/comments.rss", "/articles/harbour-story/comments.atom", "/articles/harbour-story/comments.rss"} {
			res, body := f.browser("192.0.2.5").do(t, "GET", p, nil)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "Ola on “Harbour story”") || strings.Contains(body, "<script") {
				t.Fatalf("%s: %d %s", p, res.StatusCode, body)
			}
		}
		// Auto-close after 14 days, and a closed story takes nothing.
		f.clk.add(15 * 24 * time.Hour)
		res, _ := b.do(t, "POST", "/articles/harbour-story/comments", url.Values{"name": {"Ola"}, "body": {"late"}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("post after auto-close: %d", res.StatusCode)
		}
		_, page := b.do(t, "GET", "/articles/harbour-story", nil)
		if !strings.Contains(page, "Comments are closed") || strings.Contains(page, "data-comment-form") {
			t.Fatal("closed story still shows the form")
		}
	})
}

func TestCommentsArriveLive(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		srv := httptest.NewServer(f.h)
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/articles/harbour-story/comments/live", nil)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
			t.Fatalf("content type %q", ct)
		}
		// Headers arrive after the subscription is made: a comment posted now is seen.
		id := postComment(t, f.browser("198.51.100.7"), "harbour-story", url.Values{"name": {"Ola"}, "body": {"Live *now*"}})
		sc := bufio.NewScanner(res.Body)
		var event, data string
	read:
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data += strings.TrimPrefix(line, "data: ")
			}
			if line == "" && data != "" {
				break read
			}
		}
		var ev liveEvent
		if err := json.Unmarshal([]byte(data), &ev); err != nil || event != "comment" {
			t.Fatalf("event %q data %q: %v", event, data, err)
		}
		if ev.ID != id || ev.Kind != "comment" || ev.Count != 1 || !strings.Contains(ev.HTML, "<em>now</em>") || strings.Contains(ev.HTML, "/edit") {
			t.Fatalf("live event %+v", ev)
		}
	})
}
