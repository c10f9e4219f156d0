package cli

import "masthead/internal/importer"

// `masthead import ninjs FILE` reads IPTC ninjs wire items (see importer.ParseNinjs).
func init() { parsers["ninjs"] = importer.ParseNinjs }
