package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docsText returns README.md and docs/*.md joined, with each file's name.
func docsText(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range append([]string{"../../README.md"}, files...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

// verbsOf returns the verbs (or import formats) that `masthead NAME -h`
// lists, or nil for a command without verbs.
func verbsOf(t *testing.T, name string) []string {
	t.Helper()
	code, _, usage := run(t, name, "-h")
	if code != 0 {
		t.Fatalf("masthead %s -h: exit %d\n%s", name, code, usage)
	}
	var verbs []string
	if name == "import" {
		_, formats, _ := strings.Cut(usage, "Formats:\n")
		formats, _, _ = strings.Cut(formats, "\n\n")
		for _, line := range strings.Split(formats, "\n") {
			if f := strings.Fields(line); len(f) > 0 {
				verbs = append(verbs, f[0])
			}
		}
		return verbs
	}
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`masthead `+name+` ([a-z][a-z-]*)`).FindAllStringSubmatch(usage, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			verbs = append(verbs, m[1])
		}
	}
	return verbs
}

// TestHelpAndDocsAgree fails when `masthead help`, each command's help and
// the docs (README.md, docs/*.md) disagree: every command is named in the
// docs as "masthead NAME"; every verb or import format a command's help
// lists is named in its one-line summary and in the docs ("token list",
// "import commento"); and every "masthead NAME VERB" the docs write is a
// verb the command has. (The summary of `analytics` had left out rebuild.)
func TestHelpAndDocsAgree(t *testing.T) {
	docs := docsText(t)
	inDocs := func(s string) bool {
		for _, text := range docs {
			if strings.Contains(text, s) {
				return true
			}
		}
		return false
	}
	_, _, usage := run(t, "help")
	verbs := map[string][]string{}
	for _, c := range commands() {
		if !strings.Contains(usage, "  "+c.name+" ") {
			t.Errorf("masthead help does not list %s", c.name)
		}
		if !inDocs("masthead " + c.name) {
			t.Errorf(`no doc names "masthead %s"`, c.name)
		}
		if c.name == "serve" || c.name == "migrate" || c.name == "version" {
			continue // flags only
		}
		verbs[c.name] = verbsOf(t, c.name)
		if len(verbs[c.name]) == 0 {
			t.Errorf("masthead %s -h lists no verbs", c.name)
		}
		for _, v := range verbs[c.name] {
			if !strings.Contains(c.summary, v) {
				t.Errorf("masthead help's line for %s (%q) does not name %s", c.name, c.summary, v)
			}
			if !inDocs(c.name + " " + v) {
				t.Errorf(`no doc names "%s %s"`, c.name, v)
			}
		}
	}
	mention := regexp.MustCompile(`masthead ([a-z]+) ([a-z][a-z-]*)`)
	for file, text := range docs {
		for _, m := range mention.FindAllStringSubmatch(text, -1) {
			known, ok := verbs[m[1]]
			if !ok {
				continue // not a command with verbs
			}
			found := false
			for _, v := range known {
				found = found || v == m[2]
			}
			if !found {
				t.Errorf("%s names %q, but masthead %s has no verb %s (it has %v)", file, m[0], m[1], m[2], known)
			}
		}
	}
}
