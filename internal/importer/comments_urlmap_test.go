package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"masthead/internal/comment"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestParseURLRewrite(t *testing.T) {
	for in, want := range map[string]URLRewrite{
		"https://old.example.com/=https://news.example.org/":      {"https://old.example.com/", "https://news.example.org/"},
		"https://old.example.com/?p=1=https://news.example.org/x": {"https://old.example.com/?p=1", "https://news.example.org/x"},
		"/blog/=/articles/": {"/blog/", "/articles/"},
	} {
		if got, err := ParseURLRewrite(in); err != nil || got != want {
			t.Errorf("%q → %+v %v, want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "nonsense", "old.example.com=https://news.example.org/", "https://old.example.com/=", "https://old.example.com/=news"} {
		if got, err := ParseURLRewrite(in); err == nil {
			t.Errorf("%q accepted as %+v", in, got)
		}
	}
	m := []URLRewrite{{"https://old.example.com/", "https://news.example.org/"}, {"https://old.example.com/blog/", "https://news.example.org/articles/"}}
	if got, ok := rewriteURL(m, "https://old.example.com/blog/x"); !ok || got != "https://news.example.org/articles/x" {
		t.Errorf("longest prefix: %q %v", got, ok)
	}
	if got, ok := rewriteURL(m, "https://elsewhere.example/x"); ok || got != "https://elsewhere.example/x" {
		t.Errorf("no match: %q %v", got, ok)
	}
}

// TestURLMapAndClosedThreads (issue 4, testers' gap): thread URLs of the old
// domain are rewritten by --url-map before matching, so they match the
// articles' canonical URLs; threads the export marks closed close comments
// on their article (also a closed thread with no comments); both are in
// the summary, a dry run closes nothing, and a second run changes nothing.
func TestURLMapAndClosedThreads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		pub := time.Now().UTC().Add(-time.Hour)
		var arts []*model.Article
		for _, a := range []struct{ slug, canonical string }{
			{"council-votes-yes", "https://news.example.org/2020/01/council/"},
			{"harbour-reopens", "https://news.example.org/2020/02/harbour/"},
			{"quiet-story", "https://news.example.org/2020/03/quiet/"},
		} {
			art := &model.Article{Slug: a.slug, Headline: a.slug, Status: model.StatusPublished, Kind: model.KindArticle, PublishedAt: pub,
				CommentsOpen: true, CanonicalURL: a.canonical, BodyHTML: "<p>x</p>"}
			if _, err := st.SaveArticle(ctx, art); err != nil {
				t.Fatal(err)
			}
			arts = append(arts, art)
		}
		batch := func() *CommentBatch {
			at := time.Date(2020, 2, 3, 4, 5, 6, 0, time.UTC)
			b := &CommentBatch{Source: "disqus:bugle",
				Threads: []CommentThread{
					{Key: "1", URL: "https://old.example.com/2020/01/council/"},
					{Key: "2", URL: "https://old.example.com/2020/02/harbour", Closed: true},
					{Key: "3", URL: "https://old.example.com/2020/03/quiet/", Closed: true},
					{Key: "4", URL: "https://elsewhere.example/2020/04/gone/", Closed: true},
				},
				Comments: []CommentRecord{
					{SourceID: "a", ThreadKey: "1", Name: "Ana", Body: "<p>On the vote</p>", Format: CommentHTML, Created: at, Status: CommentApproved},
					{SourceID: "b", ThreadKey: "2", Name: "Bo", Body: "<p>On the harbour</p>", Format: CommentHTML, Created: at, Status: CommentApproved},
				}}
			return b
		}
		opts := CommentOptions{URLMap: []URLRewrite{{"https://old.example.com/", "https://news.example.org/"}}}
		open := func(a *model.Article) bool {
			set, err := st.EffectiveCommentSettings(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			return comment.OpenAt(a, set, time.Now().UTC())
		}

		// Without the map nothing matches (the slugs differ from the old paths).
		sum, err := WriteComments(ctx, st, batch(), realRules(st), CommentOptions{DryRun: true}, nil)
		if err != nil || sum.Imported != 0 || len(sum.Unmatched) != 2 || sum.Closed != 0 {
			t.Fatalf("without --url-map: %+v %v", sum, err)
		}
		dry := opts
		dry.DryRun = true
		if sum, err = WriteComments(ctx, st, batch(), realRules(st), dry, nil); err != nil || sum.Imported != 2 || sum.Closed != 2 {
			t.Fatalf("dry run: %+v %v", sum, err)
		}
		if !open(arts[1]) || !open(arts[2]) {
			t.Fatal("a dry run closed comments")
		}

		sum, err = WriteComments(ctx, st, batch(), realRules(st), opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Imported != 2 || sum.Matched[store.MatchCanonical] != 2 || len(sum.Unmatched) != 0 || sum.Rewritten != 3 ||
			sum.Closed != 2 || sum.WasClosed != 0 {
			t.Fatalf("summary %+v", sum)
		}
		out := sum.String()
		for _, w := range []string{"threads matched:   2 (by canonical URL 2)", "thread URLs rewritten by --url-map: 3",
			"threads closed in the source: 2 (comments closed on 2 articles now, 0 were already closed)"} {
			if !strings.Contains(out, w) {
				t.Errorf("summary lacks %q:\n%s", w, out)
			}
		}
		if !open(arts[0]) || open(arts[1]) || open(arts[2]) {
			t.Fatalf("open after import: %v %v %v, want true false false", open(arts[0]), open(arts[1]), open(arts[2]))
		}
		cs, err := st.CommentSettings(ctx, model.ScopeArticle, arts[1].ID)
		if err != nil || cs.Closed.IsZero() || cs.Mode != model.ModeInherit || cs.AutoCloseDays != -1 {
			t.Fatalf("settings of the closed article: %+v %v", cs, err)
		}

		// Again: nothing new, nothing changed.
		sum, err = WriteComments(ctx, st, batch(), realRules(st), opts, nil)
		if err != nil || sum.Imported != 0 || sum.Existing != 2 || sum.Closed != 0 || sum.WasClosed != 2 {
			t.Fatalf("second run: %+v %v", sum, err)
		}
		if again, _ := st.CommentSettings(ctx, model.ScopeArticle, arts[1].ID); !again.Closed.Equal(cs.Closed) {
			t.Errorf("the second run moved the close time: %v → %v", cs.Closed, again.Closed)
		}
	})
}
