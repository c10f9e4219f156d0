package analytics

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// SaltStore keeps the daily salts of visitor ids (store.Store implements it).
type SaltStore interface {
	// AnalyticsSalt returns the salt of the UTC day starting at day, storing
	// fresh when the day has none; with an empty fresh it only looks and
	// returns nil when there is none.
	AnalyticsSalt(ctx context.Context, day time.Time, fresh []byte) ([]byte, error)
	// DeleteAnalyticsSalts deletes the salts of days starting before before.
	DeleteAnalyticsSalts(ctx context.Context, before time.Time) (int64, error)
}

// SaltBytes is the length of a daily salt.
const SaltBytes = 32

// Salts hands out the random daily salts that key visitor ids (the scheme
// Plausible Analytics describes publicly): a new salt every UTC day, the
// previous day's kept so a session crossing midnight keeps its visitor, and
// both deleted 48 hours after their day began. After that, no one (the
// operator included) can tell which IP address and user agent made a
// visitor id. Safe for concurrent use.
type Salts struct {
	store SaltStore
	rand  io.Reader

	mu    sync.Mutex
	cache map[int64][]byte // day (Unix seconds of 00:00 UTC) → salt
	swept int64            // day of the last deletion
	today atomic.Pointer[saltsOfDay]
}

// saltsOfDay is what For returns all day once the day's salts are known
// (read without the lock on every hit).
type saltsOfDay struct {
	day               int64
	current, previous []byte
}

// NewSalts returns Salts over store; random salts come from crypto/rand.
func NewSalts(store SaltStore) *Salts {
	return &Salts{store: store, rand: rand.Reader, cache: map[int64][]byte{}}
}

// Day returns 00:00 UTC of t's UTC day.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// For returns the salt of now's UTC day (made and stored on first use) and
// the previous day's (nil when there was none). On the first call of a new
// day it deletes every salt older than the previous day, from the store and
// from memory. Errors come from the store.
func (s *Salts) For(ctx context.Context, now time.Time) (current, previous []byte, err error) {
	today := Day(now)
	if t := s.today.Load(); t != nil && t.day == today.Unix() {
		return t.current, t.previous, nil
	}
	yesterday := today.AddDate(0, 0, -1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.swept != today.Unix() {
		if _, err := s.store.DeleteAnalyticsSalts(ctx, yesterday); err != nil {
			return nil, nil, err
		}
		for d := range s.cache {
			if d < yesterday.Unix() {
				delete(s.cache, d)
			}
		}
		s.swept = today.Unix()
	}
	current, ok := s.cache[today.Unix()]
	if !ok {
		fresh := make([]byte, SaltBytes)
		if _, err := io.ReadFull(s.rand, fresh); err != nil {
			return nil, nil, fmt.Errorf("analytics: salt: %w", err)
		}
		if current, err = s.store.AnalyticsSalt(ctx, today, fresh); err != nil {
			return nil, nil, err
		}
		s.cache[today.Unix()] = current
	}
	previous, ok = s.cache[yesterday.Unix()]
	if !ok {
		if previous, err = s.store.AnalyticsSalt(ctx, yesterday, nil); err != nil {
			return nil, nil, err
		}
		s.cache[yesterday.Unix()] = previous // nil is remembered too
	}
	s.today.Store(&saltsOfDay{day: today.Unix(), current: current, previous: previous})
	return current, previous, nil
}

// VisitorID returns the visitor id for a hit: hex of the first 8 bytes of
// HMAC-SHA256 keyed with the day's salt over site, IP and user agent (16
// characters). The same reader gets the same id all day on one site and a
// different, unlinkable id the next day. It returns "" for an empty salt.
func VisitorID(salt []byte, site, ip, userAgent string) string {
	if len(salt) == 0 {
		return ""
	}
	return visitorID(hmac.New(sha256.New, salt), site, ip, userAgent)
}

// visitorID computes VisitorID with m, an HMAC-SHA256 keyed with the salt
// (reset first, so a pooled one can be reused).
func visitorID(m hash.Hash, site, ip, userAgent string) string {
	m.Reset()
	io.WriteString(m, site)
	m.Write([]byte{0})
	io.WriteString(m, ip)
	m.Write([]byte{0})
	io.WriteString(m, userAgent)
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0])[:8])
}

// hasherPool reuses keyed HMACs for one salt at a time (setting up an HMAC
// costs as much as hashing a beacon's fields); a new salt replaces the pool.
type hasherPool struct {
	p atomic.Pointer[saltHashers]
}

type saltHashers struct {
	salt string
	pool sync.Pool
}

// id returns VisitorID(salt, site, ip, userAgent).
func (h *hasherPool) id(salt []byte, site, ip, userAgent string) string {
	if len(salt) == 0 {
		return ""
	}
	sh := h.p.Load()
	if sh == nil || sh.salt != string(salt) {
		sh = &saltHashers{salt: string(salt)}
		key := bytes.Clone(salt)
		sh.pool.New = func() any { return hmac.New(sha256.New, key) }
		h.p.Store(sh)
	}
	m := sh.pool.Get().(hash.Hash)
	id := visitorID(m, site, ip, userAgent)
	sh.pool.Put(m)
	return id
}
