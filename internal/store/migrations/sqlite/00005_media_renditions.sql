-- +goose Up
-- Resized copies of stored images for responsive <img srcset>, one per
-- width in pixels; bytes live here like the originals in media_files.
CREATE TABLE media_renditions (
  media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  mime TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  data BLOB NOT NULL,
  checksum TEXT NOT NULL,
  PRIMARY KEY (media_id, width)
);

-- +goose Down
DROP TABLE media_renditions;
