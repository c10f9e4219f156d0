// Package comment holds the rules of Masthead's comments: who may post
// where, what status a new comment takes, threads, identity and
// notifications. It speaks to the database through package store.
package comment

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"masthead/internal/comment/spam"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Submission is a new comment as the web layer received it, before it is
// stored: everything Decide may look at.
type Submission struct {
	Article  *model.Article
	Identity *model.CommentIdentity
	// Settings are the effective settings for Article
	// (store.EffectiveCommentSettings).
	Settings   model.CommentSettings
	ParentID   int64
	BodySource string // as typed by the reader
	BodyHTML   string // BodySource rendered by markup.Comment
	IPHash     string // Decider.HashIP of the client IP (auth.ClientIP)
	// Elapsed is the time from the form being served to its submission
	// (see Decider.FormStamp and Decider.Elapsed); 0 when not known.
	Elapsed time.Duration
	// NoStamp is true when the form's "ts" stamp was missing, forged, from
	// the future or for another article (Decider.Elapsed returned 0): the
	// comment is held like an instant post while the time-to-submit rule
	// is on.
	NoStamp bool
	// Honeypot is the value of the comment form's hidden field
	// (HoneypotField), which people never see and so leave empty.
	Honeypot string
	Now      time.Time // UTC
}

// HoneypotField is the name of the comment form's hidden honeypot input.
// It is hidden with CSS and aria-hidden, not type=hidden, so form-filling
// bots fill it in.
const HoneypotField = "website_url"

// Decision is the outcome of Decide for one submission.
type Decision struct {
	Status model.CommentStatus
	// Shadow marks a comment of a shadow-banned author: stored with the
	// status decided, shown only to its author.
	Shadow     bool
	SpamScore  float64 // 0..1 from the learning filter (0.5 when it knows nothing)
	SpamReason string  // why the comment was held, "; "-separated, "" when it was not
	BodyHash   string  // BodyHash(BodySource): store it in comments.body_hash
}

// Refusal is the error Decide returns for a comment that must not be stored
// at all: Code is the HTTP status (403 closed or banned, 409 a duplicate,
// 429 too many comments, with RetryAfter), Message what the poster reads.
type Refusal = spam.Refusal

// Decider decides the status of new comments. Store is required; Limiter
// defaults to spam.DefaultRateLimits on first use. It is safe for
// concurrent use.
type Decider struct {
	Store   *store.Store
	Limiter *spam.Limiter
	// ListsTTL is how long word lists and thresholds read from the store are
	// reused before being read again (default 10 s), so that another
	// instance's change arrives within it; Invalidate drops them at once.
	ListsTTL time.Duration

	mu     sync.Mutex
	cached *policyCache
}

type policyCache struct {
	loaded   time.Time
	banned   *spam.WordList
	suspect  *spam.WordList
	defences store.CommentDefences
}

