-- +goose Up
-- Admin API tokens (issue 3, "APIs and webhooks").
--
-- api_tokens: tokens of the Admin API. Each belongs to a newsroom user and
-- acts with that user's role; a disabled user's tokens stop working.
-- token_hash is the SHA-256 (hex) of the secret shown once by
-- `masthead token add`; prefix holds its first 8 characters for display.
-- created, last_used and revoked are Unix seconds (UTC), 0 = never.
CREATE TABLE api_tokens (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created BIGINT NOT NULL,
  last_used BIGINT NOT NULL DEFAULT 0,
  revoked BIGINT NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE api_tokens;
