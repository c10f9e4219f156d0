package web

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
)

// TestBannedWordAcrossSeparators (issue 4 tester finding 4): with
// "badword" banned, the word split by one separator character is rejected
// too; innocent text — a banned word inside a longer word, "as" next to a
// banned "ass" — is published.
func TestBannedWordAcrossSeparators(t *testing.T) {
	eachComments(t, func(t *testing.T, f *resetFixture, a *model.Article) {
		ana := f.browser("192.0.2.12")
		ana.login(t, "ana@example.com", "right password", "")
		if res, _ := ana.do(t, "POST", "/admin/comments/words", url.Values{"kind": {store.WordsBanned}, "words": {"badword\nass\ncunt"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("word list: %d", res.StatusCode)
		}
		want := map[string]model.CommentStatus{
			"One bad-word": model.CommentRejected, "Two bad/word": model.CommentRejected,
			"Three bad word": model.CommentRejected, "Four bad_word": model.CommentRejected,
			"Five bad.word":                 model.CommentRejected,
			"Scunthorpe United played well": model.CommentApproved, "As well as the assessment": model.CommentApproved,
			"It was bad. Words fail me": model.CommentApproved,
		}
		i := 0
		for body, status := range want {
			i++
			id := postComment(t, f.browser(fmt.Sprint("198.51.100.", 100+i)), "harbour-story", url.Values{"name": {"Vic"}, "body": {body}})
			if c, err := f.st.Comment(t.Context(), id); err != nil || c.Status != status {
				t.Errorf("%q stored %s (%s), want %s", body, c.Status, c.SpamReason, status)
			}
		}
	})
}