// Decide returns the status a new comment takes. It is the one place where
// that decision is made; docs/COMMENTS.md ("Moderation") lists the rules:
// comments closed (by the editor, a moderator or N days after
// publication), bans by identity, e-mail and IP hash (shadow bans let the
// comment through shadowed), duplicates, the honeypot and time to submit,
// banned and suspect words, the link limit, the learning filter, the
// moderation mode, then the rate limits per identity and per IP hash. Staff
// identities are subject only to closing. A *Refusal error means the
// comment is refused (do not store it; answer with its Code and Message);
// any other error is a database failure.
func (d *Decider) Decide(ctx context.Context, s Submission) (Decision, error) {
	if s.Now.IsZero() {
		s.Now = time.Now().UTC()
	}
	pc, err := d.policy(ctx, s.Now)
	if err != nil {
		return Decision{}, err
	}
	p := pc.policy(s.Settings)
	links := spam.Links(s.BodyHTML)
	normalised := spam.Normalize(s.BodySource)
	words := spam.Words(normalised)
	sub := spam.Submission{
		Now:        s.Now,
		Body:       s.BodySource,
		Links:      len(links),
		Honeypot:   s.Honeypot,
		NoStamp:    s.NoStamp,
		Words:      words,
		Normalized: normalised,
		Published:  s.Article.PublishedAt,
		Closed:     !s.Article.CommentsOpen || !s.Settings.Closed.IsZero(),
	}
	if s.Elapsed > 0 {
		sub.FormTime = s.Now.Add(-s.Elapsed)
	}
	dec := Decision{BodyHash: spam.FingerprintWords(words), SpamScore: 0.5}
	id := s.Identity
	if id != nil && id.Kind == model.IdentityStaff {
		sub.Staff = true
		if _, err := p.Decide(sub); err != nil {
			return Decision{}, err
		}
		dec.Status = model.CommentApproved
		return dec, nil
	}
	var identityID int64
	var email string
	if id != nil {
		identityID, email = id.ID, id.Email
	}
	bans, err := d.Store.MatchingCommentBans(ctx, identityID, email, s.IPHash, s.Now)
	if err != nil {
		return Decision{}, err
	}
	for _, b := range bans {
		sub.Bans = append(sub.Bans, spam.Ban{Kind: banKind(b), Until: b.Until, Shadow: b.Shadow, Reason: b.Reason})
	}
	if identityID != 0 {
		ok, err := d.Store.HasApprovedComment(ctx, identityID)
		if err != nil {
			return Decision{}, err
		}
		if ok {
			sub.Approved = 1
		}
	}
	own, others, err := d.Store.CommentDuplicates(ctx, dec.BodyHash, identityID, s.IPHash, s.Article.ID, s.Now.Add(-p.DuplicateWindow))
	if err != nil {
		return Decision{}, err
	}
	sub.OwnDuplicate, sub.OthersDuplicates = own > 0, others
	f := FeaturesOf(s.BodySource, links, id, false)
	f.Words = words
	score, err := d.Score(ctx, f)
	if err != nil {
		return Decision{}, err
	}
	sub.Score = score
	dec.SpamScore = score.Spam
	v, err := p.Decide(sub)
	if err != nil {
		return Decision{}, err
	}
	if d.Limiter == nil {
		d.mu.Lock()
		if d.Limiter == nil {
			d.Limiter = spam.NewLimiter(spam.DefaultRateLimits)
		}
		d.mu.Unlock()
	}
	if ok, wait := d.Limiter.Allow(identityKey(identityID), s.IPHash, s.Now); !ok {
		return Decision{}, &Refusal{Code: 429, RetryAfter: wait,
			Message: fmt.Sprintf("You are commenting too fast. Please wait %d seconds and try again.", int(wait.Seconds()))}
	}
	dec.Status, dec.Shadow = model.CommentStatus(v.Status), v.Shadow
	dec.SpamReason = strings.Join(v.Reasons, "; ")
	return dec, nil
}

// identityKey is the rate-limit key of an identity ("" for none yet).
func identityKey(id int64) string {
	if id == 0 {
		return ""
	}
	return "i:" + strconv.FormatInt(id, 10)
}

// NewIdentityPosted counts a comment against the per-identity rate limit of
// identity id, created after Decide ran for it (a new guest's first
// comment: Decide could only charge the IP), so that the burst of
// spam.RateLimits.IdentityBurst includes it.
func (d *Decider) NewIdentityPosted(id int64, now time.Time) {
	d.mu.Lock()
	l := d.Limiter
	d.mu.Unlock()
	if l != nil {
		l.Spend(identityKey(id), now)
	}
}

func banKind(b model.CommentBan) spam.BanKind {
	switch {
	case b.IdentityID != 0:
		return spam.BanIdentity
	case b.Email != "":
		return spam.BanEmail
	}
	return spam.BanIP
}

