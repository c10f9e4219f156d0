package cli

import (
	"context"
)

// runImport is replaced by the importer work; see internal/importer.
func runImport(ctx context.Context, e *Env, args []string) error {
	return usageError{"import: not implemented yet"}
}
