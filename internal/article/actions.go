package article

import (
	"errors"
	"time"

	"masthead/internal/auth"
	"masthead/internal/model"
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
