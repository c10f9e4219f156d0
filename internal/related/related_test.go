package related

import (
	"testing"
	"time"

	"masthead/internal/model"
)

func art(id int64, sec int64, head string, pub time.Time, tags ...int64) *model.Article {
	a := &model.Article{ID: id, SectionID: sec, Headline: head, PublishedAt: pub, Kind: model.KindArticle}
	for _, t := range tags {
		a.Tags = append(a.Tags, model.Tag{ID: t})
	}
	return a
}

func TestSelectOrder(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	a := art(1, 10, "Harbour bridge closes for repairs", now, 1, 2)
	twoTags := art(2, 20, "Council debates budget", now.Add(-48*time.Hour), 1, 2)
	oneTag := art(3, 10, "Ferry timetable changes", now.Add(-2*time.Hour), 1)
	keyword := art(4, 30, "Bridge engineers speak", now.Add(-time.Hour))
	unrelated := art(5, 30, "Cup final tonight", now)
	pinned := art(6, 30, "Pinned story", now.Add(-400*24*time.Hour))
	got := Select(a, []*model.Article{unrelated, keyword, oneTag, twoTags, a}, []*model.Article{pinned}, 4)
	var ids []int64
	for _, s := range got {
		ids = append(ids, s.Article.ID)
	}
	want := []int64{6, 2, 3, 4}
	if len(ids) != len(want) {
		t.Fatalf("got %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("got %v, want %v", ids, want)
		}
	}
	if !got[0].Pinned {
		t.Fatal("pin not marked")
	}
}

func TestRecencyBreaksEqualScores(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	a := art(1, 0, "x", now, 1)
	old := art(2, 0, "y", now.Add(-30*24*time.Hour), 1)
	fresh := art(3, 0, "z", now.Add(-24*time.Hour), 1)
	got := Select(a, []*model.Article{old, fresh}, nil, 2)
	if got[0].Article.ID != 3 {
		t.Fatalf("fresher candidate should win, got %d", got[0].Article.ID)
	}
}
