package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"strings"
	"testing"
)

// photo makes a w×h opaque image: left half red, right half blue.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exifAPP1 builds an APP1 segment holding a TIFF structure (byte order bo)
// whose IFD0 has a Make tag and the orientation tag 0x0112.
func exifAPP1(bo byteOrder, orientation uint16) []byte {
	var t []byte
	if bo == binary.LittleEndian {
		t = append(t, 'I', 'I')
	} else {
		t = append(t, 'M', 'M')
	}
	t = bo.AppendUint16(t, 42)
	t = bo.AppendUint32(t, 8)      // IFD0 offset
	t = bo.AppendUint16(t, 2)      // two entries
	t = bo.AppendUint16(t, 0x010F) // Make, ASCII, 4 bytes inline
	t = bo.AppendUint16(t, 2)
	t = bo.AppendUint32(t, 4)
	t = append(t, 'A', 'C', 'M', 0)
	t = bo.AppendUint16(t, 0x0112) // Orientation, SHORT, 1
	t = bo.AppendUint16(t, 3)
	t = bo.AppendUint32(t, 1)
	t = bo.AppendUint16(t, orientation)
	t = bo.AppendUint16(t, 0)
	t = bo.AppendUint32(t, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), t...)
	out := []byte{0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	return append(out, seg...)
}

// withExif inserts an Exif APP1 segment right after SOI.
func withExif(jpg, app1 []byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

func wantKind(t *testing.T, err, kind error, msg string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Fatalf("err = %q, want it to mention %q", err, msg)
	}
}

func TestPNGNamedJPGIsAcceptedAsPNG(t *testing.T) {
	// File names never reach Process: only the bytes decide.
	p, err := Process(pngBytes(t, photo(40, 30)), 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Source != "image/png" || p.MIME != "image/png" || p.Width != 40 || p.Height != 30 {
		t.Fatalf("got %s→%s %d×%d", p.Source, p.MIME, p.Width, p.Height)
	}
	if _, err := png.Decode(bytes.NewReader(p.Data)); err != nil {
		t.Fatal(err)
	}
}

func TestRefusedTypes(t *testing.T) {
	for name, tc := range map[string]struct {
		data []byte
		msg  string
	}{
		"html":    {[]byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "not an image: looks like text/html"},
		"svg":     {[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "SVG is not accepted"},
		"svg-xml": {[]byte("<?xml version=\"1.0\"?>\n<!-- hi -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "SVG is not accepted"},
		"text":    {[]byte("just some words"), "not an image: looks like text/plain"},
		"bmp":     {append([]byte("BM"), make([]byte, 60)...), "image/bmp is not accepted"},
		"empty":   {nil, "empty"},
		"pdf":     {[]byte("%PDF-1.7\n..."), "application/pdf"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Process(tc.data, 0)
			wantKind(t, err, ErrUnsupported, tc.msg)
		})
	}
}

func TestTruncatedJPEGRefused(t *testing.T) {
	full := jpegBytes(t, photo(64, 48))
	_, err := Process(full[:len(full)*2/3], 0)
	wantKind(t, err, ErrCorrupt, "truncated or corrupt JPEG")
	_, err = Process(full[:40], 0)
	wantKind(t, err, ErrCorrupt, "JPEG")
}

func TestTooManyBytes(t *testing.T) {
	data := pngBytes(t, photo(40, 30))
	_, err := Process(data, int64(len(data)-1))
	wantKind(t, err, ErrTooLarge, "file too large")
}

func TestDecompressionBombRefusedBeforeDecoding(t *testing.T) {
	// A PNG header claiming 12000×9000 pixels followed by no pixel data at
	// all: refused for its size, not for being truncated, which proves the
	// header was checked before decoding.
	small := pngBytes(t, photo(2, 2))
	ihdr := bytes.Index(small, []byte("IHDR"))
	bomb := append([]byte{}, small...)
	binary.BigEndian.PutUint32(bomb[ihdr+4:], 12000)
	binary.BigEndian.PutUint32(bomb[ihdr+8:], 9000)
	// fix the IHDR CRC so the header itself is valid
	crc := crc32IEEE(bomb[ihdr : ihdr+4+13])
	binary.BigEndian.PutUint32(bomb[ihdr+17:], crc)
	_, err := Process(bomb[:ihdr+21], 0)
	wantKind(t, err, ErrTooManyPixels, "image too large: 12000×9000 pixels")
}

func TestExifOrientation6Rotates(t *testing.T) {
	for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		src := withExif(jpegBytes(t, photo(64, 32)), exifAPP1(bo, 6))
		if o := Orientation(src); o != 6 {
			t.Fatalf("Orientation = %d, want 6", o)
		}
		p, err := Process(src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if p.Width != 32 || p.Height != 64 {
			t.Fatalf("%d×%d, want 32×64 (dimensions swapped)", p.Width, p.Height)
		}
		img, err := jpeg.Decode(bytes.NewReader(p.Data))
		if err != nil {
			t.Fatal(err)
		}
		// Rotated 90° clockwise: the red left half is now on top.
		if r, _, b, _ := img.At(16, 8).RGBA(); r < b {
			t.Fatalf("top is not red after rotation")
		}
		if r, _, b, _ := img.At(16, 56).RGBA(); r > b {
			t.Fatalf("bottom is not blue after rotation")
		}
		if bytes.Contains(p.Data, []byte("Exif\x00\x00")) || bytes.Contains(p.Data, []byte("ACM")) {
			t.Fatal("Exif metadata survived re-encoding")
		}
		for _, r := range p.Renditions {
			if bytes.Contains(r.Data, []byte("Exif")) {
				t.Fatal("Exif in a rendition")
			}
		}
	}
}

func TestOrientAllValues(t *testing.T) {
	// A 3×2 image with distinct pixels; each orientation maps them so that
	// displaying the result shows the scene upright.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.SetRGBA(i%3, i/3, color.RGBA{uint8(i + 1), 0, 0, 255})
	}
	at := func(img image.Image, x, y int) uint8 { return img.(*image.RGBA).RGBAAt(x, y).R }
	want := map[int][]uint8{ // rows of the result, left to right, top to bottom
		2: {3, 2, 1, 6, 5, 4},
		3: {6, 5, 4, 3, 2, 1},
		4: {4, 5, 6, 1, 2, 3},
		5: {1, 4, 2, 5, 3, 6},
		6: {4, 1, 5, 2, 6, 3},
		7: {6, 3, 5, 2, 4, 1},
		8: {3, 6, 2, 5, 1, 4},
	}
	for o, w := range want {
		out := Orient(src, o)
		b := out.Bounds()
		var got []uint8
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				got = append(got, at(out, x, y))
			}
		}
		if !bytes.Equal(got, w) {
			t.Errorf("orientation %d: %v, want %v", o, got, w)
		}
	}
	if Orient(src, 1) != image.Image(src) {
		t.Error("orientation 1 changed the image")
	}
}

