package web

import (
	"net/http"
	"strconv"
	"strings"
)

// media serves stored image bytes. The id is parsed as a number and the
// file name is only checked against the stored checksum: no path from the
// request touches the filesystem. User files carry a sandboxing CSP.
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
	if !m.Stored || r.PathValue("file") != strings.TrimPrefix(mediaPath(m), "/media/"+itoa(m.ID)+"/") {
		return notFound("No such image.")
	}
	etag := `"` + m.Checksum + `"`
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	data, err := s.st.MediaFile(r.Context(), id)
	if err != nil {
		return storeErr(err, "No such image.")
	}
	h.Set("Content-Type", m.MIME)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	_, err = w.Write(data)
	return err
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
