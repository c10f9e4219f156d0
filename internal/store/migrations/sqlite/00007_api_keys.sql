-- +goose Up
-- Content API keys (issue 3, "APIs and webhooks").
--
-- api_keys: read-only Content API keys. key_hash is the SHA-256 (hex) of the
-- secret shown once by `masthead apikey add`; the secret itself is never
-- stored. prefix holds its first 8 characters for display. created,
-- last_used and revoked are Unix seconds (UTC), 0 = never.
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_used INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE api_keys;
