// Package model holds Masthead's plain domain structs. It has no SQL and no
// behaviour beyond small helpers; every other package speaks in these types.
//
// Times are always UTC time.Time values; the site's time zone is applied only
// when rendering. A zero time.Time means "unset".
package model

import "time"

// Kind says whether a piece of content is a news article or a static page
// (About, Contact …). Pages never appear on fronts, feeds or related lists.
type Kind string

// Content kinds.
const (
	KindArticle Kind = "article"
	KindPage    Kind = "page"
)

// Status is an article's place in the editorial workflow.
type Status string

// Workflow states. Only StatusPublished content whose PublishedAt and
// EmbargoUntil have passed is visible to readers.
const (
	StatusDraft       Status = "draft"
	StatusReview      Status = "review"
	StatusScheduled   Status = "scheduled"
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished"
	StatusPrivate     Status = "private"
)

// BodyFormat names the syntax of Article.BodySource.
type BodyFormat string

// Body formats: Markdown written in Masthead, or HTML from an import.
const (
	FormatMarkdown BodyFormat = "markdown"
	FormatHTML     BodyFormat = "html"
)

// Section is a desk of the paper (Politics, Business …) with its own front.
type Section struct {
	ID          int64
	Slug        string // URL segment, [a-z0-9-]+, unique
	Name        string
	Description string
	Position    int // order in the navigation, ascending
}

// Author is a person who can appear in a byline and has an author page.
type Author struct {
	ID    int64
	Slug  string // URL segment, unique
	Name  string
	Bio   string // plain text
	Email string // never shown to readers
	// Title is the job title shown under the name ("Political Correspondent").
	Title string
	// PhotoID is the Media id of the author's head shot, 0 when none.
	PhotoID int64
	Photo   *Media // loaded by some queries
}

// Tag is a free keyword attached to articles; it has a tag page.
type Tag struct {
	ID   int64
	Slug string
	Name string
}

// Media is a stored image. Bytes live in the database (table media_files)
// when Stored is true; otherwise URL points at the original host (imports
// of remote feeds keep the publisher's image URL).
type Media struct {
	ID       int64
	Key      string // stable key: "upload:<sha256>" or "<source>:<source id>"
	URL      string // absolute URL for remote media; empty for stored media
	Stored   bool   // bytes are in media_files
	MIME     string // sniffed type, e.g. "image/jpeg"
	Width    int    // pixels, 0 when unknown
	Height   int    // pixels, 0 when unknown
	Bytes    int64  // size of the stored file in bytes, 0 when remote
	Alt      string // default alt text; an article may override per use
	Caption  string // default caption (plain text)
	Credit   string // default credit ("Photographer/Agency")
	Created  time.Time
	Checksum string // hex sha256 of the stored bytes, "" when remote
}

// Byline links an author to an article in order, with a role
// ("author", "reporting", "photos", "editing" …; empty means author).
type Byline struct {
	AuthorID int64
	Position int
	Role     string
	Author   *Author // loaded with the article
}

// Correction is a dated note appended to an article after publication.
type Correction struct {
	ID        int64
	ArticleID int64
	Created   time.Time // UTC
	Body      string    // plain text
}

// Article is a story or a page with everything the article page shows.
type Article struct {
	ID        int64
	Kind      Kind
	Status    Status
	Slug      string // URL segment, unique among all content
	Kicker    string
	Headline  string
	Dek       string
	SectionID int64
	Section   *Section // loaded with the article
	Dateline  string   // place, e.g. "PYONGYANG"; rendered "PYONGYANG —"

	// Lead media and its per-use texts. LeadMediaID is 0 when none.
	LeadMediaID int64
	LeadMedia   *Media
	LeadAlt     string
	LeadCaption string
	LeadCredit  string

	BodyFormat BodyFormat
	BodySource string // as written or imported
	// BodyHTML is BodySource rendered and sanitised once at write time by
	// package markup. It may hold recirculation placeholders (see markup.Recirc).
	BodyHTML  string
	BodyText  string // plain text for search and snippets
	WordCount int

	Rights         string // overrides the site's rights line when not empty
	CanonicalURL   string // overrides the canonical link when not empty
	SEOTitle       string
	SEODescription string
	CommentsOpen   bool

	PublishedAt  time.Time // first publication, UTC
	UpdatedAt    time.Time // last substantive update shown as "Updated …"; zero when never
	EmbargoUntil time.Time // zero when none
	Created      time.Time
	Modified     time.Time // last write of any kind; drives ETag/Last-Modified

	// Source and SourceID identify the article in the system it was imported
	// from ("wxr:example.com", "ninjs", …) and make re-imports idempotent.
	Source   string
	SourceID string
	// CreatedBy is the newsroom account (user id) that created the article
	// in the editor or the Admin API; 0 for imported or demo articles.
	CreatedBy int64

	Bylines     []Byline
	Tags        []Tag
	Corrections []Correction
	// Pins are article ids an editor chose for the READ MORE list, in order.
	Pins []int64
	// CommentCount is the number of comments readers see; filled by the
	// reader site for fronts and lists, 0 otherwise.
	CommentCount int
}

// VisibleAt reports whether readers may see a at time now (UTC): published,
// publication time reached, and any embargo lifted.
func (a *Article) VisibleAt(now time.Time) bool {
	if a.Status != StatusPublished {
		return false
	}
	if !a.PublishedAt.IsZero() && a.PublishedAt.After(now) {
		return false
	}
	if !a.EmbargoUntil.IsZero() && a.EmbargoUntil.After(now) {
		return false
	}
	return true
}

// LastChanged returns the time readers would consider the story last changed:
// UpdatedAt when set, otherwise PublishedAt.
func (a *Article) LastChanged() time.Time {
	if !a.UpdatedAt.IsZero() && a.UpdatedAt.After(a.PublishedAt) {
		return a.UpdatedAt
	}
	return a.PublishedAt
}
