package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
)

// `masthead comments train` teaches the filter the imported history's
// decisions once (a second run trains nothing), and --all adds the
// comments written on Masthead.
func TestCommentsTrain(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	a := &model.Article{Slug: "s", Headline: "S", Status: model.StatusPublished, PublishedAt: time.Now().Add(-time.Hour), CommentsOpen: true}
	if _, err := st.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	g := &model.CommentIdentity{Kind: model.IdentityGuest, Name: "G"}
	if err := st.CreateCommentIdentity(ctx, g); err != nil {
		t.Fatal(err)
	}
	add := func(body string, status model.CommentStatus, source string) {
		c := &model.Comment{ArticleID: a.ID, IdentityID: g.ID, Status: status, BodySource: body, BodyHTML: "<p>" + body + "</p>", Source: source}
		if source != "" {
			c.SourceID = fmt.Sprint(time.Now().UnixNano())
		}
		if err := st.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	add("cheap pills online", model.CommentSpam, "disqus")
	add("cheap watches online", model.CommentSpam, "disqus")
	add("the council was right", model.CommentApproved, "disqus")
	add("held one", model.CommentPending, "disqus")
	add("written here", model.CommentApproved, "")
	st.Close()

	code, out, errs := runEnv(t, nil, "comments", "train", "--data", dir)
	if code != 0 || !strings.Contains(out, "on 2 spam and 1 approved comments") {
		t.Fatalf("train: %d %q %q", code, out, errs)
	}
	if code, out, _ = runEnv(t, nil, "comments", "train", "--data", dir); code != 0 || !strings.Contains(out, "on 0 spam and 0 approved") {
		t.Fatalf("second run: %d %q", code, out)
	}
	if code, out, _ = runEnv(t, nil, "comments", "train", "--all", "--data", dir); code != 0 || !strings.Contains(out, "on 0 spam and 1 approved") {
		t.Fatalf("--all: %d %q", code, out)
	}
	st, err = store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counts, sd, hd, err := st.SpamCounts(ctx, []string{"cheap", "council"})
	if err != nil || sd != 2 || hd != 2 || counts["cheap"].Spam != 2 || counts["council"].Ham != 1 {
		t.Fatalf("counts %+v %d/%d %v", counts, sd, hd, err)
	}
	for _, args := range [][]string{{"comments"}, {"comments", "nope"}, {"comments", "train", "extra"}} {
		if code, _, _ := runEnv(t, nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
