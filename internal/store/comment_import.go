package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"masthead/internal/model"
)

// Comment imports (masthead import disqus|commento|wxr): finding the
// article a source thread belongs to, and writing imported comments once.
// The caller (importer.WriteComments) runs these inside one transaction.

// ThreadRef is what an export says about the page a discussion was on.
// Every field is optional; MatchThread tries them in a fixed order.
type ThreadRef struct {
	Source     string // the import's source ("wxr:https://example.org", "disqus:forum")
	PostID     string // WordPress post id (WXR)
	GUID       string // WordPress guid (WXR)
	URL        string // the page's address on the old site, absolute or a path
	Identifier string // Disqus <id>: the old site's own key, often "POSTID URL", a URL or a slug
	Slug       string // WordPress post_name
}

// Thread match kinds, as MatchThread reports them.
const (
	MatchPostID    = "post id"       // same WXR source and post id (or guid)
	MatchCanonical = "canonical URL" // articles.canonical_url equals the URL
	MatchWPPostID  = "WordPress id"  // ?p=N or a Disqus identifier "N …" names a post imported from a WXR file
	MatchPath      = "Masthead path" // the URL is /articles/{slug} or /pages/{slug}
	MatchSlug      = "slug"          // post_name or the URL's last path segment is a slug (or an old slug that redirects)
)

// wpIdentifierRE matches the Disqus identifier the WordPress Disqus plugin
// writes: "<post id> <permalink>".
var wpIdentifierRE = regexp.MustCompile(`^(\d+) \S+$`)

// MatchThread returns the id of the article a source thread belongs to and
// how it was found (one of the Match* kinds), or ErrNotFound. The order:
// the same WXR source's post id or guid; a canonical URL equal to the
// thread URL or identifier (with or without a trailing slash); a WordPress
// post id (the URL's ?p=N, or a "N URL" Disqus identifier) among articles
// imported from any WXR file, when exactly one has it; a Masthead article
// or page path; finally the slug (post_name, else the URL's last path
// segment without .html/.htm/.php, "index.html" giving its folder's name),
// directly or through an old slug's redirect. Articles of every status
// match (a draft can carry old comments).
func (s *Store) MatchThread(ctx context.Context, t ThreadRef) (int64, string, error) {
	if t.Source != "" {
		for _, id := range []string{t.PostID, t.GUID} {
			if id == "" {
				continue
			}
			if a, err := s.idWhere(ctx, "source = ? AND source_id = ? AND source_id <> ''", t.Source, id); err == nil {
				return a, MatchPostID, nil
			} else if !errors.Is(err, ErrNotFound) {
				return 0, "", err
			}
		}
	}
	urls := []string{}
	for _, u := range []string{t.URL, t.Identifier} {
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			urls = append(urls, u)
		}
	}
	for _, u := range urls {
		trimmed := strings.TrimRight(u, "/")
		if a, err := s.idWhere(ctx, "canonical_url <> '' AND (canonical_url = ? OR canonical_url = ?)", trimmed, trimmed+"/"); err == nil {
			return a, MatchCanonical, nil
		} else if !errors.Is(err, ErrNotFound) {
			return 0, "", err
		}
	}
	var wpIDs []string
	if m := wpIdentifierRE.FindStringSubmatch(t.Identifier); m != nil {
		wpIDs = append(wpIDs, m[1])
	}
	if pu, err := url.Parse(t.URL); err == nil {
		if p := pu.Query().Get("p"); p != "" && strings.Trim(p, "0123456789") == "" {
			wpIDs = append(wpIDs, p)
		}
	}
	for _, id := range wpIDs {
		if a, err := s.idWhere(ctx, "source LIKE 'wxr:%' AND source_id = ?", id); err == nil {
			return a, MatchWPPostID, nil
		} else if !errors.Is(err, ErrNotFound) && !errors.Is(err, errAmbiguous) {
			return 0, "", err
		}
	}
	p := urlPath(t.URL)
	for _, prefix := range []string{"/articles/", "/pages/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok && rest != "" && !strings.Contains(strings.Trim(rest, "/"), "/") {
			if a, err := s.idBySlug(ctx, strings.Trim(rest, "/")); err == nil {
				return a, MatchPath, nil
			} else if !errors.Is(err, ErrNotFound) {
				return 0, "", err
			}
		}
	}
	for _, slug := range []string{t.Slug, lastSegment(p), identifierSlug(t.Identifier)} {
		if slug == "" {
			continue
		}
		if a, err := s.idBySlug(ctx, slug); err == nil {
			return a, MatchSlug, nil
		} else if !errors.Is(err, ErrNotFound) {
			return 0, "", err
		}
	}
	return 0, "", ErrNotFound
}

