package realtime

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// flushRecorder is a ResponseWriter that records the body and each flush
// (the point where bytes leave for the client), safe to read while a
// stream runs.
type flushRecorder struct {
	mu      sync.Mutex
	header  http.Header
	body    bytes.Buffer
	flushes []int // body length at each flush
}

func (f *flushRecorder) Header() http.Header { return f.header }
func (f *flushRecorder) WriteHeader(int)     {}
func (f *flushRecorder) Write(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.body.Write(b)
}
func (f *flushRecorder) Flush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.flushes = append(f.flushes, f.body.Len())
}
func (f *flushRecorder) state() (string, []int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.body.String(), append([]int(nil), f.flushes...)
}

func newFlushRecorder() *flushRecorder { return &flushRecorder{header: http.Header{}} }

// dataLines returns the data of each event in body, in order.
func dataLines(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		if d, ok := strings.CutPrefix(line, "data: "); ok {
			out = append(out, d)
		}
	}
	return out
}

func wantInOrder(t *testing.T, body string, n int) {
	t.Helper()
	got := dataLines(body)
	if len(got) != n {
		t.Fatalf("%d events delivered, want %d", len(got), n)
	}
	for i, d := range got {
		if want := fmt.Sprintf("event %d", i); !strings.HasPrefix(d, want+" ") && d != want {
			t.Fatalf("event %d is %q: order not kept", i, d)
		}
	}
}

// Events already waiting when the stream wakes go out in one write and
// one flush, in the order sent, and every one of them arrives (also those
// received just before the channel closed).
func TestServeSSEWritesWaitingEventsTogetherInOrder(t *testing.T) {
	events := make(chan Event, 200)
	for i := range 200 {
		events <- Event{Name: "comment", Data: fmt.Appendf(nil, "event %d", i)}
	}
	close(events)
	rec := newFlushRecorder()
	if err := ServeSSE(rec, httptest.NewRequest("GET", "/", nil), events, SSEOptions{KeepAlive: time.Hour}); err != nil {
		t.Fatal(err)
	}
	body, flushes := rec.state()
	wantInOrder(t, body, 200)
	if len(flushes) != 2 { // the opening, then all 200 together
		t.Fatalf("%d flushes for 200 waiting events, want 2 (opening + one batch)", len(flushes))
	}
}

// A backlog larger than one batch is split at maxBatch bytes, still in
// order and complete.
func TestServeFramesSplitsALargeBacklogInOrder(t *testing.T) {
	const n = 3000
	pad := strings.Repeat("x", 100)
	frames := make(chan []byte, n)
	for i := range n {
		frames <- Frame(Event{Name: "comment", Data: fmt.Appendf(nil, "event %d %s", i, pad)})
	}
	close(frames)
	rec := newFlushRecorder()
	first := Frame(Event{Name: "comment", Data: []byte("catch-up")})
	if err := ServeFrames(rec, httptest.NewRequest("GET", "/", nil), frames, SSEOptions{KeepAlive: time.Hour, First: first}); err != nil {
		t.Fatal(err)
	}
	body, flushes := rec.state()
	if !strings.HasPrefix(body, ": stream open\n\nevent: comment\ndata: catch-up\n\n") {
		t.Fatalf("stream does not open with the catch-up: %.80q", body)
	}
	wantInOrder(t, strings.Replace(body, "data: catch-up\n", "", 1), n)
	size := len(body) - flushes[0]
	if min := 1 + size/(maxBatch+200); len(flushes)-1 < min || len(flushes)-1 > 2*min+1 {
		t.Fatalf("%d writes for %d bytes, want about %d (batches of %d bytes)", len(flushes)-1, size, min, maxBatch)
	}
	for i := 1; i < len(flushes); i++ {
		if d := flushes[i] - flushes[i-1]; d > maxBatch+200 {
			t.Fatalf("write %d is %d bytes, over the %d-byte batch", i, d, maxBatch)
		}
	}
}

// With Coalesce, events arriving while the stream waits join the same
// write; the request ending during the wait still gets them written.
func TestServeSSECoalesceGathersEventsArrivingDuringTheWait(t *testing.T) {
	events := make(chan Event, 10)
	rec := newFlushRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
		done <- ServeSSE(rec, r, events, SSEOptions{KeepAlive: time.Hour, Coalesce: time.Hour})
	}()
	events <- Event{Data: []byte("event 0")}
	for len(events) > 0 { // taken: the stream is waiting for more
		time.Sleep(time.Millisecond)
	}
	for i := 1; i < 5; i++ {
		events <- Event{Data: fmt.Appendf(nil, "event %d", i)}
	}
	if body, _ := rec.state(); strings.Contains(body, "event") {
		t.Fatalf("written before the wait ended: %q", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	body, flushes := rec.state()
	wantInOrder(t, body, 5)
	if len(flushes) != 2 {
		t.Fatalf("%d flushes, want 2 (opening + the five events together)", len(flushes))
	}
}

// The wait ends by itself: a lone event is written without more arriving.
func TestServeSSECoalesceWritesALoneEvent(t *testing.T) {
	events := make(chan Event)
	rec := newFlushRecorder()
	go ServeSSE(rec, httptest.NewRequest("GET", "/", nil), events, SSEOptions{KeepAlive: time.Hour, Coalesce: 5 * time.Millisecond})
	events <- Event{Data: []byte("event 0")}
	deadline := time.Now().Add(10 * time.Second)
	for {
		body, _ := rec.state()
		if strings.Contains(body, "data: event 0\n\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a lone event was never written")
		}
		time.Sleep(time.Millisecond)
	}
	close(events)
}
