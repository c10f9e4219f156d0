package sitepath

import (
	"testing"

	"masthead/internal/model"
)

func TestShapes(t *testing.T) {
	for got, want := range map[string]string{
		Article(&model.Article{Slug: "a b"}):                 "/articles/a%20b",
		Article(&model.Article{Slug: "about", Kind: "page"}): "/pages/about",
		Section("news"):    "/sections/news",
		Author("ana-ruiz"): "/authors/ana-ruiz",
		Tag("خبر"):         "/tags/%D8%AE%D8%A8%D8%B1",
		Media(&model.Media{ID: 7, Stored: true, Checksum: "0123456789abcdef", MIME: "image/png"}): "/media/7/0123456789ab.png",
		Media(&model.Media{URL: "https://cdn.example/x.jpg"}):                                     "https://cdn.example/x.jpg",
		Media(nil): "",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
