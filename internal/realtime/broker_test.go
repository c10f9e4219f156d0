package realtime

import (
	"os"
	"testing"
	"time"
)

func recv(t *testing.T, s *Subscription) []byte {
	t.Helper()
	select {
	case b, ok := <-s.C:
		if !ok {
			t.Fatalf("subscription %q closed", s.Topic())
		}
		return b
	case <-time.After(5 * time.Second):
		t.Fatalf("no message on %q within 5 s", s.Topic())
	}
	return nil
}

func TestLocalDeliversToEverySubscriberOfTheTopicOnly(t *testing.T) {
	b := NewLocal()
	a1 := b.Subscribe("comments.article.1", 4)
	a2 := b.Subscribe("comments.article.1", 4)
	other := b.Subscribe("comments.article.2", 4)
	if err := b.Publish("comments.article.1", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Subscription{a1, a2} {
		if got := string(recv(t, s)); got != "hello" {
			t.Fatalf("got %q", got)
		}
	}
	select {
	case m := <-other.C:
		t.Fatalf("other topic received %q", m)
	default:
	}
	a1.Close()
	a1.Close() // twice is harmless
	if n := b.Subscribers("comments.article.1"); n != 1 {
		t.Fatalf("subscribers after close = %d, want 1", n)
	}
	if _, ok := <-a1.C; ok {
		t.Fatal("closed subscription's channel still open")
	}
}

func TestSlowSubscriberLosesOldestAndNeverBlocksPublisher(t *testing.T) {
	b := NewLocal()
	s := b.Subscribe("t", 2)
	for _, m := range []string{"1", "2", "3", "4"} {
		b.Publish("t", []byte(m))
	}
	if got := string(recv(t, s)) + string(recv(t, s)); got != "34" {
		t.Fatalf("kept %q, want the newest two (34)", got)
	}
	if s.Dropped() != 2 {
		t.Fatalf("dropped = %d, want 2", s.Dropped())
	}
}

func TestLocalCloseClosesSubscriptions(t *testing.T) {
	b := NewLocal()
	s := b.Subscribe("t", 1)
	b.Close()
	if _, ok := <-s.C; ok {
		t.Fatal("channel open after broker Close")
	}
	late := b.Subscribe("t", 1)
	if _, ok := <-late.C; ok {
		t.Fatal("subscription after Close should start closed")
	}
	b.Publish("t", []byte("x")) // no panic
}

func TestValidTopic(t *testing.T) {
	for topic, want := range map[string]bool{
		"comments.article.42": true, "analytics.hits": true, "": false, "a..b": false,
		".a": false, "a.*": false, "a.>": false, "a b": false, "a\nb": false,
	} {
		if got := validTopic(topic); got != want {
			t.Errorf("validTopic(%q) = %v, want %v", topic, got, want)
		}
	}
}

// TestNATSFansOutAcrossInstances runs two brokers (two "instances") on the
// NATS server named by MASTHEAD_TEST_NATS; .ci/run sets it.
func TestNATSFansOutAcrossInstances(t *testing.T) {
	url := os.Getenv("MASTHEAD_TEST_NATS")
	if url == "" {
		t.Skip("MASTHEAD_TEST_NATS not set (e.g. nats://127.0.0.1:4222)")
	}
	a, err := NewNATS(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := NewNATS(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	topic := "test.fanout." + time.Now().Format("150405.000000000")[7:] // unique per run
	sa := a.Subscribe(topic, 4)
	sb := b.Subscribe(topic, 4)
	// A subscription is live once the server has processed it.
	if err := a.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := b.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := a.Publish(topic, []byte("from a")); err != nil {
		t.Fatal(err)
	}
	if got := string(recv(t, sb)); got != "from a" {
		t.Fatalf("instance b got %q", got)
	}
	if got := string(recv(t, sa)); got != "from a" {
		t.Fatalf("instance a (publisher) got %q", got)
	}
	if err := a.Publish("bad topic", nil); err != ErrBadTopic {
		t.Fatalf("bad topic: err = %v", err)
	}
	sb.Close()
	b.mu.Lock()
	n := len(b.subs)
	b.mu.Unlock()
	if n != 0 {
		t.Fatalf("NATS subscription kept after the last local subscriber left (%d)", n)
	}
}
