-- +goose Up
-- Newsroom accounts and their server-side sessions (issue 3, accounts slice).
-- Times are INTEGER seconds since the Unix epoch, UTC; 0 means unset.
-- email is stored lower-cased by the application (store.CreateUser), so the
-- UNIQUE constraint is a case-insensitive uniqueness rule.
-- password_hash is a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
-- session_gen is bumped to end every session of the user at once
-- ("log out everywhere", password change).
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'author', 'contributor', 'moderator', 'analyst')),
  password_hash TEXT NOT NULL,
  created INTEGER NOT NULL DEFAULT 0,
  last_login INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  session_gen INTEGER NOT NULL DEFAULT 0
);
-- Sessions of github.com/alexedwards/scs/v2: token is the SHA-256 of the
-- cookie value (scs HashTokenInStore), data the scs-encoded values, expiry
-- the end of the session (the earlier of idle and absolute timeouts).
CREATE TABLE sessions (
  token TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  expiry INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX sessions_expiry ON sessions (expiry);
CREATE INDEX sessions_user ON sessions (user_id);

-- +goose Down
DROP TABLE sessions;
DROP TABLE users;
