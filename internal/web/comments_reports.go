package web

import (
	"context"
	"fmt"
	"time"

	"masthead/internal/auth"
	"masthead/internal/model"
	"masthead/internal/store"
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

// pendingComments returns the number of comments awaiting moderation for
// the admin menu's badge when u may moderate comments, else 0. A failed
// count is logged and shows no badge rather than failing the page.
func (s *Site) pendingComments(u *store.User) int {
	if u == nil || !auth.Can(auth.Role(u.Role), auth.ModerateComments) {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, err := s.st.PendingCommentCount(ctx)
	if err != nil {
		s.log.Warn("count pending comments for the admin menu", "err", err)
		return 0
	}
	return n
}
