package web

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/related"
	"masthead/internal/store"
)

// readMoreCount is the length of the automatic READ MORE list.
const readMoreCount = 4

// articleView is what article.html shows.
type articleView struct {
	A          *model.Article
	Body       template.HTML // stored sanitised HTML with recirculation expanded
	LeadURL    string
	Updated    bool // shown "Updated …"
	Rights     string
	ReadMore   []related.Scored
	CommentsOn bool
	Comments   *commentsView // nil on pages and previews
}

func (s *Site) articlePage(w http.ResponseWriter, r *http.Request) error {
	return s.contentPage(w, r, model.KindArticle)
}

func (s *Site) staticPage(w http.ResponseWriter, r *http.Request) error {
	return s.contentPage(w, r, model.KindPage)
}

// contentPage renders an article or page: 301 for an old slug, 410 for
// content taken down after publication, 404 for anything readers may not see.
func (s *Site) contentPage(w http.ResponseWriter, r *http.Request, kind model.Kind) error {
	ctx := r.Context()
	now := s.clock()
	slug := r.PathValue("slug")
	a, err := s.st.ArticleBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		if cur, rerr := s.st.RedirectFor(ctx, slug); rerr == nil {
			target, terr := s.st.ArticleBySlug(ctx, cur)
			if terr == nil && target.VisibleAt(now) {
				w.Header().Set("Location", articlePath(target))
				w.Header().Set("Cache-Control", "public, max-age=3600")
				w.WriteHeader(http.StatusMovedPermanently)
				return nil
			}
		}
		return notFound("We could not find that story. It may have moved, or the address may be mistyped.")
	}
	if err != nil {
		return err
	}
	if a.Kind != kind {
		if a.VisibleAt(now) {
			w.Header().Set("Location", articlePath(a))
			w.WriteHeader(http.StatusMovedPermanently)
			return nil
		}
		return notFound("We could not find that story.")
	}
	if !a.VisibleAt(now) {
		if a.Status == model.StatusUnpublished {
			return gone("This story has been withdrawn and is no longer available.")
		}
		return notFound("We could not find that story. It may have moved, or the address may be mistyped.")
	}
	v, err := s.articleView(ctx, a, now)
	if err != nil {
		return err
	}
	if a.Kind == model.KindArticle {
		if v.Comments, err = s.commentsFor(r, a); err != nil {
			return err
		}
		if v.Comments != nil && v.Comments.Open {
			// The form's time stamp must stay well within its maximum age, and
			// the form must not outlive the auto-close.
			w.Header().Set(cacheTTLHeader, formCacheTTL(v.Comments, now))
		}
	}
	l := &layout{
		Title:       firstNonEmpty(a.SEOTitle, a.Headline),
		Description: firstNonEmpty(a.SEODescription, a.Dek, markup.Excerpt(a.BodyText, 200)),
		Canonical:   firstNonEmpty(a.CanonicalURL, s.absURL(articlePath(a))),
		Page:        v,
	}
	if a.Section != nil {
		l.Current = a.Section.Slug
		l.TrackSection = a.Section.ID
	}
	if a.Kind == model.KindArticle {
		l.TrackArticle = a.ID
	}
	s.socialMeta(l, a, v)
	// Stories carry their comment thread, which changes without the story
	// changing: browsers revalidate every time (a 304 from the page cache
	// costs little), so a reader who just commented never sees an older copy.
	maxAge := 60
	if v.Comments != nil {
		maxAge = 0
	}
	return s.render(w, r, http.StatusOK, "article", l, maxAge, a.Modified)
}

