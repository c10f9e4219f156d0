package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"masthead/internal/auth"
	"masthead/internal/media"
	"masthead/internal/model"
	"masthead/internal/store"
)

func init() {
	adminGroups = append(adminGroups, func(s *Site, am *http.ServeMux) {
		am.Handle("GET /admin/media", s.signedIn(s.adminMedia))
		am.Handle("POST /admin/media", s.signedIn(s.adminMediaUpload))
	})
}

// uploadLimit is the largest accepted upload in bytes (the image file; the
// form may add up to uploadFormSlack bytes of fields and multipart framing).
// Tests lower it.
var uploadLimit = media.DefaultMaxBytes

// uploadFormSlack is what the request body may exceed uploadLimit by.
const uploadFormSlack = 64 << 10

// mediaPageSize is the number of images per library page.
const mediaPageSize = 30

// Lengths (characters) of the texts an upload may carry.
const (
	maxAltLen     = 1000
	maxCaptionLen = 2000
	maxCreditLen  = 300
)

// mediaLibraryPage is the view of admin_media.html.
type mediaLibraryPage struct {
	Items            []mediaItem
	Total            int
	Q                string
	Page, Pages      int
	PrevURL, NextURL string
	CanUpload        bool
	Limit            string // upload limit for people, e.g. "20 MiB"
	Uploaded         *mediaItem
	Existing         bool     // the upload was already in the library
	Errors           []string // upload refusals
	Alt, Caption     string   // refill after a refusal
	Credit           string
}

// mediaItem is one image of the library grid.
type mediaItem struct {
	M     model.Media
	Thumb string // smallest rendition, or the image itself
	Path  string // /media/… path (stored) or URL (remote)
	Size  string // "1.2 MiB"
}

// adminMedia shows the media library (GET /admin/media): newest first,
// mediaPageSize a page, searched by alt text, caption, credit or key (q),
// with the upload form for those who may create articles.
func (s *Site) adminMedia(w http.ResponseWriter, r *http.Request, u *store.User) error {
	q := r.URL.Query()
	p := &mediaLibraryPage{Q: strings.TrimSpace(q.Get("q")), Page: 1}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		p.Page = n
	}
	if id, err := idParam(q.Get("uploaded")); err == nil && id > 0 {
		if m, err := s.st.MediaByID(r.Context(), id); err == nil {
			it, err := s.mediaItem(r, m)
			if err != nil {
				return err
			}
			p.Uploaded, p.Existing = &it, q.Get("existing") == "1"
		}
	}
	return s.renderMediaLibrary(w, r, u, http.StatusOK, p)
}

