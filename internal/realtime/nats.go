package realtime

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// DefaultSubjectPrefix is put before every topic to form the NATS subject,
// so Masthead's traffic stays apart from other users of the same server.
const DefaultSubjectPrefix = "masthead."

// NATS is a Broker shared by every Masthead instance connected to the same
// NATS server: a message published on one instance reaches subscribers on
// all of them (including the publisher's own). Core NATS is used (at most
// once delivery, no persistence): live views tolerate a lost message, and
// the database stays the record.
type NATS struct {
	nc     *nats.Conn
	prefix string
	log    *slog.Logger
	local  *Local

	mu   sync.Mutex
	subs map[string]*nats.Subscription // one NATS subscription per topic with local subscribers
	refs map[string]int
}

// NewNATS connects to the NATS server at url (e.g. "nats://127.0.0.1:4222";
// credentials may be in the URL) and returns a broker that keeps
// reconnecting when the server goes away. It returns an error when the
// first connection fails within 5 seconds. log may be nil.
func NewNATS(url string, log *slog.Logger) (*NATS, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	nc, err := nats.Connect(url,
		nats.Name("masthead"),
		nats.Timeout(5*time.Second),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected; live updates from other instances paused", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("nats reconnected", "url", c.ConnectedUrlRedacted()) }),
	)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS: %w", err)
	}
	return &NATS{nc: nc, prefix: DefaultSubjectPrefix, log: log, local: NewLocal(),
		subs: make(map[string]*nats.Subscription), refs: make(map[string]int)}, nil
}

// ErrBadTopic is returned by Publish for a topic that is not a valid NATS
// subject token sequence (empty words, spaces, wildcards).
var ErrBadTopic = errors.New("realtime: topic must be dot-separated words without spaces or wildcards")

func validTopic(topic string) bool {
	if topic == "" {
		return false
	}
	for _, w := range strings.Split(topic, ".") {
		if w == "" || strings.ContainsAny(w, " \t\r\n*>") {
			return false
		}
	}
	return true
}

// Publish sends data to every instance's subscribers of topic. It returns
// ErrBadTopic for an invalid topic and the NATS client's error when the
// message cannot be buffered (the client buffers while reconnecting).
func (n *NATS) Publish(topic string, data []byte) error {
	if !validTopic(topic) {
		return ErrBadTopic
	}
	return n.nc.Publish(n.prefix+topic, data)
}

// Subscribe implements Broker. The first local subscriber of a topic opens
// a NATS subscription for it; the last one to close ends it. A topic that
// NATS refuses yields a subscription that never receives (logged).
func (n *NATS) Subscribe(topic string, buffer int) *Subscription {
	s := n.local.Subscribe(topic, buffer)
	n.mu.Lock()
	defer n.mu.Unlock()
	n.refs[topic]++
	if n.subs[topic] == nil && validTopic(topic) {
		sub, err := n.nc.Subscribe(n.prefix+topic, func(m *nats.Msg) { n.local.Publish(topic, m.Data) })
		if err != nil {
			n.log.Warn("nats subscribe failed", "topic", topic, "err", err)
		} else {
			n.subs[topic] = sub
		}
	}
	inner := s.remove
	s.remove = func(s *Subscription) {
		inner(s)
		n.release(topic)
	}
	return s
}

func (n *NATS) release(topic string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.refs[topic]--
	if n.refs[topic] > 0 {
		return
	}
	delete(n.refs, topic)
	if sub := n.subs[topic]; sub != nil {
		_ = sub.Unsubscribe()
		delete(n.subs, topic)
	}
}

// Close drains the NATS connection (delivering messages already received)
// and closes every local subscription.
func (n *NATS) Close() error {
	err := n.nc.Drain()
	n.local.Close()
	return err
}
