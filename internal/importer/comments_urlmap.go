package importer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
)

// URLRewrite is one --url-map rule: a thread URL or Disqus identifier that
// starts with Old is matched as if it started with New instead (a prefix
// rewrite, so https://old.example.com/2019/05/story/ with Old
// "https://old.example.com/" and New "https://news.example.org/" becomes
// https://news.example.org/2019/05/story/). The longest matching Old wins.
type URLRewrite struct {
	Old, New string
}

// ParseURLRewrite reads an --url-map value "OLD=NEW". Both sides must be
// http(s) URLs or paths starting with "/". Because a URL may itself hold
// "=", the split is at the first "=" followed by "http://", "https://" or
// "/".
func ParseURLRewrite(s string) (URLRewrite, error) {
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		old, next := s[:i], s[i+1:]
		if !urlLike(next) {
			continue
		}
		if !urlLike(old) {
			return URLRewrite{}, fmt.Errorf("%q: OLD must be an http(s) URL or a path starting with /", s)
		}
		return URLRewrite{Old: old, New: next}, nil
	}
	return URLRewrite{}, fmt.Errorf("%q: want OLD=NEW, e.g. https://old.example.com/=https://news.example.org/", s)
}

func urlLike(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "/")
}

// rewriteURL applies the longest matching rule of m to u; ok is false when
// none matches.
func rewriteURL(m []URLRewrite, u string) (string, bool) {
	best := -1
	for i, r := range m {
		if strings.HasPrefix(u, r.Old) && (best < 0 || len(r.Old) > len(m[best].Old)) {
			best = i
		}
	}
	if best < 0 {
		return u, false
	}
	return m[best].New + u[len(m[best].Old):], true
}

// rewriteThreads applies m to the URL and identifier of every thread of b
// and returns how many threads changed.
func rewriteThreads(b *CommentBatch, m []URLRewrite) int {
	if len(m) == 0 {
		return 0
	}
	n := 0
	for i := range b.Threads {
		t := &b.Threads[i]
		u, ok1 := rewriteURL(m, t.URL)
		id, ok2 := rewriteURL(m, t.Identifier)
		t.URL, t.Identifier = u, id
		if ok1 || ok2 {
			n++
		}
	}
	return n
}

// closeThread closes comments on article art for a thread the source
// marked closed (Disqus <isClosed>, WordPress comment_status "closed"), the
// way a moderator does (comment_settings.closed for the article, keeping
// its other settings). It reports false when they were already closed,
// which it leaves as they are (re-imports change nothing).
func closeThread(ctx context.Context, tx *store.Store, art int64) (bool, error) {
	cs, err := tx.CommentSettings(ctx, model.ScopeArticle, art)
	if err != nil {
		return false, err
	}
	if !cs.Closed.IsZero() {
		return false, nil
	}
	cs.Closed, cs.Updated, cs.UpdatedBy = tx.Now(), time.Time{}, 0
	if err := tx.SaveCommentSettings(ctx, cs); err != nil {
		return false, errors.Join(errors.New("closing comments"), err)
	}
	return true, nil
}
