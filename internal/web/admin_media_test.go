package web

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"masthead/internal/store"
)

// testPhoto makes a w×h opaque gradient image.
func testPhoto(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img
}

func encodeTest(t *testing.T, img image.Image, asJPEG bool) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	if asJPEG {
		err = jpeg.Encode(&b, img, nil)
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload posts the library's upload form as a browser would.
func upload(t *testing.T, b *browser, filename string, data []byte, fields ...string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/admin/media", &buf)
	req.RemoteAddr = b.ip + ":40000"
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.f.h.ServeHTTP(rec, req)
	res := rec.Result()
	return res, body(t, res)
}

func mediaCount(t *testing.T, st *store.Store) int {
	t.Helper()
	_, n, err := st.ListMedia(context.Background(), store.MediaFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var uploadedRE = regexp.MustCompile(`^/admin/media\?uploaded=(\d+)$`)

func TestAdminMediaUploadAndServe(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		n := seedNewsroom(t, f)
		ed := signIn(t, f, "ana@example.com")
		res, body := ed.do(t, "GET", "/admin/media", nil)
		wantStatus(t, res, body, 200, `enctype="multipart/form-data"`, "0 images")

		// A PNG named .jpg is taken for what its bytes say.
		res, body = upload(t, ed, "harbour.jpg", encodeTest(t, testPhoto(1200, 800), false),
			"alt", "Fishing boats in the harbour", "caption", "Dawn at the quay", "credit", "Ana Ruiz/Example")
		m := uploadedRE.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("upload: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		id, _ := idParam(m[1])
		med, err := f.st.MediaByID(context.Background(), id)
		if err != nil || med.MIME != "image/png" || med.Width != 1200 || !med.Stored || med.Alt != "Fishing boats in the harbour" {
			t.Fatalf("%+v %v", med, err)
		}
		rs, _ := f.st.Renditions(context.Background(), id)
		if len(rs) != 3 || rs[0].Width != 320 || rs[2].Width != 1024 {
			t.Fatalf("renditions %+v", rs)
		}
		res, body = ed.do(t, "GET", res.Header.Get("Location"), nil)
		wantStatus(t, res, body, 200, `class="media-id">`+m[1]+`<`, "Dawn at the quay", renditionPath(med, &rs[0]))

		// The same image again is not stored twice.
		res, _ = upload(t, ed, "again.png", encodeTest(t, testPhoto(1200, 800), false), "alt", "Other words")
		if loc := res.Header.Get("Location"); loc != "/admin/media?uploaded="+m[1]+"&existing=1" || mediaCount(t, f.st) != 1 {
			t.Fatalf("duplicate: %q, %d media", loc, mediaCount(t, f.st))
		}

		// Library search.
		upload(t, ed, "council.jpg", encodeTest(t, testPhoto(200, 100), true), "alt", "Council chamber", "credit", "Carl Berg")
		res, body = ed.do(t, "GET", "/admin/media?q=HARBOUR", nil)
		wantStatus(t, res, body, 200, "1 image matching", "Dawn at the quay")
		if strings.Contains(body, "Council chamber") {
			t.Fatal("search shows an image that does not match")
		}
		res, body = ed.do(t, "GET", "/admin/media?q=carl+berg", nil)
		wantStatus(t, res, body, 200, "Council chamber")

		// Renditions and originals are served as sandboxed, immutable files.
		reader := f.browser("198.51.100.7")
		for _, p := range []string{renditionPath(med, &rs[1]), mediaPath(med)} {
			res, body = reader.do(t, "GET", p, nil)
			if res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") != "default-src 'none'; sandbox" ||
				res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
				t.Fatalf("%s: %d %v", p, res.StatusCode, res.Header)
			}
			if p == mediaPath(med) {
				continue
			}
			img, err := jpeg.Decode(strings.NewReader(body))
			if err != nil || img.Bounds().Dx() != 640 || res.Header.Get("Content-Type") != "image/jpeg" {
				t.Fatalf("rendition: %v %v", img, err)
			}
		}
		sum := mediaSum(med)
		for _, p := range []string{"/media/" + m[1] + "/" + sum + "-1600w.jpg", "/media/" + m[1] + "/" + sum + "-640w.png",
			"/media/" + m[1] + "/000000000000-640w.jpg", "/media/" + m[1] + "/" + sum + "-0640w.jpg"} {
			if res, _ := reader.do(t, "GET", p, nil); res.StatusCode != 404 {
				t.Errorf("%s: %d, want 404", p, res.StatusCode)
			}
		}

		// As a lead photo, the reader page offers the renditions in srcset.
		a := post(t, f, ed, "/admin/articles", n.form("Boats return", "action", "publish", "lead", m[1], "lead_alt", "Boats"))
		if a.LeadMediaID != id {
			t.Fatalf("lead %d", a.LeadMediaID)
		}
		res, body = reader.do(t, "GET", "/articles/"+a.Slug, nil)
		want := `srcset="` + renditionPath(med, &rs[0]) + ` 320w, ` + renditionPath(med, &rs[1]) + ` 640w, ` +
			renditionPath(med, &rs[2]) + ` 1024w, ` + mediaPath(med) + ` 1200w" sizes="(min-width: 752px) 720px, 100vw"`
		wantStatus(t, res, body, 200, want)
		res, body = reader.do(t, "GET", "/", nil)
		wantStatus(t, res, body, 200, renditionPath(med, &rs[0])+" 320w")
	})
}

func TestAdminMediaUploadRefusals(t *testing.T) {
	eachAdmin(t, func(t *testing.T, f *adminFixture) {
		ed := signIn(t, f, "ana@example.com")
		full := encodeTest(t, testPhoto(300, 200), true)
		bomb := encodeTest(t, testPhoto(2, 2), false)
		ihdr := bytes.Index(bomb, []byte("IHDR"))
		binary.BigEndian.PutUint32(bomb[ihdr+4:], 12000)
		binary.BigEndian.PutUint32(bomb[ihdr+8:], 9000)
		binary.BigEndian.PutUint32(bomb[ihdr+17:], crc32.ChecksumIEEE(bomb[ihdr:ihdr+17]))
		for _, tc := range []struct {
			name, file string
			data       []byte
			alt        string
			status     int
			msg        string
		}{
			{"html named png", "cat.png", []byte("<!doctype html><html><script>alert(document.cookie)</script></html>"), "x", 415, "not an image: looks like text/html"},
			{"svg", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "x", 415, "SVG is not accepted"},
			{"truncated jpeg", "cut.jpg", full[:len(full)/2], "x", 400, "truncated or corrupt JPEG"},
			{"bomb", "big.png", bomb[:ihdr+21], "x", 413, "12000×9000 pixels"},
			{"no alt", "ok.jpg", full, "", 400, "alt text"},
			{"no file", "", nil, "x", 400, "Choose one image file"},
		} {
			res, body := upload(t, ed, tc.file, tc.data, "alt", tc.alt, "caption", "Kept caption")
			wantStatus(t, res, body, tc.status, tc.msg)
			if tc.status == 400 && !strings.Contains(body, `value="Kept caption"`) {
				t.Errorf("%s: the form was not refilled", tc.name)
			}
			if n := mediaCount(t, f.st); n != 0 {
				t.Fatalf("%s: %d media written", tc.name, n)
			}
		}

		// Over the size limit: 413 and nothing written.
		defer func(old int64) { uploadLimit = old }(uploadLimit)
		uploadLimit = 4 << 10
		noise := image.NewGray(image.Rect(0, 0, 128, 128))
		rnd := rand.New(rand.NewPCG(1, 2))
		for i := range noise.Pix {
			noise.Pix[i] = uint8(rnd.Uint32())
		}
		big := encodeTest(t, noise, false)
		if len(big) <= int(uploadLimit) {
			t.Fatalf("test image only %d bytes", len(big))
		}
		res, body := upload(t, ed, "big.png", big, "alt", "x")
		wantStatus(t, res, body, 413, "too large", "4 KiB")
		huge := bytes.Repeat([]byte{0}, int(uploadLimit)+uploadFormSlack+1)
		res, body = upload(t, ed, "huge.png", huge, "alt", "x")
		wantStatus(t, res, body, 413, "too large")
		res, body = uploadChunked(t, ed, huge)
		wantStatus(t, res, body, 413, "too large")
		if n := mediaCount(t, f.st); n != 0 {
			t.Fatalf("%d media written", n)
		}

		// Roles that cannot create articles cannot upload; the form is
		// protected from other origins like every admin POST.
		an := signIn(t, f, "ben@example.com")
		res, body = upload(t, an, "ok.jpg", full, "alt", "x")
		wantStatus(t, res, body, 403)
		res, body = ed.do(t, "POST", "/admin/media", nil, "Sec-Fetch-Site", "cross-site")
		wantStatus(t, res, body, 403)
		if n := mediaCount(t, f.st); n != 0 {
			t.Fatalf("%d media written", n)
		}
	})
}

// uploadChunked sends a body of unknown length (no Content-Length), so only
// the MaxBytesReader can stop it.
func uploadChunked(t *testing.T, b *browser, data []byte) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("alt", "x")
	fw, _ := mw.CreateFormFile("file", "huge.png")
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/admin/media", struct{ io.Reader }{&buf})
	req.ContentLength = -1
	req.RemoteAddr = b.ip + ":40000"
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.f.h.ServeHTTP(rec, req)
	res := rec.Result()
	return res, body(t, res)
}
