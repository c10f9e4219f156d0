package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
)

// Commenter identities (table comment_identities, migration 00010). Writes
// here and in the other comment*.go files do not bump Generation or
// site_state.version: a new comment must not empty the whole page cache.
// Readers' views of comments are kept fresh by the web layer (see
// docs/COMMENTS.md).

// ErrDuplicateSource is returned when a row with the same (source,
// source_id) already exists.
var ErrDuplicateSource = errors.New("store: duplicate source id")

const identityCols = "id, kind, name, email, email_verified, website, user_id, created, last_seen, erased, source, source_id"

func scanIdentity(sc interface{ Scan(...any) error }) (*model.CommentIdentity, error) {
	var (
		ci                              model.CommentIdentity
		kind                            string
		verified, created, seen, erased int64
		userID                          sql.NullInt64
	)
	err := sc.Scan(&ci.ID, &kind, &ci.Name, &ci.Email, &verified, &ci.Website, &userID, &created, &seen, &erased, &ci.Source, &ci.SourceID)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: comment identity: %w", err)
	}
	ci.Kind, ci.UserID = model.IdentityKind(kind), userID.Int64
	ci.EmailVerified, ci.Created, ci.LastSeen, ci.Erased = fromUnix(verified), fromUnix(created), fromUnix(seen), fromUnix(erased)
	return &ci, nil
}

// insertIDQuiet runs an INSERT … RETURNING id without marking content as
// changed (see execQuiet).
func (s *Store) insertIDQuiet(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := s.writer().QueryRowContext(ctx, s.rebind(q), args...).Scan(&id)
	return id, err
}

