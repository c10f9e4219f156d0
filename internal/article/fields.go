package article

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// Fields are an article's editable fields as people type them: the admin
// editor's form, the Admin API's input once its JSON is translated, and —
// with the status — the JSON snapshot every revision keeps (Snapshot).
// The Go field names are stored in the revisions table, so rename with care.
type Fields struct {
	Headline, Dek, Kicker, Slug string
	// Section is a section id in decimal ("" for none).
	Section string
	// Tags is a comma-separated list of tag names (or slugs).
	Tags     string
	Dateline string
	// Lead is the lead image: a media id, a /media/ID/… path or an http(s)
	// URL of a remote image; "" for none.
	Lead, LeadAlt, LeadCaption, LeadCredit string
	Body                                   string
	// Pins are READ MORE pins: comma-separated slugs (old slugs resolve
	// through the slug redirects).
	Pins                                 string
	Rights, Canonical, SEOTitle, SEODesc string
	// PublishAt and EmbargoUntil are date-times in the site's zone,
	// "2006-01-02T15:04" or with ":05" seconds as <input type="datetime-local">
	// sends them, or RFC 3339 with an offset (the API); "" for unset.
	PublishAt, EmbargoUntil string
	CommentsOpen            bool
	// MarkUpdated asks a save of a live story to set its "Updated" time;
	// not part of a snapshot.
	MarkUpdated bool `json:"-"`
	Bylines     []BylineField
}

// BylineField is one byline row: an author id in decimal, a role and a
// position (rows are ordered by position, ascending; blank keeps the order).
type BylineField struct{ Author, Role, Pos string }

// Snapshot is what a revision keeps: the status and the fields, encoded as
// one flat JSON object (the format of every revision since issue 3).
type Snapshot struct {
	Status model.Status
	Fields
}

// FieldError is one validation message tied to the field it is about: the
// editor's input name ("headline", "lead_alt", "publish_at", …).
type FieldError struct{ Field, Msg string }

// Limits are the field limits, in characters, by input name.
var Limits = map[string]int{"headline": 300, "dek": 1000, "kicker": 100, "slug": 200, "dateline": 100,
	"lead_alt": 1000, "lead_caption": 2000, "lead_credit": 300, "rights": 500, "canonical_url": 2000,
	"seo_title": 200, "seo_description": 500, "tags": 2000, "pins": 2000, "body": 1 << 20}

// Date-time layouts of Fields.PublishAt and EmbargoUntil.
const (
	LocalMinute = "2006-01-02T15:04"
	LocalSecond = "2006-01-02T15:04:05"
)

// FormatLocal shows t in loc for a datetime-local input, with seconds only
// when they are not zero; "" for the zero time.
func FormatLocal(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	if t.Second() != 0 {
		return t.Format(LocalSecond)
	}
	return t.Format(LocalMinute)
}

// ParseLocal reads a Fields time: a datetime-local value in loc, or RFC 3339
// with its own offset. It returns UTC; "" gives the zero time. Years outside
// 1900–2200 are refused.
func ParseLocal(v string, loc *time.Location) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(LocalMinute, v, loc)
	if err != nil {
		t, err = time.ParseInLocation(LocalSecond, v, loc)
	}
	if err != nil {
		t, err = time.Parse(time.RFC3339, v)
	}
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, errors.New("bad time")
	}
	return t.UTC(), nil
}

