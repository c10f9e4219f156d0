package comment

import (
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func mk(id, parent int64, depth int, author int64, name string, status model.CommentStatus, minutes int) *model.Comment {
	root := id
	return &model.Comment{ID: id, ParentID: parent, RootID: root, Depth: depth, IdentityID: author, Status: status,
		Identity: &model.CommentIdentity{ID: author, Name: name}, Created: t0.Add(time.Duration(minutes) * time.Minute)}
}

func ids(items []Item) []int64 {
	var out []int64
	for _, it := range items {
		out = append(out, it.C.ID)
	}
	return out
}

func eq(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBuildOrdersIndentsAndPlaceholders(t *testing.T) {
	A := model.CommentApproved
	all := []*model.Comment{
		mk(1, 0, 0, 10, "Ana", A, 0),
		mk(2, 1, 1, 11, "Ben", A, 1),
		mk(3, 2, 2, 10, "Ana", A, 2),
		mk(4, 3, 3, 11, "Ben", A, 3),
		mk(5, 4, 4, 10, "Ana", A, 4),
		mk(6, 5, 5, 11, "Ben", A, 5), // deeper than MaxIndent
		mk(7, 0, 0, 12, "Cy", A, 6),
		mk(8, 0, 0, 13, "Di", model.CommentDeleted, 7),
		mk(9, 8, 1, 12, "Cy", A, 8), // reply under a deleted comment
		mk(10, 0, 0, 14, "Ed", model.CommentRejected, 9),
		mk(11, 0, 0, 15, "Fi", model.CommentPending, 10),
	}
	all[6].Score = 5
	t1 := Build(all, SortOldest, 1, 0)
	if got := ids(t1.Items); !eq(got, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Fatalf("oldest: %v", got)
	}
	if t1.Count != 8 {
		t.Errorf("count %d, want 8", t1.Count)
	}
	last := t1.Items[5]
	if last.Indent != MaxIndent || last.ReplyingTo != "Ana" {
		t.Errorf("deep reply: indent %d replying to %q", last.Indent, last.ReplyingTo)
	}
	if t1.Items[4].ReplyingTo != "" || t1.Items[4].Indent != 4 {
		t.Errorf("depth 4: %+v", t1.Items[4])
	}
	if !t1.Items[7].Placeholder || t1.Items[8].Placeholder {
		t.Errorf("deleted parent should be a placeholder, its reply not")
	}
	if got := ids(Build(all, SortNewest, 1, 0).Items); !eq(got, []int64{8, 9, 7, 1, 2, 3, 4, 5, 6}) {
		t.Fatalf("newest: %v", got)
	}
	if got := ids(Build(all, SortBest, 1, 0).Items); got[0] != 7 {
		t.Fatalf("best: %v", got)
	}
	// The author of the pending comment sees it, held; others do not.
	own := Build(all, SortOldest, 1, 15)
	if n := len(own.Items); n != 10 || !own.Items[9].Held {
		t.Fatalf("own pending: %d items", n)
	}
	all[1].Picked = t0
	all[6].Picked = t0.Add(time.Hour)
	if got := ids(Build(all, SortPicks, 1, 0).Items); !eq(got, []int64{7, 2}) {
		t.Fatalf("picks: %v", got)
	}
}

func TestBuildPaginatesWholeConversations(t *testing.T) {
	var all []*model.Comment
	id := int64(0)
	for r := 0; r < 30; r++ { // 30 conversations of 10 comments
		id++
		root := id
		all = append(all, mk(root, 0, 0, 1, "A", model.CommentApproved, int(id)))
		for k := 0; k < 9; k++ {
			id++
			all = append(all, mk(id, root, 1, 2, "B", model.CommentApproved, int(id)))
		}
	}
	t1 := Build(all, SortOldest, 1, 0)
	if t1.Pages != 3 || len(t1.Items) != PageBudget {
		t.Fatalf("pages %d, first page %d items", t1.Pages, len(t1.Items))
	}
	if p := Build(all, SortOldest, 99, 0); p.Page != 3 {
		t.Fatalf("page 99 clamped to %d", p.Page)
	}
	if p := PageOf(all, SortOldest, 0, 250); p != 3 {
		t.Fatalf("comment 250 on page %d", p)
	}
	if p := PageOf(all, SortOldest, 0, 9999); p != 0 {
		t.Fatalf("missing comment on page %d", p)
	}
}

func TestValidation(t *testing.T) {
	for _, bad := range []string{"", "   ", "Eve\r\nBcc: x", "Eve\x00", "A\u200bdmin", "Evil\u202e", strings.Repeat("n", 61)} {
		if _, err := ValidName(bad); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
	if n, err := ValidName("  Ana   María "); err != nil || n != "Ana María" {
		t.Errorf("name: %q %v", n, err)
	}
	for _, bad := range []string{"x", "a@b@c", "Ana <a@example.com>", "a@example.com\r\nBcc: b@example.com"} {
		if _, err := ValidEmail(bad); err == nil {
			t.Errorf("e-mail %q accepted", bad)
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "data:text/html,x", "//evil.example", "https://e.example/\"onmouseover=x", "ftp://e.example"} {
		if _, err := ValidWebsite(bad); err == nil {
			t.Errorf("website %q accepted", bad)
		}
	}
	if b, err := ValidBody(" a\r\nb "); err != nil || b != "a\nb" {
		t.Errorf("body %q %v", b, err)
	}
}

func TestOpenAtAndCanChange(t *testing.T) {
	a := &model.Article{Status: model.StatusPublished, PublishedAt: t0, CommentsOpen: true}
	set := model.CommentSettings{AutoCloseDays: 14}
	if !OpenAt(a, set, t0.Add(13*24*time.Hour)) || OpenAt(a, set, t0.Add(14*24*time.Hour)) {
		t.Error("auto-close at 14 days")
	}
	set.AutoCloseDays = 0
	if !OpenAt(a, set, t0.Add(1000*24*time.Hour)) {
		t.Error("0 days never closes")
	}
	set.Closed = t0
	if OpenAt(a, set, t0) {
		t.Error("closed by a moderator")
	}
	a.CommentsOpen = false
	if OpenAt(a, model.CommentSettings{}, t0) {
		t.Error("closed by the editor")
	}
	c := &model.Comment{IdentityID: 5, Status: model.CommentApproved, Created: t0}
	if CanChange(c, 5, 10*time.Minute, t0.Add(9*time.Minute)) != nil {
		t.Error("owner within the window refused")
	}
	if CanChange(c, 5, 10*time.Minute, t0.Add(10*time.Minute)) != ErrEditWindow {
		t.Error("window not enforced")
	}
	if CanChange(c, 6, 10*time.Minute, t0) != ErrNotYours || CanChange(c, 0, 10*time.Minute, t0) != ErrNotYours {
		t.Error("ownership not enforced")
	}
}

func TestSignVerify(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tok := Sign(key, "guest", "42", t0.Add(time.Hour))
	if v, ok := Verify(key, "guest", tok, t0); !ok || v != "42" {
		t.Fatalf("verify: %q %v", v, ok)
	}
	for _, bad := range []string{tok + "x", strings.Replace(tok, "42", "43", 1), "42", ""} {
		if _, ok := Verify(key, "guest", bad, t0); ok {
			t.Errorf("%q verified", bad)
		}
	}
	if _, ok := Verify(key, "staff", tok, t0); ok {
		t.Error("token valid for another purpose")
	}
	if _, ok := Verify(key, "guest", tok, t0.Add(time.Hour)); ok {
		t.Error("expired token verified")
	}
}

func TestMailTextDefangs(t *testing.T) {
	got := MailText("See https://evil.example/x and www.evil.example\nmail me@evil.example or evil.example. Fine text: ok")
	for _, bad := range []string{"https://", "evil.example", "me@"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q left in %q", bad, got)
		}
	}
	if !strings.HasPrefix(got, "> See https[:]//evil[.]example/x") || !strings.Contains(got, "\n> mail") || !strings.HasSuffix(got, "Fine text: ok") {
		t.Errorf("got %q", got)
	}
}
