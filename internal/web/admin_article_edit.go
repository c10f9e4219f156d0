package web

import (
	"context"
	"errors"
	"html"
	"html/template"
	"net/http"
	"net/url"
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

// Editor actions, the values of the form's submit buttons.
// The workflow actions and their rules are package article's, shared with
// the Admin API.
const (
	actSave      = article.ActSave
	actReview    = article.ActReview
	actPublish   = article.ActPublish
	actUnpublish = article.ActUnpublish // readers get 410
	actSchedule  = article.ActSchedule  // the scheduler publishes at "Publish at"
	actPreview   = "preview"            // render the body, save nothing
)

// editorPage is the view of admin_article_edit.html.
type editorPage struct {
	A        *model.Article // the stored article; nil for a new one
	Form     articleForm
	Bylines  []bylineField // Form.Bylines plus empty rows to add authors
	Errors   []fieldError
	FieldErr map[string]string
	Notice   string
	Sections []model.Section
	Authors  []model.Author
	Action   string // where the form posts
	LiveURL  string
	Preview  template.HTML // body preview (sanitised by package markup)
	// Which buttons the user's role allows on this article now.
	CanSave, CanReview, CanPublish, CanUnpublish, CanSchedule bool
	IsLive                                                    bool
	// CanCorrect: the story is published and the user may edit it, so
	// the "Add correction" form is shown.
	CanCorrect bool
	Correction string // the correction text typed, refilled after a 422
	CanAudit   bool   // the user may read the audit log (admin_audit.go)
	Zone       string // the site's time zone name, for the date-time hints
	// Recent are the latest images of the media library, offered as the
	// lead image without typing a number.
	Recent []model.Media
	// BrokenRecircs are the READ NEXT / READ MORE blocks of the stored body
	// that point at no story readers can see now (they do not appear).
	BrokenRecircs []string
	// NewTags are the typed tags that do not exist yet (created on save);
	// CreatedTags those the last save created (?new_tags=…).
	NewTags, CreatedTags []string
}

// notices are the messages shown after a successful save (?saved=…).
var notices = map[string]string{
	actSave:      "Saved.",
	actReview:    "Submitted for review. Editors find it in the article list under “review”.",
	actPublish:   "Published. Readers can see it now.",
	actUnpublish: "Unpublished. Its address now tells readers the story was withdrawn (410).",
	actSchedule:  "Scheduled. It will be published by itself at the time shown under “Publish at”.",
	"correction": "Correction added. Readers see it under the story, and the story shows “Updated”.",
	"restore":    "Revision restored. The restored content is a new revision; nothing was lost.",
}

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("POST /admin/articles/{id}/corrections", s.signedIn(s.adminCorrectionAdd))
	})
}

// adminCorrectionAdd appends a correction note to a published story
// (POST /admin/articles/{id}/corrections, field "correction"): it needs the
// right to edit the story; the note is plain text, shown dated under the
// story, in its JSON-LD and in feeds, and the story's "Updated" time becomes
// now (store.AddCorrection). 409 when the story is not published, 422 with
// the editor refilled when the text is empty or too long.
func (s *Site) adminCorrectionAdd(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ctx := r.Context()
	a, own, err := s.editableArticle(r, u)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return badRequest("The correction could not be read; it may be too long. Please try again.")
	}
	text, err := article.CleanCorrection(a, r.PostForm.Get("correction"))
	switch {
	case errors.Is(err, article.ErrCorrectionState):
		return &httpError{http.StatusConflict, "Corrections are for published stories. This one is " + string(a.Status) + ": fix the text in the editor instead."}
	case err != nil:
		msg := "Write the correction: what was wrong, and what is right."
		if errors.Is(err, article.ErrCorrectionTooLong) {
			msg = "A correction is at most " + strconv.Itoa(article.MaxCorrection) + " characters (this one has " + strconv.Itoa(utf8.RuneCountInString(text)) + ")."
		}
		f, err := s.formFromArticle(ctx, a)
		if err != nil {
			return err
		}
		return s.renderEditorWith(w, r, u, http.StatusUnprocessableEntity, a, own, f, []fieldError{{Field: "correction", Msg: msg}}, "", "", text)
	}
	if err := article.AddCorrection(ctx, s.st, a, u.ID, u.Name, text, s.clock()); err != nil {
		return err
	}
	s.log.Info("correction added", "id", a.ID, "user", u.Email)
	http.Redirect(w, r, "/admin/articles/"+itoa(a.ID)+"/edit?saved=correction", http.StatusSeeOther)
	return nil
}

