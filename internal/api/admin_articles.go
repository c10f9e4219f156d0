package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/article"
	"masthead/internal/auth"
	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// leadInput is the lead image of an article request.
type leadInput struct {
	MediaID int64  `json:"media_id"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
}

// bylineInput is one byline of an article request: an author slug and a role.
type bylineInput struct {
	Author string `json:"author"`
	Role   string `json:"role"`
}

// articleInput is the body of POST and PATCH /api/v1/admin/articles…;
// absent fields are left as they are (PATCH) or empty (POST). lead_image
// null removes the lead image.
type articleInput struct {
	Headline     *string         `json:"headline"`
	Dek          *string         `json:"dek"`
	Kicker       *string         `json:"kicker"`
	Slug         *string         `json:"slug"`
	Section      *string         `json:"section"`
	Tags         *[]string       `json:"tags"`
	Bylines      *[]bylineInput  `json:"bylines"`
	Dateline     *string         `json:"dateline"`
	BodyMarkdown *string         `json:"body_markdown"`
	LeadImage    json.RawMessage `json:"lead_image"`
}

// AdminArticle is the Admin API's view of an article in any state.
type AdminArticle struct {
	ID           int64         `json:"id"`
	Slug         string        `json:"slug"`
	Status       string        `json:"status"`
	URL          string        `json:"url"`
	Headline     string        `json:"headline"`
	Dek          string        `json:"dek"`
	Kicker       string        `json:"kicker"`
	Section      string        `json:"section"`
	Tags         []string      `json:"tags"`
	Bylines      []bylineInput `json:"bylines"`
	Dateline     string        `json:"dateline"`
	BodyMarkdown string        `json:"body_markdown"`
	BodyHTML     string        `json:"body_html"`
	LeadImage    *leadInput    `json:"lead_image"`
	PublishedAt  *time.Time    `json:"published_at"`
	UpdatedAt    *time.Time    `json:"updated_at"`
}

// Field limits, in characters (as in the editor).
var adminLimits = map[string]int{"headline": 300, "dek": 1000, "kicker": 100, "slug": 200, "dateline": 100,
	"lead_image.alt": 1000, "lead_image.caption": 2000, "lead_image.credit": 300, "body_markdown": 1 << 20}

// maxJSON bounds an article request body.
const maxJSON = 2 << 20

// decodeJSON reads a JSON object into v, refusing unknown fields (400).
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return badJSON("the request body must be a JSON object")
		}
		return badJSON("the request body could not be read: " + err.Error())
	}
	if dec.More() {
		return badJSON("the request body must be one JSON object")
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// pendingTags are tags a save creates (ID 0) or reuses.
type pendingTags []*model.Tag

// applyInput copies in onto a, checking it like the editor does (limits,
// headline, slug, section, bylines, tags, lead image with alt text, body
// through package markup). It returns the field errors and the tags to
// write when in.Tags was given (nil otherwise).
func (a *API) applyInput(ctx context.Context, ar *model.Article, in *articleInput) (fieldErrors, pendingTags, error) {
	fe := fieldErrors{}
	set := func(p *string, dst *string, multi bool) {
		if p != nil {
			if multi {
				*dst = strings.TrimSpace(*p)
			} else {
				*dst = oneLine(*p)
			}
		}
	}
	set(in.Headline, &ar.Headline, false)
	set(in.Dek, &ar.Dek, true)
	set(in.Kicker, &ar.Kicker, false)
	set(in.Dateline, &ar.Dateline, false)
	for field, val := range map[string]*string{"headline": &ar.Headline, "dek": &ar.Dek, "kicker": &ar.Kicker, "dateline": &ar.Dateline, "slug": in.Slug, "body_markdown": in.BodyMarkdown} {
		if val != nil {
			if n := utf8.RuneCountInString(*val); n > adminLimits[field] {
				fe[field] = "too long (" + strconv.Itoa(n) + " characters; the limit is " + strconv.Itoa(adminLimits[field]) + ")"
			}
		}
	}
	if ar.Headline == "" {
		fe["headline"] = "required"
	}
	switch {
	case in.Slug != nil && strings.TrimSpace(*in.Slug) != "":
		if ar.Slug = markup.Slugify(*in.Slug); ar.Slug == "" {
			fe["slug"] = "needs at least one letter or digit"
		}
	case ar.Slug == "" || in.Slug != nil:
		if ar.Slug = markup.Slugify(ar.Headline); ar.Slug == "" && ar.Headline != "" {
			fe["slug"] = "no slug can be made from the headline; give one"
		}
	}
	if in.Section != nil {
		ar.SectionID, ar.Section = 0, nil
		if slug := strings.TrimSpace(*in.Section); slug != "" {
			secs, err := a.st.Sections(ctx)
			if err != nil {
				return nil, nil, err
			}
			for i := range secs {
				if secs[i].Slug == slug {
					ar.SectionID, ar.Section = secs[i].ID, &secs[i]
				}
			}
			if ar.SectionID == 0 {
				fe["section"] = "no section has the slug " + strconv.Quote(slug)
			}
		}
	}
	if in.Bylines != nil {
		authors, err := a.st.Authors(ctx)
		if err != nil {
			return nil, nil, err
		}
		bySlug := map[string]*model.Author{}
		for i := range authors {
			bySlug[authors[i].Slug] = &authors[i]
		}
		ar.Bylines = nil
		seen := map[int64]bool{}
		for i, b := range *in.Bylines {
			au := bySlug[strings.TrimSpace(b.Author)]
			role := oneLine(b.Role)
			switch {
			case au == nil:
				fe["bylines"] = "byline " + strconv.Itoa(i+1) + ": no author has the slug " + strconv.Quote(b.Author)
			case seen[au.ID]:
				fe["bylines"] = au.Name + " is in the byline twice"
			case utf8.RuneCountInString(role) > 60:
				fe["bylines"] = "a byline role is at most 60 characters"
			default:
				seen[au.ID] = true
				ar.Bylines = append(ar.Bylines, model.Byline{AuthorID: au.ID, Position: len(ar.Bylines), Role: role, Author: au})
			}
		}
	}
	var tags pendingTags
	if in.Tags != nil {
		tags = pendingTags{}
		seen := map[string]bool{}
		for _, name := range *in.Tags {
			name = oneLine(name)
			slug := markup.Slugify(name)
			if slug == "" {
				fe["tags"] = "the tag " + strconv.Quote(name) + " needs at least one letter or digit"
				continue
			}
			if seen[slug] {
				continue
			}
			seen[slug] = true
			t, err := a.st.TagBySlug(ctx, slug)
			if errors.Is(err, store.ErrNotFound) {
				t = &model.Tag{Slug: slug, Name: name}
			} else if err != nil {
				return nil, nil, err
			}
			tags = append(tags, t)
		}
		if len(tags) > 30 {
			fe["tags"] = "use at most 30 tags"
		}
	}
	if len(in.LeadImage) > 0 {
		ar.LeadMediaID, ar.LeadMedia, ar.LeadAlt, ar.LeadCaption, ar.LeadCredit = 0, nil, "", "", ""
		if string(in.LeadImage) != "null" {
			var li leadInput
			dec := json.NewDecoder(strings.NewReader(string(in.LeadImage)))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&li); err != nil {
				return nil, nil, badJSON("lead_image: " + err.Error())
			}
			ar.LeadAlt, ar.LeadCaption, ar.LeadCredit = oneLine(li.Alt), strings.TrimSpace(li.Caption), oneLine(li.Credit)
			for field, val := range map[string]string{"lead_image.alt": ar.LeadAlt, "lead_image.caption": ar.LeadCaption, "lead_image.credit": ar.LeadCredit} {
				if n := utf8.RuneCountInString(val); n > adminLimits[field] {
					fe[field] = "too long (the limit is " + strconv.Itoa(adminLimits[field]) + " characters)"
				}
			}
			if li.MediaID <= 0 {
				fe["lead_image.media_id"] = "required (the id of an image in the media library)"
			} else if m, err := a.st.MediaByID(ctx, li.MediaID); errors.Is(err, store.ErrNotFound) {
				fe["lead_image.media_id"] = "there is no media number " + strconv.FormatInt(li.MediaID, 10)
			} else if err != nil {
				return nil, nil, err
			} else {
				ar.LeadMediaID, ar.LeadMedia = m.ID, m
			}
			if ar.LeadAlt == "" {
				fe["lead_image.alt"] = "required with a lead image: describe it for readers who cannot see it"
			}
		}
	}
	if in.BodyMarkdown != nil {
		ar.BodyFormat, ar.BodySource = model.FormatMarkdown, strings.ReplaceAll(*in.BodyMarkdown, "\r\n", "\n")
		rd, err := markup.Markdown(ar.BodySource)
		if err != nil {
			fe["body_markdown"] = "could not be rendered: " + err.Error()
		}
		ar.BodyHTML, ar.BodyText, ar.WordCount = rd.HTML, rd.Text, rd.WordCount
	}
	if len(fe) > 0 {
		return fe, nil, nil
	}
	return nil, tags, nil
}

// ownership reports whether u owns ar, as the editor decides it
// (store.Ownership).
func (a *API) ownership(ctx context.Context, u *store.User, ar *model.Article) (bool, error) {
	own, err := a.st.Ownership(ctx, u.ID, u.Email)
	if err != nil {
		return false, err
	}
	return own(ar), nil
}

// editable loads the {id} article and checks u may edit it (404, 403).
func (a *API) editable(r *http.Request, u *store.User) (*model.Article, bool, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, false, notFound("no such article")
	}
	ar, err := a.st.ArticleByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, notFound("no such article")
	}
	if err != nil {
		return nil, false, err
	}
	own, err := a.ownership(r.Context(), u, ar)
	if err != nil {
		return nil, false, err
	}
	if !auth.CanArticle(auth.Role(u.Role), auth.EditOwn, own) {
		return nil, false, forbiddenErr("your role can only edit your own articles, and this one is somebody else's")
	}
	return ar, own, nil
}

// permit maps article.Permit's refusals to 403 and 409.
func permit(u *store.User, old *model.Article, own bool, action string) error {
	switch err := article.Permit(auth.Role(u.Role), old, own, action); {
	case errors.Is(err, article.ErrForbidden):
		return forbiddenErr("your role cannot " + action + " this article")
	case errors.Is(err, article.ErrConflict):
		return conflictErr("this article is " + string(old.Status) + ", so it cannot be " + action + "ed now")
	default:
		return err
	}
}

// commit applies action to ar (old is the stored version, nil for a new
// article) with package article's rules, and writes it, its new tags, a
// revision and the audit entry in one transaction, like the editor.
func (a *API) commit(ctx context.Context, u *store.User, ar, old *model.Article, action string, pub time.Time, tags pendingTags) error {
	now := a.now().UTC().Truncate(time.Second)
	switch article.Apply(ar, old, action, pub, false, now) {
	case article.ErrScheduleNeedsFuture:
		return fieldErrors{"publish_at": "must be a time in the future"}
	case article.ErrLiveFuture:
		return fieldErrors{"publish_at": "a published story cannot get a publication time in the future; unpublish it, then schedule it"}
	}
	return a.st.InTx(ctx, func(tx *store.Store) error {
		if tags != nil {
			ar.Tags = nil
			for _, t := range tags {
				if t.ID == 0 {
					if err := tx.UpsertTag(ctx, t); err != nil {
						return err
					}
				}
				ar.Tags = append(ar.Tags, *t)
			}
		}
		if _, err := tx.SaveArticle(ctx, ar); err != nil {
			return err
		}
		snap, err := a.snapshot(ctx, tx, ar)
		if err != nil {
			return err
		}
		if err := tx.AddRevision(ctx, &store.Revision{ArticleID: ar.ID, UserID: u.ID, UserName: u.Name, Snapshot: snap}); err != nil {
			return err
		}
		act := map[string]string{article.ActSave: store.AuditSave, article.ActPublish: store.AuditPublish,
			article.ActSchedule: store.AuditSchedule, article.ActUnpublish: store.AuditUnpublish}[action]
		if old == nil {
			act = store.AuditCreate
		}
		detail := ar.Headline
		if action == article.ActSchedule {
			detail += " — for " + a.formatLocal(ar.PublishedAt) + " " + a.cfg.Location.String()
		}
		return tx.AddAudit(ctx, &store.AuditEntry{UserID: u.ID, UserName: u.Name, Action: act, ArticleID: ar.ID, Detail: detail})
	})
}

// formatLocal shows t in the site zone as the editor's datetime-local
// fields do; "" for the zero time.
func (a *API) formatLocal(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(a.cfg.Location)
	if t.Second() != 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04")
}

// snapshot encodes ar's editable fields in the revision format of the
// admin editor (package web's revisionSnapshot: Status plus the editor
// form's fields), so revisions made through the API show and restore there.
func (a *API) snapshot(ctx context.Context, st *store.Store, ar *model.Article) (string, error) {
	type byline struct{ Author, Role, Pos string }
	itoa := func(n int64) string { return strconv.FormatInt(n, 10) }
	f := struct {
		Status                                                        model.Status
		Headline, Dek, Kicker, Slug, Section, Tags, Dateline          string
		Lead, LeadAlt, LeadCaption, LeadCredit, Body, Pins            string
		Rights, Canonical, SEOTitle, SEODesc, PublishAt, EmbargoUntil string
		CommentsOpen                                                  bool
		Bylines                                                       []byline
	}{Status: ar.Status, Headline: ar.Headline, Dek: ar.Dek, Kicker: ar.Kicker, Slug: ar.Slug, Dateline: ar.Dateline,
		LeadAlt: ar.LeadAlt, LeadCaption: ar.LeadCaption, LeadCredit: ar.LeadCredit, Body: ar.BodySource,
		Rights: ar.Rights, Canonical: ar.CanonicalURL, SEOTitle: ar.SEOTitle, SEODesc: ar.SEODescription,
		CommentsOpen: ar.CommentsOpen, PublishAt: a.formatLocal(ar.PublishedAt), EmbargoUntil: a.formatLocal(ar.EmbargoUntil)}
	if ar.SectionID != 0 {
		f.Section = itoa(ar.SectionID)
	}
	if ar.LeadMediaID != 0 {
		f.Lead = itoa(ar.LeadMediaID)
	}
	names := make([]string, len(ar.Tags))
	for i, t := range ar.Tags {
		names[i] = t.Name
	}
	f.Tags = strings.Join(names, ", ")
	for i, b := range ar.Bylines {
		f.Bylines = append(f.Bylines, byline{Author: itoa(b.AuthorID), Role: b.Role, Pos: strconv.Itoa(i + 1)})
	}
	pins, err := st.ArticlesByIDs(ctx, ar.Pins)
	if err != nil {
		return "", err
	}
	slugs := make([]string, len(pins))
	for i, p := range pins {
		slugs[i] = p.Slug
	}
	f.Pins = strings.Join(slugs, ", ")
	b, err := json.Marshal(f)
	return string(b), err
}

// respondArticle reloads article id and writes it with status.
func (a *API) respondArticle(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	ar, err := a.st.ArticleByID(r.Context(), id)
	if err != nil {
		return err
	}
	out := AdminArticle{ID: ar.ID, Slug: ar.Slug, Status: string(ar.Status), URL: a.base + articlePath(ar), Headline: ar.Headline,
		Dek: ar.Dek, Kicker: ar.Kicker, Tags: []string{}, Bylines: []bylineInput{}, Dateline: ar.Dateline,
		BodyMarkdown: ar.BodySource, BodyHTML: ar.BodyHTML}
	if ar.Section != nil {
		out.Section = ar.Section.Slug
	}
	for _, t := range ar.Tags {
		out.Tags = append(out.Tags, t.Slug)
	}
	for _, b := range ar.Bylines {
		slug := ""
		if b.Author != nil {
			slug = b.Author.Slug
		}
		out.Bylines = append(out.Bylines, bylineInput{Author: slug, Role: b.Role})
	}
	if ar.LeadMediaID != 0 {
		out.LeadImage = &leadInput{MediaID: ar.LeadMediaID, Alt: ar.LeadAlt, Caption: ar.LeadCaption, Credit: ar.LeadCredit}
	}
	if !ar.PublishedAt.IsZero() {
		t := ar.PublishedAt.UTC()
		out.PublishedAt = &t
	}
	if !ar.UpdatedAt.IsZero() {
		t := ar.UpdatedAt.UTC()
		out.UpdatedAt = &t
	}
	writeJSON(w, status, out)
	return nil
}

// adminCreate: POST /api/v1/admin/articles (a new draft).
func (a *API) adminCreate(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.CreateArticle) {
		return forbiddenErr("your role cannot create articles")
	}
	var in articleInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	ar := &model.Article{Kind: model.KindArticle, Source: store.SourceCreator(u.ID), CommentsOpen: true, BodyFormat: model.FormatMarkdown}
	if in.BodyMarkdown == nil {
		empty := ""
		in.BodyMarkdown = &empty
	}
	fe, tags, err := a.applyInput(r.Context(), ar, &in)
	if err != nil {
		return err
	}
	if fe != nil {
		return fe
	}
	if tags == nil {
		tags = pendingTags{}
	}
	if err := a.commit(r.Context(), u, ar, nil, article.ActSave, time.Time{}, tags); err != nil {
		return err
	}
	return a.respondArticle(w, r, http.StatusCreated, ar.ID)
}

// adminGet: GET /api/v1/admin/articles/{id} (any status).
func (a *API) adminGet(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ar, _, err := a.editable(r, u)
	if err != nil {
		return err
	}
	return a.respondArticle(w, r, http.StatusOK, ar.ID)
}

// adminUpdate: PATCH /api/v1/admin/articles/{id} (the fields given).
func (a *API) adminUpdate(w http.ResponseWriter, r *http.Request, u *store.User) error {
	old, own, err := a.editable(r, u)
	if err != nil {
		return err
	}
	if err := permit(u, old, own, article.ActSave); err != nil {
		return err
	}
	var in articleInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	cp := *old
	cp.Bylines = append([]model.Byline(nil), old.Bylines...)
	cp.Tags = append([]model.Tag(nil), old.Tags...)
	fe, tags, err := a.applyInput(r.Context(), &cp, &in)
	if err != nil {
		return err
	}
	if fe != nil {
		return fe
	}
	if tags == nil {
		tags = pendingTags{}
		for i := range old.Tags {
			tags = append(tags, &old.Tags[i])
		}
	}
	if err := a.commit(r.Context(), u, &cp, old, article.ActSave, old.PublishedAt, tags); err != nil {
		return err
	}
	return a.respondArticle(w, r, http.StatusOK, cp.ID)
}

// transition runs a workflow action (publish, unpublish, schedule) on the
// {id} article.
func (a *API) transition(w http.ResponseWriter, r *http.Request, u *store.User, action string, pub func(*model.Article) (time.Time, error)) error {
	old, own, err := a.editable(r, u)
	if err != nil {
		return err
	}
	if err := permit(u, old, own, action); err != nil {
		return err
	}
	at, err := pub(old)
	if err != nil {
		return err
	}
	cp := *old
	tags := pendingTags{}
	for i := range old.Tags {
		tags = append(tags, &old.Tags[i])
	}
	if err := a.commit(r.Context(), u, &cp, old, action, at, tags); err != nil {
		return err
	}
	return a.respondArticle(w, r, http.StatusOK, cp.ID)
}

func keepTime(old *model.Article) (time.Time, error) { return old.PublishedAt, nil }

// adminPublish: POST /api/v1/admin/articles/{id}/publish.
func (a *API) adminPublish(w http.ResponseWriter, r *http.Request, u *store.User) error {
	return a.transition(w, r, u, article.ActPublish, keepTime)
}

// adminUnpublish: POST /api/v1/admin/articles/{id}/unpublish.
func (a *API) adminUnpublish(w http.ResponseWriter, r *http.Request, u *store.User) error {
	return a.transition(w, r, u, article.ActUnpublish, keepTime)
}

// adminSchedule: POST /api/v1/admin/articles/{id}/schedule {"publish_at"}.
func (a *API) adminSchedule(w http.ResponseWriter, r *http.Request, u *store.User) error {
	return a.transition(w, r, u, article.ActSchedule, func(*model.Article) (time.Time, error) {
		var in struct {
			PublishAt string `json:"publish_at"`
		}
		if err := decodeJSON(w, r, &in); err != nil {
			return time.Time{}, err
		}
		t, err := time.Parse(time.RFC3339, in.PublishAt)
		if err != nil {
			return time.Time{}, fieldErrors{"publish_at": "required: a time in the future, RFC 3339 (e.g. 2030-06-20T10:21:00Z)"}
		}
		return t.UTC().Truncate(time.Second), nil
	})
}
