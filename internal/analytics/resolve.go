package analytics

import (
	"context"
	"strings"
	"sync"
	"time"
)

// ArticleRef is what the server knows of the article at a page path: its
// id, its section and its canonical path ("/articles/{slug}").
type ArticleRef struct {
	ID        int64
	SectionID int64
	Path      string
}

// ResolveFunc maps a page URL path to the published article it shows (the
// article's canonical path, or an old slug that redirects to it); the zero
// ArticleRef when the path shows no published article. Errors are treated as
// "no article" for the hit at hand and not cached.
type ResolveFunc func(ctx context.Context, path string) (ArticleRef, error)

// Resolver cache bounds: a path's answer is reused for resolveTTL, and the
// cache is emptied when it holds resolveMax paths (a flood of made-up paths
// then costs one indexed lookup each, never unbounded memory).
const (
	resolveTTL = time.Minute
	resolveMax = 20000
)

type resolved struct {
	ref ArticleRef
	at  time.Time
}

// articleCache memoises a ResolveFunc per path; safe for concurrent use.
type articleCache struct {
	fn ResolveFunc
	mu sync.Mutex
	m  map[string]resolved
}

func (c *articleCache) lookup(ctx context.Context, path string, now time.Time) ArticleRef {
	if c.fn == nil {
		return ArticleRef{}
	}
	c.mu.Lock()
	r, ok := c.m[path]
	c.mu.Unlock()
	if ok && now.Sub(r.at) < resolveTTL && !now.Before(r.at) {
		return r.ref
	}
	ref, err := c.fn(ctx, path)
	if err != nil {
		return ArticleRef{}
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= resolveMax {
		c.m = map[string]resolved{}
	}
	c.m[path] = resolved{ref, now}
	c.mu.Unlock()
	return ref
}

// Campaign cardinality bounds (issue 5): UTM values are normalised —
// trimmed, inner white space collapsed to one space, lower-cased (Google
// Analytics treats "Newsletter" and "newsletter" as two campaigns; editors
// mean one) and cut to MaxUTMBytes — and each of utm_source, utm_medium,
// utm_campaign, the referrer's source name and the referrer host takes at most MaxDimensionValues
// distinct values per UTC hour on an instance; further values in that hour
// are stored as OtherValue. Real campaigns number a handful an hour; the
// cap keeps a flood of invented ones from making one rollup row each.
const (
	MaxUTMBytes        = 100
	MaxDimensionValues = 200
	OtherValue         = "(other)"
)

// The capped dimensions.
const (
	dimensionSourceName = iota
	dimensionUTMSource
	dimensionUTMMedium
	dimensionUTMCampaign
	dimensionReferrerHost
	dimensionCount
)

// NormalizeUTM trims s, collapses runs of white space to one space,
// lower-cases it and cuts it to MaxUTMBytes without splitting a character.
func NormalizeUTM(s string) string {
	return clip(strings.ToLower(strings.Join(strings.Fields(s), " ")), MaxUTMBytes)
}

// dimensionCap remembers the distinct values seen per dimension in the
// current UTC hour; safe for concurrent use.
type dimensionCap struct {
	mu   sync.Mutex
	hour int64
	seen [dimensionCount]map[string]struct{}
}

// admit returns v, or OtherValue when v is new and its dimension already
// holds MaxDimensionValues values this hour. "" is always admitted.
func (d *dimensionCap) admit(dim int, v string, now time.Time) string {
	if v == "" {
		return v
	}
	h := now.Unix() / 3600
	d.mu.Lock()
	defer d.mu.Unlock()
	if h != d.hour {
		d.hour = h
		d.seen = [dimensionCount]map[string]struct{}{}
	}
	m := d.seen[dim]
	if m == nil {
		m = map[string]struct{}{}
		d.seen[dim] = m
	}
	if _, ok := m[v]; ok {
		return v
	}
	if len(m) >= MaxDimensionValues {
		return OtherValue
	}
	m[v] = struct{}{}
	return v
}