// adminArticleNew shows an empty editor (GET /admin/articles/new).
func (s *Site) adminArticleNew(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.CreateArticle) {
		return forbidden("Your role cannot create articles.")
	}
	f := articleForm{CommentsOpen: true}
	// "Write an article with this image" on the media library links here
	// with ?lead=ID (a GET only fills the form).
	if id, err := idParam(r.URL.Query().Get("lead")); err == nil && id > 0 {
		f.Lead = itoa(id)
	}
	ids, err := s.st.AuthorIDsByEmail(r.Context(), u.Email)
	if err != nil {
		return err
	}
	notice := ""
	if len(ids) > 0 {
		f.Bylines = []bylineField{{Author: itoa(ids[0]), Pos: "1"}}
	} else if auth.Can(auth.Role(u.Role), auth.ManageTaxonomy) {
		notice = "Your account has no author profile, so the byline is not filled in for you. Create one under Authors with your e-mail address (" + u.Email + ") and new stories get your byline by themselves."
	} else {
		notice = "Your account has no author profile, so the byline is not filled in for you. Ask an editor to create one with your e-mail address (" + u.Email + ")."
	}
	return s.renderEditor(w, r, u, http.StatusOK, nil, true, f, nil, notice, "")
}

// adminArticleEdit shows the editor for a stored article
// (GET /admin/articles/{id}/edit); 404 when there is none, 403 when the
// user may not edit it.
func (s *Site) adminArticleEdit(w http.ResponseWriter, r *http.Request, u *store.User) error {
	a, own, err := s.editableArticle(r, u)
	if err != nil {
		return err
	}
	f, err := s.formFromArticle(r.Context(), a)
	if err != nil {
		return err
	}
	return s.renderEditor(w, r, u, http.StatusOK, a, own, f, nil, notices[r.URL.Query().Get("saved")], "")
}

// adminArticleCreate saves a new article (POST /admin/articles).
func (s *Site) adminArticleCreate(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.CreateArticle) {
		return forbidden("Your role cannot create articles.")
	}
	return s.saveArticle(w, r, u, nil, true)
}

// adminArticleUpdate saves a stored article (POST /admin/articles/{id}).
func (s *Site) adminArticleUpdate(w http.ResponseWriter, r *http.Request, u *store.User) error {
	a, own, err := s.editableArticle(r, u)
	if err != nil {
		return err
	}
	return s.saveArticle(w, r, u, a, own)
}

// editableArticle loads the article named by the {id} path value and checks
// that u may edit it (auth.CanArticle EditOwn, own as decided by
// Site.ownership on the stored article, never on the submitted bylines).
func (s *Site) editableArticle(r *http.Request, u *store.User) (*model.Article, bool, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, false, notFound("There is no such article.")
	}
	a, err := s.st.ArticleByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, notFound("There is no such article. It may have been deleted.")
	}
	if err != nil {
		return nil, false, err
	}
	isOwn, err := s.ownership(r.Context(), u)
	if err != nil {
		return nil, false, err
	}
	own := isOwn(a)
	if !auth.CanArticle(auth.Role(u.Role), auth.EditOwn, own) {
		return nil, false, forbidden("Your role can only edit your own articles, and this one is somebody else's.")
	}
	return a, own, nil
}

