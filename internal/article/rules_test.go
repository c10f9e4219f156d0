package article

import (
	"testing"
	"time"

	"masthead/internal/model"
)

func TestCheckTimesAndSchedule(t *testing.T) {
	now := time.Date(2024, 6, 20, 12, 0, 0, 500e6, time.UTC)
	cases := []struct {
		st   model.Status
		pub  time.Time
		want error
	}{
		{model.StatusScheduled, now.Add(time.Second), nil},
		{model.StatusScheduled, now, ErrScheduleNeedsFuture},
		{model.StatusScheduled, time.Time{}, ErrScheduleNeedsFuture},
		{model.StatusScheduled, now.Add(-time.Hour), ErrScheduleNeedsFuture},
		{model.StatusPublished, now.Add(time.Hour), ErrLiveFuture},
		{model.StatusPublished, now, nil},
		{model.StatusPublished, time.Time{}, nil},
		{model.StatusDraft, now.Add(time.Hour), nil},
	}
	for _, c := range cases {
		if got := CheckTimes(c.st, c.pub, now); got != c.want {
			t.Errorf("CheckTimes(%s, %v) = %v, want %v", c.st, c.pub, got, c.want)
		}
	}
	a := &model.Article{Status: model.StatusDraft}
	if err := Schedule(a, now.Add(time.Minute), now); err != nil || a.Status != model.StatusScheduled || a.PublishedAt.Nanosecond() != 0 {
		t.Fatalf("schedule: %v %+v", err, a)
	}
	a.Status = model.StatusPublished
	if err := Schedule(a, now.Add(time.Hour), now); err == nil {
		t.Fatal("scheduled a live story")
	}
}
