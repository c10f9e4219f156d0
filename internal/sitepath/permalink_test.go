package sitepath

import "testing"

func TestWordPressSlugAndArticleSlug(t *testing.T) {
	wp := map[string]string{"/2013/01/12/harbour-plan/": "harbour-plan", "/2013/01/harbour-plan": "harbour-plan",
		"/news/harbour-plan/": "harbour-plan", "/harbour-plan": "harbour-plan", "/a/b/c/": "", "/": ""}
	for in, want := range wp {
		if got, ok := WordPressSlug(in); got != want || ok != (want != "") {
			t.Errorf("WordPressSlug(%q) = %q, %v", in, got, ok)
		}
	}
	art := map[string]string{"/articles/harbour-plan": "harbour-plan", "/articles/harbour-plan/": "harbour-plan",
		"/articles/": "", "/articles/a/b": "", "/pages/about": ""}
	for in, want := range art {
		if got, ok := ArticleSlug(in); got != want || ok != (want != "") {
			t.Errorf("ArticleSlug(%q) = %q, %v", in, got, ok)
		}
	}
}
