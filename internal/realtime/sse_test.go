package realtime

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestEncodeSplitsDataLinesAndStripsNewlinesFromFields(t *testing.T) {
	var b bytes.Buffer
	encode(&b, Event{Name: "comment\nx", ID: "7\r", Data: []byte("line one\r\nline two\rthree")})
	want := "event: commentx\nid: 7\ndata: line one\ndata: line two\ndata: three\n\n"
	if b.String() != want {
		t.Fatalf("got %q\nwant %q", b.String(), want)
	}
}

// TestServeSSEStreamsThroughARealServer checks framing, flushing of each
// event before the next exists, and that the handler returns when the
// client goes away.
func TestServeSSEStreamsThroughARealServer(t *testing.T) {
	events := make(chan Event)
	done := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		done <- ServeSSE(w, r, events, SSEOptions{Retry: 2 * time.Second, KeepAlive: time.Hour})
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	rd := bufio.NewReader(resp.Body)
	readEvent := func() string {
		var sb strings.Builder
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				t.Fatalf("read: %v (so far %q)", err, sb.String())
			}
			if line == "\n" {
				return sb.String()
			}
			sb.WriteString(line)
		}
	}
	if got := readEvent(); got != "retry: 2000\n" {
		t.Fatalf("first block %q", got)
	}
	events <- Event{Name: "comment", ID: "1", Data: []byte("<p>hi</p>")}
	if got := readEvent(); got != "event: comment\nid: 1\ndata: <p>hi</p>\n" {
		t.Fatalf("event %q", got)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ServeSSE returned %v after the client left", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ServeSSE did not return after the client left")
	}
}

func TestServeSSESendsKeepAlivesAndEndsWhenChannelCloses(t *testing.T) {
	events := make(chan Event)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ServeSSE(w, r, events, SSEOptions{KeepAlive: 10 * time.Millisecond})
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rd := bufio.NewReader(resp.Body)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended before a keep-alive: %v", err)
		}
		if line == ": keep-alive\n" {
			break
		}
	}
	close(events)
	// The handler returns, so the response body ends.
	for {
		if _, err := rd.ReadString('\n'); err != nil {
			break
		}
	}
}

// TestServeSSEEndsWhenTheServerShutsDown: http.Server.Shutdown waits for
// active requests; a stream must end when the shutdown channel closes.
func TestServeSSEEndsWhenTheServerShutsDown(t *testing.T) {
	stopping := make(chan struct{})
	returned := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(returned)
		ServeSSE(w, r, make(chan Event), SSEOptions{KeepAlive: time.Hour})
	}))
	srv.Config.BaseContext = func(net.Listener) context.Context {
		return WithShutdown(context.Background(), stopping)
	}
	srv.Start()
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	bufio.NewReader(resp.Body).ReadString('\n') // the stream is open
	close(stopping)
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("ServeSSE still running after shutdown began")
	}
}
