package article

import (
	"errors"
	"time"

	"masthead/internal/model"
)

// Errors returned by CheckTimes; the editor shows them next to the field.
var (
	// ErrScheduleNeedsFuture: status scheduled with no publication time, or
	// one that has already passed.
	ErrScheduleNeedsFuture = errors.New("a scheduled story needs a publication time in the future")
	// ErrLiveFuture: a published story whose publication time is moved into
	// the future would vanish from the site until then; scheduling is the
	// explicit way to do that.
	ErrLiveFuture = errors.New("a published story cannot get a publication time in the future")
)

// CheckTimes applies the publication-time rules to an article about to be
// stored with status and publication time pub at now (all UTC; whole
// seconds count, so a time in the current second is "now", not future):
//
//   - scheduled needs pub strictly after now (ErrScheduleNeedsFuture);
//   - published must not have pub after now (ErrLiveFuture);
//   - other states (draft, review, unpublished) may hold any planned time.
//
// Embargo times are free: EmbargoUntil in the future keeps a published or
// scheduled story invisible everywhere until then (model.Article.VisibleAt).
func CheckTimes(status model.Status, pub, now time.Time) error {
	future := !pub.IsZero() && pub.Unix() > now.Unix()
	switch status {
	case model.StatusScheduled:
		if !future {
			return ErrScheduleNeedsFuture
		}
	case model.StatusPublished:
		if future {
			return ErrLiveFuture
		}
	}
	return nil
}

// Schedule moves a to status scheduled for publication at pub (UTC), after
// checking CheckTimes at now. Only a story that is not live may be
// scheduled: a published one must be unpublished first.
func Schedule(a *model.Article, pub, now time.Time) error {
	if a.Status == model.StatusPublished {
		return errors.New("this story is already published; unpublish it before scheduling it again")
	}
	if err := CheckTimes(model.StatusScheduled, pub, now); err != nil {
		return err
	}
	a.Status, a.PublishedAt = model.StatusScheduled, pub.UTC().Truncate(time.Second)
	return nil
}
