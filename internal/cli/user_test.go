package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
)

// runEnv runs the CLI with environment variables env.
func runEnv(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code := e.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestUserAddListSetPassword(t *testing.T) {
	dir := t.TempDir()
	pw := map[string]string{EnvPassword: "first password 1"}
	code, out, errs := runEnv(t, pw, "user", "add", "--data", dir, "--email", "Ana@Example.com", "--name", "Ana Ruiz", "--role", "owner")
	if code != 0 || !strings.Contains(out, "added Ana Ruiz <ana@example.com> as owner") || !strings.Contains(out, "/admin/login") {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	runEnv(t, pw, "user", "add", "--data", dir, "--email", "ben@example.com", "--name", "Ben Ode", "--role", "Contributor")

	code, out, errs = runEnv(t, nil, "user", "list", "--data", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "EMAIL") || !strings.Contains(lines[0], "LAST LOGIN") ||
		!strings.Contains(lines[1], "ana@example.com") || !strings.Contains(lines[1], "Ana Ruiz") || !strings.Contains(lines[1], "owner") ||
		!strings.Contains(lines[1], "never") || !strings.Contains(lines[2], "contributor") {
		t.Fatalf("list: %d %q %q", code, out, errs)
	}

	// The password works, then set-password replaces it.
	ctx := context.Background()
	check := func(password string) error {
		st, err := store.Open(ctx, store.Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		_, err = auth.New(st, auth.Options{}).Login(ctx, "192.0.2.1", "ana@example.com", password)
		return err
	}
	if err := check("first password 1"); err != nil {
		t.Fatalf("login with the added password: %v", err)
	}
	code, out, errs = runEnv(t, map[string]string{EnvPassword: "second password 2"}, "user", "set-password", "--data", dir, "--email", "ANA@example.com")
	if code != 0 || !strings.Contains(out, "password of ana@example.com changed") {
		t.Fatalf("set-password: %d %q %q", code, out, errs)
	}
	if check("first password 1") == nil || check("second password 2") != nil {
		t.Fatal("set-password did not replace the password")
	}
	// MASTHEAD_PASSWORD_FILE works too.
	f := filepath.Join(dir, "pw")
	os.WriteFile(f, []byte("third password 3\n"), 0o600)
	if code, _, errs := runEnv(t, map[string]string{EnvPassword + "_FILE": f}, "user", "set-password", "--data", dir, "--email", "ana@example.com"); code != 0 {
		t.Fatalf("password file: %q", errs)
	}
	if check("third password 3") != nil {
		t.Fatal("password from file not set")
	}
	if code, out, _ := runEnv(t, nil, "user", "list", "--data", dir); code != 0 || strings.Contains(strings.Split(out, "\n")[1], "never") {
		t.Fatalf("last login not listed: %q", out)
	}
}

func TestUserErrorsNameTheFlag(t *testing.T) {
	dir := t.TempDir()
	pw := map[string]string{EnvPassword: "good password 1"}
	if code, _, errs := runEnv(t, pw, "user", "add", "--data", dir, "--email", "a@example.com", "--name", "A", "--role", "editor"); code != 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		code int
		want string
	}{
		{pw, []string{"user"}, 2, "missing subcommand"},
		{pw, []string{"user", "frob"}, 2, `unknown subcommand "frob"`},
		{pw, []string{"user", "add", "--name", "N", "--role", "editor"}, 2, "--email is required"},
		{pw, []string{"user", "add", "--email", "n@example.com", "--role", "editor"}, 2, "--name is required"},
		{pw, []string{"user", "add", "--email", "n@example.com", "--name", "N"}, 2, "--role is required"},
		{pw, []string{"user", "add", "--email", "n@example.com", "--name", "N", "--role", "admin"}, 2, `--role: unknown role "admin"`},
		{pw, []string{"user", "add", "--email", "nope", "--name", "N", "--role", "editor"}, 2, "--email: "},
		{pw, []string{"user", "add", "--email", "n@example.com", "--name", "N\nX", "--role", "editor"}, 2, "--name: name contains a control character"},
		{pw, []string{"user", "add", "--email", "A@example.com", "--name", "N", "--role", "editor"}, 1, "--email: a@example.com: an account with this e-mail address already exists"},
		{map[string]string{EnvPassword: "short"}, []string{"user", "add", "--email", "n@example.com", "--name", "N", "--role", "editor"}, 2, "password is too short: use at least 12 characters"},
		{nil, []string{"user", "add", "--email", "n@example.com", "--name", "N", "--role", "editor"}, 2, "no password given: set MASTHEAD_PASSWORD"},
		{pw, []string{"user", "set-password"}, 2, "--email is required"},
		{pw, []string{"user", "set-password", "--email", "zed@example.com"}, 1, `--email: no account has the e-mail address "zed@example.com"`},
		{pw, []string{"user", "list", "extra"}, 2, "takes no arguments"},
	} {
		args := append(tc.args, "--data", dir)
		if len(tc.args) < 2 {
			args = tc.args
		}
		code, _, errs := runEnv(t, tc.env, args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)", tc.args, code, tc.code, errs, tc.want)
		}
	}
	if code, out, _ := runEnv(t, nil, "user", "list", "--data", t.TempDir()); code != 0 || !strings.Contains(out, "no accounts yet") {
		t.Fatalf("empty list: %q", out)
	}
}

// TestUserAddSignInLink: the printed sign-in link uses --base-url when
// given, else the address `masthead serve` recorded for this database,
// never a default port the site does not run on.
func TestUserAddSignInLink(t *testing.T) {
	dir := t.TempDir()
	pw := map[string]string{EnvPassword: "first password 1"}
	_, out, _ := runEnv(t, pw, "user", "add", "--data", dir, "--email", "a@example.com", "--name", "A", "--role", "owner", "--base-url", "https://news.example.com/")
	if !strings.Contains(out, "sign in at https://news.example.com/admin/login") {
		t.Fatalf("explicit base URL: %q", out)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetServedBaseURL(ctx, "http://127.0.0.1:41234"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, out, _ = runEnv(t, pw, "user", "add", "--data", dir, "--email", "b@example.com", "--name", "B", "--role", "editor")
	if !strings.Contains(out, "sign in at http://127.0.0.1:41234/admin/login") {
		t.Fatalf("served base URL: %q", out)
	}
	_, out, _ = runEnv(t, nil, "token", "add", "--data", dir, "--email", "b@example.com", "--name", "cms")
	if !strings.Contains(out, "http://127.0.0.1:41234/api/v1/admin/articles/ID") {
		t.Fatalf("token add link: %q", out)
	}
	_, out, _ = runEnv(t, map[string]string{EnvPassword: "first password 1", "MASTHEAD_BASE_URL": "https://env.example.com"},
		"user", "add", "--data", dir, "--email", "c@example.com", "--name", "C", "--role", "editor")
	if !strings.Contains(out, "sign in at https://env.example.com/admin/login") {
		t.Fatalf("env base URL: %q", out)
	}
}
