package cli

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"masthead/internal/api"
	"masthead/internal/store"
)

func TestTokenAddListRevoke(t *testing.T) {
	dir := t.TempDir()
	pw := map[string]string{EnvPassword: "good password 1"}
	if code, _, errs := runEnv(t, pw, "user", "add", "--data", dir, "--email", "ana@example.com", "--name", "Ana", "--role", "editor"); code != 0 {
		t.Fatalf("user add: %q", errs)
	}
	code, out, errs := runEnv(t, nil, "token", "add", "--data", dir, "--email", "Ana@Example.com", "--name", "cms sync")
	secret := regexp.MustCompile(`mht_[A-Za-z0-9_-]{43}`).FindString(out)
	if code != 0 || secret == "" || !strings.Contains(out, "shown only this once") {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	k, err := st.APITokenByHash(ctx, api.HashKey(secret))
	st.Close()
	if err != nil || k.Name != "cms sync" || k.Hash == secret || k.UserID == 0 {
		t.Fatalf("stored token: %+v %v", k, err)
	}
	code, out, _ = runEnv(t, nil, "token", "list", "--data", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[1], secret[:8]) || strings.Contains(out, secret) ||
		!strings.Contains(lines[1], "ana@example.com") || !strings.HasSuffix(lines[1], "-") {
		t.Fatalf("list: %d %q", code, out)
	}
	if code, out, errs = runEnv(t, nil, "token", "revoke", "--data", dir, "--id", "1"); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %d %q %q", code, out, errs)
	}
	if code, out, _ = runEnv(t, nil, "token", "list", "--data", dir); code != 0 || strings.HasSuffix(strings.TrimSpace(out), "-") {
		t.Fatalf("list after revoke: %q", out)
	}
	if code, _, errs := runEnv(t, nil, "token", "add", "--data", dir, "--email", "nobody@example.com", "--name", "x"); code != 1 || !strings.Contains(errs, "no user") {
		t.Errorf("unknown user: %d %q", code, errs)
	}
	for _, args := range [][]string{{"token"}, {"token", "add", "--data", dir, "--name", "x"}, {"token", "revoke", "--data", dir}, {"token", "nope"}} {
		if code, _, _ := runEnv(t, nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
