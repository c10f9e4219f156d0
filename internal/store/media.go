package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"masthead/internal/model"
)

const mediaCols = "id, key, url, stored, mime, width, height, bytes, alt, caption, credit, checksum, created"

func scanMedia(sc interface{ Scan(...any) error }, m *model.Media) error {
	var created int64
	err := sc.Scan(&m.ID, &m.Key, &m.URL, &m.Stored, &m.MIME, &m.Width, &m.Height, &m.Bytes, &m.Alt, &m.Caption, &m.Credit, &m.Checksum, &created)
	m.Created = fromUnix(created)
	return err
}

// UpsertMedia writes a media record keyed on m.Key; data, when not nil,
// replaces the stored bytes (and sets Stored, Bytes). m.ID is set.
func (s *Store) UpsertMedia(ctx context.Context, m *model.Media, data []byte) error {
	if m.Key == "" {
		return errors.New("store: media has no key")
	}
	if data != nil {
		m.Stored, m.Bytes = true, int64(len(data))
	}
	if m.Created.IsZero() {
		m.Created = s.Now()
	}
	return s.InTx(ctx, func(tx *Store) error {
		id, err := tx.insertID(ctx, `INSERT INTO media (key, url, stored, mime, width, height, bytes, alt, caption, credit, checksum, created)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
			ON CONFLICT (key) DO UPDATE SET url = excluded.url, stored = excluded.stored, mime = excluded.mime,
			  width = excluded.width, height = excluded.height, bytes = excluded.bytes, alt = excluded.alt,
			  caption = excluded.caption, credit = excluded.credit, checksum = excluded.checksum
			RETURNING id`, m.Key, m.URL, m.Stored, m.MIME, m.Width, m.Height, m.Bytes, m.Alt, m.Caption, m.Credit, m.Checksum, unix(m.Created))
		if err != nil {
			return fmt.Errorf("store: media %q: %w", m.Key, err)
		}
		m.ID = id
		if data != nil {
			if _, err := tx.exec(ctx, `INSERT INTO media_files (media_id, data) VALUES (?, ?)
				ON CONFLICT (media_id) DO UPDATE SET data = excluded.data`, id, data); err != nil {
				return fmt.Errorf("store: media file: %w", err)
			}
		}
		return nil
	})
}

// MediaByID returns a media record or ErrNotFound.
func (s *Store) MediaByID(ctx context.Context, id int64) (*model.Media, error) {
	m := new(model.Media)
	err := scanMedia(s.queryRow(ctx, "SELECT "+mediaCols+" FROM media WHERE id = ?", id), m)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: media: %w", err)
	}
	return m, nil
}

// MediaByKey returns a media record by its stable key or ErrNotFound.
func (s *Store) MediaByKey(ctx context.Context, key string) (*model.Media, error) {
	m := new(model.Media)
	err := scanMedia(s.queryRow(ctx, "SELECT "+mediaCols+" FROM media WHERE key = ?", key), m)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: media: %w", err)
	}
	return m, nil
}

// MediaFile returns the stored bytes of media id, or ErrNotFound when the
// media is remote or absent.
func (s *Store) MediaFile(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.queryRow(ctx, "SELECT data FROM media_files WHERE media_id = ?", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: media file: %w", err)
	}
	return data, nil
}

func (s *Store) mediaByIDs(ctx context.Context, ids []int64) (map[int64]*model.Media, error) {
	ph, args := idArgs(ids)
	rows, err := s.query(ctx, "SELECT "+mediaCols+" FROM media WHERE id IN ("+ph+")", args...)
	if err != nil {
		return nil, fmt.Errorf("store: media: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]*model.Media, len(ids))
	for rows.Next() {
		m := new(model.Media)
		if err := scanMedia(rows, m); err != nil {
			return nil, err
		}
		out[m.ID] = m
	}
	return out, rows.Err()
}
