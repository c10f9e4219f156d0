package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/comment"
	"masthead/internal/comment/spam"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Comment settings (issue 4, "Moderators"; permission "moderate
// comments"): GET /admin/comments/settings shows the site's moderation mode,
// auto-close period and spam-defence thresholds, the banned and suspect word
// lists, each section's overrides and, with ?article=ID-or-slug, one
// article's; POST /admin/comments/settings (site),
// /admin/comments/settings/section/{id}, /admin/comments/settings/article/{id}
// and /admin/comments/words save them. Every save is audited; bad values
// answer 400 and change nothing.
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/comments/settings", s.signedIn(s.adminCommentSettings))
		am.Handle("POST /admin/comments/settings", s.signedIn(s.adminCommentSiteSave))
		am.Handle("POST /admin/comments/settings/section/{id}", s.signedIn(s.adminCommentSectionSave))
		am.Handle("POST /admin/comments/settings/article/{id}", s.signedIn(s.adminCommentArticleSave))
		am.Handle("POST /admin/comments/words", s.signedIn(s.adminCommentWordsSave))
	})
}

type modeChoice struct{ Key, Label string }

type sectionSetting struct {
	Section  model.Section
	Settings model.CommentSettings
}

type commentSettingsPage struct {
	Site       model.CommentSettings
	Defences   store.CommentDefences
	Banned     string
	Suspect    string
	Modes      []modeChoice // without "inherit"
	Sections   []sectionSetting
	Article    *model.Article
	ArticleSet model.CommentSettings
	Effective  model.CommentSettings
	ArticleQ   string
	Notice     string
}

func modeChoices() []modeChoice {
	var out []modeChoice
	for _, m := range spam.Modes {
		out = append(out, modeChoice{string(m), m.Label()})
	}
	return out
}

var settingsNotices = map[string]string{
	"site": "Site settings saved.", "section": "Section settings saved.", "article": "Article settings saved.",
	"banned": "Banned word list saved.", "suspect": "Suspect word list saved.",
}

// adminCommentSettings renders the settings page.
func (s *Site) adminCommentSettings(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	ctx := r.Context()
	p := &commentSettingsPage{Modes: modeChoices(), ArticleQ: strings.TrimSpace(r.URL.Query().Get("article")),
		Notice: settingsNotices[r.URL.Query().Get("done")]}
	var err error
	if p.Site, err = s.st.CommentSettings(ctx, model.ScopeSite, 0); err != nil {
		return err
	}
	if p.Defences, err = s.st.CommentDefences(ctx); err != nil {
		return err
	}
	for kind, dst := range map[string]*string{store.WordsBanned: &p.Banned, store.WordsSuspect: &p.Suspect} {
		words, err := s.st.CommentWords(ctx, kind)
		if err != nil {
			return err
		}
		*dst = strings.Join(words, "\n")
	}
	secs, err := s.st.Sections(ctx)
	if err != nil {
		return err
	}
	for _, sec := range secs {
		cs, err := s.st.CommentSettings(ctx, model.ScopeSection, sec.ID)
		if err != nil {
			return err
		}
		p.Sections = append(p.Sections, sectionSetting{Section: sec, Settings: cs})
	}
	if p.ArticleQ != "" {
		if p.Article, err = s.findArticle(r, p.ArticleQ); err != nil {
			return err
		}
		if p.ArticleSet, err = s.st.CommentSettings(ctx, model.ScopeArticle, p.Article.ID); err != nil {
			return err
		}
		if p.Effective, err = s.st.EffectiveCommentSettings(ctx, p.Article); err != nil {
			return err
		}
	}
	return s.renderAdmin(w, http.StatusOK, "admin_comment_settings", "Comment settings", u, p)
}

// formMode reads the mode field; inherit allows "" (take the wider scope's).
func formMode(r *http.Request, inherit bool) (model.ModerationMode, error) {
	v := r.PostForm.Get("mode")
	if v == "" && inherit {
		return model.ModeInherit, nil
	}
	if _, err := spam.ParseMode(v); err != nil {
		return "", badRequest("Choose a moderation mode: " + err.Error() + ".")
	}
	return model.ModerationMode(v), nil
}