// FieldsOf fills Fields from stored article a, times shown in loc.
func FieldsOf(ctx context.Context, st *store.Store, a *model.Article, loc *time.Location) (Fields, error) {
	f := Fields{Headline: a.Headline, Dek: a.Dek, Kicker: a.Kicker, Slug: a.Slug, Dateline: a.Dateline,
		LeadAlt: a.LeadAlt, LeadCaption: a.LeadCaption, LeadCredit: a.LeadCredit, Body: a.BodySource,
		Rights: a.Rights, Canonical: a.CanonicalURL, SEOTitle: a.SEOTitle, SEODesc: a.SEODescription,
		CommentsOpen: a.CommentsOpen, PublishAt: FormatLocal(a.PublishedAt, loc), EmbargoUntil: FormatLocal(a.EmbargoUntil, loc)}
	if a.SectionID != 0 {
		f.Section = strconv.FormatInt(a.SectionID, 10)
	}
	if a.LeadMediaID != 0 {
		f.Lead = strconv.FormatInt(a.LeadMediaID, 10)
	}
	names := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		names[i] = t.Name
	}
	f.Tags = strings.Join(names, ", ")
	for i, b := range a.Bylines {
		f.Bylines = append(f.Bylines, BylineField{Author: strconv.FormatInt(b.AuthorID, 10), Role: b.Role, Pos: strconv.Itoa(i + 1)})
	}
	pins, err := st.ArticlesByIDs(ctx, a.Pins)
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

// EncodeSnapshot returns the revision snapshot (JSON) of stored article a.
func EncodeSnapshot(ctx context.Context, st *store.Store, a *model.Article, loc *time.Location) (string, error) {
	f, err := FieldsOf(ctx, st, a, loc)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(Snapshot{Status: a.Status, Fields: f})
	return string(b), err
}

// DecodeSnapshot reads a revision's snapshot.
func DecodeSnapshot(r *store.Revision) (Snapshot, error) {
	var snap Snapshot
	if err := json.Unmarshal([]byte(r.Snapshot), &snap); err != nil {
		return snap, fmt.Errorf("article: revision %d: %w", r.ID, err)
	}
	return snap, nil
}

// Pending are the rows a save writes besides the article: tags (ID 0 for
// new ones) and a remote lead image given by URL.
type Pending struct {
	Tags []*model.Tag
	// Remote is non-nil when the lead image is a remote URL not yet in the
	// media library: Write records it.
	Remote *model.Media
	// PublishAt is Fields.PublishAt parsed (UTC, zero when blank); the
	// workflow action decides whether it becomes PublishedAt (Apply).
	PublishAt time.Time
}

// NewTags lists the names of the tags the save creates.
func (p *Pending) NewTags() []string {
	var out []string
	for _, t := range p.Tags {
		if t.ID == 0 {
			out = append(out, t.Name)
		}
	}
	return out
}

