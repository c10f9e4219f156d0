package spam

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Mode is a moderation mode, set site-wide and overridable per section and
// per article (the most specific setting wins).
type Mode string

// The moderation modes (the field's terms: post- and pre-moderation).
const (
	// PostModeration publishes comments at once; moderators act afterwards.
	PostModeration Mode = "post"
	// PreModeration holds every comment for a moderator.
	PreModeration Mode = "pre"
	// PreModerationFirstTime holds comments of authors with no approved comment yet.
	PreModerationFirstTime Mode = "pre-first"
	// PreModerationLinks holds comments that contain a link.
	PreModerationLinks Mode = "pre-links"
)

// Modes lists the modes in the order settings pages offer them.
var Modes = []Mode{PostModeration, PreModeration, PreModerationFirstTime, PreModerationLinks}

// Label is the mode's name for people.
func (m Mode) Label() string {
	switch m {
	case PostModeration:
		return "Post-moderation (publish at once)"
	case PreModeration:
		return "Pre-moderation (hold every comment)"
	case PreModerationFirstTime:
		return "Pre-moderation for first-time commenters"
	case PreModerationLinks:
		return "Pre-moderation for comments with links"
	}
	return string(m)
}

// ParseMode returns the Mode named s, or an error naming the valid ones.
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown moderation mode %q (use post, pre, pre-first or pre-links)", s)
}

// Status is a comment's moderation status.
type Status string

// The statuses a decision gives. Only approved comments are public.
const (
	Approved Status = "approved"
	Pending  Status = "pending"
	Spam     Status = "spam"
	Rejected Status = "rejected"
)

func severity(s Status) int {
	switch s {
	case Pending:
		return 1
	case Rejected:
		return 2
	case Spam:
		return 3
	}
	return 0
}

// Policy is the moderation policy in force for one article: the site's
// settings with the section's and the article's overrides applied.
type Policy struct {
	Mode       Mode
	MaxLinks   int           // more links than this hold the comment; < 0 turns the check off
	MinSubmit  time.Duration // a form sent back sooner than this after it was served is held
	CloseAfter time.Duration // comments close this long after publication; 0 = never
	Banned     *WordList     // a match rejects the comment
	Suspect    *WordList     // a match holds the comment
	HoldScore  float64       // a trained filter's spam probability at or above this holds
	SpamScore  float64       // … and at or above this marks it spam
	// DuplicateSpam is how many comments with the same text by other
	// authors within DuplicateWindow make a new one spam (copy-paste runs).
	DuplicateSpam   int
	DuplicateWindow time.Duration
}

// DefaultPolicy is the policy of a new site: post-moderation, more than 3
// links held, forms sent back within 3 seconds held, comments closed 14 days
// after publication, filter hold at 0.9 and spam at 0.99, the same text from
// 3 other authors within a day is spam.
var DefaultPolicy = Policy{
	Mode: PostModeration, MaxLinks: 3, MinSubmit: 3 * time.Second, CloseAfter: 14 * 24 * time.Hour,
	HoldScore: 0.9, SpamScore: 0.99, DuplicateSpam: 3, DuplicateWindow: 24 * time.Hour,
}

// BanKind says what a ban is matched on.
type BanKind string

// Ban kinds.
const (
	BanIdentity BanKind = "identity" // a commenter identity (guest or verified)
	BanEmail    BanKind = "email"    // an e-mail address, lower-cased
	BanIP       BanKind = "ip"       // a keyed hash of the client IP
)

// Ban is one ban as the rules see it.
type Ban struct {
	Kind   BanKind
	Until  time.Time // end of the ban (UTC); zero = permanent
	Shadow bool      // the author may post and sees their comments; nobody else does
	Reason string
}

// Active reports whether b is in force at now.
func (b Ban) Active(now time.Time) bool { return b.Until.IsZero() || now.Before(b.Until) }

// Submission is everything the rules know about one new comment.
type Submission struct {
	Now      time.Time
	Body     string    // source as submitted
	Links    int       // links in the body
	Honeypot string    // the hidden form field; people leave it empty
	FormTime time.Time // when the form was served; zero when unknown (then not checked)
	// NoStamp is true when the form's time stamp was missing, forged, from
	// the future or made for another article: held like an instant post
	// (when MinSubmit is on), since a bot can simply leave the field out.
	NoStamp   bool
	Staff     bool      // posted by a signed-in newsroom account
	Approved  int       // approved comments the author has already (callers may stop counting at 1)
	Bans      []Ban     // bans matching the identity, e-mail or IP hash (any state)
	Published time.Time // when the article was published
	Closed    bool      // comments closed on the article by an editor
	// OwnDuplicate is true when the same author posted the same text
	// (normalised) on this article within the duplicate window.
	OwnDuplicate bool
	// OthersDuplicates counts comments with the same text by other authors
	// within the duplicate window.
	OthersDuplicates int
	Score            Score // the learning filter's score
	// Words is Words(Normalize(Body)) when the caller has it already; nil
	// means Decide computes it.
	Words []string
	// Normalized is Normalize(Body) when the caller has it already; ""
	// means Decide computes it when a word list is set (for the joined
	// pass, WordList.MatchJoined).
	Normalized string
}

// Verdict is the rules' decision on a comment that may be stored.
type Verdict struct {
	Status  Status
	Shadow  bool     // store it shadowed: visible to its author only
	Reasons []string // why it is not simply approved, for the moderation queue
}

// Refusal is a comment that is not stored at all, with the HTTP status and
// the message the poster sees.
type Refusal struct {
	Code       int
	Message    string
	RetryAfter time.Duration // for 429, else 0
}

func (r *Refusal) Error() string { return r.Message }

