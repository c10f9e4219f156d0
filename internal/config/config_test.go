package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T, args []string, env map[string]string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c := new(Config)
	c.Register(fs, Defaults())
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return c, c.Load(fs, func(k string) string { return env[k] })
}

func TestPrecedenceFlagEnvFileDefault(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "db")
	os.WriteFile(secret, []byte("postgres://u:p@db/news\n"), 0o600)
	c, err := load(t, []string{"--addr", "127.0.0.1:9000"}, map[string]string{
		"MASTHEAD_ADDR":              "0.0.0.0:1",
		"MASTHEAD_TIME_ZONE":         "Asia/Singapore",
		"MASTHEAD_DATABASE_URL_FILE": secret,
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.TimeZone != "Asia/Singapore" || c.DatabaseURL != "postgres://u:p@db/news" {
		t.Fatalf("got %+v", c)
	}
	if c.BaseURL != "http://127.0.0.1:9000" || c.Location.String() != "Asia/Singapore" {
		t.Fatalf("derived: %q %v", c.BaseURL, c.Location)
	}
	if c.DataDir != "./masthead-data" {
		t.Fatalf("default data dir %q", c.DataDir)
	}
}

func TestValidateNamesTheFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--time-zone", "Mars/Olympus"}, "--time-zone"},
		{[]string{"--addr", "nope"}, "--addr"},
		{[]string{"--base-url", "ftp://x"}, "--base-url"},
		{[]string{"--database-url", "mysql://x"}, "--database-url"},
		{[]string{"--site-name", " "}, "--site-name"},
		{[]string{"--comment-ip-burst", "0"}, "--comment-ip-burst"},
		{[]string{"--comment-identity-every", "-1s"}, "--comment-identity-every"},
	} {
		_, err := load(t, tc.args, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want mention of %s", tc.args, err, tc.want)
		}
	}
	if _, err := load(t, nil, map[string]string{"MASTHEAD_DEMO": "maybe"}); err == nil || !strings.Contains(err.Error(), "MASTHEAD_DEMO") {
		t.Errorf("bad env value: %v", err)
	}
}

func TestRightsLine(t *testing.T) {
	c := Defaults()
	c.SiteName = "The Daily"
	if got := c.RightsLine(2024); got != "© 2024 The Daily, All rights reserved. Do not reproduce without permission." {
		t.Fatal(got)
	}
}
