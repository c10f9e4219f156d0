package article

import (
	"strings"
	"testing"
)

// render shows rows as "op|old|new" lines.
func render(rows []DiffRow) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString([]string{"=", "-", "+", "~"}[r.Op] + "|" + r.Old + "|" + r.New + "\n")
	}
	return b.String()
}

func TestLineDiff(t *testing.T) {
	cases := []struct{ old, new, want string }{
		{"", "", ""},
		{"a\nb\nc", "a\nb\nc\n", "=|a|a\n=|b|b\n=|c|c\n"},
		{"a\nb\nc", "a\nc", "=|a|a\n-|b|\n=|c|c\n"},
		{"a\nc", "a\nb\nc", "=|a|a\n+||b\n=|c|c\n"},
		{"a\nb\nc", "a\nB\nc", "=|a|a\n~|b|B\n=|c|c\n"},
		{"x\na\ny\nb", "a\nz\nb\nw", "-|x|\n=|a|a\n~|y|z\n=|b|b\n+||w\n"},
		{"a\nb1\nb2\nc", "a\nB\nc", "=|a|a\n~|b1|B\n-|b2|\n=|c|c\n"},
		{"", "new", "+||new\n"},
	}
	for _, c := range cases {
		if got := render(LineDiff(c.old, c.new)); got != c.want {
			t.Errorf("LineDiff(%q, %q):\n%s\nwant\n%s", c.old, c.new, got, c.want)
		}
	}
	// Line numbers follow each side.
	rows := LineDiff("a\nb\nc", "a\nx\ny\nc")
	last := rows[len(rows)-1]
	if last.OldLine != 3 || last.NewLine != 4 {
		t.Fatalf("line numbers: %+v", rows)
	}
}

func FuzzLineDiff(f *testing.F) {
	f.Add("a\nb\nc", "a\nc\nd")
	f.Fuzz(func(t *testing.T, old, new string) {
		var o, n []string
		for _, r := range LineDiff(old, new) {
			if r.Op != Added {
				o = append(o, r.Old)
			}
			if r.Op != Removed {
				n = append(n, r.New)
			}
		}
		if strings.Join(o, "\n") != strings.Join(splitLines(old), "\n") || strings.Join(n, "\n") != strings.Join(splitLines(new), "\n") {
			t.Fatalf("diff does not rebuild its inputs")
		}
	})
}