func forbidden(msg string) error { return &httpError{http.StatusForbidden, msg} }

// allowedActions reports which editor actions role may take on old (nil for
// a new article) whose ownership is own, by article.Permit.
func allowedActions(role auth.Role, old *model.Article, own bool) map[string]bool {
	out := map[string]bool{actPreview: true}
	for _, act := range []string{actSave, actReview, actPublish, actUnpublish, actSchedule} {
		out[act] = article.Permit(role, old, own, act) == nil
	}
	return out
}

// saveArticle handles both editor posts. The action is checked against the
// permission matrix before anything else (403, nothing changes); then the
// form is validated (422 with the form refilled, nothing changes); then the
// article, new tags and a remote lead image are written in one transaction
// and the browser is sent to the edit page (303).
func (s *Site) saveArticle(w http.ResponseWriter, r *http.Request, u *store.User, old *model.Article, own bool) error {
	ctx := r.Context()
	f, err := parseArticleForm(w, r)
	if err != nil {
		return err
	}
	action := r.PostForm.Get("action")
	if action == "" {
		action = actSave
	}
	allowed := allowedActions(auth.Role(u.Role), old, own)
	ok, known := allowed[action]
	if !known {
		return badRequest("Unknown editor action “" + action + "”.")
	}
	if !ok {
		switch {
		case action == actReview:
			return &httpError{http.StatusConflict, "This story is live. Unpublish it before sending it back for review."}
		case action == actUnpublish && !article.IsLive(old):
			return &httpError{http.StatusConflict, "This story is not published, so it cannot be unpublished."}
		case action == actSchedule && old != nil && old.Status == model.StatusPublished:
			return &httpError{http.StatusConflict, "This story is already published. Unpublish it before scheduling it again."}
		}
		return forbidden("Your role cannot " + map[string]string{actSave: "change a published story", actPublish: "publish this story",
			actUnpublish: "unpublish stories", actSchedule: "schedule this story"}[action] + ". Save it and submit it for review instead, or ask an editor.")
	}

	if action == actUnpublish {
		if ok, err := s.confirmed(w, r, u, confirmPage{Question: "Unpublish “" + old.Headline + "”?",
			Consequence: "Readers who open its address are told the story was withdrawn (410 Gone), and it leaves fronts, feeds, sitemaps and search at once. Changes made in the editor are saved with it. You can publish it again later.",
			Button:      "Unpublish the story", Cancel: "/admin/articles/" + itoa(old.ID) + "/edit"}); !ok {
			return err
		}
	}
	a := &model.Article{Kind: model.KindArticle, Source: store.NewsroomSource, CreatedBy: u.ID}
	if old != nil {
		cp := *old
		a = &cp
	}
	errs, pw, err := s.applyForm(ctx, a, f)
	if err != nil {
		return err
	}
	if action == actPreview {
		prev, err := s.previewBody(ctx, a)
		if err != nil {
			return err
		}
		return s.renderEditor(w, r, u, http.StatusOK, old, own, f, errs, "", prev)
	}
	now := s.clock()
	if len(errs) == 0 {
		errs = s.applyAction(a, old, action, pw.PublishAt, f.MarkUpdated, now)
	}
	if len(errs) > 0 {
		return s.renderEditor(w, r, u, http.StatusUnprocessableEntity, old, own, f, errs, "", "")
	}
	created := pw.NewTags() // before the write gives them ids
	err = s.st.InTx(ctx, func(tx *store.Store) error {
		if err := writeArticle(ctx, tx, a, pw); err != nil {
			return err
		}
		return s.recordSave(ctx, tx, u, a, old == nil, action, "")
	})
	if err != nil {
		return err
	}
	s.log.Info("article saved", "id", a.ID, "slug", a.Slug, "action", action, "status", a.Status, "user", u.Email)
	dest := "/admin/articles/" + itoa(a.ID) + "/edit?saved=" + action
	if len(created) > 0 {
		dest += "&new_tags=" + url.QueryEscape(strings.Join(created, ", "))
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}

// writeArticle stores a inside transaction tx with the rows the form
// creates besides it (new tags, a remote lead image).
func writeArticle(ctx context.Context, tx *store.Store, a *model.Article, pw *article.Pending) error {
	return article.Write(ctx, tx, a, pw)
}

// applyAction sets a's status and times for the editor action (after the
// form was applied) with article.Apply; its refusals become field errors for
// the form (nothing is saved). pub is the form's "Publish at" (zero when blank).
func (s *Site) applyAction(a, old *model.Article, action string, pub time.Time, markUpdated bool, now time.Time) []fieldError {
	switch err := article.Apply(a, old, action, pub, markUpdated, now); {
	case err == nil:
		return nil
	case errors.Is(err, article.ErrScheduleNeedsFuture) && action == actSchedule:
		return []fieldError{{Field: "publish_at", Msg: "To schedule, set “Publish at” to a time in the future (" + s.cfg.Location.String() + ")."}}
	case errors.Is(err, article.ErrScheduleNeedsFuture):
		return []fieldError{{Field: "publish_at", Msg: "This story is scheduled, so “Publish at” must stay in the future. Use “Publish now” to publish it at once."}}
	case errors.Is(err, article.ErrLiveFuture):
		return []fieldError{{Field: "publish_at", Msg: "This story is live, so its publication time cannot be in the future. Unpublish it first, then schedule it."}}
	default:
		return []fieldError{{Field: "publish_at", Msg: err.Error()}}
	}
}

// recordSave writes, inside the save's transaction tx, a revision with the
// stored article's editable fields and an audit entry for action (detail
// defaults to the headline).
func (s *Site) recordSave(ctx context.Context, tx *store.Store, u *store.User, a *model.Article, created bool, action, detail string) error {
	snap, err := s.snapshot(ctx, a)
	if err != nil {
		return err
	}
	if err := tx.AddRevision(ctx, &store.Revision{ArticleID: a.ID, UserID: u.ID, UserName: u.Name, Snapshot: snap}); err != nil {
		return err
	}
	act := map[string]string{actSave: store.AuditSave, actReview: store.AuditReview, actPublish: store.AuditPublish,
		actSchedule: store.AuditSchedule, actUnpublish: store.AuditUnpublish, "restore": store.AuditRestore}[action]
	if created && action == actSave {
		act = store.AuditCreate
	}
	if detail == "" {
		detail = a.Headline
		if action == actSchedule {
			detail += " — for " + s.formatLocal(a.PublishedAt) + " " + s.cfg.Location.String()
		}
	}
	return tx.AddAudit(ctx, &store.AuditEntry{UserID: u.ID, UserName: u.Name, Action: act, ArticleID: a.ID, Detail: detail})
}

// previewBody expands the recirculation blocks of a's rendered body the way
// the article page does; blocks whose target readers cannot see are shown
// as a warning instead of vanishing, so the editor can fix the slug.
func (s *Site) previewBody(ctx context.Context, a *model.Article) (template.HTML, error) {
	var slugs []string
	for _, rc := range markup.Recircs(a.BodyHTML) {
		slugs = append(slugs, rc.Slug)
	}
	targets, err := s.st.VisibleHeadlines(ctx, slugs, s.clock())
	if err != nil {
		return "", err
	}
	body := markup.ExpandRecircs(a.BodyHTML, func(rc markup.Recirc) string {
		label := "READ NEXT"
		if rc.Kind == "more" {
			label = "READ MORE"
		}
		t, ok := targets[rc.Slug]
		if ok && a.ID != 0 && t.ID == a.ID {
			return `<aside class="recirc recirc-missing"><span class="recirc-label">` + label + `:</span> this block points at this story itself, so it will not appear.</aside>`
		}
		if !ok {
			return `<aside class="recirc recirc-missing"><span class="recirc-label">` + label + `:</span> no story readers can see has the slug “` +
				html.EscapeString(rc.Slug) + `”; this block will not appear.</aside>`
		}
		return `<aside class="recirc recirc-` + rc.Kind + `"><span class="recirc-label">` + label + `:</span> <a href="` +
			html.EscapeString(articlePath(&model.Article{Kind: t.Kind, Slug: t.Slug})) + `">` + html.EscapeString(t.Headline) + `</a></aside>`
	})
	return template.HTML(body), nil // sanitised by package markup; placeholders replaced with escaped text
}

func (s *Site) renderEditor(w http.ResponseWriter, r *http.Request, u *store.User, status int, old *model.Article, own bool,
	f articleForm, errs []fieldError, notice string, preview template.HTML) error {
	return s.renderEditorWith(w, r, u, status, old, own, f, errs, notice, preview, "")
}

// renderEditorWith is renderEditor with the text of the correction form.
func (s *Site) renderEditorWith(w http.ResponseWriter, r *http.Request, u *store.User, status int, old *model.Article, own bool,
	f articleForm, errs []fieldError, notice string, preview template.HTML, correction string) error {
	ctx := r.Context()
	p := editorPage{A: old, Form: f, Errors: errs, FieldErr: map[string]string{}, Notice: notice, Preview: preview,
		Action: "/admin/articles", IsLive: article.IsLive(old), Correction: correction}
	for _, e := range errs {
		if _, dup := p.FieldErr[e.Field]; !dup {
			p.FieldErr[e.Field] = e.Msg
		}
	}
	var err error
	if p.Sections, err = s.st.Sections(ctx); err != nil {
		return err
	}
	if p.Authors, err = s.st.Authors(ctx); err != nil {
		return err
	}
	acts := allowedActions(auth.Role(u.Role), old, own)
	p.CanSave, p.CanReview, p.CanPublish, p.CanUnpublish = acts[actSave], acts[actReview], acts[actPublish], acts[actUnpublish]
	p.CanSchedule, p.Zone = acts[actSchedule], s.cfg.Location.String()
	p.CanCorrect = old != nil && old.Status == model.StatusPublished
	p.CanAudit = auth.Can(auth.Role(u.Role), auth.EditOthers)
	if p.NewTags, err = article.NewTagNames(ctx, s.st, f.Tags); err != nil {
		return err
	}
	if p.Recent, _, err = s.st.ListMedia(ctx, store.MediaFilter{Limit: 24}); err != nil {
		return err
	}
	if old != nil {
		var slugs []string
		for _, rc := range markup.Recircs(old.BodyHTML) {
			slugs = append(slugs, rc.Slug)
		}
		if len(slugs) > 0 {
			seen, err := s.st.VisibleHeadlines(ctx, slugs, s.clock())
			if err != nil {
				return err
			}
			for _, sl := range slugs {
				if t, ok := seen[sl]; !ok || t.ID == old.ID {
					p.BrokenRecircs = append(p.BrokenRecircs, sl)
				}
			}
		}
	}
	if nt := r.URL.Query().Get("new_tags"); nt != "" && r.Method == http.MethodGet {
		p.CreatedTags = strings.Split(nt, ", ")
	}
	title := "New article"
	if old != nil {
		p.Action = "/admin/articles/" + itoa(old.ID)
		title = "Edit: " + old.Headline
		if old.VisibleAt(s.clock()) {
			p.LiveURL = articlePath(old)
		}
	}
	p.Bylines = append(p.Bylines, f.Bylines...)
	for len(p.Bylines) < len(f.Bylines)+2 || len(p.Bylines) < 3 {
		p.Bylines = append(p.Bylines, bylineField{})
	}
	for i := range p.Bylines {
		if p.Bylines[i].Pos == "" {
			p.Bylines[i].Pos = strconv.Itoa(i + 1)
		}
	}
	return s.renderAdmin(w, status, "admin_article_edit", title, u, p)
}
