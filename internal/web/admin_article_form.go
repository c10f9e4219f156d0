package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// articleForm is the editor's input exactly as the user typed it, so a
// form with errors comes back with everything they wrote.
//
// It is also the snapshot a revision keeps (JSON, see admin_revisions.go):
// the field names below are stored in the database, so rename with care.
type articleForm struct {
	Headline, Dek, Kicker, Slug, Section, Tags, Dateline string
	// Lead is the lead image: a media id, a /media/… path or an
	// http(s) URL of a remote image; empty for none.
	Lead, LeadAlt, LeadCaption, LeadCredit string
	Body                                   string
	Pins                                   string // comma-separated slugs
	Rights, Canonical, SEOTitle, SEODesc   string
	// PublishAt and EmbargoUntil are local date-times in the site's zone
	// (config Location), "2006-01-02T15:04" or with ":05" seconds, as an
	// <input type="datetime-local"> sends them; empty for unset.
	PublishAt, EmbargoUntil string
	CommentsOpen            bool
	MarkUpdated             bool `json:"-"`
	Bylines                 []bylineField
}

// bylineField is one row of the byline table: an author id, a role and a
// position (rows are ordered by position, ascending).
type bylineField struct{ Author, Role, Pos string }

// Layouts of <input type="datetime-local"> values.
const (
	localMinute = "2006-01-02T15:04"
	localSecond = "2006-01-02T15:04:05"
)

// formatLocal shows t (UTC) in the site zone for a datetime-local input,
// with seconds only when they are not zero; "" for the zero time.
func (s *Site) formatLocal(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(s.cfg.Location)
	if t.Second() != 0 {
		return t.Format(localSecond)
	}
	return t.Format(localMinute)
}

// parseLocal reads a datetime-local value in the site zone and returns it
// in UTC; "" gives the zero time.
func (s *Site) parseLocal(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(localMinute, v, s.cfg.Location)
	if err != nil {
		t, err = time.ParseInLocation(localSecond, v, s.cfg.Location)
	}
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, errors.New("bad time")
	}
	return t.UTC(), nil
}

// fieldError is one validation message tied to the form field it is about
// (the id of its input, for links from the summary).
type fieldError struct{ Field, Msg string }

// maxFormBytes bounds an editor form post (the body field dominates).
const maxFormBytes = 2 << 20

// Field limits, in characters.
var fieldLimits = map[string]int{"headline": 300, "dek": 1000, "kicker": 100, "slug": 200, "dateline": 100,
	"lead_alt": 1000, "lead_caption": 2000, "lead_credit": 300, "rights": 500, "canonical_url": 2000,
	"seo_title": 200, "seo_description": 500, "tags": 2000, "pins": 2000, "body": 1 << 20}

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
		Lead: strings.TrimSpace(v.Get("lead")), LeadAlt: line("lead_alt"), LeadCaption: strings.TrimSpace(v.Get("lead_caption")),
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
	f := articleForm{Headline: a.Headline, Dek: a.Dek, Kicker: a.Kicker, Slug: a.Slug, Dateline: a.Dateline,
		LeadAlt: a.LeadAlt, LeadCaption: a.LeadCaption, LeadCredit: a.LeadCredit, Body: a.BodySource,
		Rights: a.Rights, Canonical: a.CanonicalURL, SEOTitle: a.SEOTitle, SEODesc: a.SEODescription,
		CommentsOpen: a.CommentsOpen, PublishAt: s.formatLocal(a.PublishedAt), EmbargoUntil: s.formatLocal(a.EmbargoUntil)}
	if a.SectionID != 0 {
		f.Section = itoa(a.SectionID)
	}
	if a.LeadMediaID != 0 {
		f.Lead = itoa(a.LeadMediaID)
	}
	names := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		names[i] = t.Name
	}
	f.Tags = strings.Join(names, ", ")
	for i, b := range a.Bylines {
		f.Bylines = append(f.Bylines, bylineField{Author: itoa(b.AuthorID), Role: b.Role, Pos: strconv.Itoa(i + 1)})
	}
	pins, err := s.st.ArticlesByIDs(ctx, a.Pins)
	if err != nil {
		return f, err
	}
	slugs := make([]string, len(pins))
	for i, p := range pins {
		slugs[i] = p.Slug
	}
	f.Pins = strings.Join(slugs, ", ")
	return f, nil
}

// pendingWrites are rows the save creates besides the article itself:
// new tags and a remote lead image given by URL.
type pendingWrites struct {
	tags   []*model.Tag // ID 0 for tags to create
	remote *model.Media // non-nil: create (or reuse) this remote media record
	// publishAt is the form's "Publish at" (UTC, zero when blank); the
	// action decides whether it becomes PublishedAt (see saveArticle).
	publishAt time.Time
}

