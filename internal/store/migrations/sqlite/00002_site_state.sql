-- +goose Up
-- One row whose version is bumped by every committed content write, so that
-- every process serving this database (another `masthead serve`, or one
-- running beside `masthead import`) can tell that its page cache is stale.
CREATE TABLE site_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO site_state (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE site_state;
