package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"masthead/internal/analytics"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/markup"
	"masthead/internal/model"
)

//go:embed templates/*.html
var templateFS embed.FS

// parseTemplates parses base.html together with each page template, so every
// page shares one layout ("base") and defines its "main" block.
func parseTemplates(funcs template.FuncMap) (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "base" || name == "partials" || name == "comments_partials" {
			continue
		}
		files := []string{"templates/base.html", "templates/partials.html", "templates/comments_partials.html", n}
		if strings.HasPrefix(name, "admin_") { // the newsroom admin has a layout of its own
			if name == "admin_base" {
				continue
			}
			files = []string{"templates/admin_base.html", n}
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		out[name] = t
	}
	return out, nil
}

// maxNavSections caps the sections listed in the masthead navigation (the
// first ones in navigation order that have stories).
const maxNavSections = 10

// layout is what base.html needs besides the page's own data.
type layout struct {
	Title       string // <title>, without the site name
	Description string
	Canonical   string // absolute
	Robots      string // e.g. "noindex"; empty for default
	OG          map[string]string
	OGArticle   [][2]string // repeated article:* properties (tags)
	JSONLD      template.JS
	Feeds       []feedLink
	Prev, Next  string // pagination rel links (paths)
	Sections    []model.Section
	Current     string // slug of the current section for nav highlighting
	Site        siteInfo
	Query       string
	Page        any // the page's own view
	// TrackArticle and TrackSection are the article and section ids the
	// tracker reports for this page (0: none); NoTrack leaves the tracker
	// out (error pages, previews).
	TrackArticle, TrackSection int64
	NoTrack                    bool
}

type feedLink struct{ Type, Title, Href string }

type siteInfo struct {
	Name    string
	BaseURL string
	CSS     string
	Tracker string // URL of the analytics tracker; empty on pages not counted
	Today   string
	Year    int
}

// render writes page template name with status and Cache-Control max-age
// (seconds; negative means no-store), setting Last-Modified when lastMod is not zero.
func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name string, l *layout, maxAge int, lastMod time.Time) error {
	t := s.tmpl[name]
	if t == nil {
		return fmt.Errorf("web: no template %q", name)
	}
	if l.Sections == nil {
		secs, err := s.st.SectionsInUse(r.Context(), s.clock())
		if err != nil {
			return err
		}
		if len(secs) > maxNavSections {
			secs = secs[:maxNavSections]
		}
		l.Sections = secs
	}
	now := s.clock().In(s.cfg.Location)
	l.Site = siteInfo{Name: s.cfg.SiteName, BaseURL: s.cfg.BaseURL, CSS: s.static.url("site.css"),
		Today: now.Format("Monday, January 2, 2006"), Year: now.Year()}
	if !l.NoTrack {
		l.Site.Tracker = s.static.url("tracker.js")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", l); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if maxAge < 0 || personal(r) { // personal pages (a commenter's own controls): nobody keeps them
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
	}
	if !lastMod.IsZero() {
		h.Set("Last-Modified", lastMod.UTC().Format(http.TimeFormat))
	}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderError shows the error page; it never fails (falls back to plain text).
func (s *Site) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	title := http.StatusText(status)
	switch status {
	case http.StatusNotFound:
		title = "Page not found"
	case http.StatusGone:
		title = "This story is no longer available"
	}
	l := &layout{Title: title, Robots: "noindex", NoTrack: true, Page: map[string]any{"Status": status, "Title": title, "Message": msg}}
	// Not-found and gone answers may change at any moment (a scheduled story
	// going live, a withdrawn one restored): browsers and CDNs must revalidate.
	maxAge := 0
	if err := s.render(w, r, status, "error", l, maxAge, time.Time{}); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// funcs are the template helpers.
func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		"articlePath": articlePath,
		"sectionPath": sectionPath,
		"authorPath":  authorPath,
		"tagPath":     tagPath,
		"mediaPath":   mediaPath,
		"rfc3339":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"human": func(t time.Time) string {
			return t.In(s.cfg.Location).Format("Jan 2, 2006 3:04 PM MST")
		},
		// humanSec is human with seconds, for admin lists where several
		// saves can fall in one minute (revisions, audit).
		"humanSec": func(t time.Time) string {
			return t.In(s.cfg.Location).Format("Jan 2, 2006 3:04:05 PM MST")
		},
		"day":       func(t time.Time) string { return t.In(s.cfg.Location).Format("Jan 2, 2006") },
		"ago":       func(t time.Time) string { return ago(s.clock(), t, s.cfg.Location) },
		"add":       func(a, b int) int { return a + b },
		"frontCard": func(a *model.Article, pos int) frontCard { return frontCard{a, pos} },
		"listItem":  newListItem,
		// Live analytics (admin_analytics.go).
		"sourceLabel": sourceLabel,
		"reasonText":  func(r string) string { return analytics.Reason(r).Explain() },
		"sourceName":  sourceName,
		"slotLabel":   slotLabel,
		"slotKinds":   slotKinds,
		"mmss":        seconds,
		"pct":         func(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + " %" },
		"share64": func(n, of int64) string {
			return strconv.FormatFloat(float64(n)*100/float64(of), 'f', 1, 64) + " %"
		},
		"share": func(n, of int) string {
			if of == 0 {
				return "0 %"
			}
			return strconv.Itoa((n*100+of/2)/of) + " %"
		},
		"hasPrefix": strings.HasPrefix,
		"img":       s.imgAttrs,
		// can reports whether a role may take an action (auth.Action text),
		// for showing only the admin links a user can use.
		"can":     func(role, action string) bool { return auth.Can(auth.Role(role), auth.Action(action)) },
		"excerpt": func(s string) string { return excerptText(s, 160) },
		// commentExcerpt quotes a stored comment as text: the words of its
		// sanitised HTML, never its source (an import's source is HTML).
		"commentExcerpt": func(c *model.Comment) string { return excerptText(markup.PlainText(c.BodyHTML), 160) },
		"srcset":         s.srcset,
		// commentHTML writes one comment of a thread (comments_html.go).
		"commentHTML": s.commentHTML,
	}
}

// ago renders a relative time for recent items ("12 min ago", "3 hrs ago")
// and a date for older ones.
func ago(now, t time.Time, loc *time.Location) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return strconv.Itoa(int(d.Minutes())) + " min ago"
	case d < 24*time.Hour:
		h := int(d.Hours())
		if h == 1 {
			return "1 hr ago"
		}
		return strconv.Itoa(h) + " hrs ago"
	}
	return t.In(loc).Format("Jan 2, 2006")
}

// imgAttrs returns width/height attributes for an image so the layout does
// not shift while it loads.
func (s *Site) imgAttrs(m *model.Media) template.HTMLAttr {
	if m == nil || m.Width == 0 || m.Height == 0 {
		return ""
	}
	return template.HTMLAttr(fmt.Sprintf(`width="%d" height="%d"`, m.Width, m.Height))
}
