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

	"masthead/internal/article"
	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// leadInput is the lead image of an article request and response. A
// request names an image already in the media library (media_id) or a
// remote image to fetch into it (url: fetched with the webhooks' SSRF
// rules, size-limited, type sniffed and processed like an upload).
type leadInput struct {
	MediaID int64  `json:"media_id,omitempty"`
	URL     string `json:"url,omitempty"`
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
// null removes the lead image; embargo_until "" or null lifts the embargo.
type articleInput struct {
	Headline       *string         `json:"headline"`
	Dek            *string         `json:"dek"`
	Kicker         *string         `json:"kicker"`
	Slug           *string         `json:"slug"`
	Section        *string         `json:"section"`
	Tags           *[]string       `json:"tags"`
	Bylines        *[]bylineInput  `json:"bylines"`
	Dateline       *string         `json:"dateline"`
	BodyMarkdown   *string         `json:"body_markdown"`
	LeadImage      json.RawMessage `json:"lead_image"`
	Pins           *[]string       `json:"pins"`
	Rights         *string         `json:"rights"`
	CanonicalURL   *string         `json:"canonical_url"`
	SEOTitle       *string         `json:"seo_title"`
	SEODescription *string         `json:"seo_description"`
	EmbargoUntil   *string         `json:"embargo_until"`
	CommentsOpen   *bool           `json:"comments_open"`
	// MarkUpdated on a PATCH of a published story sets its "Updated" time
	// (the editor's "Mark as updated" box).
	MarkUpdated bool `json:"mark_updated"`
}

// AdminArticle is the Admin API's view of an article in any state.
type AdminArticle struct {
	ID             int64            `json:"id"`
	Slug           string           `json:"slug"`
	Status         string           `json:"status"`
	URL            string           `json:"url"`
	Headline       string           `json:"headline"`
	Dek            string           `json:"dek"`
	Kicker         string           `json:"kicker"`
	Section        string           `json:"section"`
	Tags           []string         `json:"tags"`
	Bylines        []bylineInput    `json:"bylines"`
	Dateline       string           `json:"dateline"`
	BodyMarkdown   string           `json:"body_markdown"`
	BodyHTML       string           `json:"body_html"`
	LeadImage      *leadInput       `json:"lead_image"`
	Pins           []string         `json:"pins"`
	Rights         string           `json:"rights"`
	CanonicalURL   string           `json:"canonical_url"`
	SEOTitle       string           `json:"seo_title"`
	SEODescription string           `json:"seo_description"`
	CommentsOpen   bool             `json:"comments_open"`
	PublishedAt    *time.Time       `json:"published_at"`
	UpdatedAt      *time.Time       `json:"updated_at"`
	EmbargoUntil   *time.Time       `json:"embargo_until"`
	Corrections    []correctionJSON `json:"corrections"`
}

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

// apiField names, in the API's terms, the editor field an article.Check
// error is about.
var apiField = map[string]string{"body": "body_markdown", "lead": "lead_image", "lead_alt": "lead_image.alt",
	"lead_caption": "lead_image.caption", "lead_credit": "lead_image.credit"}

// toFields translates in onto f, the stored article's fields (or a new
// article's): slugs of sections, authors and pins become what the editor's
// form holds. It returns the field errors of the translation, and the
// remote lead image URL to fetch ("" for none).
func (a *API) toFields(ctx context.Context, f *article.Fields, in *articleInput) (fieldErrors, string, error) {
	fe := fieldErrors{}
	set := func(p *string, dst *string, multi bool) {
		if p != nil {
			if multi {
				*dst = strings.TrimSpace(strings.ReplaceAll(*p, "\r\n", "\n"))
			} else {
				*dst = oneLine(*p)
			}
		}
	}
	set(in.Headline, &f.Headline, false)
	set(in.Dek, &f.Dek, true)
	set(in.Kicker, &f.Kicker, false)
	set(in.Dateline, &f.Dateline, false)
	set(in.Rights, &f.Rights, false)
	set(in.SEOTitle, &f.SEOTitle, false)
	set(in.SEODescription, &f.SEODesc, false)
	set(in.CanonicalURL, &f.Canonical, false)
	set(in.EmbargoUntil, &f.EmbargoUntil, false)
	if in.Slug != nil {
		f.Slug = strings.TrimSpace(*in.Slug) // "" makes one from the headline
	}
	if in.BodyMarkdown != nil {
		f.Body = strings.ReplaceAll(*in.BodyMarkdown, "\r\n", "\n")
	}
	if in.CommentsOpen != nil {
		f.CommentsOpen = *in.CommentsOpen
	}
	f.MarkUpdated = in.MarkUpdated
	if in.EmbargoUntil != nil && f.EmbargoUntil != "" {
		if _, err := time.Parse(time.RFC3339, f.EmbargoUntil); err != nil {
			fe["embargo_until"] = "an RFC 3339 time (e.g. 2030-06-20T10:21:00Z), or \"\" to lift the embargo"
		}
	}
	if in.Section != nil {
		f.Section = ""
		if slug := strings.TrimSpace(*in.Section); slug != "" {
			sec, err := a.st.SectionBySlug(ctx, slug)
			switch {
			case errors.Is(err, store.ErrNotFound):
				fe["section"] = "no section has the slug " + strconv.Quote(slug)
			case err != nil:
				return nil, "", err
			default:
				f.Section = strconv.FormatInt(sec.ID, 10)
			}
		}
	}
	if in.Bylines != nil {
		f.Bylines = nil
		for i, b := range *in.Bylines {
			au, err := a.st.AuthorBySlug(ctx, strings.TrimSpace(b.Author))
			if errors.Is(err, store.ErrNotFound) {
				fe["bylines"] = "byline " + strconv.Itoa(i+1) + ": no author has the slug " + strconv.Quote(b.Author)
				continue
			}
			if err != nil {
				return nil, "", err
			}
			f.Bylines = append(f.Bylines, article.BylineField{Author: strconv.FormatInt(au.ID, 10), Role: b.Role})
		}
	}
	if in.Tags != nil {
		for _, name := range *in.Tags {
			if strings.Contains(name, ",") {
				fe["tags"] = "a tag name cannot contain a comma: " + strconv.Quote(name)
			}
		}
		f.Tags = strings.Join(*in.Tags, ", ")
	}
	if in.Pins != nil {
		for _, slug := range *in.Pins {
			if strings.Contains(slug, ",") {
				fe["pins"] = "a slug cannot contain a comma: " + strconv.Quote(slug)
			}
		}
		f.Pins = strings.Join(*in.Pins, ", ")
	}
	remote := ""
	if len(in.LeadImage) > 0 {
		f.Lead, f.LeadAlt, f.LeadCaption, f.LeadCredit = "", "", "", ""
		if string(in.LeadImage) != "null" {
			var li leadInput
			dec := json.NewDecoder(strings.NewReader(string(in.LeadImage)))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&li); err != nil {
				return nil, "", badJSON("lead_image: " + err.Error())
			}
			f.LeadAlt, f.LeadCaption, f.LeadCredit = oneLine(li.Alt), strings.TrimSpace(li.Caption), oneLine(li.Credit)
			switch {
			case li.MediaID > 0 && li.URL != "":
				fe["lead_image"] = "give media_id or url, not both"
			case li.MediaID > 0:
				f.Lead = strconv.FormatInt(li.MediaID, 10)
			case strings.TrimSpace(li.URL) != "":
				remote = strings.TrimSpace(li.URL)
				f.Lead = remote // checked as a URL by article.Check; fetched on save
			default:
				fe["lead_image.media_id"] = "required: the id of an image in the media library (or url, an image to fetch)"
			}
		}
	}
	if len(fe) > 0 {
		return fe, remote, nil
	}
	return nil, remote, nil
}