func (s *Site) renderMediaLibrary(w http.ResponseWriter, r *http.Request, u *store.User, status int, p *mediaLibraryPage) error {
	p.CanUpload = auth.Can(auth.Role(u.Role), auth.CreateArticle)
	p.Limit = media.HumanBytes(uploadLimit)
	ms, total, err := s.st.ListMedia(r.Context(), store.MediaFilter{Query: p.Q, Limit: mediaPageSize, Offset: (p.Page - 1) * mediaPageSize})
	if err != nil {
		return err
	}
	p.Total, p.Pages = total, max(1, (total+mediaPageSize-1)/mediaPageSize)
	for i := range ms {
		it, err := s.mediaItem(r, &ms[i])
		if err != nil {
			return err
		}
		p.Items = append(p.Items, it)
	}
	page := func(n int) string {
		v := url.Values{}
		if p.Q != "" {
			v.Set("q", p.Q)
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/admin/media"
		}
		return "/admin/media?" + v.Encode()
	}
	if p.Page > 1 {
		p.PrevURL = page(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.NextURL = page(p.Page + 1)
	}
	return s.renderAdmin(w, status, "admin_media", "Media", u, p)
}

func (s *Site) mediaItem(r *http.Request, m *model.Media) (mediaItem, error) {
	it := mediaItem{M: *m, Path: mediaPath(m), Size: media.HumanBytes(m.Bytes)}
	it.Thumb = it.Path
	if m.Stored {
		rs, err := s.st.Renditions(r.Context(), m.ID)
		if err != nil {
			return it, err
		}
		if len(rs) > 0 {
			it.Thumb = renditionPath(m, &rs[0])
		}
	}
	return it, nil
}

// adminMediaUpload takes an image upload (POST /admin/media, a multipart
// form with "file", "alt" (required), "caption" and "credit"). The image is
// checked and prepared by media.Process — type sniffed from the bytes, the
// file name ignored — and stored with its renditions in one transaction;
// then 303 to the library showing the new image's number. Refusals write
// nothing and re-show the form: 413 over the size limit, 415 for anything
// that is not a JPEG, PNG, WebP or GIF, 413 for too many pixels, 400 for a
// corrupt image or missing alt text. An image already in the library (same
// bytes after processing) is not stored twice: its number is shown.
func (s *Site) adminMediaUpload(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.CreateArticle) {
		return &httpError{http.StatusForbidden, "Your role cannot upload images."}
	}
	p := &mediaLibraryPage{Page: 1}
	refuse := func(status int, msg string) error {
		if msg != "" {
			p.Errors = append(p.Errors, msg)
		}
		return s.renderMediaLibrary(w, r, u, status, p)
	}
	if r.ContentLength > uploadLimit+uploadFormSlack {
		return refuse(http.StatusRequestEntityTooLarge, "The file is too large: the limit is "+p.limitText()+".")
	}
	r.Body = http.MaxBytesReader(w, r.Body, uploadLimit+uploadFormSlack)
	// Everything stays in memory (maxMemory above the body limit): no
	// temporary files.
	if err := r.ParseMultipartForm(uploadLimit + uploadFormSlack + 1); err != nil {
		var mbe *http.MaxBytesError
		// mime/multipart does not always wrap the reader's error.
		if errors.As(err, &mbe) || strings.Contains(err.Error(), "request body too large") {
			return refuse(http.StatusRequestEntityTooLarge, "The file is too large: the limit is "+p.limitText()+".")
		}
		return refuse(http.StatusBadRequest, "Send the image with the upload form (multipart/form-data).")
	}
	defer r.MultipartForm.RemoveAll()
	f := r.MultipartForm.Value
	field := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return strings.TrimSpace(strings.ReplaceAll(v[0], "\r\n", "\n"))
		}
		return ""
	}
	p.Alt, p.Caption, p.Credit = field("alt"), field("caption"), field("credit")
	switch {
	case p.Alt == "":
		p.Errors = append(p.Errors, "Describe the image in its alt text, for readers who cannot see it.")
	case utf8.RuneCountInString(p.Alt) > maxAltLen:
		p.Errors = append(p.Errors, "The alt text is longer than "+strconv.Itoa(maxAltLen)+" characters.")
	}
	if utf8.RuneCountInString(p.Caption) > maxCaptionLen {
		p.Errors = append(p.Errors, "The caption is longer than "+strconv.Itoa(maxCaptionLen)+" characters.")
	}
	if utf8.RuneCountInString(p.Credit) > maxCreditLen || strings.ContainsAny(p.Credit, "\n\r") {
		p.Errors = append(p.Errors, "The credit must be one line of at most "+strconv.Itoa(maxCreditLen)+" characters.")
	}
	files := r.MultipartForm.File["file"]
	if len(files) != 1 {
		p.Errors = append(p.Errors, "Choose one image file to upload.")
	}
	if len(p.Errors) > 0 {
		return refuse(http.StatusBadRequest, "")
	}
	fh := files[0]
	if fh.Size > uploadLimit {
		return refuse(http.StatusRequestEntityTooLarge, "The file is too large ("+media.HumanBytes(fh.Size)+"): the limit is "+p.limitText()+".")
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(file, uploadLimit+1))
	file.Close()
	if err != nil {
		return err
	}
	img, err := media.Process(data, uploadLimit)
	if err != nil {
		var me *media.Error
		if !errors.As(err, &me) {
			return err
		}
		status := http.StatusBadRequest
		switch {
		case errors.Is(err, media.ErrUnsupported):
			status = http.StatusUnsupportedMediaType
		case errors.Is(err, media.ErrTooLarge), errors.Is(err, media.ErrTooManyPixels):
			status = http.StatusRequestEntityTooLarge
		}
		return refuse(status, "This file was not accepted: "+me.Msg+".")
	}
	key := "upload:" + img.Checksum
	if m, err := s.st.MediaByKey(r.Context(), key); err == nil {
		http.Redirect(w, r, "/admin/media?uploaded="+itoa(m.ID)+"&existing=1", http.StatusSeeOther)
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	m := &model.Media{Key: key, Stored: true, MIME: img.MIME, Width: img.Width, Height: img.Height,
		Alt: p.Alt, Caption: p.Caption, Credit: p.Credit, Checksum: img.Checksum}
	rs := make([]store.Rendition, 0, len(img.Renditions))
	for _, rd := range img.Renditions {
		rs = append(rs, store.Rendition{Width: rd.Width, Height: rd.Height, MIME: rd.MIME, Data: rd.Data, Checksum: rd.Checksum})
	}
	if err := s.st.SaveUpload(r.Context(), m, img.Data, rs); err != nil {
		return err
	}
	s.log.Info("media uploaded", "media", m.ID, "user", u.ID, "mime", m.MIME, "bytes", len(img.Data), "renditions", len(rs))
	http.Redirect(w, r, "/admin/media?uploaded="+itoa(m.ID), http.StatusSeeOther)
	return nil
}

func (p *mediaLibraryPage) limitText() string { return media.HumanBytes(uploadLimit) }
