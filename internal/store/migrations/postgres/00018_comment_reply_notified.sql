-- +goose Up
-- reply_notified: when (unix seconds) the reply e-mail for this comment was
-- sent to the author of its parent; 0 = not yet. It makes the mail go once,
-- whether the reply is approved at once or later by a moderator. Replies
-- already published count as notified.
ALTER TABLE comments ADD COLUMN reply_notified BIGINT NOT NULL DEFAULT 0;
UPDATE comments SET reply_notified = created WHERE status = 'approved' AND parent_id IS NOT NULL;

-- +goose Down
ALTER TABLE comments DROP COLUMN reply_notified;
