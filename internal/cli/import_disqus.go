package cli

import (
	"io"
	"time"

	"masthead/internal/importer"
)

// `masthead import disqus FILE` reads a Disqus XML export and imports its
// comments under the articles they belong to (see importer.ParseDisqus and
// importer.WriteComments).
func init() {
	commentParsers["disqus"] = func(r io.Reader, name string, _ *time.Location) (*importer.CommentBatch, error) {
		return importer.ParseDisqus(r, name)
	}
}