func (s *Site) articleView(ctx context.Context, a *model.Article, now time.Time) (*articleView, error) {
	v := &articleView{A: a, CommentsOn: a.CommentsOpen}
	if a.LeadMedia != nil {
		v.LeadURL = mediaPath(a.LeadMedia)
	}
	// "Updated" is shown for a correction at any time, and otherwise for an
	// update at least a minute after publication (imports often stamp both
	// times a few seconds apart).
	v.Updated = !a.UpdatedAt.IsZero() && (a.UpdatedAt.Sub(a.PublishedAt) >= time.Minute ||
		(len(a.Corrections) > 0 && a.UpdatedAt.After(a.PublishedAt)))
	v.Rights = a.Rights
	if v.Rights == "" {
		v.Rights = s.cfg.RightsLine(a.PublishedAt.In(s.cfg.Location).Year())
	}

	// Inline READ NEXT / READ MORE blocks: link text is the target's
	// current headline; blocks whose target readers cannot see vanish.
	var slugs []string
	for _, rc := range markup.Recircs(a.BodyHTML) {
		slugs = append(slugs, rc.Slug)
	}
	targets, err := s.st.VisibleHeadlines(ctx, slugs, now)
	if err != nil {
		return nil, err
	}
	n := map[string]int{}
	body := markup.ExpandRecircs(a.BodyHTML, func(rc markup.Recirc) string {
		t, ok := targets[rc.Slug]
		if !ok || t.ID == a.ID {
			return ""
		}
		n[rc.Kind]++
		label := "READ NEXT"
		if rc.Kind == "more" {
			label = "READ MORE"
		}
		return `<aside class="recirc recirc-` + rc.Kind + `" aria-label="` + strings.ToLower(label) + `"><span class="recirc-label">` + label +
			`:</span> <a href="` + html.EscapeString(articlePath(&model.Article{Kind: t.Kind, Slug: t.Slug})) + `" data-recirc="` + inlineSlot(rc.Kind) + `-` + strconv.Itoa(n[rc.Kind]) + `">` +
			html.EscapeString(t.Headline) + `</a></aside>`
	})
	if a.Dateline != "" {
		if i := strings.Index(body, "<p>"); i >= 0 {
			body = body[:i+3] + `<span class="dateline">` + html.EscapeString(strings.ToUpper(a.Dateline)) + ` —</span> ` + body[i+3:]
		}
	}
	v.Body = template.HTML(body) // sanitised at write time by package markup

	if a.Kind == model.KindArticle {
		pins, err := s.st.ArticlesByIDs(ctx, a.Pins)
		if err != nil {
			return nil, err
		}
		visiblePins := pins[:0]
		for _, p := range pins {
			if p.VisibleAt(now) {
				visiblePins = append(visiblePins, p)
			}
		}
		cands, err := s.st.RelatedCandidates(ctx, a, now, 100)
		if err != nil {
			return nil, err
		}
		v.ReadMore = related.Select(a, cands, visiblePins, readMoreCount)
	}
	return v, nil
}

// socialMeta fills OpenGraph, Twitter card and JSON-LD NewsArticle data.
func (s *Site) socialMeta(l *layout, a *model.Article, v *articleView) {
	img := ""
	if a.LeadMedia != nil {
		img = s.mediaURL(a.LeadMedia)
	}
	l.OG = map[string]string{
		"og:type": "article", "og:title": a.Headline, "og:description": l.Description,
		"og:url": l.Canonical, "og:site_name": s.cfg.SiteName,
		"article:published_time": a.PublishedAt.Format(time.RFC3339),
		"article:modified_time":  a.LastChanged().Format(time.RFC3339),
		"twitter:card":           "summary", "twitter:title": a.Headline, "twitter:description": l.Description,
	}
	if a.Section != nil {
		l.OG["article:section"] = a.Section.Name
	}
	for _, t := range a.Tags {
		l.OGArticle = append(l.OGArticle, [2]string{"article:tag", t.Name})
	}
	if img != "" {
		l.OG["og:image"], l.OG["twitter:image"], l.OG["twitter:card"] = img, img, "summary_large_image"
		if a.LeadAlt != "" {
			l.OG["og:image:alt"], l.OG["twitter:image:alt"] = a.LeadAlt, a.LeadAlt
		}
	}
	if a.Kind != model.KindArticle {
		l.OG["og:type"] = "website"
		return
	}
	type thing = map[string]any
	authors := []thing{}
	for _, b := range a.Bylines {
		authors = append(authors, thing{"@type": "Person", "name": b.Author.Name, "url": s.absURL(authorPath(b.Author))})
	}
	ld := thing{
		"@context": "https://schema.org", "@type": "NewsArticle",
		"headline": a.Headline, "description": l.Description,
		"datePublished": a.PublishedAt.Format(time.RFC3339), "dateModified": a.LastChanged().Format(time.RFC3339),
		"author":           authors,
		"mainEntityOfPage": thing{"@type": "WebPage", "@id": l.Canonical},
		"publisher":        thing{"@type": "NewsMediaOrganization", "name": s.cfg.SiteName, "url": s.cfg.BaseURL + "/"},
		"copyrightNotice":  v.Rights,
		"wordCount":        a.WordCount,
	}
	if img != "" {
		ld["image"] = []thing{{"@type": "ImageObject", "url": img, "caption": a.LeadCaption, "creditText": a.LeadCredit}}
	}
	if a.Section != nil {
		ld["articleSection"] = a.Section.Name
	}
	if len(a.Tags) > 0 {
		kw := make([]string, len(a.Tags))
		for i, t := range a.Tags {
			kw[i] = t.Name
		}
		ld["keywords"] = kw
	}
	if len(a.Corrections) > 0 {
		var cs []thing
		for _, c := range a.Corrections {
			cs = append(cs, thing{"@type": "CorrectionComment", "text": c.Body, "datePublished": c.Created.Format(time.RFC3339)})
		}
		ld["correction"] = cs
	}
	b, _ := json.Marshal(ld) // escapes <, > and & so it is safe inside <script>
	l.JSONLD = template.JS(b)
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// inlineSlot is the recirculation slot kind of an inline block: "next" for
// READ NEXT, "inline-more" for READ MORE (the list under the story is "more").
func inlineSlot(kind string) string {
	if kind == "next" {
		return "next"
	}
	return "inline-more"
}
