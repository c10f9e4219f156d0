package markup

import (
	"strings"
	"testing"
)

// TestCommentNestingCapped (issue 4, testers' gap): 2,500 levels of "> "
// or "- " used to render 2,500 nested elements. Quotes and lists now nest
// at most MaxCommentNesting deep; the text of deeper levels is kept at the
// deepest level, and nesting within the cap is untouched.
func TestCommentNestingCapped(t *testing.T) {
	deepest := func(h string) int {
		d, ok := nestingDepth(h)
		if !ok {
			t.Fatalf("unbalanced: %.300s", h)
		}
		return d
	}
	for _, tc := range []struct {
		name, src string
		depth     int
		words     []string
	}{
		{"2,500 quotes", strings.Repeat("> ", 2500) + "deep thought", MaxCommentNesting, []string{"deep thought"}},
		{"2,500 list levels", strings.Repeat("- ", 2500) + "deep item", MaxCommentNesting, []string{"deep item"}},
		{"2,500 mixed", strings.Repeat("> 1. ", 1250) + "mixed", MaxCommentNesting, []string{"mixed"}},
		{"deep quote on several lines", strings.Repeat(">", 40) + " first\n" + strings.Repeat(">", 40) + "\n" + strings.Repeat(">", 40) + " second\n\nafter",
			MaxCommentNesting, []string{"<p>first</p>", "<p>second</p>", "<p>after</p>"}},
		{"deep tight list items stay apart", strings.Repeat("  ", 0) + nestedList(12, []string{"one", "two"}), MaxCommentNesting,
			[]string{"<p>one</p>", "<p>two</p>"}},
		{"at the cap", strings.Repeat("> ", MaxCommentNesting) + "kept", MaxCommentNesting, []string{"kept"}},
		{"under the cap", "> a\n> - b\n>   > c", 3, []string{"<blockquote>\n<p>a</p>\n<ul>\n<li>b\n<blockquote>\n<p>c</p>"}},
	} {
		r, err := Comment(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := deepest(r.HTML); got != tc.depth {
			t.Errorf("%s: nested %d deep, want %d: %.400s", tc.name, got, tc.depth, r.HTML)
		}
		for _, w := range tc.words {
			if !strings.Contains(r.HTML, w) {
				t.Errorf("%s: %q lost: %.600s", tc.name, w, r.HTML)
			}
		}
		checkCommentHTML(t, tc.src, r.HTML)
	}
}

// nestedList is a list nested depth deep whose innermost level holds the
// items (tight: no blank lines).
func nestedList(depth int, items []string) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	for _, it := range items {
		b.WriteString(strings.Repeat("  ", depth) + "- " + it + "\n")
	}
	return b.String()
}

// nestingDepth returns how deep quotes and lists nest in comment HTML, and
// false when their tags do not balance.
func nestingDepth(h string) (int, bool) {
	depth, most := 0, 0
	for i := 0; i < len(h); i++ {
		if h[i] != '<' {
			continue
		}
		rest := h[i+1:]
		switch {
		case strings.HasPrefix(rest, "blockquote>"), strings.HasPrefix(rest, "ul>"), strings.HasPrefix(rest, "ol>"), strings.HasPrefix(rest, "ol "):
			depth++
			most = max(most, depth)
		case strings.HasPrefix(rest, "/blockquote>"), strings.HasPrefix(rest, "/ul>"), strings.HasPrefix(rest, "/ol>"):
			depth--
		}
	}
	return most, depth == 0
}