// policy is the spam.Policy for an article with effective settings set.
func (pc *policyCache) policy(set model.CommentSettings) spam.Policy {
	p := spam.Policy{
		Mode:            spam.Mode(set.Mode),
		MaxLinks:        pc.defences.MaxLinks,
		MinSubmit:       time.Duration(pc.defences.MinSubmitSeconds) * time.Second,
		CloseAfter:      time.Duration(set.AutoCloseDays) * 24 * time.Hour,
		Banned:          pc.banned,
		Suspect:         pc.suspect,
		HoldScore:       pc.defences.HoldScore,
		SpamScore:       pc.defences.SpamScore,
		DuplicateSpam:   pc.defences.DuplicateSpam,
		DuplicateWindow: 24 * time.Hour,
	}
	if p.Mode == "" {
		p.Mode = spam.PostModeration
	}
	return p
}

// DecideEdit returns the status of comment c after its author's edit to
// s.BodySource / s.BodyHTML (s also carries Article, Identity, Settings and
// Now). The rules about the text run again — banned and suspect words, the
// link limit, the learning filter, pre-moderation and pre-moderation of
// links — so that a comment approved with harmless text cannot be edited
// into spam. An edit never loosens a status: the result is the stricter of
// c.Status and the new verdict, and its SpamReason adds "edited: …" to the
// old reasons. Closing, bans, duplicates, the honeypot, time to submit and
// rate limits were settled when the comment was posted; the edit window is
// the caller's. Staff edits keep the status.
func (d *Decider) DecideEdit(ctx context.Context, c *model.Comment, s Submission) (Decision, error) {
	words := spam.Words(spam.Normalize(s.BodySource))
	dec := Decision{Status: c.Status, Shadow: c.Shadow, SpamScore: c.SpamScore, SpamReason: c.SpamReason,
		BodyHash: spam.FingerprintWords(words)}
	if s.Identity != nil && s.Identity.Kind == model.IdentityStaff {
		return dec, nil
	}
	if s.Now.IsZero() {
		s.Now = time.Now().UTC()
	}
	pc, err := d.policy(ctx, s.Now)
	if err != nil {
		return Decision{}, err
	}
	p := pc.policy(s.Settings)
	p.CloseAfter, p.DuplicateSpam = 0, 0
	links := spam.Links(s.BodyHTML)
	f := FeaturesOf(s.BodySource, links, s.Identity, false)
	f.Words = words
	score, err := d.Score(ctx, f)
	if err != nil {
		return Decision{}, err
	}
	v, err := p.Decide(spam.Submission{Now: s.Now, Body: s.BodySource, Words: words, Links: len(links), Approved: 1, Score: score})
	if err != nil {
		return Decision{}, err
	}
	dec.SpamScore = score.Spam
	if v.Status != spam.Approved && severityOf(model.CommentStatus(v.Status)) > severityOf(c.Status) {
		dec.Status = model.CommentStatus(v.Status)
	}
	if len(v.Reasons) > 0 {
		r := "edited: " + strings.Join(v.Reasons, "; ")
		if dec.SpamReason != "" {
			r = dec.SpamReason + "; " + r
		}
		dec.SpamReason = r
	}
	return dec, nil
}

// severityOf orders statuses from approved (0) to spam (3).
func severityOf(s model.CommentStatus) int {
	switch s {
	case model.CommentPending:
		return 1
	case model.CommentRejected:
		return 2
	case model.CommentSpam:
		return 3
	}
	return 0
}

// policy returns the cached word lists and thresholds, reading them again
// when older than ListsTTL.
func (d *Decider) policy(ctx context.Context, now time.Time) (*policyCache, error) {
	ttl := d.ListsTTL
	if ttl <= 0 {
		ttl = 10 * time.Second
	}
	d.mu.Lock()
	pc := d.cached
	d.mu.Unlock()
	if pc != nil && now.Sub(pc.loaded) < ttl && !now.Before(pc.loaded) {
		return pc, nil
	}
	pc = &policyCache{loaded: now}
	var err error
	if pc.banned, err = d.wordList(ctx, store.WordsBanned); err != nil {
		return nil, err
	}
	if pc.suspect, err = d.wordList(ctx, store.WordsSuspect); err != nil {
		return nil, err
	}
	if pc.defences, err = d.Store.CommentDefences(ctx); err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.cached = pc
	d.mu.Unlock()
	return pc, nil
}