// applyInput translates in onto ar (with article.Check, the editor's
// validation) and returns the field errors in the API's names, or the rows
// to write with the article. A remote lead image is fetched here but
// written only with the article (commit).
func (a *API) applyInput(ctx context.Context, ar *model.Article, in *articleInput) (fieldErrors, *pendingSave, error) {
	var f article.Fields
	if ar.ID != 0 {
		var err error
		if f, err = article.FieldsOf(ctx, a.st, ar, a.cfg.Location); err != nil {
			return nil, nil, err
		}
	} else {
		f.CommentsOpen = true
	}
	fe, remote, err := a.toFields(ctx, &f, in)
	if err != nil {
		return nil, nil, err
	}
	if in.BodyMarkdown != nil {
		ar.BodyFormat = model.FormatMarkdown
	}
	errs, p, err := article.Check(ctx, a.st, ar, f, a.cfg.Location)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range errs {
		name := e.Field
		if n, ok := apiField[name]; ok {
			name = n
		}
		if _, dup := fe[name]; !dup {
			if fe == nil {
				fe = fieldErrors{}
			}
			fe[name] = e.Msg
		}
	}
	if fe != nil {
		return fe, nil, nil
	}
	ps := &pendingSave{Pending: p, markUpdated: f.MarkUpdated}
	if remote != "" {
		p.Remote = nil
		img, msg, err := a.fetchImage(ctx, remote)
		if err != nil {
			return nil, nil, err
		}
		if msg != "" {
			return fieldErrors{"lead_image.url": msg}, nil, nil
		}
		ps.upload = img
	}
	return nil, ps, nil
}