// formInt reads an integer field within [lo, hi]; empty gives def.
func formInt(r *http.Request, name, label string, lo, hi, def int) (int, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest(fmt.Sprintf("%s must be a whole number from %d to %d.", label, lo, hi))
	}
	return n, nil
}

func formScore(r *http.Request, name, label string) (float64, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n < 0 || n > 1 {
		return 0, badRequest(label + " must be a number from 0 to 1 (0 turns it off).")
	}
	return n, nil
}

func (s *Site) auditSettings(r *http.Request, u *store.User, articleID int64, detail string) error {
	return s.st.AddAudit(r.Context(), &store.AuditEntry{UserID: u.ID, UserName: u.Name, Action: comment.AuditSettings,
		ArticleID: articleID, Detail: detail, Created: s.clock()})
}

// adminCommentSiteSave saves the site's mode, auto-close days and thresholds.
func (s *Site) adminCommentSiteSave(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("The form could not be read.")
	}
	mode, err := formMode(r, false)
	if err != nil {
		return err
	}
	days, err := formInt(r, "auto_close_days", "Close comments after (days)", 0, 3650, 14)
	if err != nil {
		return err
	}
	var d store.CommentDefences
	if d.MaxLinks, err = formInt(r, "max_links", "The link limit", -1, 100, 3); err != nil {
		return err
	}
	if d.MinSubmitSeconds, err = formInt(r, "min_submit_seconds", "The minimum time to submit", 0, 3600, 3); err != nil {
		return err
	}
	if d.DuplicateSpam, err = formInt(r, "duplicate_spam", "The copy-paste count", 0, 1000, 3); err != nil {
		return err
	}
	if d.HideFlags, err = formInt(r, "hide_flags", "The number of reports that holds a comment", 0, 1000, 3); err != nil {
		return err
	}
	if d.HoldScore, err = formScore(r, "hold_score", "The hold score"); err != nil {
		return err
	}
	if d.SpamScore, err = formScore(r, "spam_score", "The spam score"); err != nil {
		return err
	}
	if d.SpamScore > 0 && d.HoldScore > d.SpamScore {
		return badRequest("The hold score must not be above the spam score.")
	}
	now := s.clock()
	d.Updated, d.UpdatedBy = now, u.ID
	err = s.st.InTx(r.Context(), func(tx *store.Store) error {
		if err := tx.SaveCommentSettings(r.Context(), model.CommentSettings{Scope: model.ScopeSite, Mode: mode, AutoCloseDays: days,
			Updated: now, UpdatedBy: u.ID}); err != nil {
			return err
		}
		return tx.SaveCommentDefences(r.Context(), d)
	})
	if err != nil {
		return err
	}
	s.decider.Invalidate()
	if err := s.auditSettings(r, u, 0, fmt.Sprintf("site: mode %s, close after %d days, links > %d held, min %d s to submit, hold ≥ %.2f, spam ≥ %.2f, copy-paste ≥ %d, held after %d reports",
		mode, days, d.MaxLinks, d.MinSubmitSeconds, d.HoldScore, d.SpamScore, d.DuplicateSpam, d.HideFlags)); err != nil {
		return err
	}
	s.commentSettingsChanged(nil) // open/closed may change on any story
	http.Redirect(w, r, "/admin/comments/settings?done=site", http.StatusSeeOther)
	return nil
}