// applyForm checks f and copies it onto a (a new or loaded article),
// returning the validation errors (nothing is written). The body is
// rendered and sanitised here by package markup, exactly as the site does.
func (s *Site) applyForm(ctx context.Context, a *model.Article, f articleForm) ([]fieldError, *pendingWrites, error) {
	var errs []fieldError
	bad := func(field, msg string) { errs = append(errs, fieldError{field, msg}) }
	for field, val := range map[string]string{"headline": f.Headline, "dek": f.Dek, "kicker": f.Kicker, "slug": f.Slug,
		"dateline": f.Dateline, "lead_alt": f.LeadAlt, "lead_caption": f.LeadCaption, "lead_credit": f.LeadCredit,
		"rights": f.Rights, "canonical_url": f.Canonical, "seo_title": f.SEOTitle, "seo_description": f.SEODesc,
		"tags": f.Tags, "pins": f.Pins, "body": f.Body} {
		if n := utf8.RuneCountInString(val); n > fieldLimits[field] {
			bad(field, "This field is too long ("+strconv.Itoa(n)+" characters; the limit is "+strconv.Itoa(fieldLimits[field])+").")
		}
	}
	if f.Headline == "" {
		bad("headline", "Write a headline.")
	}
	a.Headline, a.Dek, a.Kicker, a.Dateline = f.Headline, f.Dek, f.Kicker, f.Dateline
	a.Rights, a.SEOTitle, a.SEODescription, a.CommentsOpen = f.Rights, f.SEOTitle, f.SEODesc, f.CommentsOpen

	switch {
	case f.Slug != "":
		a.Slug = markup.Slugify(f.Slug)
		if a.Slug == "" {
			bad("slug", "The slug needs at least one letter or digit (or leave it blank to make one from the headline).")
		}
	case f.Headline != "":
		a.Slug = markup.Slugify(f.Headline)
		if a.Slug == "" {
			bad("slug", "No slug can be made from this headline; write one.")
		}
	}

	a.SectionID = 0
	if id, err := idParam(f.Section); err != nil {
		bad("section", "Choose a section from the list.")
	} else if id != 0 {
		secs, err := s.st.Sections(ctx)
		if err != nil {
			return nil, nil, err
		}
		found := false
		for _, sec := range secs {
			found = found || sec.ID == id
		}
		if !found {
			bad("section", "That section does not exist any more; choose another.")
		}
		a.SectionID = id
	}

	pw := &pendingWrites{}
	var err error
	if pw.publishAt, err = s.parseLocal(f.PublishAt); err != nil {
		bad("publish_at", "Give the publication time as a date and a time, e.g. 2024-06-20 10:21.")
	}
	if t, err := s.parseLocal(f.EmbargoUntil); err != nil {
		bad("embargo_until", "Give the embargo time as a date and a time, e.g. 2024-06-20 10:21.")
	} else {
		a.EmbargoUntil = t
	}
	if err := s.applyBylines(ctx, a, f.Bylines, bad); err != nil {
		return nil, nil, err
	}
	if err := s.applyTags(ctx, a, f.Tags, pw, bad); err != nil {
		return nil, nil, err
	}
	if err := s.applyLead(ctx, a, f, pw, bad); err != nil {
		return nil, nil, err
	}
	if err := s.applyPins(ctx, a, f.Pins, bad); err != nil {
		return nil, nil, err
	}

	a.CanonicalURL = ""
	if f.Canonical != "" {
		u, err := url.Parse(f.Canonical)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("canonical_url", "The canonical URL must be a full http:// or https:// address, or blank for the story's own address.")
		} else {
			a.CanonicalURL = u.String()
		}
	}

	a.BodySource = f.Body
	var r markup.Rendered
	if a.BodyFormat == model.FormatHTML {
		r = markup.HTML(f.Body)
	} else {
		a.BodyFormat = model.FormatMarkdown
		var err error
		if r, err = markup.Markdown(f.Body); err != nil {
			bad("body", "The body could not be rendered: "+err.Error())
		}
	}
	a.BodyHTML, a.BodyText, a.WordCount = r.HTML, r.Text, r.WordCount
	return errs, pw, nil
}

