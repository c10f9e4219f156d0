package cli

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"masthead/internal/api"
	"masthead/internal/store"
)

func TestAPIKeyAddListRevoke(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runEnv(t, nil, "apikey", "add", "--data", dir, "--name", "partner app")
	secret := regexp.MustCompile(`mh_[A-Za-z0-9_-]{43}`).FindString(out)
	if code != 0 || secret == "" || !strings.Contains(out, "shown only this once") {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	k, err := st.APIKeyByHash(ctx, api.HashKey(secret))
	st.Close()
	if err != nil || k.Name != "partner app" || k.Hash == secret {
		t.Fatalf("stored key: %+v %v", k, err)
	}

	code, out, _ = runEnv(t, nil, "apikey", "list", "--data", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[1], secret[:8]) ||
		strings.Contains(out, secret) || !strings.Contains(lines[1], "partner app") || !strings.HasSuffix(lines[1], "-") {
		t.Fatalf("list: %d %q", code, out)
	}
	if code, out, errs = runEnv(t, nil, "apikey", "revoke", "--data", dir, "--id", "1"); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %d %q %q", code, out, errs)
	}
	code, out, _ = runEnv(t, nil, "apikey", "list", "--data", dir)
	if code != 0 || strings.HasSuffix(strings.TrimSpace(out), "-") {
		t.Fatalf("list after revoke: %q", out)
	}
	for _, args := range [][]string{{"apikey"}, {"apikey", "add", "--data", dir}, {"apikey", "revoke", "--data", dir}, {"apikey", "nope"}} {
		if code, _, _ := runEnv(t, nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runEnv(t, nil, "apikey", "revoke", "--data", dir, "--id", "42"); code != 1 || !strings.Contains(errs, "no API key has the id 42") {
		t.Errorf("revoke unknown: %d %q", code, errs)
	}
}
