package importer

// Source-neutral comment records, the output of the Disqus, Commento and
// WXR comment parsers (disqus.go, commento.go, wxr_comment.go), and the
// clean-up every parser shares (finishComments): duplicate ids dropped,
// parents that are missing or in another thread cut loose, parent cycles
// broken and comments ordered parents first, so a writer can insert them in
// one pass.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// CommentStatus is an imported comment's moderation state, mapped from the
// source's own flags (each parser documents its mapping).
type CommentStatus string

// The statuses an import produces.
const (
	CommentApproved CommentStatus = "approved" // public
	CommentPending  CommentStatus = "pending"  // awaiting moderation in the source
	CommentSpam     CommentStatus = "spam"     // marked spam in the source
	CommentRejected CommentStatus = "rejected" // removed by a moderator (WordPress trash)
	CommentDeleted  CommentStatus = "deleted"  // deleted in the source; kept, without text, so replies keep their place
)

// CommentFormat says how CommentRecord.Body is written.
type CommentFormat string

// The body formats parsers produce.
const (
	CommentHTML     CommentFormat = "html"     // HTML from the source (Disqus, WordPress after auto-paragraphs)
	CommentMarkdown CommentFormat = "markdown" // Markdown (Commento)
)

// CommentBatch is everything a comment parser read from one export file.
type CommentBatch struct {
	// Source names the origin system and site ("disqus:FORUM",
	// "commento:DOMAIN", "wxr:SITE"); with CommentRecord.SourceID it keys
	// idempotent re-imports.
	Source   string
	Threads  []CommentThread // in file order, keyed by CommentThread.Key
	Comments []CommentRecord // parents always before their replies
	Skipped  []Skip          // records not imported, with the reason
	Notes    []string        // things the summary should tell the user
	// Meta counts comment meta entries read (WordPress commentmeta); they
	// are parsed safely but not imported.
	Meta int
}

// CommentThread is one discussion in the source: a Disqus thread, a
// Commento page or a WordPress post. The writer matches it to an article
// with whatever identifiers are set (see store.MatchThread).
type CommentThread struct {
	Key        string // the thread's id within the file (Disqus dsq:id, Commento URL, WordPress post id)
	URL        string // the page's address in the source site (absolute, or a path for Commento)
	Identifier string // Disqus <id> (often the old site's post id or URL); "" when unset
	GUID       string // WordPress guid
	PostID     string // WordPress post id (matches articles imported from the same WXR file)
	Slug       string // WordPress post_name
	Title      string
	Closed     bool // comments were closed in the source
	Line       int  // 1-based line of the thread in the file (0 for JSON sources)
}

// CommentRecord is one comment as parsed, before it is stored.
type CommentRecord struct {
	SourceID  string // stable id within Source; never empty after parsing
	ThreadKey string // CommentThread.Key of its thread
	ParentID  string // SourceID of the comment it replies to; "" for top level
	Name      string // display name; "" for an anonymous commenter
	Email     string // lower-cased; "" when none
	URL       string // commenter's website; "" when none
	Username  string // account name in the source; "" when none
	IP        string // client address as exported; replaced by IPHash before writing, never stored
	IPHash    string // set by HashCommentIPs
	Body      string // source text in Format; "" for deleted comments
	Format    CommentFormat
	Created   time.Time // UTC
	Status    CommentStatus
	Line      int // 1-based line in the file (0 for JSON sources)
}

// commentBlank reports whether an id, address or name from an export means
// "none": empty, or the placeholders JavaScript-built exports write ("undefined", "null").
func commentBlank(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "undefined", "null", "none":
		return true
	}
	return false
}

// commentValue trims s and returns "" for a placeholder (see commentBlank).
func commentValue(s string) string {
	if commentBlank(s) {
		return ""
	}
	return strings.TrimSpace(s)
}

// commentSyntheticID derives a stable id for a record the source exported
// without one, from what identifies it; the same record gets the same id on
// every run, so re-imports stay idempotent.
func commentSyntheticID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s|", len(p), p)
	}
	return "h-" + hex.EncodeToString(h.Sum(nil))[:20]
}

// finishComments checks the comments of b against each other and against
// its threads: records whose thread is not in the file are skipped
// ("missing thread"); a repeated id keeps the first record ("duplicate id");
// a reply whose parent is not in the file (or is in another thread, or part
// of a cycle) becomes top level and is counted in a note; the survivors are
// ordered parents first, in file order otherwise.
func finishComments(b *CommentBatch) {
	threads := map[string]bool{}
	for _, t := range b.Threads {
		threads[t.Key] = true
	}
	byID := map[string]int{}
	kept := b.Comments[:0]
	for _, c := range b.Comments {
		label := c.SourceID
		if c.Line > 0 {
			label = fmt.Sprintf("%s (line %d)", c.SourceID, c.Line)
		}
		if !threads[c.ThreadKey] {
			b.Skipped = append(b.Skipped, Skip{ID: label, Reason: "missing thread"})
			continue
		}
		if _, dup := byID[c.SourceID]; dup {
			b.Skipped = append(b.Skipped, Skip{ID: label, Reason: "duplicate id"})
			continue
		}
		byID[c.SourceID] = len(kept)
		kept = append(kept, c)
	}
	b.Comments = kept
	orphans := 0
	for i := range b.Comments {
		c := &b.Comments[i]
		if c.ParentID == "" {
			continue
		}
		if c.ParentID == c.SourceID {
			c.ParentID = ""
			orphans++
			continue
		}
		j, ok := byID[c.ParentID]
		if !ok || b.Comments[j].ThreadKey != c.ThreadKey {
			c.ParentID = ""
			orphans++
		}
	}
	// Break cycles: walk up from each comment; a walk longer than the
	// number of comments has looped.
	for i := range b.Comments {
		seen := map[int]bool{i: true}
		j := i
		for b.Comments[j].ParentID != "" {
			k := byID[b.Comments[j].ParentID]
			if seen[k] {
				b.Comments[j].ParentID = ""
				orphans++
				break
			}
			seen[k] = true
			j = k
		}
	}
	if orphans > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("%d repl%s to a comment missing from the file were imported at the top level of the thread",
			orphans, map[bool]string{true: "y", false: "ies"}[orphans == 1]))
	}
	// Order parents first: depth, then file order.
	depth := make([]int, len(b.Comments))
	for i := range b.Comments {
		d, j := 0, i
		for b.Comments[j].ParentID != "" {
			j = byID[b.Comments[j].ParentID]
			d++
		}
		depth[i] = d
	}
	idx := make([]int, len(b.Comments))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return depth[idx[x]] < depth[idx[y]] })
	out := make([]CommentRecord, len(idx))
	for i, j := range idx {
		out[i] = b.Comments[j]
	}
	b.Comments = out
}
