package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/url"
	"time"
)

// SMTPConfig is a parsed --smtp-url:
// smtp://user:pass@host:587?from=news@example.com. The connection is
// upgraded with STARTTLS, which the server must offer; nothing is ever sent
// in clear text, except to a server on localhost.
type SMTPConfig struct {
	Host, Port     string
	User, Password string
	From           string
}

// ParseSMTPURL parses and checks an --smtp-url value.
func ParseSMTPURL(raw string) (*SMTPConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("not a URL (want smtp://user:pass@host:587?from=news@example.com)")
	}
	if u.Scheme != "smtp" {
		return nil, errors.New("want the scheme smtp:// (STARTTLS), e.g. smtp://user:pass@host:587?from=news@example.com")
	}
	c := &SMTPConfig{Host: u.Hostname(), Port: u.Port(), From: u.Query().Get("from")}
	if c.Host == "" {
		return nil, errors.New("no host (want smtp://user:pass@host:587?from=…)")
	}
	if c.Port == "" {
		c.Port = "587"
	}
	if u.User != nil {
		c.User = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if c.From == "" {
		return nil, errors.New("no sender address: add ?from=news@example.com")
	}
	if _, err := Address("", c.From); err != nil {
		return nil, fmt.Errorf("from=%q is not an e-mail address", c.From)
	}
	return c, nil
}

// SMTPSender relays messages through an SMTP server (net/smtp).
type SMTPSender struct {
	cfg *SMTPConfig
	now func() time.Time
}

// NewSMTPSender returns a sender for an --smtp-url value.
func NewSMTPSender(rawURL string) (*SMTPSender, error) {
	c, err := ParseSMTPURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("--smtp-url: %w", err)
	}
	return &SMTPSender{cfg: c, now: time.Now}, nil
}

// Send delivers msg. The whole exchange is bounded by ctx (30 s when ctx
// has no deadline).
func (s *SMTPSender) Send(ctx context.Context, msg Message) error {
	body, err := Format(msg, s.cfg.From, s.now())
	if err != nil {
		return err
	}
	to, _ := msg.recipient()
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(s.cfg.Host, s.cfg.Port))
	if err != nil {
		return fmt.Errorf("mail: smtp: %w", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: smtp: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("mail: smtp STARTTLS: %w", err)
		}
	} else if !isLocal(s.cfg.Host) {
		return fmt.Errorf("mail: smtp server %s does not offer STARTTLS; refusing to send in clear text", s.cfg.Host)
	}
	if s.cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.User, s.cfg.Password, s.cfg.Host)); err != nil {
			return fmt.Errorf("mail: smtp auth: %w", err)
		}
	}
	if err := c.Mail(s.cfg.From); err != nil {
		return fmt.Errorf("mail: smtp MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fmt.Errorf("mail: smtp RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: smtp DATA: %w", err)
	}
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("mail: smtp DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: smtp DATA: %w", err)
	}
	return c.Quit()
}

func isLocal(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
