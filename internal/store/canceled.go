package store

import (
	"context"
	"errors"

	"modernc.org/sqlite"
)

// sqliteInterrupt is SQLite's result code SQLITE_INTERRUPT, which the
// modernc driver returns for a statement it interrupted because the
// statement's context ended (https://sqlite.org/rescode.html#interrupt).
const sqliteInterrupt = 9

// Canceled reports whether err is the consequence of a cancelled context —
// typically a client that went away — rather than a fault: context.Canceled
// anywhere in its chain (pgx and database/sql wrap it), or SQLite's
// SQLITE_INTERRUPT. Callers still check that their own context is done
// before treating the error as routine.
func Canceled(err error) bool {
	if errors.Is(err, context.Canceled) {
		return true
	}
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqliteInterrupt
}
