package mail

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFileSenderWritesParseableMessage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	f := &FileSender{Dir: dir, From: "news@example.com", Now: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	to, err := Address("Zoë Ana", "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	link := "https://news.example.com/admin/reset/abcDEF_-123"
	if err := f.Send(context.Background(), Message{To: to, Subject: "Réinitialiser", Text: "Open this link:\n" + link + "\n"}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 || !strings.HasPrefix(filepath.Base(files[0]), "20260301T090000") {
		t.Fatalf("files %v", files)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v", fi.Mode())
	}
	if di, _ := os.Stat(dir); di.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %v", di.Mode())
	}
	fh, _ := os.Open(files[0])
	defer fh.Close()
	m, err := netmail.ReadMessage(fh)
	if err != nil {
		t.Fatal(err)
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	a, err := m.Header.AddressList("To")
	if subj != "Réinitialiser" || err != nil || a[0].Address != "ana@example.com" || a[0].Name != "Zoë Ana" {
		t.Fatalf("headers %v %v", m.Header, err)
	}
	b, _ := io.ReadAll(m.Body)
	if !strings.Contains(string(b), link+"\r\n") || m.Header.Get("Content-Transfer-Encoding") != "7bit" {
		t.Fatalf("body %q", b)
	}
}

func TestHeaderInjectionRefused(t *testing.T) {
	f := &FileSender{Dir: t.TempDir()}
	for _, m := range []Message{
		{To: "ana@example.com", Subject: "Hi\r\nBcc: x@evil.example", Text: "x"},
		{To: "ana@example.com\nBcc: x@evil.example", Subject: "Hi", Text: "x"},
	} {
		if err := f.Send(context.Background(), m); !errors.Is(err, ErrHeader) {
			t.Fatalf("%+v: err %v", m, err)
		}
	}
	if _, err := Address("Ana\r\nBcc: x@evil.example", "ana@example.com"); !errors.Is(err, ErrHeader) {
		t.Fatalf("name with CRLF: %v", err)
	}
	if files, _ := filepath.Glob(filepath.Join(f.Dir, "*")); len(files) != 0 {
		t.Fatalf("wrote %v", files)
	}
}

func TestParseSMTPURL(t *testing.T) {
	c, err := ParseSMTPURL("smtp://user:p%40ss@mail.example.com:587?from=news@example.com")
	if err != nil || c.Host != "mail.example.com" || c.Port != "587" || c.User != "user" || c.Password != "p@ss" || c.From != "news@example.com" {
		t.Fatalf("%+v %v", c, err)
	}
	for _, bad := range []string{"http://mail.example.com?from=a@b.c", "smtp://mail.example.com", "smtp://?from=a@b.c", "smtp://h?from=not-an-address"} {
		if _, err := ParseSMTPURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
