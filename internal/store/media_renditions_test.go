package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"masthead/internal/model"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestSaveUploadWithRenditions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m := &model.Media{Key: "upload:abc", MIME: "image/jpeg", Width: 1200, Height: 800, Checksum: "abc", Alt: "A harbour"}
		rs := []store.Rendition{
			{Width: 320, Height: 213, MIME: "image/jpeg", Data: []byte("small"), Checksum: "s"},
			{Width: 640, Height: 427, MIME: "image/jpeg", Data: []byte("medium"), Checksum: "m"},
		}
		if err := s.SaveUpload(ctx, m, []byte("original"), rs); err != nil {
			t.Fatal(err)
		}
		got, err := s.Renditions(ctx, m.ID)
		if err != nil || len(got) != 2 || got[0].Width != 320 || got[1].Height != 427 || got[1].Bytes != 6 || got[0].Data != nil {
			t.Fatalf("%+v %v", got, err)
		}
		r, err := s.RenditionFile(ctx, m.ID, 640)
		if err != nil || !bytes.Equal(r.Data, []byte("medium")) || r.MIME != "image/jpeg" {
			t.Fatalf("%+v %v", r, err)
		}
		if _, err := s.RenditionFile(ctx, m.ID, 1600); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing width: %v", err)
		}
		// Saving again replaces the renditions.
		if err := s.SaveUpload(ctx, m, []byte("original"), rs[:1]); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Renditions(ctx, m.ID); len(got) != 1 {
			t.Fatalf("after replace: %d renditions", len(got))
		}
	})
}

func TestSaveUploadIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m := &model.Media{Key: "upload:dup", MIME: "image/png"}
		dup := []store.Rendition{{Width: 320, Height: 1, MIME: "image/png", Data: []byte("a")}, {Width: 320, Height: 1, MIME: "image/png", Data: []byte("b")}}
		if err := s.SaveUpload(ctx, m, []byte("x"), dup); err == nil {
			t.Fatal("duplicate rendition width accepted")
		}
		if _, err := s.MediaByKey(ctx, "upload:dup"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("media written despite failure: %v", err)
		}
	})
}

func TestListMediaSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i, tx := range [][3]string{
			{"Fishing boats at dawn", "The harbour wakes", "Ana Ruiz/Example"},
			{"A council meeting", "Budget night", "Carl Berg"},
			{"Protest 100% peaceful", "", "Wire_Agency"},
		} {
			m := &model.Media{Key: fmt.Sprintf("upload:%d", i), Alt: tx[0], Caption: tx[1], Credit: tx[2]}
			if err := s.UpsertMedia(ctx, m, []byte{byte(i)}); err != nil {
				t.Fatal(err)
			}
		}
		for q, want := range map[string]int{"": 3, "HARBOUR": 1, "berg": 1, "100%": 1, "%": 1, "_": 1, "upload:": 3, "nothing": 0} {
			got, total, err := s.ListMedia(ctx, store.MediaFilter{Query: q, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			if total != want || len(got) != min(want, 2) {
				t.Errorf("%q: %d rows of %d, want %d", q, len(got), total, want)
			}
		}
		page2, _, _ := s.ListMedia(ctx, store.MediaFilter{Limit: 2, Offset: 2})
		if len(page2) != 1 || page2[0].Key != "upload:0" {
			t.Fatalf("page 2: %+v", page2)
		}
	})
}
