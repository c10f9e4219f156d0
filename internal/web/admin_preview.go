package web

import (
	"bytes"
	"errors"
	"html"
	"net/http"

	"masthead/internal/article"
	"masthead/internal/markup"
	"masthead/internal/store"
)

// Preview links (issue 3: "signed, expiring preview links for drafts"):
//
//	POST /admin/articles/{id}/preview-link   make a link (edit permission)
//	GET  /preview/{token}                    the story as readers would see it
//
// A token names the article and its expiry (article.PreviewTTL, 7 days)
// and is signed with HMAC-SHA256 under a secret kept in the database
// (site_secrets "preview-links", made on first use), so every instance on
// the same database accepts it and no token table is needed. Anyone with
// the link may read the draft until it expires; a bad, forged or expired
// token is a plain 404. Preview pages carry a "Preview — not published"
// banner, X-Robots-Tag: noindex and Cache-Control: no-store, and never go
// through the page cache (the route is not wrapped by it, see routes.go).
func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("POST /admin/articles/{id}/preview-link", s.signedIn(s.adminPreviewLink))
	})
}

// previewSecret names the site secret that signs preview links.
const previewSecret = "preview-links"

// adminPreviewLink makes a preview link for the article and shows it in the
// editor (200; posting again makes a fresh link, older ones keep working
// until they expire). The link's creation is audited.
func (s *Site) adminPreviewLink(w http.ResponseWriter, r *http.Request, u *store.User) error {
	ctx := r.Context()
	a, own, err := s.editableArticle(r, u)
	if err != nil {
		return err
	}
	key, err := s.st.Secret(ctx, previewSecret)
	if err != nil {
		return err
	}
	exp := s.clock().Add(article.PreviewTTL)
	link := s.absURL("/preview/" + article.SignPreview(key, a.ID, exp))
	if err := s.st.AddAudit(ctx, &store.AuditEntry{UserID: u.ID, UserName: u.Name, Action: store.AuditPreview,
		ArticleID: a.ID, Detail: "valid until " + exp.In(s.cfg.Location).Format("Jan 2, 2006 3:04 PM MST")}); err != nil {
		return err
	}
	f, err := s.formFromArticle(ctx, a)
	if err != nil {
		return err
	}
	notice := "Preview link made. Anyone with it can read this version of the story until " +
		exp.In(s.cfg.Location).Format("Jan 2, 2006 3:04 PM MST") + ": " + link
	return s.renderEditor(w, r, u, http.StatusOK, a, own, f, nil, notice, "")
}

// previewPage renders the article named by a valid token the way the
// article page does, whatever its status, with a banner.
func (s *Site) previewPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	w.Header().Set("Cache-Control", "no-store")
	const msg = "This preview link is not valid. It may have expired (links work for 7 days); ask the newsroom for a new one."
	key, err := s.st.Secret(ctx, previewSecret)
	if err != nil {
		return err
	}
	id, _, err := article.VerifyPreview(key, r.PathValue("token"), s.clock())
	if err != nil {
		return notFound(msg)
	}
	a, err := s.st.ArticleByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound(msg)
	}
	if err != nil {
		return err
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = s.clock() // a draft shows the time it would carry if published now
	}
	v, err := s.articleView(ctx, a, s.clock())
	if err != nil {
		return err
	}
	l := &layout{
		Title:       "Preview: " + a.Headline,
		Description: firstNonEmpty(a.SEODescription, a.Dek, markup.Excerpt(a.BodyText, 200)),
		Canonical:   s.absURL(r.URL.Path),
		Robots:      "noindex, nofollow",
		Page:        v,
		NoTrack:     true, // a preview is not a read
	}
	rec := &bufferedWriter{header: http.Header{}}
	if err := s.render(rec, r, http.StatusOK, "article", l, 0, a.Modified); err != nil {
		return err
	}
	status := "not published"
	if a.VisibleAt(s.clock()) {
		status = "this version is live"
	}
	banner := `<p class="preview-banner" role="status" style="background:#fff3bf;border:2px solid #e8590c;padding:.6em 1em;font-weight:bold">` +
		`Preview — ` + html.EscapeString(status) + ` (` + html.EscapeString(string(a.Status)) + `). This page is not public and is not indexed.</p>`
	page := bytes.Replace(rec.buf.Bytes(), []byte(`<main id="main">`), []byte(`<main id="main">`+banner), 1)
	for k, v := range rec.header {
		if k != "Cache-Control" && k != "Last-Modified" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(page)
	return err
}

// bufferedWriter collects a rendered page so the preview banner can be put
// in before it is sent.
type bufferedWriter struct {
	header http.Header
	buf    bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) WriteHeader(int)             {}
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.buf.Write(p) }
