package importer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func realRules(st *store.Store) CommentRules {
	return CommentRules{HashIP: (&comment.Decider{Store: st}).HashIP, BodyHash: comment.BodyHash}
}

// seedArticles imports two articles the fixture's threads point at.
func seedArticles(t *testing.T, st *store.Store) (cityHall, budget *model.Article) {
	t.Helper()
	ctx := context.Background()
	_, err := Write(ctx, st, &Batch{Source: "wxr:https://bugle.example", Items: []Item{
		{SourceID: "10", Slug: "city-hall", Headline: "City hall", BodyHTML: "<p>a</p>", Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{SourceID: "11", Slug: "budget", Headline: "Budget", BodyHTML: "<p>b</p>", Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cityHall, err = st.ArticleBySlug(ctx, "city-hall"); err != nil {
		t.Fatal(err)
	}
	if budget, err = st.ArticleBySlug(ctx, "budget"); err != nil {
		t.Fatal(err)
	}
	return cityHall, budget
}

func hostileBatch() *CommentBatch {
	at := time.Date(2020, 2, 3, 4, 5, 6, 0, time.UTC)
	return &CommentBatch{
		Source: "disqus:bugle",
		Threads: []CommentThread{
			{Key: "1", URL: "https://old.bugle.example/2020/01/city-hall/"},
			{Key: "2", URL: "/news/budget.html"},
			{Key: "3", URL: "https://old.bugle.example/2020/01/gone/", Title: "Gone"},
		},
		Comments: []CommentRecord{
			{SourceID: "a", ThreadKey: "1", Name: "Ana\r\nBcc: x@evil.example", Email: "ana@example.org", Username: "ana", IP: "2001:db8::1",
				Body:   `<p onclick="alert(1)">Hi <script>alert(2)</script><a href="javascript:alert(3)">js</a> <a href="https://ok.example/">ok</a><img src=x onerror=alert(4)></p>`,
				Format: CommentHTML, Created: at, Status: CommentApproved},
			{SourceID: "b", ThreadKey: "2", Username: "bo", IP: "::ffff:192.0.2.9", Body: "*md* <b>raw</b>", Format: CommentMarkdown, Created: at, Status: CommentPending},
			{SourceID: "c", ThreadKey: "1", ParentID: "a", Name: "Cy", Body: "", Format: CommentHTML, Created: at.Add(time.Hour), Status: CommentDeleted},
			{SourceID: "d", ThreadKey: "1", ParentID: "c", Name: "Di", URL: "javascript:alert(1)", Body: "reply to deleted", Format: CommentHTML, Created: at.Add(2 * time.Hour), Status: CommentApproved},
			{SourceID: "e", ThreadKey: "3", Name: "Ed", Body: "lost", Format: CommentHTML, Created: at, Status: CommentApproved},
		},
		Skipped: []Skip{{ID: "z", Reason: "pingback"}},
	}
}

func TestWriteComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cityHall, budget := seedArticles(t, st)
		var calls int
		sum, err := WriteComments(ctx, st, hostileBatch(), realRules(st), CommentOptions{}, func(done, total int) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		if sum.Imported != 4 || sum.Existing != 0 || sum.ByStatus[CommentApproved] != 2 || sum.ByStatus[CommentPending] != 1 ||
			sum.ByStatus[CommentDeleted] != 1 || sum.Matched[store.MatchSlug] != 2 || len(sum.Unmatched) != 1 ||
			sum.Unmatched[0].URL != "https://old.bugle.example/2020/01/gone/" || sum.Unmatched[0].Comments != 1 ||
			sum.Skipped["thread not matched"] != 1 || sum.Skipped["pingback"] != 1 || calls != 5 {
			t.Fatalf("summary %+v (progress calls %d)", sum, calls)
		}
		out := sum.String()
		for _, w := range []string{"comments imported: 4", "by status: approved 2, pending 1, deleted 1", "threads matched:   2 (by slug 2)",
			"https://old.bugle.example/2020/01/gone/ — Gone (1 comment(s))", "thread not matched:      1", "pingback:                1\n    z\n"} {
			if !strings.Contains(out, w) {
				t.Errorf("summary text lacks %q:\n%s", w, out)
			}
		}
		all, err := st.ArticleComments(ctx, cityHall.ID, 0)
		if err != nil || len(all) != 3 {
			t.Fatalf("city hall comments: %d %v", len(all), err)
		}
		a, c, d := all[0], all[1], all[2]
		if c.ParentID != a.ID || d.ParentID != c.ID || d.Depth != 2 || d.RootID != a.ID {
			t.Errorf("thread shape: a=%d c→%d d→%d depth %d", a.ID, c.ParentID, d.ParentID, d.Depth)
		}
		for _, bad := range []string{"script", "onclick", "javascript", "onerror", "<img", "alert(2)"} {
			if strings.Contains(a.BodyHTML, bad) {
				t.Errorf("stored body keeps %q: %s", bad, a.BodyHTML)
			}
		}
		if !strings.Contains(a.BodyHTML, `<a href="https://ok.example/" rel="nofollow ugc noopener">ok</a>`) {
			t.Errorf("link not kept with rel: %s", a.BodyHTML)
		}
		if a.IPHash == "" || strings.Contains(a.IPHash, ":") || a.Identity.Name != "Ana Bcc: x@evil.example" || a.Identity.Email != "ana@example.org" {
			t.Errorf("comment a: ip hash %q, identity %+v", a.IPHash, a.Identity)
		}
		if want, _ := (&comment.Decider{Store: st}).HashIP(ctx, "2001:db8::1"); a.IPHash != want || a.BodyHash == "" {
			t.Errorf("ip hash %q, want %q; body hash %q", a.IPHash, want, a.BodyHash)
		}
		if c.Status != model.CommentDeleted || c.BodyHTML != "" || c.Deleted.IsZero() {
			t.Errorf("deleted comment %+v", c)
		}
		if d.Identity.Website != "" || a.Source != "disqus:bugle" || a.SourceID != "a" || !a.Created.Equal(time.Date(2020, 2, 3, 4, 5, 6, 0, time.UTC)) {
			t.Errorf("d website %q; a source %q/%q created %v", d.Identity.Website, a.Source, a.SourceID, a.Created)
		}
		b, err := st.ArticleComments(ctx, budget.ID, 0)
		if err != nil || len(b) != 1 || b[0].Status != model.CommentPending || strings.Contains(b[0].BodyHTML, "<b>") ||
			!strings.Contains(b[0].BodyHTML, "<em>md</em>") {
			t.Fatalf("budget comments %+v %v", b, err)
		}
		if want, _ := (&comment.Decider{Store: st}).HashIP(ctx, "192.0.2.9"); b[0].IPHash != want {
			t.Errorf("IPv4-mapped address hashed as %q, want the IPv4 hash %q", b[0].IPHash, want)
		}

		// A moderator acts; the second run imports nothing and undoes nothing.
		if _, err := st.SetCommentStatus(ctx, []int64{b[0].ID}, model.CommentApproved, 0, time.Now()); err != nil {
			t.Fatal(err)
		}
		sum, err = WriteComments(ctx, st, hostileBatch(), realRules(st), CommentOptions{}, nil)
		if err != nil || sum.Imported != 0 || sum.Existing != 4 {
			t.Fatalf("second run: %+v %v", sum, err)
		}
		if got, _ := st.Comment(ctx, b[0].ID); got.Status != model.CommentApproved {
			t.Errorf("re-import changed a moderated comment to %s", got.Status)
		}
	})
}

// A comment that cannot be written fails the whole import: nothing of the
// file is kept, and the error names the comment and its line.
func TestWriteCommentsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cityHall, _ := seedArticles(t, st)
		b := hostileBatch()
		b.Comments[3].Body = strings.Repeat("x", MaxCommentBytes+1)
		b.Comments[3].Line = 77
		_, err := WriteComments(ctx, st, b, realRules(st), CommentOptions{}, nil)
		if err == nil || !strings.Contains(err.Error(), "comment d (line 77): body is") {
			t.Fatalf("err = %v", err)
		}
		if all, _ := st.ArticleComments(ctx, cityHall.ID, 0); len(all) != 0 {
			t.Fatalf("%d comments written by a failed import", len(all))
		}
		failing := realRules(st)
		failing.HashIP = func(context.Context, string) (string, error) { return "", errors.New("no secret") }
		if _, err := WriteComments(ctx, st, hostileBatch(), failing, CommentOptions{}, nil); err == nil {
			t.Fatal("an IP hash failure did not fail the import")
		}
		if all, _ := st.ArticleComments(ctx, cityHall.ID, 0); len(all) != 0 {
			t.Fatalf("%d comments written by a failed import", len(all))
		}
	})
}

func TestWriteCommentsDryRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cityHall, _ := seedArticles(t, st)
		sum, err := WriteComments(ctx, st, hostileBatch(), realRules(st), CommentOptions{DryRun: true}, nil)
		if err != nil || sum.Imported != 4 || !strings.HasPrefix(sum.String(), "dry run: nothing was written") {
			t.Fatalf("dry run: %+v %v", sum, err)
		}
		if all, _ := st.ArticleComments(ctx, cityHall.ID, 0); len(all) != 0 {
			t.Fatalf("dry run wrote %d comments", len(all))
		}
		if _, err := st.CommentIdentityBySource(ctx, "disqus:bugle", "user:ana"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("dry run wrote an identity: %v", err)
		}
	})
}
