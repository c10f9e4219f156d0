// Package media checks and prepares uploaded images: it sniffs the type from
// the bytes (never from a file name), accepts only JPEG, PNG, WebP and GIF,
// refuses oversized files and decompression bombs before decoding, applies
// the Exif orientation of JPEGs, strips all metadata by re-encoding, and makes
// resized renditions for responsive images (srcset).
//
// What comes out for each input type:
//
//   - JPEG: rotated/flipped upright per Exif orientation, re-encoded as JPEG
//     at quality 85 (no Exif, XMP, ICC or comment segments survive).
//   - PNG: re-encoded as PNG (only IHDR, PLTE, tRNS, IDAT and IEND chunks are
//     written, so tEXt/iTXt/eXIf metadata is gone).
//   - GIF: the first frame only, re-encoded as GIF (animation is dropped:
//     decoding every frame of an untrusted GIF has no cheap memory bound, and
//     news photos are not animated).
//   - WebP: Go has no WebP encoder, so the decoded image is stored as JPEG
//     (quality 85) when it is fully opaque and as PNG when it has transparency.
//
// Renditions are made at RenditionWidths that are narrower than the image
// (never upscaled), keeping the aspect ratio, as JPEG (quality 85) when the
// image is opaque and PNG otherwise.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"

	"golang.org/x/image/webp"
)

// DefaultMaxBytes is the default upload size limit: 20 MiB.
const DefaultMaxBytes int64 = 20 << 20

// MaxPixels is the largest image accepted, in pixels (width × height):
// 50 megapixels, about 200 MB of memory once decoded as RGBA.
const MaxPixels = 50_000_000

// JPEGQuality is the quality of every JPEG this package writes.
const JPEGQuality = 85

// RenditionWidths are the widths in pixels of the resized copies made of
// every image wider than them.
var RenditionWidths = []int{320, 640, 1024, 1600}

// Sentinel errors; every error returned by Process wraps one of them (test
// with errors.Is) and carries a message fit to show the uploader.
var (
	// ErrUnsupported: the bytes are not an accepted image type (415).
	ErrUnsupported = errors.New("unsupported media type")
	// ErrTooLarge: the file is over the byte limit (413).
	ErrTooLarge = errors.New("file too large")
	// ErrTooManyPixels: the image dimensions exceed MaxPixels (413).
	ErrTooManyPixels = errors.New("image too large")
	// ErrCorrupt: the file claims an accepted type but does not decode (400).
	ErrCorrupt = errors.New("corrupt image")
)

// Error is a refusal with a message for people; Unwrap gives the sentinel.
type Error struct {
	Kind error  // one of the sentinels above
	Msg  string // e.g. "not an image: looks like text/html"
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

func refuse(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// Processed is an accepted image ready to store.
type Processed struct {
	Source     string // type sniffed from the upload, e.g. "image/webp"
	MIME       string // type of Data, e.g. "image/jpeg"
	Data       []byte // metadata-free bytes to store as the original
	Width      int    // pixels, after orientation
	Height     int    // pixels, after orientation
	Checksum   string // hex SHA-256 of Data
	Renditions []Rendition
}

// Rendition is a resized copy of a Processed image.
type Rendition struct {
	Width, Height int // pixels
	MIME          string
	Data          []byte
	Checksum      string // hex SHA-256 of Data
}

// Sniff returns the accepted image type of data ("image/jpeg", "image/png",
// "image/gif" or "image/webp") or an ErrUnsupported error naming what the
// bytes look like. It uses the WHATWG MIME sniffing algorithm
// (http.DetectContentType) and then checks the format's magic number itself;
// SVG (XML text starting with or containing an <svg element near the top)
// gets its own message.
func Sniff(data []byte) (string, error) {
	ct := http.DetectContentType(data)
	typ, _, _ := strings.Cut(ct, ";")
	switch typ {
	case "image/jpeg":
		if bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) {
			return typ, nil
		}
	case "image/png":
		if bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			return typ, nil
		}
	case "image/gif":
		if bytes.HasPrefix(data, []byte("GIF87a")) || bytes.HasPrefix(data, []byte("GIF89a")) {
			return typ, nil
		}
	case "image/webp":
		if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
			return typ, nil
		}
	}
	if looksLikeSVG(data) {
		return "", refuse(ErrUnsupported, "SVG is not accepted: upload a JPEG, PNG, WebP or GIF")
	}
	if len(data) == 0 {
		return "", refuse(ErrUnsupported, "not an image: the file is empty")
	}
	if strings.HasPrefix(typ, "image/") {
		return "", refuse(ErrUnsupported, "%s is not accepted: upload a JPEG, PNG, WebP or GIF", typ)
	}
	return "", refuse(ErrUnsupported, "not an image: looks like %s", typ)
}

