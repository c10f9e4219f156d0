package cli

import (
	"io"
	"time"

	"masthead/internal/importer"
)

// `masthead import commento FILE` reads a Commento JSON export and imports
// its comments under the articles they belong to (see
// importer.ParseCommento and importer.WriteComments).
func init() {
	commentParsers["commento"] = func(r io.Reader, name string, _ *time.Location) (*importer.CommentBatch, error) {
		return importer.ParseCommento(r, name)
	}
}