// ClosedAt returns when comments on an article published at published close
// under p (zero when they never close automatically).
func (p Policy) ClosedAt(published time.Time) time.Time {
	if p.CloseAfter <= 0 || published.IsZero() {
		return time.Time{}
	}
	return published.Add(p.CloseAfter)
}

// Open reports whether an article published at published, closed by hand
// or not, takes comments at now.
func (p Policy) Open(published time.Time, closed bool, now time.Time) bool {
	if closed {
		return false
	}
	at := p.ClosedAt(published)
	return at.IsZero() || now.Before(at)
}

// Decide applies the policy to s. It returns a *Refusal error when the
// comment must not be stored (comments closed: 403; an active, not shadow,
// ban: 403; the same text again from the same author: 409), and otherwise the
// Verdict. The strongest rule wins (spam over rejected over pending over
// approved), and every rule that fired is listed in Reasons:
//
//   - spam: the honeypot field is filled; the filter's score reaches
//     SpamScore and it is Confident (trained on MinConfident comments of
//     each class; before that such a score holds the comment, pending);
//     DuplicateSpam or more other authors posted the same text;
//   - rejected: a banned word or phrase;
//   - pending: a suspect word; more links than MaxLinks; the form came back
//     faster than MinSubmit, or without a valid time stamp; the trained filter's score reaches HoldScore;
//     the mode asks for it (pre-moderation; first-time author; a link).
//
// Staff comments are subject only to closing; a shadow ban sets Shadow and
// otherwise decides as if there were no ban. Rate limits are applied by the
// caller (Limiter) before Decide.
func (p Policy) Decide(s Submission) (Verdict, error) {
	if !p.Open(s.Published, s.Closed, s.Now) {
		return Verdict{}, &Refusal{Code: http.StatusForbidden, Message: "Comments are closed on this article."}
	}
	if s.Staff {
		return Verdict{Status: Approved}, nil
	}
	v := Verdict{Status: Approved}
	for _, b := range s.Bans {
		if !b.Active(s.Now) {
			continue
		}
		if b.Shadow {
			v.Shadow = true
			continue
		}
		msg := "You cannot comment here"
		if !b.Until.IsZero() {
			msg += " until " + b.Until.UTC().Format("2 January 2006, 15:04 UTC")
		}
		return Verdict{}, &Refusal{Code: http.StatusForbidden, Message: msg + ". If you think this is a mistake, contact the newsroom."}
	}
	if s.OwnDuplicate {
		return Verdict{}, &Refusal{Code: http.StatusConflict, Message: "You have already posted this comment on this article."}
	}
	mark := func(st Status, reason string) {
		if severity(st) > severity(v.Status) {
			v.Status = st
		}
		v.Reasons = append(v.Reasons, reason)
	}
	if strings.TrimSpace(s.Honeypot) != "" {
		mark(Spam, "the hidden honeypot field was filled in")
	}
	switch sc := s.Score; {
	case !sc.Trained:
	case p.SpamScore > 0 && sc.Spam >= p.SpamScore && sc.Confident:
		mark(Spam, fmt.Sprintf("spam filter score %.2f ≥ %.2f", sc.Spam, p.SpamScore))
	case p.SpamScore > 0 && sc.Spam >= p.SpamScore:
		mark(Pending, fmt.Sprintf("spam filter score %.2f ≥ %.2f, held for review: the filter has %s (it marks spam by itself from %d of each)",
			sc.Spam, p.SpamScore, sc.Training(), MinConfident))
	case p.HoldScore > 0 && sc.Spam >= p.HoldScore:
		mark(Pending, fmt.Sprintf("spam filter score %.2f ≥ %.2f", sc.Spam, p.HoldScore))
	}
	if p.DuplicateSpam > 0 && s.OthersDuplicates >= p.DuplicateSpam {
		mark(Spam, fmt.Sprintf("the same text was posted by %d other authors", s.OthersDuplicates))
	}
	words := s.Words
	if words == nil {
		words = Words(Normalize(s.Body))
	}
	skels := skeletons(words)
	normalized := s.Normalized
	if normalized == "" && (p.Banned.Len() > 0 || p.Suspect.Len() > 0) {
		normalized = Normalize(s.Body)
	}
	listed := func(l *WordList) (string, bool) {
		if w, ok := l.match(words, skels); ok {
			return w, true
		}
		return l.MatchJoined(normalized)
	}
	if w, ok := listed(p.Banned); ok {
		mark(Rejected, fmt.Sprintf("banned word %q", w))
	}
	if w, ok := listed(p.Suspect); ok {
		mark(Pending, fmt.Sprintf("suspect word %q", w))
	}
	if p.MaxLinks >= 0 && s.Links > p.MaxLinks {
		mark(Pending, fmt.Sprintf("%d links (more than %d)", s.Links, p.MaxLinks))
	}
	if !s.FormTime.IsZero() && p.MinSubmit > 0 && s.Now.Sub(s.FormTime) < p.MinSubmit {
		mark(Pending, fmt.Sprintf("sent %.1f s after the form was served (minimum %.0f s)",
			s.Now.Sub(s.FormTime).Seconds(), p.MinSubmit.Seconds()))
	}
	if s.NoStamp && p.MinSubmit > 0 {
		mark(Pending, "no valid form time stamp (missing, forged or from another story's form)")
	}
	switch p.Mode {
	case PreModeration:
		mark(Pending, "pre-moderation")
	case PreModerationFirstTime:
		if s.Approved == 0 {
			mark(Pending, "pre-moderation of first-time commenters")
		}
	case PreModerationLinks:
		if s.Links > 0 {
			mark(Pending, "pre-moderation of comments with links")
		}
	}
	return v, nil
}
