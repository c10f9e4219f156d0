package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"masthead/internal/model"
)

// Rendition is a resized copy of a stored image (table media_renditions),
// served for responsive images. Data is only loaded by RenditionFile.
type Rendition struct {
	MediaID  int64
	Width    int    // pixels; the key with MediaID
	Height   int    // pixels
	MIME     string // "image/jpeg" or "image/png"
	Bytes    int64  // len(Data)
	Checksum string // hex SHA-256 of Data
	Data     []byte
}

// SaveUpload writes an uploaded image in one transaction: the media record
// and its bytes (as UpsertMedia, keyed on m.Key) and its renditions, which
// replace any the media had. Nothing is written when any step fails. m.ID is
// set, and MediaID of each rendition.
func (s *Store) SaveUpload(ctx context.Context, m *model.Media, data []byte, rs []Rendition) error {
	if data == nil {
		return errors.New("store: upload without bytes")
	}
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.UpsertMedia(ctx, m, data); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM media_renditions WHERE media_id = ?", m.ID); err != nil {
			return fmt.Errorf("store: media renditions: %w", err)
		}
		for i := range rs {
			r := &rs[i]
			r.MediaID, r.Bytes = m.ID, int64(len(r.Data))
			if _, err := tx.exec(ctx, `INSERT INTO media_renditions (media_id, width, height, mime, bytes, data, checksum)
				VALUES (?,?,?,?,?,?,?)`, m.ID, r.Width, r.Height, r.MIME, r.Bytes, r.Data, r.Checksum); err != nil {
				return fmt.Errorf("store: media rendition %d px: %w", r.Width, err)
			}
		}
		return nil
	})
}

// Renditions returns the renditions of media id without their bytes,
// narrowest first; none for remote media or images stored before renditions
// existed.
func (s *Store) Renditions(ctx context.Context, mediaID int64) ([]Rendition, error) {
	rows, err := s.query(ctx, `SELECT media_id, width, height, mime, bytes, checksum FROM media_renditions
		WHERE media_id = ? ORDER BY width`, mediaID)
	if err != nil {
		return nil, fmt.Errorf("store: media renditions: %w", err)
	}
	defer rows.Close()
	var out []Rendition
	for rows.Next() {
		var r Rendition
		if err := rows.Scan(&r.MediaID, &r.Width, &r.Height, &r.MIME, &r.Bytes, &r.Checksum); err != nil {
			return nil, fmt.Errorf("store: media renditions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RenditionFile returns one rendition with its bytes, or ErrNotFound.
func (s *Store) RenditionFile(ctx context.Context, mediaID int64, width int) (*Rendition, error) {
	r := &Rendition{}
	err := s.queryRow(ctx, `SELECT media_id, width, height, mime, bytes, checksum, data FROM media_renditions
		WHERE media_id = ? AND width = ?`, mediaID, width).Scan(&r.MediaID, &r.Width, &r.Height, &r.MIME, &r.Bytes, &r.Checksum, &r.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: media rendition: %w", err)
	}
	return r, nil
}

// MediaFilter selects media for the library (ListMedia).
type MediaFilter struct {
	// Query matches, case-insensitively, a substring of the alt text,
	// caption, credit or key; empty matches all.
	Query  string
	Limit  int // rows; ≤ 0 means 50
	Offset int
}

// ListMedia returns media (stored and remote), newest first, and how many
// match the filter in all.
func (s *Store) ListMedia(ctx context.Context, f MediaFilter) ([]model.Media, int, error) {
	where, args := "", []any{}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + likeEscaper.Replace(strings.ToLower(q)) + "%"
		var parts []string
		for _, col := range []string{"alt", "caption", "credit", "key"} {
			parts = append(parts, "LOWER("+col+`) LIKE ? ESCAPE '\'`)
			args = append(args, like)
		}
		where = " WHERE " + strings.Join(parts, " OR ")
	}
	var total int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM media"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count media: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.query(ctx, "SELECT "+mediaCols+" FROM media"+where+" ORDER BY created DESC, id DESC LIMIT ? OFFSET ?",
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: media: %w", err)
	}
	defer rows.Close()
	var out []model.Media
	for rows.Next() {
		var m model.Media
		if err := scanMedia(rows, &m); err != nil {
			return nil, 0, fmt.Errorf("store: media: %w", err)
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}
