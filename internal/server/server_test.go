package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"masthead/internal/config"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestServeDemoAndShutDown starts a real listener on an empty database:
// the demo edition is written, the front page answers, and cancelling the
// context shuts the server down cleanly.
func TestServeDemoAndShutDown(t *testing.T) {
	st := storetest.Open(t, store.SQLite, nil)
	cfg := config.Defaults()
	cfg.Addr = "127.0.0.1:0"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(context.Background(), &cfg, st, log)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := st.CountAll(context.Background())
	if c.Articles < 12 || c.Sections < 3 || c.Authors < 4 {
		t.Fatalf("demo edition not written: %+v", c)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(a string) { addrc <- a }) }()
	addr := <-addrc
	res, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), `class="lead-story"`) {
		t.Fatalf("front: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not shut down")
	}
	// A second start on the same database does not write the demo again.
	if _, err := New(context.Background(), &cfg, st, log); err != nil {
		t.Fatal(err)
	}
	c2, _ := st.CountAll(context.Background())
	if c2 != c {
		t.Fatalf("demo written twice: %+v then %+v", c, c2)
	}
}