func (s *Site) applyBylines(ctx context.Context, a *model.Article, rows []bylineField, bad func(string, string)) error {
	authors, err := s.st.Authors(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]*model.Author{}
	for i := range authors {
		byID[authors[i].ID] = &authors[i]
	}
	type ranked struct {
		pos, idx int
		b        model.Byline
	}
	var list []ranked
	seen := map[int64]bool{}
	for i, row := range rows {
		if row.Author == "" {
			if row.Role != "" {
				bad("bylines", "Byline row "+strconv.Itoa(i+1)+" has a role but no author.")
			}
			continue
		}
		id, err := idParam(row.Author)
		au := byID[id]
		if err != nil || au == nil {
			bad("bylines", "Byline row "+strconv.Itoa(i+1)+": choose an author from the list.")
			continue
		}
		if seen[id] {
			bad("bylines", au.Name+" is in the byline twice.")
			continue
		}
		seen[id] = true
		pos := i + 1
		if row.Pos != "" {
			if pos, err = strconv.Atoi(row.Pos); err != nil {
				bad("bylines", "Byline positions are whole numbers (1 comes first).")
				continue
			}
		}
		if utf8.RuneCountInString(row.Role) > 60 {
			bad("bylines", "A byline role is at most 60 characters (e.g. “reporting”, “photos”).")
		}
		list = append(list, ranked{pos, i, model.Byline{AuthorID: id, Role: row.Role, Author: au}})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].pos < list[j].pos })
	a.Bylines = nil // never append into a stored article's slice
	for i, r := range list {
		r.b.Position = i
		a.Bylines = append(a.Bylines, r.b)
	}
	return nil
}

func (s *Site) applyTags(ctx context.Context, a *model.Article, in string, pw *pendingWrites, bad func(string, string)) error {
	a.Tags = nil
	seen := map[string]bool{}
	for _, name := range strings.Split(in, ",") {
		name = line2(name)
		if name == "" {
			continue
		}
		slug := markup.Slugify(name)
		if slug == "" {
			bad("tags", "The tag “"+name+"” needs at least one letter or digit.")
			continue
		}
		if seen[slug] {
			continue
		}
		seen[slug] = true
		t, err := s.st.TagBySlug(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			t = &model.Tag{Slug: slug, Name: name}
		} else if err != nil {
			return err
		}
		pw.tags = append(pw.tags, t)
	}
	if len(pw.tags) > 30 {
		bad("tags", "Use at most 30 tags.")
	}
	return nil
}

// applyLead resolves the lead image field: a media id, a stored image's
// /media/ID/… path, or an http(s) URL of a remote image (recorded as remote
// media on save). Empty alt text, caption and credit default to the media
// library's (as WordPress and Ghost do); alt text is then required whenever
// a lead image is set.
func (s *Site) applyLead(ctx context.Context, a *model.Article, f articleForm, pw *pendingWrites, bad func(string, string)) error {
	a.LeadMediaID, a.LeadMedia = 0, nil
	a.LeadAlt, a.LeadCaption, a.LeadCredit = f.LeadAlt, f.LeadCaption, f.LeadCredit
	if f.Lead == "" {
		return nil
	}
	defer func() {
		if m := a.LeadMedia; m != nil {
			a.LeadAlt = firstNonEmpty(a.LeadAlt, m.Alt)
			a.LeadCaption = firstNonEmpty(a.LeadCaption, m.Caption)
			a.LeadCredit = firstNonEmpty(a.LeadCredit, m.Credit)
		}
		if a.LeadAlt == "" {
			bad("lead_alt", "Describe the lead image in its alt text, for readers who cannot see it.")
		}
	}()
	ref := f.Lead
	if strings.HasPrefix(ref, "/media/") {
		ref = strings.SplitN(strings.TrimPrefix(ref, "/media/"), "/", 2)[0]
	}
	if id, err := idParam(ref); err == nil && id != 0 {
		m, err := s.st.MediaByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			bad("lead", "There is no image number "+ref+" in the media library.")
			return nil
		}
		if err != nil {
			return err
		}
		a.LeadMediaID, a.LeadMedia = m.ID, m
		return nil
	}
	u, err := url.Parse(f.Lead)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("lead", "The lead image must be a media number, a /media/… address or a full https:// image URL.")
		return nil
	}
	key := "url:" + u.String()
	m, err := s.st.MediaByKey(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		pw.remote = &model.Media{Key: key, URL: u.String()}
		return nil
	}
	if err != nil {
		return err
	}
	a.LeadMediaID, a.LeadMedia = m.ID, m
	return nil
}

func (s *Site) applyPins(ctx context.Context, a *model.Article, in string, bad func(string, string)) error {
	a.Pins = nil
	for _, slug := range strings.Split(in, ",") {
		slug = strings.Trim(strings.TrimSpace(slug), "/")
		slug = strings.TrimPrefix(slug, "articles/")
		if slug == "" {
			continue
		}
		p, err := s.st.ArticleBySlug(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			bad("pins", "No article has the slug “"+slug+"”.")
			continue
		}
		if err != nil {
			return err
		}
		if a.ID != 0 && p.ID == a.ID {
			bad("pins", "An article cannot pin itself.")
			continue
		}
		a.Pins = append(a.Pins, p.ID)
	}
	if len(a.Pins) > 10 {
		bad("pins", "Pin at most 10 articles.")
	}
	return nil
}
