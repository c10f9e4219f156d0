package web

import (
	"masthead/internal/comment"
	"net/http"
	"net/url"
	"strconv"

	"masthead/internal/auth"
	"masthead/internal/store"
)

// The audit log of editorial actions (issue 3): GET /admin/audit lists who
// did what to which story and when, newest first, 50 a page, filtered by
// ?article=ID and ?action=NAME. Entries are written by the editor (create,
// save, review, publish, schedule, unpublish, restore, correction, preview
// link) and by the scheduler (publish, user "scheduler"). Only roles that
// may edit everybody's stories (owners and editors: auth.EditOthers) see it.
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/audit", s.signedIn(s.adminAudit))
	})
}

// auditPageSize is the number of entries per page.
const auditPageSize = 50

// auditActions are the filter choices, in workflow order.
var auditActions = []string{store.AuditCreate, store.AuditSave, store.AuditReview, store.AuditSchedule, store.AuditPublish,
	store.AuditUnpublish, store.AuditCorrection, store.AuditRestore, store.AuditPreview,
	comment.AuditApprove, comment.AuditReject, comment.AuditSpam, comment.AuditPending, comment.AuditBan, comment.AuditLiftBan,
	comment.AuditSettings, comment.AuditWords}

// auditPage is the view of admin_audit.html.
type auditPage struct {
	Entries          []*store.AuditEntry
	Headlines        map[int64]string // article id → current headline
	Total, Page      int
	Pages            int
	Article, Action  string
	Actions          []string
	PrevURL, NextURL string
}

func (s *Site) adminAudit(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.EditOthers) {
		return forbidden("Only owners and editors can read the audit log.")
	}
	ctx := r.Context()
	q := r.URL.Query()
	p := &auditPage{Article: q.Get("article"), Action: q.Get("action"), Actions: auditActions, Page: 1, Headlines: map[int64]string{}}
	f := store.AuditFilter{Action: p.Action, Limit: auditPageSize}
	if p.Article != "" {
		id, err := strconv.ParseInt(p.Article, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("The article filter must be an article number.")
		}
		f.ArticleID = id
	}
	if p.Action != "" {
		known := false
		for _, a := range auditActions {
			known = known || a == p.Action
		}
		if !known {
			return badRequest("Unknown action “" + p.Action + "”.")
		}
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return badRequest("The page number must be a whole number from 1.")
		}
		p.Page = n
	}
	f.Offset = (p.Page - 1) * auditPageSize
	var err error
	if p.Entries, p.Total, err = s.st.AuditLog(ctx, f); err != nil {
		return err
	}
	p.Pages = max(1, (p.Total+auditPageSize-1)/auditPageSize)
	var ids []int64
	for _, e := range p.Entries {
		if e.ArticleID != 0 {
			ids = append(ids, e.ArticleID)
		}
	}
	list, err := s.st.ArticlesByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for _, a := range list {
		p.Headlines[a.ID] = a.Headline
	}
	page := func(n int) string {
		v := url.Values{}
		if p.Article != "" {
			v.Set("article", p.Article)
		}
		if p.Action != "" {
			v.Set("action", p.Action)
		}
		v.Set("page", strconv.Itoa(n))
		return "/admin/audit?" + v.Encode()
	}
	if p.Page > 1 {
		p.PrevURL = page(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.NextURL = page(p.Page + 1)
	}
	return s.renderAdmin(w, http.StatusOK, "admin_audit", "Audit log", u, p)
}
