package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static/*
var staticFS embed.FS

// staticFiles serves the embedded assets under checksummed names
// (site.3f2a9c1b.css), so they can be cached forever: a new build with
// changed bytes gets a new URL.
type staticFiles struct {
	notFound http.Handler      // the site's 404 page
	byName   map[string]string // "site.css" → "/static/site.<sum>.css"
	byURL    map[string]staticFile
}

type staticFile struct {
	body  []byte
	gz    []byte // gzip form, nil when not smaller
	ctype string
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{byName: map[string]string{}, byURL: map[string]staticFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		sf.byName[name] = "/static/" + hashed
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		f := staticFile{body: b, ctype: ct}
		var zb bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&zb, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		if zb.Len() < len(b) {
			f.gz = zb.Bytes()
		}
		sf.byURL[hashed] = f
		return nil
	})
	return sf, err
}

// url returns the checksummed URL path of an embedded asset.
func (sf *staticFiles) url(name string) string { return sf.byName[name] }

func (sf *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := sf.byURL[r.PathValue("file")]
	if !ok {
		sf.notFound.ServeHTTP(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	if f.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		w.Write(f.gz)
		return
	}
	w.Write(f.body)
}
