package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// finishComments cuts loose replies whose parent is elsewhere or part of a
// cycle, and orders parents first.
func TestFinishComments(t *testing.T) {
	b := &CommentBatch{
		Threads: []CommentThread{{Key: "t1"}, {Key: "t2"}},
		Comments: []CommentRecord{
			{SourceID: "c", ThreadKey: "t1", ParentID: "b"},
			{SourceID: "b", ThreadKey: "t1", ParentID: "a"},
			{SourceID: "a", ThreadKey: "t1"},
			{SourceID: "x", ThreadKey: "t1", ParentID: "y"}, // x ↔ y cycle
			{SourceID: "y", ThreadKey: "t1", ParentID: "x"},
			{SourceID: "self", ThreadKey: "t1", ParentID: "self"},
			{SourceID: "other", ThreadKey: "t2", ParentID: "a"}, // parent in another thread
			{SourceID: "a", ThreadKey: "t1", Line: 9},           // duplicate
			{SourceID: "lost", ThreadKey: "t9"},                 // no such thread
		},
	}
	finishComments(b)
	var got []string
	for _, c := range b.Comments {
		got = append(got, c.SourceID+"<"+c.ParentID)
	}
	want := []string{"a<", "y<", "self<", "other<", "b<a", "x<y", "c<b"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]Skip{{ID: "a (line 9)", Reason: "duplicate id"}, {ID: "lost", Reason: "missing thread"}}, b.Skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	if len(b.Notes) != 1 || !strings.HasPrefix(b.Notes[0], "3 replies") {
		t.Errorf("notes %q", b.Notes)
	}
}

func TestCommentBlankAndSyntheticID(t *testing.T) {
	for _, s := range []string{"", " ", "undefined", "Undefined", "null", "None"} {
		if !commentBlank(s) {
			t.Errorf("%q not blank", s)
		}
	}
	if commentBlank("0") || commentValue(" x ") != "x" {
		t.Error("commentBlank/commentValue")
	}
	a, b := commentSyntheticID("ab", "c"), commentSyntheticID("a", "bc")
	if a == b || a != commentSyntheticID("ab", "c") {
		t.Errorf("synthetic ids %q %q", a, b)
	}
}