// pendingSave is what commit writes besides the article.
type pendingSave struct {
	*article.Pending
	upload      *fetched // a remote lead image fetched, to store first
	markUpdated bool
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
// fetched lead image, a revision and the audit entry in one transaction,
// like the editor.
func (a *API) commit(ctx context.Context, u *store.User, ar, old *model.Article, action string, pub time.Time, ps *pendingSave) error {
	now := a.now().UTC().Truncate(time.Second)
	switch err := article.Apply(ar, old, action, pub, ps.markUpdated, now); {
	case errors.Is(err, article.ErrScheduleNeedsFuture):
		return fieldErrors{"publish_at": "must be a time in the future"}
	case errors.Is(err, article.ErrLiveFuture):
		return fieldErrors{"publish_at": "a published story cannot get a publication time in the future; unpublish it, then schedule it"}
	case err != nil:
		return err
	}
	return a.st.InTx(ctx, func(tx *store.Store) error {
		if ps.upload != nil {
			if err := a.storeFetched(ctx, tx, ps.upload, ar.LeadAlt, ar.LeadCaption, ar.LeadCredit); err != nil {
				return err
			}
			ar.LeadMediaID, ar.LeadMedia = ps.upload.media.ID, ps.upload.media
		}
		if err := article.Write(ctx, tx, ar, ps.Pending); err != nil {
			return err
		}
		snap, err := article.EncodeSnapshot(ctx, tx, ar, a.cfg.Location)
		if err != nil {
			return err
		}
		if err := tx.AddRevision(ctx, &store.Revision{ArticleID: ar.ID, UserID: u.ID, UserName: u.Name, Snapshot: snap}); err != nil {
			return err
		}
		act := map[string]string{article.ActSave: store.AuditSave, article.ActPublish: store.AuditPublish, article.ActReview: store.AuditReview,
			article.ActSchedule: store.AuditSchedule, article.ActUnpublish: store.AuditUnpublish}[action]
		if old == nil {
			act = store.AuditCreate
		}
		detail := ar.Headline
		if action == article.ActSchedule {
			detail += " — for " + article.FormatLocal(ar.PublishedAt, a.cfg.Location) + " " + a.cfg.Location.String()
		}
		return tx.AddAudit(ctx, &store.AuditEntry{UserID: u.ID, UserName: u.Name, Action: act, ArticleID: ar.ID, Detail: detail})
	})
}

// keepAll is a pendingSave that keeps old's tags and writes nothing else
// (workflow actions that change no field).
func keepAll(old *model.Article) *pendingSave {
	p := &article.Pending{}
	for i := range old.Tags {
		t := old.Tags[i]
		p.Tags = append(p.Tags, &t)
	}
	return &pendingSave{Pending: p}
}

// respondArticle reloads article id and writes it with status.
func (a *API) respondArticle(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	ar, err := a.st.ArticleByID(r.Context(), id)
	if err != nil {
		return err
	}
	out := AdminArticle{ID: ar.ID, Slug: ar.Slug, Status: string(ar.Status), URL: a.base + articlePath(ar), Headline: ar.Headline,
		Dek: ar.Dek, Kicker: ar.Kicker, Tags: []string{}, Bylines: []bylineInput{}, Dateline: ar.Dateline,
		BodyMarkdown: ar.BodySource, BodyHTML: ar.BodyHTML, Pins: []string{}, Rights: ar.Rights, CanonicalURL: ar.CanonicalURL,
		SEOTitle: ar.SEOTitle, SEODescription: ar.SEODescription, CommentsOpen: ar.CommentsOpen, Corrections: []correctionJSON{}}
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
	pins, err := a.st.ArticlesByIDs(r.Context(), ar.Pins)
	if err != nil {
		return err
	}
	for _, p := range pins {
		out.Pins = append(out.Pins, p.Slug)
	}
	for _, c := range ar.Corrections {
		out.Corrections = append(out.Corrections, correctionJSON{CreatedAt: rfc3339(c.Created), Text: c.Body})
	}
	if !ar.EmbargoUntil.IsZero() {
		t := ar.EmbargoUntil.UTC()
		out.EmbargoUntil = &t
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
	ar := &model.Article{Kind: model.KindArticle, Source: store.NewsroomSource, CreatedBy: u.ID, CommentsOpen: true, BodyFormat: model.FormatMarkdown}
	if in.BodyMarkdown == nil {
		empty := ""
		in.BodyMarkdown = &empty
	}
	fe, ps, err := a.applyInput(r.Context(), ar, &in)
	if err != nil {
		return err
	}
	if fe != nil {
		return fe
	}
	if err := a.commit(r.Context(), u, ar, nil, article.ActSave, time.Time{}, ps); err != nil {
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
	fe, ps, err := a.applyInput(r.Context(), &cp, &in)
	if err != nil {
		return err
	}
	if fe != nil {
		return fe
	}
	if err := a.commit(r.Context(), u, &cp, old, article.ActSave, ps.PublishAt, ps); err != nil {
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
	if err := a.commit(r.Context(), u, &cp, old, action, at, keepAll(old)); err != nil {
		return err
	}
	return a.respondArticle(w, r, http.StatusOK, cp.ID)
}

func keepTime(old *model.Article) (time.Time, error) { return old.PublishedAt, nil }

// adminPublish: POST /api/v1/admin/articles/{id}/publish.
func (a *API) adminPublish(w http.ResponseWriter, r *http.Request, u *store.User) error {
	return a.transition(w, r, u, article.ActPublish, keepTime)
}

// adminReview: POST /api/v1/admin/articles/{id}/review (submit for
// review; what a contributor does when a draft is ready).
func (a *API) adminReview(w http.ResponseWriter, r *http.Request, u *store.User) error {
	return a.transition(w, r, u, article.ActReview, keepTime)
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

// adminCorrection: POST /api/v1/admin/articles/{id}/corrections {"text"}:
// appends a dated correction note to a published story, as the editor's
// "Add correction" (article.CleanCorrection, article.AddCorrection): the
// story's "Updated" time becomes now and article.corrected webhooks are
// queued. 409 when the story is not published, 422 for an empty or too
// long text. Needs the right to edit the story.
func (a *API) adminCorrection(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ar, _, err := a.editable(r, u)
	if err != nil {
		return err
	}
	var in struct {
		Text string `json:"text"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	text, err := article.CleanCorrection(ar, in.Text)
	switch {
	case errors.Is(err, article.ErrCorrectionState):
		return conflictErr("this article is " + string(ar.Status) + "; corrections are for published stories")
	case err != nil:
		return fieldErrors{"text": err.Error()}
	}
	if err := article.AddCorrection(r.Context(), a.st, ar, u.ID, u.Name, text, a.now()); err != nil {
		return err
	}
	return a.respondArticle(w, r, http.StatusOK, ar.ID)
}
