package web

import (
	"context"
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/model"
	"masthead/internal/sitepath"
	"masthead/internal/store"
)

// media serves stored image bytes: the original at mediaPath and its
// renditions at renditionPath. The id is parsed as a number and the file
// name is only compared with names built from the stored checksum and the
// rendition widths: no path from the request touches the filesystem (there
// is none: the bytes are in the database). User files carry a sandboxing
// CSP and nosniff, and are cached as immutable (their names change with
// their bytes).
func (s *Site) media(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != raw {
		return notFound("No such image.")
	}
	m, err := s.st.MediaByID(r.Context(), id)
	if err != nil {
		return storeErr(err, "No such image.")
	}
	file := r.PathValue("file")
	if !m.Stored {
		return notFound("No such image.")
	}
	if file != strings.TrimPrefix(mediaPath(m), "/media/"+itoa(m.ID)+"/") {
		return s.rendition(w, r, m, file)
	}
	if userFileCached(w, r, m.Checksum) {
		return nil
	}
	data, err := s.st.MediaFile(r.Context(), id)
	if err != nil {
		return storeErr(err, "No such image.")
	}
	writeImage(w, m.MIME, data)
	return nil
}

// rendition serves file when it is "<sum>-<width>w.<ext>" for a rendition
// of m (sum as in mediaPath); anything else is 404.
func (s *Site) rendition(w http.ResponseWriter, r *http.Request, m *model.Media, file string) error {
	prefix := mediaSum(m) + "-"
	rest, ok := strings.CutPrefix(file, prefix)
	if !ok {
		return notFound("No such image.")
	}
	ws, ext, ok := strings.Cut(rest, "w.")
	width, err := strconv.Atoi(ws)
	if !ok || err != nil || width <= 0 || strconv.Itoa(width) != ws {
		return notFound("No such image.")
	}
	rd, err := s.st.RenditionFile(r.Context(), m.ID, width)
	if err != nil {
		return storeErr(err, "No such image.")
	}
	if "."+ext != sitepath.Ext(rd.MIME) {
		return notFound("No such image.")
	}
	if userFileCached(w, r, rd.Checksum) {
		return nil
	}
	writeImage(w, rd.MIME, rd.Data)
	return nil
}

// userFileCached sets the headers every user file carries (sandboxing CSP,
// nosniff, immutable caching, ETag from the checksum) and answers 304 when
// the client already has these bytes.
func userFileCached(w http.ResponseWriter, r *http.Request, checksum string) bool {
	etag := `"` + checksum + `"`
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

func writeImage(w http.ResponseWriter, mime string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", mime)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// mediaSum is the checksum part of stored media file names: the first 12
// hex digits of the SHA-256 of the bytes, or "file" when unknown.
func mediaSum(m *model.Media) string {
	sum := m.Checksum
	if len(sum) > 12 {
		sum = sum[:12]
	}
	if sum == "" {
		sum = "file"
	}
	return sum
}

// renditionPath is the URL path of rendition rd of stored media m:
// /media/{id}/{sum}-{width}w.{ext}.
func renditionPath(m *model.Media, rd *store.Rendition) string {
	return "/media/" + itoa(m.ID) + "/" + mediaSum(m) + "-" + strconv.Itoa(rd.Width) + "w" + sitepath.Ext(rd.MIME)
}

// srcsetTimeout bounds the rendition lookup of one <img> while a page
// renders (rendered pages are cached, so this runs once per page version).
const srcsetTimeout = 2 * time.Second

// srcset returns srcset and sizes attributes for an <img> of m listing its
// renditions and the original with their widths in pixels, and sizes as
// given by the template (a CSS media condition list, e.g.
// "(min-width: 752px) 720px, 100vw"). It returns nothing for remote media,
// media without renditions, or when the lookup fails (the plain src still
// works).
func (s *Site) srcset(m *model.Media, sizes string) template.HTMLAttr {
	if m == nil || !m.Stored || m.Width <= 0 {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), srcsetTimeout)
	defer cancel()
	rs, err := s.st.Renditions(ctx, m.ID)
	if err != nil {
		s.log.Warn("srcset: renditions", "media", m.ID, "err", err)
		return ""
	}
	if len(rs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`srcset="`)
	for i := range rs {
		if rs[i].Width >= m.Width {
			continue
		}
		b.WriteString(html.EscapeString(renditionPath(m, &rs[i])) + " " + strconv.Itoa(rs[i].Width) + "w, ")
	}
	b.WriteString(html.EscapeString(mediaPath(m)) + " " + strconv.Itoa(m.Width) + `w" sizes="` + html.EscapeString(sizes) + `"`)
	return template.HTMLAttr(b.String())
}

// healthz answers 200 "ok" when the database answers, 503 otherwise.
func (s *Site) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if _, err := s.st.CountArticles(r.Context(), "article", ""); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}
