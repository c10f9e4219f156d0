// Package realtime fans messages out to live readers and dashboards: new
// comments under a story, analytics hits for the live view. A Broker
// delivers every published message to every subscriber of its topic; Local
// does so within one process, NATS across every instance that shares a NATS
// server (so a reader connected to instance A sees a comment posted on
// instance B). ServeSSE streams a channel of events to a browser as
// Server-Sent Events (WHATWG HTML Living Standard, §9.2).
package realtime

import (
	"sync"
)

// Broker publishes and subscribes to topics. Topics are dot-separated words
// such as "comments.article.42" or "analytics.hits" (the NATS subject
// syntax, without wildcards). Implementations are safe for concurrent use.
type Broker interface {
	// Publish delivers data to every current subscriber of topic, on this
	// instance and, for a clustered broker, on the others. data must not be
	// changed afterwards. It returns an error only when a clustered broker
	// cannot hand the message to its server; local delivery never fails.
	Publish(topic string, data []byte) error
	// Subscribe starts a subscription to topic whose channel buffers up to
	// buffer messages (minimum 1). A subscriber that falls behind loses the
	// oldest buffered message, never blocking publishers. Close it when done.
	Subscribe(topic string, buffer int) *Subscription
	// Close stops the broker; later Publish calls are dropped and open
	// subscriptions' channels are closed.
	Close() error
}

// Subscription is one consumer's view of a topic. Messages arrive on C in
// publication order; C is closed by Close (or when the broker closes).
type Subscription struct {
	// C carries message payloads.
	C <-chan []byte

	c       chan []byte
	topic   string
	mu      sync.Mutex
	closed  bool
	dropped uint64
	remove  func(*Subscription)
}

func newSubscription(topic string, buffer int, remove func(*Subscription)) *Subscription {
	if buffer < 1 {
		buffer = 1
	}
	c := make(chan []byte, buffer)
	return &Subscription{C: c, c: c, topic: topic, remove: remove}
}

// Topic returns the topic the subscription listens to.
func (s *Subscription) Topic() string { return s.topic }

// Dropped returns how many messages were discarded because the subscriber
// was too slow (its buffer was full).
func (s *Subscription) Dropped() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// Close ends the subscription and closes C. Closing twice is harmless.
func (s *Subscription) Close() {
	if s.remove != nil {
		s.remove(s)
	}
	s.shut()
}

func (s *Subscription) shut() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.c)
	}
}

// deliver queues data without blocking: when the buffer is full the oldest
// queued message is dropped to make room.
func (s *Subscription) deliver(data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	for {
		select {
		case s.c <- data:
			return
		default:
		}
		select {
		case <-s.c:
			s.dropped++
		default:
		}
	}
}

// Local is the in-process Broker: the default when no NATS URL is set.
type Local struct {
	mu     sync.RWMutex
	subs   map[string]map[*Subscription]struct{}
	closed bool
}

// NewLocal returns an empty in-process broker.
func NewLocal() *Local {
	return &Local{subs: make(map[string]map[*Subscription]struct{})}
}

// Publish delivers data to this process's subscribers of topic. It never
// returns an error.
func (l *Local) Publish(topic string, data []byte) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for s := range l.subs[topic] {
		s.deliver(data)
	}
	return nil
}

// Subscribe implements Broker.
func (l *Local) Subscribe(topic string, buffer int) *Subscription {
	s := newSubscription(topic, buffer, l.remove)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		s.shut()
		return s
	}
	m := l.subs[topic]
	if m == nil {
		m = make(map[*Subscription]struct{})
		l.subs[topic] = m
	}
	m[s] = struct{}{}
	return s
}

// Subscribers returns how many subscriptions topic has on this process
// (for tests and the health page).
func (l *Local) Subscribers(topic string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.subs[topic])
}

func (l *Local) remove(s *Subscription) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if m := l.subs[s.topic]; m != nil {
		delete(m, s)
		if len(m) == 0 {
			delete(l.subs, s.topic)
		}
	}
}

// Close closes every subscription; later subscriptions start closed.
func (l *Local) Close() error {
	l.mu.Lock()
	all := l.subs
	l.subs = make(map[string]map[*Subscription]struct{})
	l.closed = true
	l.mu.Unlock()
	for _, m := range all {
		for s := range m {
			s.shut()
		}
	}
	return nil
}