// errAmbiguous: more than one article fits a key that should be unique.
var errAmbiguous = errors.New("store: more than one article matches")

// idWhere returns the id of the one article meeting cond, ErrNotFound when
// none does and errAmbiguous when several do.
func (s *Store) idWhere(ctx context.Context, cond string, args ...any) (int64, error) {
	rows, err := s.reader().QueryContext(ctx, s.rebind("SELECT id FROM articles WHERE "+cond+" LIMIT 2"), args...)
	if err != nil {
		return 0, fmt.Errorf("store: match thread: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, fmt.Errorf("store: match thread: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: match thread: %w", err)
	}
	switch len(ids) {
	case 0:
		return 0, ErrNotFound
	case 1:
		return ids[0], nil
	}
	return 0, errAmbiguous
}

// idBySlug finds an article by its slug, else by an old slug that
// redirects to it.
func (s *Store) idBySlug(ctx context.Context, slug string) (int64, error) {
	slug = strings.ToLower(slug)
	if id, err := s.idWhere(ctx, "slug = ?", slug); !errors.Is(err, ErrNotFound) {
		return id, err
	}
	var id int64
	err := s.queryRow(ctx, "SELECT article_id FROM slug_redirects WHERE old_slug = ?", slug).Scan(&id)
	if isNoRows(err) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: match thread: %w", err)
	}
	return id, nil
}

// urlPath returns the unescaped path of an absolute URL or of a path.
func urlPath(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return u.Path
}

// lastSegment is the slug a permalink path ends with: "/2011/03/podcast-229/"
// → "podcast-229", "/blog/2013/02/12/redacted/index.html" → "redacted",
// "/news/story.html" → "story"; "" for the site root.
func lastSegment(p string) string {
	p = strings.TrimRight(p, "/")
	base := path.Base(p)
	switch strings.ToLower(base) {
	case "index.html", "index.htm", "index.php":
		base = path.Base(path.Dir(p))
	}
	for _, ext := range []string{".html", ".htm", ".php"} {
		if len(base) > len(ext) && strings.EqualFold(base[len(base)-len(ext):], ext) {
			base = base[:len(base)-len(ext)]
		}
	}
	if base == "." || base == "/" {
		return ""
	}
	return base
}

// identifierSlug is a Disqus identifier read as a slug when it looks like
// one (no spaces, no scheme, not a bare number); "" otherwise.
func identifierSlug(id string) string {
	if id == "" || strings.ContainsAny(id, " :") || strings.Trim(id, "0123456789") == "" {
		return ""
	}
	return lastSegment("/" + strings.Trim(id, "/"))
}

// ImportComment writes one imported comment with its author, unless a
// comment with the same (Source, SourceID) exists: then c.ID is set to the
// existing row's and created is false (a re-import never changes what
// moderators did since). The author, who, is looked up by (Source, SourceID)
// and created when new; c.IdentityID is set from it. c must be ready for
// CreateComment otherwise (article, status, sanitised body, parent id in
// this store). A new comment makes the enclosing transaction a content
// write (see ContentVersion).
func (s *Store) ImportComment(ctx context.Context, c *model.Comment, who *model.CommentIdentity) (created bool, err error) {
	if c.Source == "" || c.SourceID == "" {
		return false, errors.New("store: imported comment without source id")
	}
	err = s.InTx(ctx, func(tx *Store) error {
		if old, err := tx.CommentBySource(ctx, c.Source, c.SourceID); err == nil {
			c.ID = old.ID
			return nil
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		ident, err := tx.CommentIdentityBySource(ctx, who.Source, who.SourceID)
		if errors.Is(err, ErrNotFound) {
			ident = who
			err = tx.CreateCommentIdentity(ctx, ident)
		}
		if err != nil {
			return err
		}
		c.IdentityID = ident.ID
		if err := tx.CreateComment(ctx, c); err != nil {
			return err
		}
		// Unlike a reader's comment (a quiet write that drops one cached
		// page), an import is a content write: the commit bumps the content
		// version, so running servers drop their cached pages and show the
		// imported threads within their poll interval.
		tx.wrote = true
		created = true
		return nil
	})
	return created, err
}
