package api

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"masthead/internal/auth"
	"masthead/internal/media"
	"masthead/internal/model"
	"masthead/internal/store"
)

// uploadLimit bounds an uploaded image (as the admin media library).
var uploadLimit = media.DefaultMaxBytes

// AdminMedia is the response of a media upload.
type AdminMedia struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	MIME     string `json:"mime"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	Existing bool   `json:"existing"`
}

// adminMediaUpload: POST /api/v1/admin/media, multipart/form-data with
// "file" and optional "alt", "caption", "credit". The file goes through
// media.Process (type sniffed from the bytes, re-encoded, renditions made)
// and store.SaveUpload, as in the media library; 415 for what is not an
// image, 413 when too large; the same image uploaded twice gives the
// existing id.
func (a *API) adminMediaUpload(w http.ResponseWriter, r *http.Request, u *store.User) error {
	if !auth.Can(auth.Role(u.Role), auth.CreateArticle) {
		return forbiddenErr("your role cannot upload media")
	}
	r.Body = http.MaxBytesReader(w, r.Body, uploadLimit+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &apiError{http.StatusRequestEntityTooLarge, "too_large", "the upload is too large (the limit is " + media.HumanBytes(uploadLimit) + ")"}
		}
		return badJSON("send multipart/form-data with a \"file\" part")
	}
	defer r.MultipartForm.RemoveAll()
	alt, caption, credit := oneLine(r.FormValue("alt")), strings.TrimSpace(r.FormValue("caption")), oneLine(r.FormValue("credit"))
	fe := fieldErrors{}
	if utf8.RuneCountInString(alt) > 1000 {
		fe["alt"] = "at most 1000 characters"
	}
	if utf8.RuneCountInString(caption) > 2000 {
		fe["caption"] = "at most 2000 characters"
	}
	if utf8.RuneCountInString(credit) > 300 {
		fe["credit"] = "at most 300 characters"
	}
	files := r.MultipartForm.File["file"]
	if len(files) != 1 {
		fe["file"] = "send exactly one file"
	}
	if len(fe) > 0 {
		return fe
	}
	file, err := files[0].Open()
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
		switch {
		case errors.Is(err, media.ErrUnsupported):
			return &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type", me.Msg}
		case errors.Is(err, media.ErrTooLarge), errors.Is(err, media.ErrTooManyPixels):
			return &apiError{http.StatusRequestEntityTooLarge, "too_large", me.Msg}
		}
		return &apiError{http.StatusBadRequest, "invalid_file", me.Msg}
	}
	key := "upload:" + img.Checksum
	if m, err := a.st.MediaByKey(r.Context(), key); err == nil {
		writeJSON(w, http.StatusOK, AdminMedia{ID: m.ID, URL: a.mediaURL(m), MIME: m.MIME, Width: m.Width, Height: m.Height, Existing: true})
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	m := &model.Media{Key: key, Stored: true, MIME: img.MIME, Width: img.Width, Height: img.Height,
		Alt: alt, Caption: caption, Credit: credit, Checksum: img.Checksum}
	rs := make([]store.Rendition, 0, len(img.Renditions))
	for _, rd := range img.Renditions {
		rs = append(rs, store.Rendition{Width: rd.Width, Height: rd.Height, MIME: rd.MIME, Data: rd.Data, Checksum: rd.Checksum})
	}
	if err := a.st.SaveUpload(r.Context(), m, img.Data, rs); err != nil {
		return err
	}
	a.log.Info("media uploaded via admin api", "id", m.ID, "user", u.Email)
	writeJSON(w, http.StatusCreated, AdminMedia{ID: m.ID, URL: a.mediaURL(m), MIME: m.MIME, Width: m.Width, Height: m.Height})
	return nil
}
