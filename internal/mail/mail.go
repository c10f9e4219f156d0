// Package mail sends Masthead's few e-mails (password reset links). A
// Sender delivers a Message; FileSender writes each message as an RFC 5322
// .eml file (the default when no SMTP server is configured) and SMTPSender
// relays through an SMTP server with STARTTLS (--smtp-url).
//
// Messages are plain text only. Header fields are checked here: a CR or LF
// in To or Subject is refused (DESIGN.md §7, header injection), non-ASCII
// subjects and display names are encoded (RFC 2047).
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"time"
	"unicode"
)

// Message is one plain-text e-mail.
type Message struct {
	// To is the recipient: a bare address or "Name <address>" (see Address).
	To string
	// Subject is the subject line, without line breaks.
	Subject string
	// Text is the plain-text body; lines end with "\n".
	Text string
	// ListUnsubscribe, when set, is an https URL that unsubscribes the
	// recipient with one POST: Format adds List-Unsubscribe and
	// List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 2369, RFC 8058).
	ListUnsubscribe string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, msg Message) error
}

// ErrHeader is returned for a To or Subject that may not go into a header.
var ErrHeader = errors.New("mail: header value contains a line break or control character")

// checkHeader refuses CR, LF and other control characters.
func checkHeader(v string) error {
	for _, c := range v {
		if c == '\r' || c == '\n' || unicode.IsControl(c) {
			return ErrHeader
		}
	}
	return nil
}

// Address returns the To value for a person: "Name <address>" with the
// name encoded when it is not ASCII, or the bare address when name is
// empty. A CR/LF (or other control character) in name or address is
// refused with ErrHeader.
func Address(name, address string) (string, error) {
	if err := checkHeader(name); err != nil {
		return "", err
	}
	if err := checkHeader(address); err != nil {
		return "", err
	}
	if _, err := netmail.ParseAddress(address); err != nil {
		return "", fmt.Errorf("mail: %q is not an e-mail address", address)
	}
	return (&netmail.Address{Name: name, Address: address}).String(), nil
}

// recipient checks and parses msg.To.
func (m *Message) recipient() (*netmail.Address, error) {
	if err := checkHeader(m.To); err != nil {
		return nil, fmt.Errorf("To: %w", err)
	}
	a, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("mail: To %q is not an e-mail address", m.To)
	}
	return a, nil
}

// Validate checks the header fields of m.
func (m *Message) Validate() error {
	if _, err := m.recipient(); err != nil {
		return err
	}
	if err := checkHeader(m.Subject); err != nil {
		return fmt.Errorf("Subject: %w", err)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return errors.New("mail: empty subject")
	}
	if u := m.ListUnsubscribe; u != "" {
		if err := checkHeader(u); err != nil || strings.ContainsAny(u, "<> ") || !strings.HasPrefix(u, "http") {
			return fmt.Errorf("mail: List-Unsubscribe %q is not a usable URL", u)
		}
	}
	return nil
}

// Format renders m as an RFC 5322 message from the address from, dated now,
// with CRLF line endings. The body is 7bit when it is ASCII with short
// lines, else quoted-printable UTF-8.
func Format(m Message, from string, now time.Time) ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	to, _ := m.recipient()
	if err := checkHeader(from); err != nil {
		return nil, fmt.Errorf("From: %w", err)
	}
	fa, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: From %q is not an e-mail address", from)
	}
	domain := fa.Address[strings.LastIndexByte(fa.Address, '@')+1:]
	var id [12]byte
	rand.Read(id[:])

	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", fa.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Date", now.UTC().Format(time.RFC1123Z))
	h("Message-ID", "<"+hex.EncodeToString(id[:])+"@"+domain+">")
	if m.ListUnsubscribe != "" {
		h("List-Unsubscribe", "<"+m.ListUnsubscribe+">")
		h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")
	if plain7bit(text) {
		h("Content-Transfer-Encoding", "7bit")
		b.WriteString("\r\n")
		b.WriteString(text)
	} else {
		h("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		qw := quotedprintable.NewWriter(&b)
		qw.Write([]byte(text))
		qw.Close()
	}
	return b.Bytes(), nil
}

// plain7bit reports whether s is ASCII with lines of at most 998 bytes
// (RFC 5322 §2.1.1).
func plain7bit(s string) bool {
	for _, line := range strings.Split(s, "\r\n") {
		if len(line) > 998 {
			return false
		}
		for i := 0; i < len(line); i++ {
			if line[i] >= 0x80 || line[i] == 0 {
				return false
			}
		}
	}
	return true
}
