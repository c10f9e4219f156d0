package store

import (
	"context"
	"errors"
	"fmt"
)

// Account management from the admin (/admin/users): role changes and
// disabling, guarded so the site always keeps an owner who can sign in.
// Like every account write, these do not move the content version.

// ErrLastOwner is returned when a change would leave no enabled owner
// account.
var ErrLastOwner = errors.New("this is the last enabled owner account")

// ownerRole is the role name of package auth's Owner.
const ownerRole = "owner"

// otherActiveOwners counts the enabled owners other than id. On PostgreSQL
// the owners' rows are locked until the transaction ends, so two owners
// demoting each other at once cannot both succeed (SQLite runs one write
// transaction at a time anyway).
func (s *Store) otherActiveOwners(ctx context.Context, id int64) (int, error) {
	q := "SELECT id FROM users WHERE role = ? AND disabled = ?"
	if s.dialect == Postgres {
		q += " FOR UPDATE"
	}
	rows, err := s.writer().QueryContext(ctx, s.rebind(q), ownerRole, false)
	if err != nil {
		return 0, fmt.Errorf("store: owners: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var oid int64
		if err := rows.Scan(&oid); err != nil {
			return 0, err
		}
		if oid != id {
			n++
		}
	}
	return n, rows.Err()
}

// guardLastOwner returns ErrLastOwner when u is an enabled owner and no other
// enabled owner exists.
func (s *Store) guardLastOwner(ctx context.Context, u *User) error {
	if u.Role != ownerRole || u.Disabled {
		return nil
	}
	n, err := s.otherActiveOwners(ctx, u.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLastOwner
	}
	return nil
}

// userForUpdate reads the account inside a transaction.
func (s *Store) userForUpdate(ctx context.Context, id int64) (*User, error) {
	return scanUser(s.writer().QueryRowContext(ctx, s.rebind("SELECT "+userCols+" FROM users WHERE id = ?"), id))
}

// ChangeUserRole sets the account's role (one of package auth's role
// names; the database refuses others). Demoting the last enabled owner is
// refused with ErrLastOwner; an unknown id is ErrNotFound.
func (s *Store) ChangeUserRole(ctx context.Context, id int64, role string) error {
	return s.InTx(ctx, func(tx *Store) error {
		u, err := tx.userForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if u.Role == role {
			return nil
		}
		if err := tx.guardLastOwner(ctx, u); err != nil {
			return err
		}
		if _, err := tx.execQuiet(ctx, "UPDATE users SET role = ? WHERE id = ?", role, id); err != nil {
			return fmt.Errorf("store: change role: %w", err)
		}
		return nil
	})
}

// DisableUser turns sign-in off for the account and ends its sessions, or
// turns it back on. Disabling the last enabled owner is refused with
// ErrLastOwner; an unknown id is ErrNotFound.
func (s *Store) DisableUser(ctx context.Context, id int64, disabled bool) error {
	return s.InTx(ctx, func(tx *Store) error {
		u, err := tx.userForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if disabled {
			if err := tx.guardLastOwner(ctx, u); err != nil {
				return err
			}
		}
		return tx.SetUserDisabled(ctx, id, disabled)
	})
}