// readOverride reads the part that a section's and an article's override
// forms share: it checks that u may moderate comments, loads the section or
// article whose id is the path's {id} with byID (404 with the message noSuch
// when the id is not a number or there is no such row), and reads the form's
// mode ("" is inherited) and auto_close_days (-1 = inherited, 0 = never,
// else 1–3650 days). Bad input is a 400 naming the field; store errors are
// returned as they are.
func readOverride[T any](r *http.Request, u *store.User, noSuch string, byID func(context.Context, int64) (T, error)) (target T, mode model.ModerationMode, days int, err error) {
	if err = canModerate(u); err != nil {
		return
	}
	id, perr := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if perr != nil {
		err = notFound(noSuch)
		return
	}
	target, err = byID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		err = notFound(noSuch)
	}
	if err != nil {
		return
	}
	if perr := r.ParseForm(); perr != nil {
		err = badRequest("The form could not be read.")
		return
	}
	if mode, err = formMode(r, true); err != nil {
		return
	}
	days, err = formInt(r, "auto_close_days", "Close comments after (days)", -1, 3650, -1)
	return
}

// adminCommentSectionSave saves a section's overrides.
func (s *Site) adminCommentSectionSave(w http.ResponseWriter, r *http.Request, u *store.User) error {
	sec, mode, days, err := readOverride(r, u, "There is no such section.", s.st.SectionByID)
	if err != nil {
		return err
	}
	if err := s.st.SaveCommentSettings(r.Context(), model.CommentSettings{Scope: model.ScopeSection, ScopeID: sec.ID, Mode: mode,
		AutoCloseDays: days, Updated: s.clock(), UpdatedBy: u.ID}); err != nil {
		return err
	}
	if err := s.auditSettings(r, u, 0, fmt.Sprintf("section %s: mode %s, close after %s", sec.Slug, modeText(mode), daysText(days))); err != nil {
		return err
	}
	s.commentSettingsChanged(nil) // open/closed may change on any story
	http.Redirect(w, r, "/admin/comments/settings?done=section", http.StatusSeeOther)
	return nil
}

func modeText(m model.ModerationMode) string {
	if m == model.ModeInherit {
		return "inherited"
	}
	return string(m)
}

func daysText(d int) string {
	switch d {
	case -1:
		return "inherited days"
	case 0:
		return "never"
	}
	return strconv.Itoa(d) + " days"
}

// adminCommentArticleSave saves an article's overrides and whether a
// moderator closed its comments.
func (s *Site) adminCommentArticleSave(w http.ResponseWriter, r *http.Request, u *store.User) error {
	a, mode, days, err := readOverride(r, u, "There is no such article.", s.st.ArticleByID)
	if err != nil {
		return err
	}
	now := s.clock()
	cs := model.CommentSettings{Scope: model.ScopeArticle, ScopeID: a.ID, Mode: mode, AutoCloseDays: days, Updated: now, UpdatedBy: u.ID}
	old, err := s.st.CommentSettings(r.Context(), model.ScopeArticle, a.ID)
	if err != nil {
		return err
	}
	closed := "open"
	if r.PostForm.Get("closed") != "" {
		cs.Closed, closed = old.Closed, "closed"
		if cs.Closed.IsZero() {
			cs.Closed = now
		}
	}
	if err := s.st.SaveCommentSettings(r.Context(), cs); err != nil {
		return err
	}
	if err := s.auditSettings(r, u, a.ID, fmt.Sprintf("article: mode %s, close after %s, %s", modeText(mode), daysText(days), closed)); err != nil {
		return err
	}
	s.commentSettingsChanged(a)
	http.Redirect(w, r, "/admin/comments/settings?done=article&article="+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
	return nil
}

// adminCommentWordsSave replaces the banned or suspect word list.
func (s *Site) adminCommentWordsSave(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if err := canModerate(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("The form could not be read.")
	}
	kind := r.PostForm.Get("kind")
	if kind != store.WordsBanned && kind != store.WordsSuspect {
		return badRequest("Choose the banned or the suspect word list.")
	}
	text := r.PostForm.Get("words")
	if len(text) > 1<<20 {
		return badRequest("The word list is larger than 1 MiB.")
	}
	err := s.decider.SetWords(r.Context(), kind, text, u, s.clock())
	var ref *comment.Refusal
	if errors.As(err, &ref) {
		return badRequest(ref.Message)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/comments/settings?done="+kind, http.StatusSeeOther)
	return nil
}
