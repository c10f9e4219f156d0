-- +goose Up
-- Webhooks (issue 3, "APIs and webhooks").
--
-- webhooks: receivers of article events. events is a comma list
-- (article.published,article.updated,article.unpublished,article.corrected).
-- secret keys the HMAC-SHA256 signature. created and disabled are Unix
-- seconds (UTC), 0 = never.
--
-- webhook_deliveries: the outbox. A row is written in the transaction of the
-- editorial action (with its audit entry) and sent by package webhook.
-- status is pending, delivered or failed; next_attempt is Unix seconds.
CREATE TABLE webhooks (
  id BIGSERIAL PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  created BIGINT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE webhook_deliveries (
  id BIGSERIAL PRIMARY KEY,
  webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  article_id BIGINT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt BIGINT NOT NULL DEFAULT 0,
  last_status_code INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created BIGINT NOT NULL,
  delivered BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
