package cli

import "masthead/internal/importer"

// `masthead import ghost FILE` reads Ghost JSON exports (see importer.ParseGhost).
func init() { parsers["ghost"] = importer.ParseGhost }
