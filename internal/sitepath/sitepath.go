// Package sitepath is the single source of the reader site's URL shapes,
// shared by the HTML site (package web), the Content API (package api) and
// anything else that links to reader pages. Paths are site-relative and
// percent-escaped; callers prefix the public base URL to make them absolute.
package sitepath

import (
	"net/url"
	"strconv"

	"masthead/internal/model"
)

// Article is "/articles/{slug}" for articles and "/pages/{slug}" for pages.
func Article(a *model.Article) string {
	if a.Kind == model.KindPage {
		return "/pages/" + url.PathEscape(a.Slug)
	}
	return "/articles/" + url.PathEscape(a.Slug)
}

// Section is "/sections/{slug}".
func Section(slug string) string { return "/sections/" + url.PathEscape(slug) }

// Author is "/authors/{slug}".
func Author(slug string) string { return "/authors/" + url.PathEscape(slug) }

// Tag is "/tags/{slug}".
func Tag(slug string) string { return "/tags/" + url.PathEscape(slug) }

// Media returns where an image is: the original URL for remote media, or
// "/media/{id}/{first 12 hex of sha256}{.ext}" for stored media, a path that
// changes whenever the bytes do (so it can be cached forever). nil gives "".
func Media(m *model.Media) string {
	if m == nil {
		return ""
	}
	if !m.Stored {
		return m.URL
	}
	sum := m.Checksum
	if len(sum) > 12 {
		sum = sum[:12]
	}
	if sum == "" {
		sum = "file"
	}
	return "/media/" + strconv.FormatInt(m.ID, 10) + "/" + sum + Ext(m.MIME)
}

// Ext is the file extension used in media paths for a MIME type
// (".jpg" for JPEG and anything unknown).
func Ext(mime string) string {
	switch mime {
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	default:
		return ".jpg"
	}
}
