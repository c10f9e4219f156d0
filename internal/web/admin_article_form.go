package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"masthead/internal/article"
	"masthead/internal/model"
)

// articleForm is the editor's input exactly as the user typed it, so a
// form with errors comes back with everything they wrote. It is package
// article's Fields, the format the Admin API and the revision snapshots use.
type articleForm = article.Fields

// bylineField is one row of the byline table.
type bylineField = article.BylineField

// formatLocal shows t (UTC) in the site zone for a datetime-local input.
func (s *Site) formatLocal(t time.Time) string { return article.FormatLocal(t, s.cfg.Location) }

// fieldError is one validation message tied to the form field it is about
// (the id of its input, for links from the summary).
type fieldError = article.FieldError

// maxFormBytes bounds an editor form post (the body field dominates).
const maxFormBytes = 2 << 20

func parseArticleForm(w http.ResponseWriter, r *http.Request) (articleForm, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return articleForm{}, &httpError{http.StatusRequestEntityTooLarge, "The article is too long to save (the limit is 2 MB)."}
		}
		return articleForm{}, badRequest("The form could not be read. Please try again.")
	}
	v := r.PostForm
	line := func(k string) string { return strings.Join(strings.Fields(v.Get(k)), " ") }
	f := articleForm{Headline: line("headline"), Dek: strings.TrimSpace(v.Get("dek")), Kicker: line("kicker"),
		Slug: strings.TrimSpace(v.Get("slug")), Section: v.Get("section"), Tags: line("tags"), Dateline: line("dateline"),
		Lead: firstNonEmpty(strings.TrimSpace(v.Get("lead")), v.Get("lead_pick")), LeadAlt: line("lead_alt"), LeadCaption: strings.TrimSpace(v.Get("lead_caption")),
		LeadCredit: line("lead_credit"), Body: strings.ReplaceAll(v.Get("body"), "\r\n", "\n"), Pins: line("pins"),
		Rights: line("rights"), Canonical: strings.TrimSpace(v.Get("canonical_url")), SEOTitle: line("seo_title"),
		SEODesc: line("seo_description"), PublishAt: strings.TrimSpace(v.Get("publish_at")),
		EmbargoUntil: strings.TrimSpace(v.Get("embargo_until")), CommentsOpen: v.Get("comments_open") != "", MarkUpdated: v.Get("mark_updated") != ""}
	authors, roles, pos := v["byline_author"], v["byline_role"], v["byline_pos"]
	for i, a := range authors {
		b := bylineField{Author: a}
		if i < len(roles) {
			b.Role = line2(roles[i])
		}
		if i < len(pos) {
			b.Pos = strings.TrimSpace(pos[i])
		}
		if b.Author != "" || b.Role != "" {
			f.Bylines = append(f.Bylines, b)
		}
	}
	return f, nil
}

func line2(s string) string { return strings.Join(strings.Fields(s), " ") }

// formFromArticle fills the editor from a stored article.
func (s *Site) formFromArticle(ctx context.Context, a *model.Article) (articleForm, error) {
	return article.FieldsOf(ctx, s.st, a, s.cfg.Location)
}

// applyForm checks f and copies it onto a (a new or loaded article) with
// article.Check, returning the validation errors (nothing is written).
func (s *Site) applyForm(ctx context.Context, a *model.Article, f articleForm) ([]fieldError, *article.Pending, error) {
	return article.Check(ctx, s.st, a, f, s.cfg.Location)
}