func (d *Decider) wordList(ctx context.Context, kind string) (*spam.WordList, error) {
	words, err := d.Store.CommentWords(ctx, kind)
	if err != nil {
		return nil, err
	}
	l, err := spam.ParseWordList(strings.Join(words, "\n"))
	if err != nil {
		return nil, fmt.Errorf("comment: stored %s word list: %w", kind, err)
	}
	return l, nil
}

// Invalidate makes the next Decide read word lists and thresholds again
// (call it after saving them).
func (d *Decider) Invalidate() {
	d.mu.Lock()
	d.cached = nil
	d.mu.Unlock()
}

// BodyHash is the duplicate-detection hash of a comment's source
// (spam.Fingerprint: hex SHA-256 of its normalised words).
func BodyHash(source string) string { return spam.Fingerprint(source) }

const ipSecret = "comment-ip-hash"

// HashIP returns the keyed hash stored for a client IP (from auth.ClientIP):
// hex HMAC-SHA256, first 16 bytes, under the site secret "comment-ip-hash"
// of the canonical whole address (spam.IPKey: IPv6 never cut short). The
// key does not rotate, so bans by IP hash keep working; the IP itself is
// never stored.
func (d *Decider) HashIP(ctx context.Context, ip string) (string, error) {
	if ip == "" {
		return "", nil
	}
	key, err := d.Store.Secret(ctx, ipSecret)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(spam.IPKey(ip)))
	return hex.EncodeToString(m.Sum(nil)[:16]), nil
}

const formSecret = "comment-form-stamp"

// MaxFormAge is how long a comment form's stamp stays valid (24 hours). It is
// much longer than the page cache keeps an article page with an open form
// (FormCacheSeconds), so a stamp from a cached page always passes.
const MaxFormAge = 24 * time.Hour

// FormCacheSeconds bounds, in seconds, how long the page cache may keep an
// article page carrying a comment form (one hour), so the stamp in it is
// never near MaxFormAge.
const FormCacheSeconds = 3600

// ErrFormExpired is returned by Elapsed for a stamp older than MaxFormAge:
// the reader should post again from a fresh form (their text is kept).
var ErrFormExpired = errors.New("This comment form has expired. Please post again: your text is kept below.")

// FormStamp returns the value of the comment form's hidden "ts" field for a
// form of article served at now (spam.Stamp, signed with a site secret and
// bound to the article's id).
func (d *Decider) FormStamp(ctx context.Context, article int64, now time.Time) (string, error) {
	key, err := d.Store.Secret(ctx, formSecret)
	if err != nil {
		return "", err
	}
	return spam.Stamp(key, now, article), nil
}

// Elapsed returns the time between the form stamp token of article and now,
// for Submission.Elapsed. A missing or forged token, one made for another
// article, or one from the future gives 0 (set Submission.NoStamp: the
// comment is held like an instant post). A stamp older than MaxFormAge gives
// ErrFormExpired. Other errors are database failures.
func (d *Decider) Elapsed(ctx context.Context, token string, article int64, now time.Time) (time.Duration, error) {
	if token == "" {
		return 0, nil
	}
	key, err := d.Store.Secret(ctx, formSecret)
	if err != nil {
		return 0, err
	}
	served, err := spam.ParseStamp(key, token, article)
	e := now.Sub(served)
	switch {
	case err != nil || e <= 0:
		return 0, nil
	case e > MaxFormAge:
		return 0, ErrFormExpired
	}
	return e, nil
}
