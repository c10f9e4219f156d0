// Package comment holds the rules of Masthead's comments: who may post
// where, what status a new comment takes, threads, identity and
// notifications. It speaks to the database through package store.
package comment

import (
	"context"
	"time"

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
	IPHash     string // keyed hash of the client IP
	// Elapsed is the time from the form being served to its submission
	// (0 when unknown, e.g. a JSON post without the form's timestamp).
	Elapsed time.Duration
	Now     time.Time // UTC
}

// Decision is the outcome of Decide for one submission.
type Decision struct {
	Status model.CommentStatus
	// Shadow marks a comment of a shadow-banned author: stored approved but
	// shown only to its author.
	Shadow     bool
	SpamScore  float64 // 0..1
	SpamReason string  // why the comment was held, "" when it was not
}

// Decider decides the status of new comments. Its fields are what the
// decision may consult; the zero value is not usable without Store.
type Decider struct {
	Store *store.Store
}

// Decide returns the status a new comment takes. It is the one place
// where that decision is made (moderation modes, bans and spam defences
// extend it; docs/COMMENTS.md lists the rules). For now: post-moderation,
// so every comment is approved. An error means the decision could not be
// made (a database failure), never that the comment is refused.
func (d *Decider) Decide(ctx context.Context, s Submission) (Decision, error) {
	return Decision{Status: model.CommentApproved}, nil
}
