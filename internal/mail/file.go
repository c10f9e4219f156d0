package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// FileSender writes each message to Dir/<UTC time>-<random>.eml (mode
// 0600, Dir created 0700) and logs one line with the recipient, subject and
// file. It stands in for a mail server in development and on sites without
// SMTP settings.
type FileSender struct {
	Dir  string
	From string           // From address; empty means "masthead@localhost"
	Now  func() time.Time // nil means time.Now
	Log  *slog.Logger     // nil means slog.Default()
}

// NewFileSender returns a FileSender writing to dir.
func NewFileSender(dir string, log *slog.Logger) *FileSender {
	return &FileSender{Dir: dir, Log: log}
}

// Send writes msg to a new file.
func (f *FileSender) Send(ctx context.Context, msg Message) error {
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	from := f.From
	if from == "" {
		from = "masthead@localhost"
	}
	t := now().UTC()
	b, err := Format(msg, from, t)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	var r [6]byte
	rand.Read(r[:])
	name := filepath.Join(f.Dir, t.Format("20060102T150405.000000000Z")+"-"+hex.EncodeToString(r[:])+".eml")
	fh, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if _, err := fh.Write(b); err != nil {
		fh.Close()
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	log := f.Log
	if log == nil {
		log = slog.Default()
	}
	log.Info("mail written to file (no SMTP server configured)", "to", msg.To, "subject", msg.Subject, "file", name)
	return nil
}
