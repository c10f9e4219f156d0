package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSMTPURL(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "smtp")
	os.WriteFile(secret, []byte("smtp://u:secret@mail.example.com:587?from=news@example.com\n"), 0o600)
	c, err := load(t, nil, map[string]string{"MASTHEAD_SMTP_URL_FILE": secret})
	if err != nil || c.SMTPURL != "smtp://u:secret@mail.example.com:587?from=news@example.com" {
		t.Fatalf("%q %v", c.SMTPURL, err)
	}
	if c, err := load(t, nil, nil); err != nil || c.SMTPURL != "" {
		t.Fatalf("default: %q %v", c.SMTPURL, err)
	}
	for _, bad := range []string{"http://u:secret@mail.example.com", "smtp://u:secret@mail.example.com", "smtp://u:secret@mail.example.com?from=nobody"} {
		_, err := load(t, []string{"--smtp-url", bad}, nil)
		if err == nil || !strings.Contains(err.Error(), "--smtp-url") || strings.Contains(err.Error(), "secret") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestNATSURLValidated(t *testing.T) {
	if _, err := load(t, []string{"--nats-url", "nats://127.0.0.1:4222"}, nil); err != nil {
		t.Fatalf("good URL refused: %v", err)
	}
	for _, bad := range []string{"http://127.0.0.1:4222", "nats://", "127.0.0.1:4222"} {
		if _, err := load(t, []string{"--nats-url", bad}, nil); err == nil || !strings.Contains(err.Error(), "--nats-url") {
			t.Errorf("%q: err = %v, want a --nats-url error", bad, err)
		}
	}
}
