package cli

import "masthead/internal/importer"

// `masthead import feed FILE` reads RSS, Atom and JSON Feed files (see importer.ParseFeed).
func init() { parsers["feed"] = importer.ParseFeed }
