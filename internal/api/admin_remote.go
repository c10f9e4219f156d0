package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"masthead/internal/media"
	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/webhook"
)

// fetched is a remote lead image downloaded and processed, waiting to be
// stored with its article.
type fetched struct {
	url   string
	img   *media.Processed
	media *model.Media // set by storeFetched
}

// fetchImage downloads the image at raw for a lead image given by URL.
// The address is checked and dialled with the webhooks' SSRF rules
// (webhook.CheckURL and webhook.SafeClient: public addresses only unless
// --webhooks-allow-private, no redirects followed, 10 s timeout); the body
// is limited to the upload limit and goes through media.Process (type
// sniffed from the bytes, no SVG, re-encoded, renditions). A problem with
// the address or the image is returned as msg (a field error for the
// client); err is for failures on our side only.
func (a *API) fetchImage(ctx context.Context, raw string) (f *fetched, msg string, err error) {
	if err := webhook.CheckURL(ctx, raw, a.cfg.WebhooksAllowPrivate, true); err != nil {
		return nil, "this address cannot be fetched: " + err.Error(), nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, "this address cannot be fetched: " + err.Error(), nil
	}
	req.Header.Set("User-Agent", "Masthead (lead image fetch)")
	req.Header.Set("Accept", "image/jpeg, image/png, image/webp, image/gif")
	res, err := a.fetchClient.Do(req)
	if err != nil {
		return nil, "the image could not be fetched: " + err.Error(), nil
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Sprintf("the image could not be fetched: the server answered %d %s (redirects are not followed; give the final address)",
			res.StatusCode, http.StatusText(res.StatusCode)), nil
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, uploadLimit+1))
	if err != nil {
		return nil, "the image could not be fetched: " + err.Error(), nil
	}
	if int64(len(data)) > uploadLimit {
		return nil, "the image is too large (the limit is " + media.HumanBytes(uploadLimit) + ")", nil
	}
	img, err := media.Process(data, uploadLimit)
	if err != nil {
		var me *media.Error
		if errors.As(err, &me) {
			return nil, "the address does not give a usable image: " + me.Msg, nil
		}
		return nil, "", err
	}
	return &fetched{url: raw, img: img}, "", nil
}

// storeFetched writes f to the media library inside tx (the same image
// already there is reused, as with uploads); f.media is set. The library
// record takes the lead's alt text, caption and credit.
func (a *API) storeFetched(ctx context.Context, tx *store.Store, f *fetched, alt, caption, credit string) error {
	key := "upload:" + f.img.Checksum
	if m, err := tx.MediaByKey(ctx, key); err == nil {
		f.media = m
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	m := &model.Media{Key: key, Stored: true, MIME: f.img.MIME, Width: f.img.Width, Height: f.img.Height,
		Alt: alt, Caption: caption, Credit: credit, Checksum: f.img.Checksum}
	rs := make([]store.Rendition, 0, len(f.img.Renditions))
	for _, rd := range f.img.Renditions {
		rs = append(rs, store.Rendition{Width: rd.Width, Height: rd.Height, MIME: rd.MIME, Data: rd.Data, Checksum: rd.Checksum})
	}
	if err := tx.SaveUpload(ctx, m, f.img.Data, rs); err != nil {
		return err
	}
	f.media = m
	a.log.Info("remote lead image stored", "id", m.ID, "url", f.url)
	return nil
}
