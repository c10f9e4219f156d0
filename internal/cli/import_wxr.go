package cli

import "masthead/internal/importer"

// `masthead import wxr FILE` reads a WordPress export (WXR 1.0–1.2); see
// importer.ParseWXR for what is imported and how.
func init() { parsers["wxr"] = importer.ParseWXR }
