package sitepath

import (
	"regexp"
	"strings"
)

// wpPermalink matches the permalink shapes WordPress sites commonly use
// (/2013/01/12/slug/, /2013/01/slug/, /category/name/slug/ as
// /name/slug/, or /slug/; ?p= links are not covered).
var wpPermalink = regexp.MustCompile(`^/(?:\d{4}/\d{2}/(?:\d{2}/)?|[a-z0-9-]+/)?([^/]+)/?$`)

// WordPressSlug returns the slug in an old WordPress-style permalink path
// (its last segment, at most 200 bytes), which the site answers with a 301
// to the article of that slug when there is one.
func WordPressSlug(path string) (string, bool) {
	m := wpPermalink.FindStringSubmatch(path)
	if m == nil || len(m[1]) > 200 {
		return "", false
	}
	return m[1], true
}

// ArticleSlug returns the slug of an article path "/articles/{slug}" (a
// trailing slash allowed, as the site redirects it); path is decoded, as
// url.URL.Path is.
func ArticleSlug(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/articles/")
	if !ok {
		return "", false
	}
	rest = strings.TrimSuffix(rest, "/")
	if rest == "" || strings.Contains(rest, "/") {
		return "", false
	}
	return rest, true
}
