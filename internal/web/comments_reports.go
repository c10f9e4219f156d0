package web

import (
	"context"
	"fmt"

	"masthead/internal/model"
)

// holdReported holds comment c for review when its open reports reach the
// site's threshold (store.CommentDefences.HideFlags, default 3; 0 = off):
// it goes back to pending with the reason "held after N reports from
// readers", leaves readers' pages and the live view, and its reports stay
// open for the moderator (docs/COMMENTS.md, "Reports").
func (s *Site) holdReported(ctx context.Context, c *model.Comment) error {
	if c.Status != model.CommentApproved {
		return nil
	}
	d, err := s.st.CommentDefences(ctx)
	if err != nil {
		return err
	}
	held, err := s.st.HoldReportedComment(ctx, c.ID, d.HideFlags, fmt.Sprintf("held after %d reports from readers", d.HideFlags))
	if err != nil {
		return err
	}
	if held {
		s.commentsModerated(ctx, []int64{c.ID})
	}
	return nil
}
