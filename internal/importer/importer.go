// Package importer brings content from other systems into Masthead. Each
// format has a parser that streams its input (encoding/xml token by token,
// encoding/json with a Decoder) into a source-neutral Batch, failing with the
// line or element at fault; Write then stores the whole Batch in one
// transaction, so a bad file writes nothing. Re-importing the same file
// updates the earlier rows (keyed on Batch.Source + Item.SourceID) and never
// duplicates them.
package importer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Batch is everything parsed from one input file.
type Batch struct {
	// Source names the origin system and site, e.g. "wxr:https://example.org",
	// "feed:https://www.theguardian.com/world", "ninjs", "ghost:<site url>".
	// Together with Item.SourceID it keys idempotent re-imports.
	Source  string
	Items   []Item
	Skipped []Skip
	// Notes are things the parser wants the summary to tell the user
	// (e.g. "12 comments counted; they are imported by the comments importer").
	Notes []string
	// Comments holds the comments the file carries (WXR), for
	// WriteComments; nil for formats without comments.
	Comments *CommentBatch
}

// Skip records an input item that was deliberately not imported.
type Skip struct {
	ID     string // the item's id or title in the source
	Reason string // short reason, e.g. "attachment", "nav_menu_item"
}

// Item is one article or page, as parsed, before it is stored.
type Item struct {
	SourceID string // stable id in the source (GUID, post id, URI); required
	Kind     model.Kind
	Status   model.Status // published, draft, private, review, scheduled …
	Slug     string       // wanted slug; derived from Headline when empty
	Headline string
	Dek      string
	Kicker   string
	Dateline string
	// Body: exactly one of BodyHTML (unsanitised HTML from the source; it is
	// sanitised by Write with the staff policy) or BodyMarkdown.
	BodyHTML     string
	BodyMarkdown string
	Section      *Ref // nil for none
	Tags         []Ref
	Authors      []AuthorRef // in byline order
	Published    time.Time   // UTC; zero when unset
	Updated      time.Time   // UTC; zero when never updated
	Embargo      time.Time   // UTC; zero when none
	Lead         *MediaRef
	Corrections  []model.Correction
	Rights       string
	CanonicalURL string
	CommentsOpen bool
	// Comments is how many approved reader comments the source holds for
	// the item, for the summary; the comments themselves travel in
	// Batch.Comments.
	Comments int
}

// Ref names a section or tag by slug (derived from Name when empty).
type Ref struct {
	Slug string
	Name string
}

// AuthorRef names a byline author.
type AuthorRef struct {
	Slug  string // derived from Name when empty
	Name  string
	Email string
	Bio   string
	Role  string // byline role, empty for plain author
}

// MediaRef is an image referenced by an item (remote URL; not downloaded).
type MediaRef struct {
	URL     string // absolute http(s) URL
	Alt     string
	Caption string
	Credit  string
	MIME    string
	Width   int
	Height  int
}

// Summary reports what Write did.
type Summary struct {
	Imported int            // new articles and pages
	Updated  int            // existing ones updated
	Skipped  map[string]int // reason → count
	Comments int            // comments counted; String reports them as not imported (the CLI zeroes it when it imports them)
	Notes    []string
}

