package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"masthead/internal/article"
	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Revision history of an article (issue 3: "every save is a revision:
// history with author and time, side-by-side diff, restore"):
//
//	GET  /admin/articles/{id}/revisions            the list, newest first
//	GET  /admin/articles/{id}/revisions/{rev}      side-by-side diff against now
//
// {rev} is the revision's number within the article (1 = the first save).
//
//	POST /admin/articles/{id}/revisions/{rev}/restore
//
// Viewing needs the right to edit the article; restoring is a save (same
// rules as the editor's "Save": a live story needs the publish permission)
// and makes a new revision, so nothing is ever lost.
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/articles/{id}/revisions", s.signedIn(s.adminRevisions))
		am.Handle("GET /admin/articles/{id}/revisions/{rev}", s.signedIn(s.adminRevision))
		am.Handle("POST /admin/articles/{id}/revisions/{rev}/restore", s.signedIn(s.adminRevisionRestore))
	})
}

// revisionSnapshot is the JSON a revision keeps (article.Snapshot).
type revisionSnapshot = article.Snapshot

// snapshot encodes the editable fields of stored article a.
func (s *Site) snapshot(ctx context.Context, a *model.Article) (string, error) {
	return article.EncodeSnapshot(ctx, s.st, a, s.cfg.Location)
}

func decodeSnapshot(r *store.Revision) (revisionSnapshot, error) { return article.DecodeSnapshot(r) }

// revisionsPage is the view of admin_revisions.html.
type revisionsPage struct {
	A    *model.Article
	Revs []*store.Revision
}

func (s *Site) adminRevisions(w http.ResponseWriter, r *http.Request, u *store.User) error {
	a, _, err := s.editableArticle(r, u)
	if err != nil {
		return err
	}
	revs, err := s.st.Revisions(r.Context(), a.ID, 500)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin_revisions", "Revisions: "+a.Headline, u, &revisionsPage{A: a, Revs: revs})
}

// fieldDiff is one row of the field-by-field comparison.
type fieldDiff struct {
	Label    string
	Old, New string
	Changed  bool
}

// revisionPage is the view of admin_revision.html.
type revisionPage struct {
	A          *model.Article
	Rev        *store.Revision
	Fields     []fieldDiff
	Body       []article.DiffRow
	BodySame   bool
	CanRestore bool
	Notice     string
}

func (s *Site) revisionFor(r *http.Request, u *store.User) (*model.Article, bool, *store.Revision, error) {
	a, own, err := s.editableArticle(r, u)
	if err != nil {
		return nil, false, nil, err
	}
	n, err := strconv.Atoi(r.PathValue("rev"))
	if err != nil || n <= 0 {
		return nil, false, nil, notFound("There is no such revision.")
	}
	rev, err := s.st.RevisionByNumber(r.Context(), a.ID, n)
	if err != nil {
		return nil, false, nil, storeErr(err, "There is no such revision of this article.")
	}
	return a, own, rev, nil
}

func (s *Site) adminRevision(w http.ResponseWriter, r *http.Request, u *store.User) error {
	a, own, rev, err := s.revisionFor(r, u)
	if err != nil {
		return err
	}
	old, err := decodeSnapshot(rev)
	if err != nil {
		return err
	}
	cur, err := s.formFromArticle(r.Context(), a)
	if err != nil {
		return err
	}
	p := &revisionPage{A: a, Rev: rev, CanRestore: allowedActions(auth.Role(u.Role), a, own)[actSave]}
	p.Fields = s.compareFields(r.Context(), old,
		revisionSnapshot{Status: a.Status, Fields: cur})
	p.Body = article.LineDiff(old.Body, cur.Body)
	p.BodySame = old.Body == cur.Body
	return s.renderAdmin(w, http.StatusOK, "admin_revision", "Revision "+strconv.Itoa(rev.Number)+": "+a.Headline, u, p)
}

