package comment

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"masthead/internal/model"
)

// Limits on what readers send.
const (
	MaxBodyRunes = 5000 // characters of Markdown in one comment
	MaxNameRunes = 60   // characters of a display name
	MaxNoteRunes = 500  // characters of a flag's note
)

// Errors returned by the validation helpers; their text is shown to readers.
var (
	ErrEmptyBody  = errors.New("Please write a comment before posting.")
	ErrLongBody   = errors.New("Comments are limited to 5,000 characters.")
	ErrName       = errors.New("Please give a display name of up to 60 characters (letters, numbers and punctuation; no line breaks).")
	ErrEmail      = errors.New("That e-mail address does not look right.")
	ErrWebsite    = errors.New("The website must be an http:// or https:// address.")
	ErrClosed     = errors.New("Comments are closed for this story.")
	ErrEditWindow = errors.New("The time for editing or deleting this comment has passed.")
	ErrNotYours   = errors.New("You can only edit or delete your own comments.")
	ErrModerated  = errors.New("This comment was not accepted by the moderators, so it can no longer be edited. You can still delete it.")
	ErrNotShown   = errors.New("That comment is not available.")
)

// ValidName checks and tidies a display name: 1…MaxNameRunes characters
// after CleanName, no control characters (CR/LF could inject e-mail
// headers) and no invisible format characters (zero-width joiners, bidi
// overrides) that could disguise one name as another.
func ValidName(s string) (string, error) {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "", ErrName
		}
	}
	s = CleanName(s)
	if s == "" || utf8.RuneCountInString(s) > MaxNameRunes {
		return "", ErrName
	}
	return s, nil
}

// ValidEmail checks an optional e-mail address ("" is allowed) and returns
// it lower-cased.
func ValidEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > 254 || strings.ContainsAny(s, "\r\n") {
		return "", ErrEmail
	}
	return s, nil
}

// ValidWebsite checks an optional website: an absolute http(s) URL with a
// host, at most 300 bytes.
func ValidWebsite(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 300 || strings.ContainsAny(s, " \t\r\n\"'<>") {
		return "", ErrWebsite
	}
	return u.String(), nil
}

// ValidBody checks a comment's Markdown source: not blank, at most
// MaxBodyRunes characters, valid UTF-8 (invalid bytes are replaced), line
// ends normalised to "\n".
func ValidBody(s string) (string, error) {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", ErrEmptyBody
	case utf8.RuneCountInString(s) > MaxBodyRunes:
		return "", ErrLongBody
	}
	return s, nil
}

// OpenAt reports whether article a takes new comments at now under its
// effective settings set: the editor left comments open, no moderator
// closed them, and fewer than AutoCloseDays days passed since publication
// (0 = never closes).
func OpenAt(a *model.Article, set model.CommentSettings, now time.Time) bool {
	if !a.CommentsOpen || !set.Closed.IsZero() || !a.VisibleAt(now) {
		return false
	}
	if set.AutoCloseDays > 0 && !a.PublishedAt.IsZero() &&
		!now.Before(a.PublishedAt.Add(time.Duration(set.AutoCloseDays)*24*time.Hour)) {
		return false
	}
	return true
}

// ClosesAt returns when the auto-close rule (set.AutoCloseDays after
// publication) closes comments on article a; zero when it never does.
// OpenAt is the whole test of whether comments are open; this is for
// bounding how long a page showing the comment form may be cached.
func ClosesAt(a *model.Article, set model.CommentSettings) time.Time {
	if set.AutoCloseDays <= 0 || a.PublishedAt.IsZero() {
		return time.Time{}
	}
	return a.PublishedAt.Add(time.Duration(set.AutoCloseDays) * 24 * time.Hour)
}

// CanChange reports whether identity viewer may edit or delete comment c at
// now: it is theirs, not deleted, and posted less than window ago.
func CanChange(c *model.Comment, viewer int64, window time.Duration, now time.Time) error {
	switch {
	case viewer == 0 || c.IdentityID != viewer:
		return ErrNotYours
	case c.Status == model.CommentDeleted:
		return ErrNotYours
	case window <= 0 || !now.Before(c.Created.Add(window)):
		return ErrEditWindow
	}
	return nil
}

// CanEdit reports whether identity viewer may edit comment c at now:
// CanChange, and c was not decided against (status rejected or spam, by a
// moderator or the spam defence), so the text that was judged stays what
// the queue and the audit log show. Such a comment can still be deleted.
// Errors: those of CanChange, or ErrModerated.
func CanEdit(c *model.Comment, viewer int64, window time.Duration, now time.Time) error {
	if err := CanChange(c, viewer, window, now); err != nil {
		return err
	}
	if c.Status == model.CommentRejected || c.Status == model.CommentSpam {
		return ErrModerated
	}
	return nil
}

// VisibleTo reports whether identity viewer (0 for none) sees comment c as
// a published comment it can reply to, vote on or report: approved, and not
// shadowed unless it is the viewer's own. A shadow-banned author's comment
// behaves for everyone else as if it did not exist.
func VisibleTo(c *model.Comment, viewer int64) bool {
	return c.Status == model.CommentApproved && (!c.Shadow || (viewer != 0 && c.IdentityID == viewer))
}

// NotPublished returns what the author of comment c is told when c was
// stored but is not published to anyone — rejected (a banned word, or a
// moderator) or spam (the honeypot, a copy-paste run, a confident filter,
// or a moderator) — and "" for any other status. It names no rule, so it
// teaches a spammer nothing. A shadow-banned author's comment is stored
// approved and gets "" like any published one, so the ban stays hidden.
func NotPublished(c *model.Comment) string {
	if c.Status != model.CommentRejected && c.Status != model.CommentSpam {
		return ""
	}
	if !c.Moderated.IsZero() {
		return "Your comment was not published: the moderators did not accept it."
	}
	return "Your comment was not published: it did not pass this site's automatic checks for spam and abuse. " +
		"If you think this is a mistake, contact the newsroom."
}

// Sign returns value with an expiry (unix seconds) and an HMAC-SHA256 tag
// under key, for cookies: "value.expiry.tag" (tag base64url). value must not
// contain ".". purpose separates the uses of one key.
func Sign(key []byte, purpose, value string, expires time.Time) string {
	exp := strconv.FormatInt(expires.Unix(), 10)
	return value + "." + exp + "." + tag(key, purpose, value+"."+exp)
}

// Verify returns the value of a token made by Sign with the same key and
// purpose when its tag matches and it has not expired at now.
func Verify(key []byte, purpose, token string, now time.Time) (string, bool) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return "", false
	}
	body, got := token[:i], token[i+1:]
	if !hmac.Equal([]byte(got), []byte(tag(key, purpose, body))) {
		return "", false
	}
	j := strings.LastIndexByte(body, '.')
	if j < 0 {
		return "", false
	}
	exp, err := strconv.ParseInt(body[j+1:], 10, 64)
	if err != nil || now.Unix() >= exp {
		return "", false
	}
	return body[:j], true
}

func tag(key []byte, purpose, body string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose + "\x00" + body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