// String renders the summary for the terminal, one fact per line.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "imported: %d\nupdated:  %d\n", s.Imported, s.Updated)
	total := 0
	reasons := make([]string, 0, len(s.Skipped))
	for r, n := range s.Skipped {
		total += n
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	fmt.Fprintf(&b, "skipped:  %d\n", total)
	for _, r := range reasons {
		fmt.Fprintf(&b, "  %-24s %d\n", r+":", s.Skipped[r])
	}
	if s.Comments > 0 {
		fmt.Fprintf(&b, "comments: %d counted, not imported (import them with --comments-only)\n", s.Comments)
	}
	for _, n := range s.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

// Progress is told how many items are done out of a total; nil is allowed.
type Progress func(done, total int)

// Write stores every item of b in one transaction and returns the summary.
// On any error nothing is written; the error names the item (source id and
// headline) at fault.
func Write(ctx context.Context, st *store.Store, b *Batch, progress Progress) (Summary, error) {
	sum := Summary{Skipped: map[string]int{}, Notes: b.Notes}
	for _, s := range b.Skipped {
		sum.Skipped[s.Reason]++
	}
	if b.Source == "" {
		return sum, errors.New("importer: batch has no source")
	}
	now := st.Now()
	seen := map[string]bool{}
	undated := 0
	err := st.InTx(ctx, func(tx *store.Store) error {
		w := &writer{st: tx, sections: map[string]int64{}, authors: map[string]int64{}, tags: map[string]int64{}}
		for i := range b.Items {
			it := &b.Items[i]
			if seen[it.SourceID] {
				sum.Skipped["duplicate id"]++
				continue
			}
			seen[it.SourceID] = true
			if err := checkItem(it); err != nil {
				return fmt.Errorf("item %q (%s): %w", it.SourceID, it.Headline, err)
			}
			if it.Published.IsZero() && (it.Status == "" || it.Status == model.StatusPublished) {
				it.Published = now
				undated++
			}
			res, err := w.item(ctx, b.Source, it)
			if err != nil {
				return fmt.Errorf("item %q (%s): %w", it.SourceID, it.Headline, err)
			}
			switch res {
			case store.Created:
				sum.Imported++
			case store.Updated:
				sum.Updated++
			}
			sum.Comments += it.Comments
			if progress != nil {
				progress(i+1, len(b.Items))
			}
		}
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	if undated > 0 {
		sum.Notes = append(sum.Notes, fmt.Sprintf("%d published item(s) had no usable publication date and were given the import time", undated))
	}
	return sum, nil
}

// Limits on one imported item. A body over MaxBodyBytes is refused rather
// than stored: no real article is that long, and search, feeds and page
// renders all scale with it.
const (
	MaxBodyBytes     = 2 << 20 // bytes of body source
	MaxHeadlineRunes = 1000
)

// checkItem refuses items no newsroom could mean: oversized bodies or
// headlines, and dates outside 1900–2200 (overflowed or garbage timestamps).
func checkItem(it *Item) error {
	if n := len(it.BodyHTML) + len(it.BodyMarkdown); n > MaxBodyBytes {
		return fmt.Errorf("body is %d bytes; the limit is %d", n, MaxBodyBytes)
	}
	if n := len([]rune(it.Headline)); n > MaxHeadlineRunes {
		return fmt.Errorf("headline is %d characters; the limit is %d", n, MaxHeadlineRunes)
	}
	for _, d := range []struct {
		name string
		t    time.Time
	}{{"publication date", it.Published}, {"update date", it.Updated}, {"embargo", it.Embargo}} {
		if !d.t.IsZero() && (d.t.Year() < 1900 || d.t.Year() > 2200) {
			return fmt.Errorf("%s %s is out of range (1900–2200)", d.name, d.t.Format(time.RFC3339))
		}
	}
	return nil
}

type writer struct {
	st       *store.Store
	sections map[string]int64
	authors  map[string]int64
	tags     map[string]int64
}

func (w *writer) item(ctx context.Context, source string, it *Item) (store.SaveResult, error) {
	if it.SourceID == "" {
		return 0, errors.New("no source id")
	}
	head := strings.TrimSpace(it.Headline)
	if head == "" {
		head = "(untitled)"
	}
	a := &model.Article{
		Kind: it.Kind, Status: it.Status, Headline: head, Dek: it.Dek, Kicker: it.Kicker,
		Dateline: it.Dateline, PublishedAt: it.Published, UpdatedAt: it.Updated, EmbargoUntil: it.Embargo,
		Rights: it.Rights, CanonicalURL: it.CanonicalURL, CommentsOpen: it.CommentsOpen,
		Source: source, SourceID: it.SourceID,
	}
	if a.Kind == "" {
		a.Kind = model.KindArticle
	}
	if a.Status == "" {
		a.Status = model.StatusPublished
	}
	a.Slug = markup.Slugify(it.Slug)
	if a.Slug == "" {
		a.Slug = markup.Slugify(head)
	}
	if a.Slug == "" {
		a.Slug = "item-" + markup.Slugify(it.SourceID)
	}
	if a.Slug == "item-" {
		a.Slug = "item"
	}
	if old, err := w.st.ArticleBySource(ctx, source, it.SourceID); err == nil {
		a.Slug = old.Slug // keep URLs stable across re-imports
	} else if !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	var r markup.Rendered
	if it.BodyMarkdown != "" {
		var err error
		if r, err = markup.Markdown(it.BodyMarkdown); err != nil {
			return 0, err
		}
		a.BodyFormat, a.BodySource = model.FormatMarkdown, it.BodyMarkdown
	} else {
		r = markup.HTML(it.BodyHTML)
		a.BodyFormat, a.BodySource = model.FormatHTML, it.BodyHTML
	}
	a.BodyHTML, a.BodyText, a.WordCount = r.HTML, r.Text, r.WordCount
	if it.Section != nil {
		id, err := w.section(ctx, *it.Section)
		if err != nil {
			return 0, err
		}
		a.SectionID = id
	}
	for _, t := range it.Tags {
		id, err := w.tag(ctx, t)
		if err != nil {
			return 0, err
		}
		if id != 0 {
			a.Tags = append(a.Tags, model.Tag{ID: id})
		}
	}
	for _, au := range it.Authors {
		id, err := w.author(ctx, au)
		if err != nil {
			return 0, err
		}
		if id != 0 {
			a.Bylines = append(a.Bylines, model.Byline{AuthorID: id, Role: au.Role})
		}
	}
	if l := it.Lead; l != nil && l.URL != "" {
		m := &model.Media{Key: "url:" + l.URL, URL: l.URL, MIME: l.MIME, Width: l.Width, Height: l.Height,
			Alt: l.Alt, Caption: l.Caption, Credit: l.Credit}
		if err := w.st.UpsertMedia(ctx, m, nil); err != nil {
			return 0, err
		}
		a.LeadMediaID, a.LeadAlt, a.LeadCaption, a.LeadCredit = m.ID, l.Alt, l.Caption, l.Credit
	}
	res, err := w.st.SaveArticle(ctx, a)
	if err != nil {
		return 0, err
	}
	if err := w.st.ReplaceCorrections(ctx, a.ID, it.Corrections); err != nil {
		return 0, err
	}
	if it.Comments > 0 {
		if err := w.st.NoteImport(ctx, source, it.SourceID, "comments", it.Comments); err != nil {
			return 0, err
		}
	}
	return res, nil
}

// refSlugName gives the slug (from Slug, else Name) and display name (Name,
// else Slug) of a section or tag reference; slug is "" when neither yields one.
func refSlugName(r Ref) (slug, name string) {
	slug = markup.Slugify(r.Slug)
	if slug == "" {
		slug = markup.Slugify(r.Name)
	}
	name = strings.TrimSpace(r.Name)
	if name == "" {
		name = r.Slug
	}
	return slug, name
}

func (w *writer) section(ctx context.Context, r Ref) (int64, error) {
	slug, name := refSlugName(r)
	if slug == "" {
		return 0, nil
	}
	if id, ok := w.sections[slug]; ok {
		return id, nil
	}
	sec, err := w.st.EnsureSection(ctx, slug, name)
	if err != nil {
		return 0, err
	}
	w.sections[slug] = sec.ID
	return sec.ID, nil
}

func (w *writer) tag(ctx context.Context, r Ref) (int64, error) {
	slug, name := refSlugName(r)
	if slug == "" {
		return 0, nil
	}
	if id, ok := w.tags[slug]; ok {
		return id, nil
	}
	t := &model.Tag{Slug: slug, Name: name}
	if err := w.st.UpsertTag(ctx, t); err != nil {
		return 0, err
	}
	w.tags[slug] = t.ID
	return t.ID, nil
}

func (w *writer) author(ctx context.Context, r AuthorRef) (int64, error) {
	name := strings.TrimSpace(r.Name)
	slug := markup.Slugify(r.Slug)
	if slug == "" {
		slug = markup.Slugify(name)
	}
	if slug == "" {
		return 0, nil
	}
	if name == "" {
		name = r.Slug
	}
	if id, ok := w.authors[slug]; ok {
		return id, nil
	}
	au := &model.Author{Slug: slug, Name: name, Email: r.Email, Bio: r.Bio}
	if err := w.st.UpsertAuthor(ctx, au); err != nil {
		return 0, err
	}
	w.authors[slug] = au.ID
	return au.ID, nil
}
