package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"masthead/internal/model"
)

// Issue 4 finding D3: a held reply approved by a moderator never sent the
// reply e-mail. It now goes at approval, and once only however often the
// reply is approved again.
func TestHeldReplyMailedOnceWhenApproved(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		rita := f.browser("198.51.100.20")
		readerSignIn(t, f, rita, "rita@example.com", "Rita")
		id := postComment(t, rita, "harbour-story", url.Values{"body": {"Reader view"}, "notify": {"1"}})
		before := commentMails(t, f)
		links := "https://a.example/1 https://b.example/2 https://c.example/3 https://d.example/4"
		reply := postComment(t, f.browser("198.51.100.21"), "harbour-story", url.Values{"name": {"Max"},
			"body": {"Sources: " + links}, "parent": {strconv.FormatInt(id, 10)}})
		c, err := f.st.Comment(context.Background(), reply)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != model.CommentPending {
			t.Fatalf("a reply with 4 links is %s, want pending", c.Status)
		}
		if files := newFiles(before, commentMails(t, f)); len(files) != 0 {
			t.Fatalf("%d mails for a held reply", len(files))
		}
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		moderate := func(action string) {
			t.Helper()
			res, _ := ana.do(t, "POST", "/admin/comments/moderate", url.Values{"one": {fmt.Sprint(action, ":", reply)}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d", action, res.StatusCode)
			}
		}
		moderate("approve")
		files := newFiles(before, commentMails(t, f))
		if len(files) != 1 {
			t.Fatalf("%d reply mails after approval, want 1", len(files))
		}
		if _, text := readMail(t, files[0]); !strings.Contains(text, "/comments/"+strconv.FormatInt(reply, 10)) {
			t.Fatalf("the mail does not link the reply: %q", text)
		}
		moderate("pending")
		moderate("approve")
		if files := newFiles(before, commentMails(t, f)); len(files) != 1 {
			t.Fatalf("%d reply mails after a second approval, want still 1", len(files))
		}
	})
}
