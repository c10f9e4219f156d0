package model

import "time"

// CommentStatus is a comment's place in moderation (docs/COMMENTS.md).
type CommentStatus string

// Comment statuses. Readers see only CommentApproved comments (and a
// shadow-banned author sees their own shadowed ones); pending ones wait in
// the moderation queue; spam and rejected are a moderator's (or the spam
// defence's) refusals; deleted is the author's or a moderator's removal,
// kept as a placeholder so that replies keep their place in the thread.
const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentSpam     CommentStatus = "spam"
	CommentRejected CommentStatus = "rejected"
	CommentDeleted  CommentStatus = "deleted"
)

// Valid reports whether s is one of the five statuses.
func (s CommentStatus) Valid() bool {
	switch s {
	case CommentPending, CommentApproved, CommentSpam, CommentRejected, CommentDeleted:
		return true
	}
	return false
}

// IdentityKind says how a commenter is known.
type IdentityKind string

// Identity kinds: a guest gives a display name (and optionally an e-mail
// address, never shown); a reader proved an e-mail address by a magic link;
// staff are newsroom accounts (users), shown with a badge.
const (
	IdentityGuest  IdentityKind = "guest"
	IdentityReader IdentityKind = "reader"
	IdentityStaff  IdentityKind = "staff"
)

// CommentIdentity is the author of comments, votes and flags.
type CommentIdentity struct {
	ID            int64
	Kind          IdentityKind
	Name          string    // display name, no CR/LF
	Email         string    // lower-cased, "" when none; never shown to readers
	EmailVerified time.Time // when a magic link proved Email; zero for guests
	Website       string    // http(s) URL or ""
	UserID        int64     // staff: the users row; 0 otherwise
	Created       time.Time
	LastSeen      time.Time
	Erased        time.Time // when the reader erased their account; zero otherwise
	// Source and SourceID identify an imported author ("disqus", author id).
	Source   string
	SourceID string
}

// Comment is one comment under an article.
type Comment struct {
	ID         int64
	ArticleID  int64
	ParentID   int64 // 0 for a top-level comment
	RootID     int64 // id of the thread's top-level comment (own id when top-level)
	Depth      int   // 0 for top-level, parent's depth + 1 otherwise
	IdentityID int64
	Identity   *CommentIdentity // loaded by thread reads
	Status     CommentStatus
	// Shadow marks a comment by a shadow-banned author: shown only to them.
	Shadow     bool
	BodySource string // as written (the comment Markdown subset)
	// BodyHTML is BodySource rendered and sanitised once at write time by
	// markup.Comment; templates output it as is.
	BodyHTML    string
	BodyHash    string // hex SHA-256 of the normalised body, for duplicate checks
	IPHash      string // keyed hash of the client IP ("" when unknown); never the IP
	Created     time.Time
	Edited      time.Time // zero when never edited
	Deleted     time.Time // zero unless Status is CommentDeleted
	Moderated   time.Time // last moderator decision; zero when none
	ModeratedBy int64     // users id, 0 when none
	Score       int       // Upvotes - Downvotes
	Upvotes     int
	Downvotes   int
	Flags       int       // unresolved flags
	Picked      time.Time // editor's pick since; zero when not picked
	Pinned      time.Time // pinned since; zero when not pinned
	SpamScore   float64   // 0..1 from the learning filter
	SpamReason  string    // why the spam defence held it, "" when it did not
	// Source and SourceID identify an imported comment and make re-imports
	// idempotent; both "" for comments written on Masthead.
	Source   string
	SourceID string
}

// FlagReason is why a reader flagged a comment.
type FlagReason string

// Flag reasons offered to readers.
const (
	FlagSpam     FlagReason = "spam"
	FlagAbuse    FlagReason = "abuse"
	FlagOffTopic FlagReason = "off-topic"
	FlagOther    FlagReason = "other"
)

// Valid reports whether r is one of the four reasons.
func (r FlagReason) Valid() bool {
	switch r {
	case FlagSpam, FlagAbuse, FlagOffTopic, FlagOther:
		return true
	}
	return false
}

// CommentFlag is one reader's report on a comment.
type CommentFlag struct {
	ID         int64
	CommentID  int64
	Reporter   string // "i:<identity id>" or "ip:<ip hash>"
	IdentityID int64  // 0 for an anonymous reporter
	Reason     FlagReason
	Note       string // optional free text, plain
	Created    time.Time
	Resolved   time.Time // zero while open
	ResolvedBy int64
}

// CommentBan keeps an identity, an e-mail address or a hashed client IP
// from commenting (or, Shadow, hides their comments from everyone else).
type CommentBan struct {
	ID         int64
	IdentityID int64     // 0 when the ban is by e-mail or IP only
	Email      string    // lower-cased, "" when not by e-mail
	IPHash     string    // "" when not by IP
	Until      time.Time // zero = permanent
	Shadow     bool
	Reason     string
	CreatedBy  int64 // users id
	Created    time.Time
	Lifted     time.Time // zero unless ended early
}

// ActiveAt reports whether the ban is in force at now.
func (b *CommentBan) ActiveAt(now time.Time) bool {
	if !b.Lifted.IsZero() && !b.Lifted.After(now) {
		return false
	}
	return b.Until.IsZero() || b.Until.After(now)
}

// ModerationMode says when a new comment needs a moderator before readers
// see it.
type ModerationMode string

// Moderation modes. ModeInherit (in a section or article setting) takes the
// wider scope's mode.
const (
	ModeInherit  ModerationMode = ""
	ModePost     ModerationMode = "post"      // published at once, moderated after
	ModePre      ModerationMode = "pre"       // every comment waits for a moderator
	ModePreFirst ModerationMode = "pre-first" // first-time commenters wait
	ModePreLinks ModerationMode = "pre-links" // comments with links wait
)

// Valid reports whether m is a known mode (ModeInherit included).
func (m ModerationMode) Valid() bool {
	switch m {
	case ModeInherit, ModePost, ModePre, ModePreFirst, ModePreLinks:
		return true
	}
	return false
}

// Setting scopes of CommentSettings.
const (
	ScopeSite    = "site"
	ScopeSection = "section"
	ScopeArticle = "article"
)

// CommentSettings are the moderation settings of one scope: the site
// (ScopeID 0), a section or an article.
type CommentSettings struct {
	Scope   string // ScopeSite, ScopeSection or ScopeArticle
	ScopeID int64
	Mode    ModerationMode
	// Closed is when a moderator closed an article's comments; zero = open.
	Closed time.Time
	// AutoCloseDays closes comments that many days after publication;
	// 0 = never, -1 = inherit from the wider scope.
	AutoCloseDays int
	Updated       time.Time
	UpdatedBy     int64
}