// Check validates f and copies it onto a (a new or loaded article; a is
// changed even when there are errors, the store is not). Section, bylines,
// tags, lead image and pins are looked up in st; times are read in loc.
// The body is rendered and sanitised by package markup (Markdown, or HTML
// for an article stored as HTML), as the site shows it. It returns the
// field errors (nil when f is valid), the rows to write with the article,
// and an error only when the store fails.
func Check(ctx context.Context, st *store.Store, a *model.Article, f Fields, loc *time.Location) ([]FieldError, *Pending, error) {
	var errs []FieldError
	bad := func(field, msg string) { errs = append(errs, FieldError{field, msg}) }
	for field, val := range map[string]string{"headline": f.Headline, "dek": f.Dek, "kicker": f.Kicker, "slug": f.Slug,
		"dateline": f.Dateline, "lead_alt": f.LeadAlt, "lead_caption": f.LeadCaption, "lead_credit": f.LeadCredit,
		"rights": f.Rights, "canonical_url": f.Canonical, "seo_title": f.SEOTitle, "seo_description": f.SEODesc,
		"tags": f.Tags, "pins": f.Pins, "body": f.Body} {
		if n := utf8.RuneCountInString(val); n > Limits[field] {
			bad(field, "This field is too long ("+strconv.Itoa(n)+" characters; the limit is "+strconv.Itoa(Limits[field])+").")
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

	a.SectionID, a.Section = 0, nil
	if id, err := parseID(f.Section); err != nil {
		bad("section", "Choose a section from the list.")
	} else if id != 0 {
		sec, err := st.SectionByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			bad("section", "That section does not exist any more; choose another.")
		} else if err != nil {
			return nil, nil, err
		} else {
			a.SectionID, a.Section = id, sec
		}
	}

	p := &Pending{}
	var err error
	if p.PublishAt, err = ParseLocal(f.PublishAt, loc); err != nil {
		bad("publish_at", "Give the publication time as a date and a time, e.g. 2024-06-20 10:21.")
	}
	if t, err := ParseLocal(f.EmbargoUntil, loc); err != nil {
		bad("embargo_until", "Give the embargo time as a date and a time, e.g. 2024-06-20 10:21.")
	} else {
		a.EmbargoUntil = t
	}
	if err := checkBylines(ctx, st, a, f.Bylines, bad); err != nil {
		return nil, nil, err
	}
	if err := checkTags(ctx, st, f.Tags, p, bad); err != nil {
		return nil, nil, err
	}
	if err := checkLead(ctx, st, a, f, p, bad); err != nil {
		return nil, nil, err
	}
	if err := checkPins(ctx, st, a, f.Pins, bad); err != nil {
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
		if r, err = markup.Markdown(f.Body); err != nil {
			bad("body", "The body could not be rendered: "+err.Error())
		}
	}
	a.BodyHTML, a.BodyText, a.WordCount = r.HTML, r.Text, r.WordCount
	return errs, p, nil
}

// parseID reads a decimal id; "" is 0.
func parseID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0, errors.New("bad id")
	}
	return id, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func checkBylines(ctx context.Context, st *store.Store, a *model.Article, rows []BylineField, bad func(string, string)) error {
	authors, err := st.Authors(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]*model.Author{}
	for i := range authors {
		byID[authors[i].ID] = &authors[i]
	}
	type ranked struct {
		pos int
		b   model.Byline
	}
	var list []ranked
	seen := map[int64]bool{}
	for i, row := range rows {
		row.Role = oneLine(row.Role)
		if row.Author == "" {
			if row.Role != "" {
				bad("bylines", "Byline row "+strconv.Itoa(i+1)+" has a role but no author.")
			}
			continue
		}
		id, err := parseID(row.Author)
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
		if p := strings.TrimSpace(row.Pos); p != "" {
			if pos, err = strconv.Atoi(p); err != nil {
				bad("bylines", "Byline positions are whole numbers (1 comes first).")
				continue
			}
		}
		if utf8.RuneCountInString(row.Role) > 60 {
			bad("bylines", "A byline role is at most 60 characters (e.g. “reporting”, “photos”).")
		}
		list = append(list, ranked{pos, model.Byline{AuthorID: id, Role: row.Role, Author: au}})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].pos < list[j].pos })
	a.Bylines = nil // never append into a stored article's slice
	for i, r := range list {
		r.b.Position = i
		a.Bylines = append(a.Bylines, r.b)
	}
	return nil
}

// checkTags resolves the comma-separated tag list. A typed tag is an
// existing tag when it equals that tag's name (ignoring case) or exactly its
// slug; anything else is a new tag, whose slug is made from the name and
// numbered (-2, -3 …) when another tag already has it — so typing "budget"
// never picks a tag named "City Budget" that happens to have the slug
// "budget".
func checkTags(ctx context.Context, st *store.Store, in string, p *Pending, bad func(string, string)) error {
	var all []model.Tag
	loaded := false
	seen := map[string]bool{}
	taken := map[string]bool{}
	for _, name := range strings.Split(in, ",") {
		name = oneLine(name)
		if name == "" {
			continue
		}
		if markup.Slugify(name) == "" {
			bad("tags", "The tag “"+name+"” needs at least one letter or digit.")
			continue
		}
		if !loaded {
			var err error
			if all, err = st.Tags(ctx); err != nil {
				return err
			}
			for _, t := range all {
				taken[t.Slug] = true
			}
			loaded = true
		}
		t := matchTag(all, name)
		if t == nil {
			base := markup.Slugify(name)
			slug := base
			for n := 2; taken[slug]; n++ {
				slug = base + "-" + strconv.Itoa(n)
			}
			taken[slug] = true
			t = &model.Tag{Slug: slug, Name: name}
			all = append(all, *t)
		}
		key := strings.ToLower(t.Name)
		if seen[key] {
			continue
		}
		seen[key] = true
		p.Tags = append(p.Tags, t)
	}
	if len(p.Tags) > 30 {
		bad("tags", "Use at most 30 tags.")
	}
	return nil
}

