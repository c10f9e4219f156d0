package article

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Editorial actions on an article, shared by the admin editor's buttons and
// the Admin API's endpoints.
const (
	ActSave      = "save"      // keep the state (a new article becomes a draft)
	ActReview    = "review"    // submit for review
	ActPublish   = "publish"   // publish now (or update the live story)
	ActUnpublish = "unpublish" // take the story down
	ActSchedule  = "schedule"  // publish by itself at a future time
)

// Refusals of Permit: ErrForbidden when the role may not take the action,
// ErrConflict when the article's state does not allow it.
var (
	ErrForbidden = errors.New("your role cannot do this to this article")
	ErrConflict  = errors.New("the article's state does not allow this")
)

// IsLive reports whether a is published or scheduled (a save changes what
// readers see, or will see).
func IsLive(a *model.Article) bool {
	return a != nil && (a.Status == model.StatusPublished || a.Status == model.StatusScheduled)
}

// Permit checks the permission matrix for action by role on old (nil for a
// new article) whose ownership is own, exactly as the editor's buttons do:
// saving a live story needs the publish permission; contributors may only
// save drafts and submit them for review.
func Permit(role auth.Role, old *model.Article, own bool, action string) error {
	live := IsLive(old)
	canPublish := auth.CanArticle(role, auth.Publish, own)
	switch action {
	case ActSave:
		if live && !canPublish {
			return ErrForbidden
		}
	case ActReview:
		if live {
			return ErrConflict
		}
	case ActPublish:
		if !canPublish {
			return ErrForbidden
		}
	case ActUnpublish:
		if !auth.CanArticle(role, auth.Unpublish, own) {
			return ErrForbidden
		}
		if !live {
			return ErrConflict
		}
	case ActSchedule:
		if !auth.CanArticle(role, auth.Schedule, own) {
			return ErrForbidden
		}
		if old != nil && old.Status == model.StatusPublished {
			return ErrConflict
		}
	default:
		return errors.New("unknown action " + action)
	}
	return nil
}

// Apply sets a's status and times for action (after its fields were
// edited; old is the stored version or nil) and checks them with
// CheckTimes at now. pub is the requested publication time (zero for none).
func Apply(a, old *model.Article, action string, pub time.Time, markUpdated bool, now time.Time) error {
	wasLive := old != nil && old.Status == model.StatusPublished
	if !pub.IsZero() {
		a.PublishedAt = pub
	} else if !wasLive {
		a.PublishedAt = time.Time{}
	}
	switch action {
	case ActSave:
		if old == nil {
			a.Status = model.StatusDraft
		}
	case ActReview:
		a.Status = model.StatusReview
	case ActSchedule:
		if err := Schedule(a, pub, now); err != nil {
			return ErrScheduleNeedsFuture
		}
	case ActPublish:
		a.Status = model.StatusPublished
		if a.PublishedAt.IsZero() || (!wasLive && a.PublishedAt.After(now)) {
			a.PublishedAt = now
		}
		if wasLive && markUpdated {
			a.UpdatedAt = now
		}
	case ActUnpublish:
		a.Status = model.StatusUnpublished
	}
	if a.Status == model.StatusPublished && markUpdated && action == ActSave {
		a.UpdatedAt = now
	}
	return CheckTimes(a.Status, a.PublishedAt, now)
}

// MaxCorrection bounds a correction note, in characters.
const MaxCorrection = 2000

// Correction refusals (the text is the message to show).
var (
	ErrCorrectionEmpty   = errors.New("write the correction: what was wrong, and what is right")
	ErrCorrectionTooLong = errors.New("a correction is at most 2000 characters")
	ErrCorrectionState   = errors.New("corrections are for published stories; fix the text in the editor instead")
)

// CleanCorrection trims a correction note (CRLF becomes LF) and checks it
// for a published story: ErrCorrectionState when a is not published,
// ErrCorrectionEmpty, ErrCorrectionTooLong (MaxCorrection characters).
func CleanCorrection(a *model.Article, text string) (string, error) {
	if a.Status != model.StatusPublished {
		return "", ErrCorrectionState
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return "", ErrCorrectionEmpty
	case n > MaxCorrection:
		return text, ErrCorrectionTooLong
	}
	return text, nil
}

// AddCorrection appends correction text (already CleanCorrection'ed) dated
// now to a, with its audit entry by user (id, name), in one transaction;
// the story's "Updated" time becomes now (store.AddCorrection) and the
// article.corrected webhook is queued.
func AddCorrection(ctx context.Context, st *store.Store, a *model.Article, userID int64, userName, text string, now time.Time) error {
	return st.InTx(ctx, func(tx *store.Store) error {
		c := &model.Correction{ArticleID: a.ID, Created: now.UTC().Truncate(time.Second), Body: text}
		if err := tx.AddCorrection(ctx, c); err != nil {
			return err
		}
		return tx.AddAudit(ctx, &store.AuditEntry{UserID: userID, UserName: userName, Action: store.AuditCorrection, ArticleID: a.ID, Detail: text})
	})
}
