package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestCanceled: a query whose context was cancelled fails with an error
// that store.Canceled recognises, on both databases; other errors are not.
func TestCanceled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := st.DailyTotals(ctx, 0, time.Now().Unix())
		if err == nil || !store.Canceled(err) {
			t.Errorf("cancelled query: %v, Canceled = %v", err, store.Canceled(err))
		}
		if store.Canceled(errors.New("disk I/O error")) || store.Canceled(context.DeadlineExceeded) || store.Canceled(nil) {
			t.Error("other errors taken for a cancellation")
		}
	})
}
