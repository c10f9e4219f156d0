package auth

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the matrix in docs/PERMISSIONS.md from the code")

// want is the permission matrix written out independently of roles.go:
// one row per action, columns owner editor author contributor moderator
// analyst; Y = allowed.
var want = map[Action]string{
	CreateArticle:    "Y Y Y Y . .",
	EditOwn:          "Y Y Y Y . .",
	EditOthers:       "Y Y . . . .",
	Publish:          "Y Y Y . . .",
	Schedule:         "Y Y Y . . .",
	Unpublish:        "Y Y . . . .",
	Delete:           "Y Y . . . .",
	ManageFronts:     "Y Y . . . .",
	ManageTaxonomy:   "Y Y . . . .",
	ManageUsers:      "Y . . . . .",
	ModerateComments: "Y Y . . Y .",
	ViewAnalytics:    "Y Y . . . Y",
}

func TestEveryPermissionCell(t *testing.T) {
	if len(want) != len(Actions) || len(Roles) != 6 {
		t.Fatalf("matrix shape: %d actions in test, %d in code, %d roles", len(want), len(Actions), len(Roles))
	}
	cells := 0
	for _, a := range Actions {
		row := strings.Fields(want[a])
		if len(row) != len(Roles) {
			t.Fatalf("%s: row %q", a, want[a])
		}
		for i, r := range Roles {
			cells++
			if got, exp := Can(r, a), row[i] == "Y"; got != exp {
				t.Errorf("Can(%s, %s) = %v, want %v", r, a, got, exp)
			}
		}
	}
	if cells != 72 {
		t.Fatalf("checked %d cells, want 72", cells)
	}
	if Can("janitor", CreateArticle) || Can(Owner, "launch missiles") || Can("", ViewAnalytics) {
		t.Error("unknown role or action allowed")
	}
}

func TestCanArticleOwnAndOthers(t *testing.T) {
	for _, r := range Roles {
		for _, a := range []Action{Publish, Schedule, Unpublish, Delete} {
			if got, exp := CanArticle(r, a, true), Can(r, a); got != exp {
				t.Errorf("CanArticle(%s, %s, own) = %v, want %v", r, a, got, exp)
			}
			if got, exp := CanArticle(r, a, false), Can(r, a) && Can(r, EditOthers); got != exp {
				t.Errorf("CanArticle(%s, %s, others') = %v, want %v", r, a, got, exp)
			}
		}
		if CanArticle(r, EditOwn, true) != Can(r, EditOwn) || CanArticle(r, EditOwn, false) != Can(r, EditOthers) {
			t.Errorf("CanArticle(%s, edit)", r)
		}
	}
	// The cases the docs spell out.
	if !CanArticle(Author, Publish, true) || CanArticle(Author, Publish, false) || CanArticle(Contributor, Publish, true) {
		t.Error("author/contributor publishing rules")
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range Roles {
		got, err := ParseRole(" " + strings.ToUpper(string(r)) + " ")
		if err != nil || got != r {
			t.Errorf("ParseRole(%s) = %q, %v", r, got, err)
		}
	}
	if _, err := ParseRole("admin"); err == nil || !strings.Contains(err.Error(), "owner, editor, author, contributor, moderator, analyst") {
		t.Errorf("ParseRole(admin): %v", err)
	}
	if got := Allowed(Analyst); len(got) != 1 || got[0] != ViewAnalytics {
		t.Errorf("Allowed(analyst) = %v", got)
	}
}

const (
	docPath  = "../../docs/PERMISSIONS.md"
	docBegin = "<!-- BEGIN PERMISSION MATRIX (generated; do not edit by hand) -->\n"
	docEnd   = "<!-- END PERMISSION MATRIX -->"
)

// TestPermissionsDoc fails when docs/PERMISSIONS.md does not carry the
// matrix of the code; -update rewrites it.
func TestPermissionsDoc(t *testing.T) {
	b, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, docBegin), strings.Index(doc, docEnd)
	if i < 0 || j < i {
		t.Fatalf("%s: matrix markers missing", docPath)
	}
	got := doc[i+len(docBegin) : j]
	if exp := MarkdownTable(); got != exp {
		if *update {
			if err := os.WriteFile(docPath, []byte(doc[:i+len(docBegin)]+exp+doc[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Fatalf("docs/PERMISSIONS.md disagrees with roles.go; run go test ./internal/auth -run TestPermissionsDoc -update\n--- doc\n%s--- code\n%s", got, exp)
	}
}