func TestOrientationMalformed(t *testing.T) {
	plain := jpegBytes(t, photo(8, 8))
	for name, data := range map[string][]byte{
		"no exif":    plain,
		"bad value":  withExif(plain, exifAPP1(binary.BigEndian, 9)),
		"short":      withExif(plain, []byte{0xFF, 0xE1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0, 0}),
		"not jpeg":   []byte("hello"),
		"bad length": {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E'},
	} {
		if o := Orientation(data); o != 1 {
			t.Errorf("%s: %d, want 1", name, o)
		}
	}
}

func TestRenditionsWidthsNoUpscale(t *testing.T) {
	p, err := Process(jpegBytes(t, photo(1200, 800)), 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, r := range p.Renditions {
		got = append(got, r.Width)
		if r.MIME != "image/jpeg" {
			t.Errorf("%d: %s", r.Width, r.MIME)
		}
		img, err := jpeg.Decode(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() != r.Width || img.Bounds().Dy() != r.Height || r.Height != int(math.Round(float64(r.Width)*2/3)) {
			t.Errorf("rendition %d×%d, image %v", r.Width, r.Height, img.Bounds())
		}
	}
	if want := []int{320, 640, 1024}; !equal(got, want) {
		t.Fatalf("widths %v, want %v (no 1600: never upscale)", got, want)
	}
	small, err := Process(pngBytes(t, photo(300, 200)), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(small.Renditions) != 0 {
		t.Fatalf("renditions of a 300 px image: %d", len(small.Renditions))
	}
}

func TestTransparentPNGKeepsAlpha(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 700, 100))
	p, err := Process(pngBytes(t, img), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Renditions) != 2 || p.Renditions[0].MIME != "image/png" {
		t.Fatalf("%+v", p.Renditions)
	}
}

func TestGIFFirstFrame(t *testing.T) {
	pal := color.Palette{color.Black, color.White}
	anim := &gif.GIF{LoopCount: 0}
	for i := range 3 {
		fr := image.NewPaletted(image.Rect(0, 0, 20, 10), pal)
		fr.SetColorIndex(i, 0, 1)
		anim.Image = append(anim.Image, fr)
		anim.Delay = append(anim.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, anim); err != nil {
		t.Fatal(err)
	}
	p, err := Process(b.Bytes(), 0)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(p.Data))
	if err != nil {
		t.Fatal(err)
	}
	if p.MIME != "image/gif" || len(g.Image) != 1 || p.Width != 20 {
		t.Fatalf("%s, %d frames, %d px", p.MIME, len(g.Image), p.Width)
	}
}

func TestPNGMetadataStripped(t *testing.T) {
	data := pngBytes(t, photo(10, 10))
	// insert a tEXt chunk after IHDR
	chunk := []byte("tEXtAuthor\x00Secret Person")
	var c []byte
	c = binary.BigEndian.AppendUint32(c, uint32(len(chunk)-4))
	c = append(c, chunk...)
	c = binary.BigEndian.AppendUint32(c, crc32IEEE(chunk))
	end := 8 + 25
	withText := append(append(append([]byte{}, data[:end]...), c...), data[end:]...)
	if _, err := png.Decode(bytes.NewReader(withText)); err != nil {
		t.Fatal(err)
	}
	p, err := Process(withText, 0)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(p.Data, []byte("Secret")) {
		t.Fatal("tEXt chunk survived")
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