// matchTag finds the tag named name (case-insensitive), else the tag whose
// slug is exactly name; nil for none. The result is a copy.
func matchTag(all []model.Tag, name string) *model.Tag {
	for _, t := range all {
		if strings.EqualFold(t.Name, name) {
			c := t
			return &c
		}
	}
	for _, t := range all {
		if t.Slug == name {
			c := t
			return &c
		}
	}
	return nil
}

// checkLead resolves the lead image: a media id, a stored image's
// /media/ID/… path, or an http(s) URL of a remote image (recorded as remote
// media by Write). Empty alt text, caption and credit default to the media
// library's (as WordPress and Ghost do); alt text is then required whenever
// a lead image is set.
func checkLead(ctx context.Context, st *store.Store, a *model.Article, f Fields, p *Pending, bad func(string, string)) error {
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
	if id, err := parseID(ref); err == nil && id != 0 {
		m, err := st.MediaByID(ctx, id)
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
	m, err := st.MediaByKey(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		p.Remote = &model.Media{Key: key, URL: u.String()}
		return nil
	}
	if err != nil {
		return err
	}
	a.LeadMediaID, a.LeadMedia = m.ID, m
	return nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// ResolveSlug finds the article a reader URL or slug names ("/articles/x",
// "x"), following the slug redirects when it was renamed; ErrNotFound when
// none. It returns the article and the slug as cleaned.
func ResolveSlug(ctx context.Context, st *store.Store, ref string) (*model.Article, string, error) {
	slug := strings.Trim(strings.TrimSpace(ref), "/")
	if u, err := url.Parse(slug); err == nil && u.Host != "" {
		slug = strings.Trim(u.Path, "/")
	}
	for _, pre := range []string{"articles/", "pages/"} {
		slug = strings.TrimPrefix(slug, pre)
	}
	if slug == "" {
		return nil, "", store.ErrNotFound
	}
	a, err := st.ArticleBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		cur, rerr := st.RedirectFor(ctx, slug)
		if rerr != nil {
			return nil, slug, rerr
		}
		a, err = st.ArticleBySlug(ctx, cur)
	}
	return a, slug, err
}

func checkPins(ctx context.Context, st *store.Store, a *model.Article, in string, bad func(string, string)) error {
	a.Pins = nil
	for _, ref := range strings.Split(in, ",") {
		if strings.TrimSpace(ref) == "" {
			continue
		}
		p, slug, err := ResolveSlug(ctx, st, ref)
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

// Write stores a inside transaction tx with the rows p creates besides it
// (new tags, a remote lead image record).
func Write(ctx context.Context, tx *store.Store, a *model.Article, p *Pending) error {
	a.Tags = nil
	for _, t := range p.Tags {
		if t.ID == 0 {
			if err := tx.CreateTag(ctx, t); err != nil {
				return err
			}
		}
		a.Tags = append(a.Tags, *t)
	}
	if p.Remote != nil {
		if err := tx.UpsertMedia(ctx, p.Remote, nil); err != nil {
			return err
		}
		a.LeadMediaID = p.Remote.ID
	}
	_, err := tx.SaveArticle(ctx, a)
	return err
}

// NewTagNames lists the tags of a comma-separated list that do not exist
// yet and would be created by a save (the matching rule of Check).
func NewTagNames(ctx context.Context, st *store.Store, in string) ([]string, error) {
	p := &Pending{}
	if err := checkTags(ctx, st, in, p, func(string, string) {}); err != nil {
		return nil, err
	}
	return p.NewTags(), nil
}