// compareFields lists the snapshot fields (other than the body) with their
// old and new values; section and author ids are shown as names.
func (s *Site) compareFields(ctx context.Context, o, n revisionSnapshot) []fieldDiff {
	names := map[string]string{}
	if secs, err := s.st.Sections(ctx); err == nil {
		for _, sec := range secs {
			names["s"+itoa(sec.ID)] = sec.Name
		}
	}
	if aus, err := s.st.Authors(ctx); err == nil {
		for _, au := range aus {
			names["a"+itoa(au.ID)] = au.Name
		}
	}
	bylines := func(list []bylineField) string {
		var parts []string
		for _, b := range list {
			p := firstNonEmpty(names["a"+b.Author], "author "+b.Author)
			if b.Role != "" {
				p += " (" + b.Role + ")"
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, ", ")
	}
	sec := func(id string) string {
		if id == "" {
			return ""
		}
		return firstNonEmpty(names["s"+id], "section "+id)
	}
	yes := func(b bool) string {
		if b {
			return "open"
		}
		return "closed"
	}
	rows := [][3]string{
		{"Status", string(o.Status), string(n.Status)},
		{"Kicker", o.Kicker, n.Kicker}, {"Headline", o.Headline, n.Headline}, {"Dek", o.Dek, n.Dek},
		{"Slug", o.Slug, n.Slug}, {"Section", sec(o.Section), sec(n.Section)},
		{"Byline", bylines(o.Bylines), bylines(n.Bylines)}, {"Dateline", o.Dateline, n.Dateline},
		{"Tags", o.Tags, n.Tags}, {"Lead image", o.Lead, n.Lead}, {"Alt text", o.LeadAlt, n.LeadAlt},
		{"Caption", o.LeadCaption, n.LeadCaption}, {"Credit", o.LeadCredit, n.LeadCredit},
		{"READ MORE pins", o.Pins, n.Pins}, {"Rights line", o.Rights, n.Rights},
		{"Canonical URL", o.Canonical, n.Canonical}, {"SEO title", o.SEOTitle, n.SEOTitle},
		{"SEO description", o.SEODesc, n.SEODesc}, {"Publish at", o.PublishAt, n.PublishAt},
		{"Embargo until", o.EmbargoUntil, n.EmbargoUntil}, {"Comments", yes(o.CommentsOpen), yes(n.CommentsOpen)},
	}
	out := make([]fieldDiff, len(rows))
	for i, r := range rows {
		out[i] = fieldDiff{Label: r[0], Old: r[1], New: r[2], Changed: r[1] != r[2]}
	}
	return out
}

// adminRevisionRestore puts a revision's content back: the snapshot goes
// through the editor's validation (422 back on the diff page when, say, its
// section was deleted since) and is saved keeping the article's current
// status and publication time, as a new revision with an audit entry.
func (s *Site) adminRevisionRestore(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ctx := r.Context()
	a, own, rev, err := s.revisionFor(r, u)
	if err != nil {
		return err
	}
	if !allowedActions(auth.Role(u.Role), a, own)[actSave] {
		return forbidden("Your role cannot change a published story, so it cannot restore an older version of it. Ask an editor.")
	}
	snap, err := decodeSnapshot(rev)
	if err != nil {
		return err
	}
	f := snap.Fields
	// The restored content keeps the story's current slug (its URL must
	// not change, nor bounce through a redirect), status and times.
	f.Slug = a.Slug
	f.PublishAt, f.EmbargoUntil = s.formatLocal(a.PublishedAt), s.formatLocal(a.EmbargoUntil)
	cp := *a
	errs, pw, err := s.applyForm(ctx, &cp, f)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Msg
		}
		return &httpError{http.StatusUnprocessableEntity, "This revision cannot be restored as it is: " + strings.Join(msgs, " ") +
			" Open the editor, fix it there, and save."}
	}
	err = s.st.InTx(ctx, func(tx *store.Store) error {
		if err := writeArticle(ctx, tx, &cp, pw); err != nil {
			return err
		}
		return s.recordSave(ctx, tx, u, &cp, false, "restore", "restored revision "+strconv.Itoa(rev.Number)+" of "+
			rev.Created.In(s.cfg.Location).Format("Jan 2, 2006 3:04:05 PM MST")+" by "+firstNonEmpty(rev.UserName, "unknown"))
	})
	if err != nil {
		return err
	}
	s.log.Info("revision restored", "id", a.ID, "revision", rev.ID, "user", u.Email)
	http.Redirect(w, r, "/admin/articles/"+itoa(a.ID)+"/edit?saved=restore", http.StatusSeeOther)
	return nil
}
