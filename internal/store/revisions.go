package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Revision is one saved state of an article's editable fields, written by
// every editor save and restore (issue 3, "every save is a revision").
type Revision struct {
	ID        int64
	ArticleID int64
	// Number counts the article's revisions from 1, oldest first (read
	// only: computed by Revisions and RevisionByNumber).
	Number   int
	Created  time.Time // UTC, whole seconds
	UserID   int64     // 0 for the system
	UserName string    // copied at write time
	// Snapshot is JSON of the editable fields, as chosen by the writer
	// (package web encodes its editor form); the store does not parse it.
	Snapshot string
}

// AddRevision stores r; r.ID is set, and r.Created is set to the store clock
// when zero. It returns an error when r.ArticleID names no article.
func (s *Store) AddRevision(ctx context.Context, r *Revision) error {
	if r.ArticleID == 0 {
		return errors.New("store: revision without an article")
	}
	if r.Created.IsZero() {
		r.Created = s.Now()
	}
	id, err := s.insertID(ctx, `INSERT INTO revisions (article_id, created, user_id, user_name, snapshot)
		VALUES (?,?,?,?,?) RETURNING id`, r.ArticleID, unix(r.Created), r.UserID, r.UserName, r.Snapshot)
	if err != nil {
		return fmt.Errorf("store: add revision: %w", err)
	}
	r.ID = id
	return nil
}

// Revisions lists an article's revisions, newest first (at most limit when
// limit > 0).
func (s *Store) Revisions(ctx context.Context, articleID int64, limit int) ([]*Revision, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := s.query(ctx, `SELECT id, article_id, created, user_id, user_name, snapshot, num FROM (`+numbered+`) r
		ORDER BY id DESC LIMIT ?`, articleID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	defer rows.Close()
	var out []*Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// numbered selects an article's revisions (article_id = ?) with their
// per-article number.
const numbered = `SELECT id, article_id, created, user_id, user_name, snapshot,
	ROW_NUMBER() OVER (ORDER BY id) AS num FROM revisions WHERE article_id = ?`

// RevisionByNumber returns revision number n (Revision.Number) of article
// articleID, or ErrNotFound.
func (s *Store) RevisionByNumber(ctx context.Context, articleID int64, n int) (*Revision, error) {
	r, err := scanRevision(s.queryRow(ctx, `SELECT id, article_id, created, user_id, user_name, snapshot, num FROM (`+numbered+`) r
		WHERE num = ?`, articleID, n))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return r, err
}

func scanRevision(sc interface{ Scan(...any) error }) (*Revision, error) {
	r := &Revision{}
	var created int64
	if err := sc.Scan(&r.ID, &r.ArticleID, &created, &r.UserID, &r.UserName, &r.Snapshot, &r.Number); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("store: revision: %w", err)
	}
	r.Created = fromUnix(created)
	return r, nil
}
