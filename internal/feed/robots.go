package feed

import (
	"fmt"
	"io"
	"net/url"
	"strings"
)

// robotsDisallow lists the path prefixes robots.txt asks crawlers to skip:
// the newsroom's admin and the search result pages (endless, thin and
// duplicate content), and signed draft previews.
var robotsDisallow = [...]string{"/admin/", "/search", "/preview/"}

// Robots writes robots.txt (Robots Exclusion Protocol, RFC 9309) to w: one
// group for every user agent allowing the whole site except /admin/ and
// /search (search result pages are endless and thin), then one "Sitemap:"
// line per entry of sitemaps (the sitemaps.org 0.9 extension). A sitemap given as a path ("/sitemap.xml") is
// resolved against siteURL, because Sitemap lines must be absolute.
//
// It returns an error when a sitemap URL cannot be made absolute (http or
// https), contains a control character (which would inject lines), and any
// error from w.
func Robots(w io.Writer, siteURL string, sitemaps []string) error {
	var base *url.URL
	if siteURL != "" {
		u, err := url.Parse(siteURL)
		if err != nil || !u.IsAbs() {
			return fmt.Errorf("feed: robots: site URL %q is not absolute", siteURL)
		}
		base = u
	}
	var sb strings.Builder
	sb.WriteString("User-agent: *\nAllow: /\n")
	for _, p := range robotsDisallow {
		sb.WriteString("Disallow: " + p + "\n")
	}
	if len(sitemaps) > 0 {
		sb.WriteString("\n")
	}
	for i, s := range sitemaps {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return fmt.Errorf("feed: robots: sitemap %d contains a control character", i)
		}
		u, err := url.Parse(s)
		if err == nil && !u.IsAbs() && base != nil {
			u = base.ResolveReference(u)
		}
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("feed: robots: sitemap %d: %q is not an absolute http(s) URL", i, s)
		}
		sb.WriteString("Sitemap: " + u.String() + "\n")
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