// CreateCommentIdentity inserts ci and sets ci.ID and, when zero, ci.Created
// (store clock). Email is stored normalised (NormalizeEmail). Name must not
// be empty or hold CR/LF; Kind must be a known kind; a staff identity needs
// UserID. A reader whose e-mail is taken returns ErrDuplicateEmail; a taken
// (Source, SourceID) returns ErrDuplicateSource.
func (s *Store) CreateCommentIdentity(ctx context.Context, ci *model.CommentIdentity) error {
	ci.Email = NormalizeEmail(ci.Email)
	ci.Name = strings.TrimSpace(ci.Name)
	switch {
	case ci.Name == "" && ci.Erased.IsZero():
		return errors.New("store: comment identity has no name")
	case strings.ContainsAny(ci.Name, "\r\n") || strings.ContainsAny(ci.Email, "\r\n"):
		return errors.New("store: comment identity name or e-mail holds a line break")
	case ci.Kind != model.IdentityGuest && ci.Kind != model.IdentityReader && ci.Kind != model.IdentityStaff:
		return fmt.Errorf("store: unknown comment identity kind %q", ci.Kind)
	case ci.Kind == model.IdentityStaff && ci.UserID == 0:
		return errors.New("store: staff comment identity without a user")
	case ci.Kind == model.IdentityReader && ci.Email == "":
		return errors.New("store: reader comment identity without an e-mail address")
	}
	if ci.Created.IsZero() {
		ci.Created = s.Now()
	}
	return s.InTx(ctx, func(tx *Store) error {
		if ci.Kind == model.IdentityReader {
			var n int
			if err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM comment_identities WHERE kind = 'reader' AND email = ?"), ci.Email).Scan(&n); err != nil {
				return fmt.Errorf("store: create comment identity: %w", err)
			}
			if n > 0 {
				return ErrDuplicateEmail
			}
		}
		if ci.SourceID != "" {
			var n int
			if err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT count(*) FROM comment_identities WHERE source = ? AND source_id = ? AND source_id <> ''"), ci.Source, ci.SourceID).Scan(&n); err != nil {
				return fmt.Errorf("store: create comment identity: %w", err)
			}
			if n > 0 {
				return ErrDuplicateSource
			}
		}
		id, err := tx.insertIDQuiet(ctx, `INSERT INTO comment_identities (kind, name, email, email_verified, website, user_id, created,
			last_seen, erased, source, source_id) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
			string(ci.Kind), ci.Name, ci.Email, unix(ci.EmailVerified), ci.Website, nullID(ci.UserID), unix(ci.Created),
			unix(ci.LastSeen), unix(ci.Erased), ci.Source, ci.SourceID)
		if err != nil {
			return fmt.Errorf("store: create comment identity: %w", err)
		}
		ci.ID = id
		return nil
	})
}

// CommentIdentity returns the identity with id, or ErrNotFound.
func (s *Store) CommentIdentity(ctx context.Context, id int64) (*model.CommentIdentity, error) {
	return scanIdentity(s.queryRow(ctx, "SELECT "+identityCols+" FROM comment_identities WHERE id = ?", id))
}

// CommentIdentityBySource returns the imported identity with (source,
// sourceID), or ErrNotFound.
func (s *Store) CommentIdentityBySource(ctx context.Context, source, sourceID string) (*model.CommentIdentity, error) {
	return scanIdentity(s.queryRow(ctx, "SELECT "+identityCols+" FROM comment_identities WHERE source = ? AND source_id = ? AND source_id <> ''", source, sourceID))
}

// ReaderIdentityByEmail returns the verified reader with the (normalised)
// e-mail address, or ErrNotFound.
func (s *Store) ReaderIdentityByEmail(ctx context.Context, email string) (*model.CommentIdentity, error) {
	return scanIdentity(s.queryRow(ctx, "SELECT "+identityCols+" FROM comment_identities WHERE kind = 'reader' AND email = ?", NormalizeEmail(email)))
}

// VerifiedReader returns the reader identity of email, creating it with
// name when absent, and records at as its latest e-mail verification. It
// is what a used magic link calls. name is used only on creation.
func (s *Store) VerifiedReader(ctx context.Context, email, name string, at time.Time) (*model.CommentIdentity, error) {
	var ci *model.CommentIdentity
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		ci, err = scanIdentity(tx.writer().QueryRowContext(ctx, tx.rebind("SELECT "+identityCols+" FROM comment_identities WHERE kind = 'reader' AND email = ?"), NormalizeEmail(email)))
		if errors.Is(err, ErrNotFound) {
			ci = &model.CommentIdentity{Kind: model.IdentityReader, Name: name, Email: email, EmailVerified: at, Created: at, LastSeen: at}
			return tx.CreateCommentIdentity(ctx, ci)
		}
		if err != nil {
			return err
		}
		if _, err := tx.execQuiet(ctx, "UPDATE comment_identities SET email_verified = ?, last_seen = ? WHERE id = ?", unix(at), unix(at), ci.ID); err != nil {
			return fmt.Errorf("store: verified reader: %w", err)
		}
		ci.EmailVerified, ci.LastSeen = at.UTC(), at.UTC()
		return nil
	})
	return ci, err
}

// StaffIdentity returns the staff identity of newsroom user userID, creating
// it with name when absent; an existing one takes name when it changed (the
// account was renamed).
func (s *Store) StaffIdentity(ctx context.Context, userID int64, name string) (*model.CommentIdentity, error) {
	var ci *model.CommentIdentity
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		ci, err = scanIdentity(tx.writer().QueryRowContext(ctx, tx.rebind("SELECT "+identityCols+" FROM comment_identities WHERE kind = 'staff' AND user_id = ?"), userID))
		if errors.Is(err, ErrNotFound) {
			ci = &model.CommentIdentity{Kind: model.IdentityStaff, Name: name, UserID: userID}
			return tx.CreateCommentIdentity(ctx, ci)
		}
		if err != nil {
			return err
		}
		if name = strings.TrimSpace(name); name != "" && name != ci.Name && !strings.ContainsAny(name, "\r\n") {
			if _, err := tx.execQuiet(ctx, "UPDATE comment_identities SET name = ? WHERE id = ?", name, ci.ID); err != nil {
				return fmt.Errorf("store: staff identity: %w", err)
			}
			ci.Name = name
		}
		return nil
	})
	return ci, err
}

// UpdateGuestIdentity gives guest identity id a new display name, e-mail
// address (normalised; "" for none) and website: a guest keeps one
// identity per guest cookie, and all their comments show the name they use
// now. Name must not be empty or hold CR/LF. An unknown, erased or
// non-guest identity returns ErrNotFound.
func (s *Store) UpdateGuestIdentity(ctx context.Context, id int64, name, email, website string) error {
	name, email = strings.TrimSpace(name), NormalizeEmail(email)
	if name == "" || strings.ContainsAny(name, "\r\n") || strings.ContainsAny(email, "\r\n") {
		return errors.New("store: guest identity needs a one-line name and e-mail")
	}
	res, err := s.execQuiet(ctx, "UPDATE comment_identities SET name = ?, email = ?, website = ? WHERE id = ? AND kind = 'guest' AND erased = 0",
		name, email, website, id)
	if err != nil {
		return fmt.Errorf("store: update guest identity: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// ClaimGuestIdentities links to verified reader readerID the guest
// identities that are theirs (comment_identities.claimed_by, migration
// 00019): guestID, the guest identity their browser's guest cookie held
// (0 for none), and every guest identity — imported ones too — that gave
// exactly the verified address email (normalised). Identities erased or
// already claimed are left alone. Their comments are not changed (they
// keep the name they were posted under and carry no Verified badge) but
// belong to the reader from now on: AllIdentityComments and EraseReader
// include them. It returns the number of identities claimed.
func (s *Store) ClaimGuestIdentities(ctx context.Context, readerID, guestID int64, email string) (int, error) {
	email = NormalizeEmail(email)
	res, err := s.execQuiet(ctx, `UPDATE comment_identities SET claimed_by = ?
		WHERE kind = 'guest' AND erased = 0 AND claimed_by = 0 AND (id = ? OR (email = ? AND ? <> ''))`, readerID, guestID, email, email)
	if err != nil {
		return 0, fmt.Errorf("store: claim guest identities: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
