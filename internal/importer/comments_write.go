package importer

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// CommentRules are the comment engine's rules the writer applies to every
// imported comment; the CLI passes package comment's (the importer does not
// import it). Both are required.
type CommentRules struct {
	// HashIP returns the keyed hash stored instead of a client IP
	// ("" for ""); the IP itself is never stored.
	HashIP func(ctx context.Context, ip string) (string, error)
	// BodyHash returns the duplicate-detection hash of a comment's source.
	BodyHash func(source string) string
}

// CommentOptions adjust WriteComments.
type CommentOptions struct {
	// DryRun matches and checks everything, then rolls the transaction back:
	// the summary says what an import would do and nothing is written. The
	// rollback needs WriteComments to own the transaction: do not pass a
	// store that is already one (from store.InTx) with DryRun.
	DryRun bool
	// URLMap rewrites thread URLs and identifiers before matching
	// (--url-map OLD=NEW; see URLRewrite), so threads of the old domain
	// match the articles' new canonical URLs.
	URLMap []URLRewrite
}

// UnmatchedThread is a source thread no article was found for; its
// comments are not imported.
type UnmatchedThread struct {
	Key, URL, Identifier, Title string
	Comments                    int // comments of the file in this thread
}

// CommentSummary reports what WriteComments did (or, DryRun, would do).
type CommentSummary struct {
	Source    string
	Imported  int                   // new comments
	Existing  int                   // already imported by an earlier run; left as they are
	ByStatus  map[CommentStatus]int // new comments by status
	Matched   map[string]int        // threads matched, by how (store.Match* kinds)
	Unmatched []UnmatchedThread     // threads with comments but no article, file order
	Skipped   map[string]int        // reason → count (parser skips, comments of unmatched threads)
	// SkipExamples holds, per reason, the first maxSkipExamples parser skips
	// as the parser named them (record id, line, element and value).
	SkipExamples map[string][]string
	Meta         int // comment meta entries read, not imported
	Rewritten    int // threads whose URL or identifier URLMap rewrote
	Closed       int // matched threads closed in the source whose article's comments this run closed
	WasClosed    int // matched threads closed in the source whose article's comments were closed already
	Notes        []string
	DryRun       bool
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// maxUnmatchedShown bounds the unmatched threads String lists.
const maxUnmatchedShown = 20

// maxSkipExamples bounds the skipped records String names per reason.
const maxSkipExamples = 5

// String renders the summary for the terminal, one fact per line.
func (s CommentSummary) String() string {
	var b strings.Builder
	if s.DryRun {
		b.WriteString("dry run: nothing was written; an import would do this:\n")
	}
	fmt.Fprintf(&b, "comments imported: %d\nalready imported:  %d\n", s.Imported, s.Existing)
	if s.Imported > 0 {
		var parts []string
		for _, st := range []CommentStatus{CommentApproved, CommentPending, CommentSpam, CommentRejected, CommentDeleted} {
			if n := s.ByStatus[st]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", st, n))
			}
		}
		fmt.Fprintf(&b, "  by status: %s\n", strings.Join(parts, ", "))
	}
	matched := 0
	var how []string
	for k, n := range s.Matched {
		matched += n
		how = append(how, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(how)
	fmt.Fprintf(&b, "threads matched:   %d", matched)
	if len(how) > 0 {
		fmt.Fprintf(&b, " (by %s)", strings.Join(how, ", "))
	}
	fmt.Fprintf(&b, "\nthreads unmatched: %d\n", len(s.Unmatched))
	if s.Rewritten > 0 {
		fmt.Fprintf(&b, "thread URLs rewritten by --url-map: %d\n", s.Rewritten)
	}
	if s.Closed+s.WasClosed > 0 {
		fmt.Fprintf(&b, "threads closed in the source: %d (comments closed on %d articles now, %d were already closed)\n",
			s.Closed+s.WasClosed, s.Closed, s.WasClosed)
	}
	for i, u := range s.Unmatched {
		if i == maxUnmatchedShown {
			fmt.Fprintf(&b, "  … and %d more (--unmatched FILE writes them all)\n", len(s.Unmatched)-i)
			break
		}
		fmt.Fprintf(&b, "  %s (%d comment(s))\n", u.label(), u.Comments)
	}
	total := 0
	reasons := make([]string, 0, len(s.Skipped))
	for r, n := range s.Skipped {
		total += n
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	fmt.Fprintf(&b, "skipped:           %d\n", total)
	for _, r := range reasons {
		fmt.Fprintf(&b, "  %-24s %d\n", r+":", s.Skipped[r])
		ex := s.SkipExamples[r]
		for _, id := range ex {
			fmt.Fprintf(&b, "    %s\n", id)
		}
		if len(ex) > 0 && s.Skipped[r] > len(ex) {
			fmt.Fprintf(&b, "    … and %d more\n", s.Skipped[r]-len(ex))
		}
	}
	for _, n := range s.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

// label names an unmatched thread for people: its URL, else identifier,
// else key, with the title.
func (u UnmatchedThread) label() string {
	l := u.URL
	if l == "" {
		l = u.Identifier
	}
	if l == "" {
		l = "thread " + u.Key
	}
	if u.Title != "" {
		l += " — " + u.Title
	}
	return l
}

// WriteComments stores the comments of b in one transaction: each thread
// is matched to an article (store.MatchThread), each comment of a matched
// thread written once (store.ImportComment keyed on b.Source and the
// comment's SourceID: a second run imports nothing new), parents before
// replies. Bodies are sanitised once here with the comment policy (HTML
// from Disqus and WordPress through markup.CommentHTML, Commento's
// Markdown through markup.Comment); IPs are stored only as rules.HashIP
// hashes (HashCommentIPs); authors become guest identities keyed on the source's user name,
// else e-mail, else name. progress (may be nil) is told done/total
// comments. On any error nothing is written and the error names the
// comment (source id and line) at fault.
func WriteComments(ctx context.Context, st *store.Store, b *CommentBatch, rules CommentRules, opt CommentOptions, progress Progress) (CommentSummary, error) {
	sum := CommentSummary{Source: b.Source, ByStatus: map[CommentStatus]int{}, Matched: map[string]int{}, Skipped: map[string]int{},
		Meta: b.Meta, Notes: append([]string(nil), b.Notes...), DryRun: opt.DryRun}
	sum.SkipExamples = map[string][]string{}
	for _, s := range b.Skipped {
		sum.Skipped[s.Reason]++
		if len(sum.SkipExamples[s.Reason]) < maxSkipExamples && s.ID != "" {
			sum.SkipExamples[s.Reason] = append(sum.SkipExamples[s.Reason], s.ID)
		}
	}
	if b.Source == "" {
		return sum, errors.New("importer: comment batch has no source")
	}
	if rules.HashIP == nil || rules.BodyHash == nil {
		return sum, errors.New("importer: comment rules missing")
	}
	if err := HashCommentIPs(ctx, b, rules); err != nil {
		return sum, err
	}
	perThread := map[string]int{}
	for _, c := range b.Comments {
		perThread[c.ThreadKey]++
	}
	sum.Rewritten = rewriteThreads(b, opt.URLMap)
	err := st.InTx(ctx, func(tx *store.Store) error {
		articles := map[string]int64{} // thread key → article id (0: unmatched)
		for _, t := range b.Threads {
			if perThread[t.Key] == 0 && !t.Closed {
				continue
			}
			id, how, err := tx.MatchThread(ctx, store.ThreadRef{Source: b.Source, PostID: t.PostID, GUID: t.GUID,
				URL: t.URL, Identifier: t.Identifier, Slug: t.Slug})
			switch {
			case err == nil:
				articles[t.Key] = id
				if perThread[t.Key] > 0 {
					sum.Matched[how]++
				}
				if t.Closed {
					closed, err := closeThread(ctx, tx, id)
					if err != nil {
						return fmt.Errorf("thread %q: %w", t.Key, err)
					}
					if closed {
						sum.Closed++
					} else {
						sum.WasClosed++
					}
				}
			case errors.Is(err, store.ErrNotFound) && perThread[t.Key] == 0:
				// a closed thread without comments: nothing to report
			case errors.Is(err, store.ErrNotFound):
				sum.Unmatched = append(sum.Unmatched, UnmatchedThread{Key: t.Key, URL: t.URL, Identifier: t.Identifier,
					Title: t.Title, Comments: perThread[t.Key]})
			default:
				return fmt.Errorf("thread %q: %w", t.Key, err)
			}
		}
		ids := map[string]int64{} // comment source id → comments.id
		for i := range b.Comments {
			c := &b.Comments[i]
			art := articles[c.ThreadKey]
			if art == 0 {
				sum.Skipped["thread not matched"]++
			} else {
				created, err := writeComment(ctx, tx, b.Source, art, c, ids, rules)
				if err != nil {
					at := c.SourceID
					if c.Line > 0 {
						at = fmt.Sprintf("%s (line %d)", c.SourceID, c.Line)
					}
					return fmt.Errorf("comment %s: %w", at, err)
				}
				if created {
					sum.Imported++
					sum.ByStatus[c.Status]++
				} else {
					sum.Existing++
				}
			}
			if progress != nil {
				progress(i+1, len(b.Comments))
			}
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return CommentSummary{}, err
	}
	if len(sum.Unmatched) > 0 {
		sum.Notes = append(sum.Notes, "comments of unmatched threads were not imported: import their articles first, then run this import again")
	}
	return sum, nil
}

// HashCommentIPs replaces the IP of every comment of b by its hash
// (rules.HashIP, once per distinct address) and forgets the IP. WriteComments
// calls it first, outside its transaction, because the hash key is a site
// secret created on first use through its own connection; a caller that
// runs WriteComments inside its own transaction calls HashCommentIPs before
// opening it.
func HashCommentIPs(ctx context.Context, b *CommentBatch, rules CommentRules) error {
	if rules.HashIP == nil {
		return errors.New("importer: comment rules missing")
	}
	memo := map[string]string{}
	for i := range b.Comments {
		c := &b.Comments[i]
		if c.IP == "" {
			continue
		}
		h, ok := memo[c.IP]
		if !ok {
			var err error
			if h, err = rules.HashIP(ctx, c.IP); err != nil {
				return fmt.Errorf("hashing the IP of comment %s: %w", c.SourceID, err)
			}
			memo[c.IP] = h
		}
		c.IPHash, c.IP = h, ""
	}
	return nil
}

// writeComment turns one record into a comment under article art.
func writeComment(ctx context.Context, tx *store.Store, source string, art int64, c *CommentRecord, ids map[string]int64, rules CommentRules) (bool, error) {
	m := &model.Comment{ArticleID: art, Status: model.CommentStatus(c.Status), Created: c.Created, Source: source, SourceID: c.SourceID}
	if !m.Status.Valid() {
		return false, fmt.Errorf("unknown status %q", c.Status)
	}
	if c.ParentID != "" {
		pid, ok := ids[c.ParentID]
		if !ok {
			old, err := tx.CommentBySource(ctx, source, c.ParentID)
			if err != nil {
				return false, fmt.Errorf("parent %q: %w", c.ParentID, err)
			}
			pid = old.ID
		}
		m.ParentID = pid
	}
	if c.Status == CommentDeleted {
		m.Deleted = c.Created
	} else {
		if len(c.Body) > MaxCommentBytes {
			return false, fmt.Errorf("body is %d bytes; the limit is %d", len(c.Body), MaxCommentBytes)
		}
		var r markup.Rendered
		var err error
		switch c.Format {
		case CommentMarkdown:
			r, err = markup.Comment(c.Body)
		default:
			r = markup.CommentHTML(c.Body)
		}
		if err != nil {
			return false, err
		}
		m.BodySource, m.BodyHTML, m.BodyHash = c.Body, r.HTML, rules.BodyHash(c.Body)
	}
	m.IPHash = c.IPHash
	created, err := tx.ImportComment(ctx, m, commentAuthor(source, c))
	if err != nil {
		return false, err
	}
	ids[c.SourceID] = m.ID
	return created, nil
}

// MaxCommentBytes is the largest imported comment body accepted (bytes of
// source); a bigger one fails the import rather than being cut.
const MaxCommentBytes = 256 << 10

// commentAuthor is the guest identity of an imported comment's author,
// keyed on the source's user name, else the e-mail address, else the name
// (anonymous authors without any of them share one "Anonymous" identity).
func commentAuthor(source string, c *CommentRecord) *model.CommentIdentity {
	name := strings.Join(strings.Fields(c.Name), " ") // no CR/LF, single spaces
	if name == "" {
		name = "Anonymous"
	}
	if n := []rune(name); len(n) > 100 {
		name = string(n[:100])
	}
	key := "name:" + strings.ToLower(name)
	switch {
	case c.Username != "":
		key = "user:" + c.Username
	case c.Email != "":
		key = "email:" + c.Email
	}
	email := c.Email
	if strings.ContainsAny(email, "\r\n") || len(email) > 254 {
		email = ""
	}
	return &model.CommentIdentity{Kind: model.IdentityGuest, Name: name, Email: email, Website: commentWebsite(c.URL),
		Source: source, SourceID: key}
}

// commentWebsite keeps a commenter's website only when it is an absolute
// http(s) URL with a host.
func commentWebsite(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > 2000 {
		return ""
	}
	return u.String()
}