// looksLikeSVG reports whether the first KiB of data, as lower-case text,
// contains an <svg start tag.
func looksLikeSVG(data []byte) bool {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	return bytes.Contains(bytes.ToLower(head), []byte("<svg"))
}

// Process checks data (an upload of len(data) bytes) and returns the image to
// store with its renditions. maxBytes ≤ 0 means DefaultMaxBytes. Errors wrap
// ErrTooLarge, ErrUnsupported, ErrTooManyPixels or ErrCorrupt (see Error).
// Dimensions are read from the header and checked against MaxPixels before
// any pixel is decoded; the whole file must then decode (a truncated JPEG is
// ErrCorrupt).
func Process(data []byte, maxBytes int64) (*Processed, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if int64(len(data)) > maxBytes {
		return nil, refuse(ErrTooLarge, "file too large: %s (the limit is %s)", HumanBytes(int64(len(data))), HumanBytes(maxBytes))
	}
	typ, err := Sniff(data)
	if err != nil {
		return nil, err
	}
	name := formatName(typ)
	cfg, err := decodeConfig(typ, data)
	if err != nil {
		return nil, refuse(ErrCorrupt, "truncated or corrupt %s: %v", name, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, refuse(ErrCorrupt, "corrupt %s: it says it is %d×%d pixels", name, cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, refuse(ErrTooManyPixels, "image too large: %d×%d pixels (the limit is %d megapixels)",
			cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	img, err := decode(typ, data)
	if err != nil {
		return nil, refuse(ErrCorrupt, "truncated or corrupt %s: %v", name, err)
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, refuse(ErrCorrupt, "corrupt %s: header and pixels disagree on the size", name)
	}
	if typ == "image/jpeg" {
		img = Orient(img, Orientation(data))
	}
	p := &Processed{Source: typ}
	opaque := isOpaque(img)
	switch {
	case typ == "image/png" || (typ == "image/webp" && !opaque):
		p.MIME = "image/png"
		p.Data, err = encodePNG(img)
	case typ == "image/gif":
		p.MIME = "image/gif"
		var buf bytes.Buffer
		err = gif.Encode(&buf, img, nil)
		p.Data = buf.Bytes()
	default: // JPEG, opaque WebP
		p.MIME = "image/jpeg"
		p.Data, err = encodeJPEG(img)
	}
	if err != nil {
		return nil, fmt.Errorf("media: re-encode %s: %w", name, err)
	}
	b := img.Bounds()
	p.Width, p.Height, p.Checksum = b.Dx(), b.Dy(), checksum(p.Data)
	if p.Renditions, err = renditions(img, opaque); err != nil {
		return nil, err
	}
	return p, nil
}

func decodeConfig(typ string, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch typ {
	case "image/jpeg":
		return jpeg.DecodeConfig(r)
	case "image/png":
		return png.DecodeConfig(r)
	case "image/gif":
		return gif.DecodeConfig(r)
	default:
		return webp.DecodeConfig(r)
	}
}

func decode(typ string, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch typ {
	case "image/jpeg":
		return jpeg.Decode(r)
	case "image/png":
		return png.Decode(r)
	case "image/gif":
		return gif.Decode(r) // first frame
	default:
		return webp.Decode(r)
	}
}

func formatName(typ string) string {
	switch typ {
	case "image/jpeg":
		return "JPEG"
	case "image/png":
		return "PNG"
	case "image/gif":
		return "GIF"
	}
	return "WebP"
}

func encodeJPEG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: JPEGQuality})
	return buf.Bytes(), err
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	err := enc.Encode(&buf, img)
	return buf.Bytes(), err
}

func checksum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// isOpaque reports whether every pixel of img is fully opaque.
func isOpaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}

// HumanBytes formats n bytes as "512 bytes", "1.5 KiB" or "20 MiB".
func HumanBytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<10)), ".0") + " KiB"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MiB"
}
