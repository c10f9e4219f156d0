package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestAPIKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		k, err := st.CreateAPIKey(ctx, "partner", "abc123", "mh_abcde")
		if err != nil || k.ID == 0 || k.Created.IsZero() {
			t.Fatalf("create: %+v, %v", k, err)
		}
		if _, err := st.CreateAPIKey(ctx, "dup", "abc123", "mh_abcde"); err == nil {
			t.Fatal("duplicate hash accepted")
		}
		got, err := st.APIKeyByHash(ctx, "abc123")
		if err != nil || got.ID != k.ID || got.Name != "partner" || got.Prefix != "mh_abcde" || !got.LastUsed.IsZero() || !got.Revoked.IsZero() {
			t.Fatalf("by hash: %+v, %v", got, err)
		}
		if _, err := st.APIKeyByHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown hash: %v", err)
		}
		at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
		if err := st.TouchAPIKey(ctx, k.ID, at); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeAPIKey(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeAPIKey(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("revoke unknown: %v", err)
		}
		list, err := st.APIKeys(ctx)
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %v, %v", list, err)
		}
		if !list[0].LastUsed.Equal(at) || list[0].Revoked.IsZero() {
			t.Fatalf("after touch and revoke: %+v", list[0])
		}
	})
}
