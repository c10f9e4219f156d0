package article

import "strings"

// DiffOp says how a line of a line diff relates the two texts.
type DiffOp int

// Diff operations.
const (
	Same    DiffOp = iota // in both texts
	Removed               // only in the old text
	Added                 // only in the new text
	Changed               // an old line replaced by a new one (side by side)
)

// DiffRow is one row of a side-by-side diff. Old is empty for Added rows,
// New for Removed rows. Line numbers are 1-based, 0 when the side is empty.
type DiffRow struct {
	Op       DiffOp
	Old, New string
	OldLine  int
	NewLine  int
}

// maxDiffCells bounds the LCS table (old lines × new lines); past it the
// diff falls back to "everything removed, everything added" rather than
// using quadratic memory on a huge body.
const maxDiffCells = 4 << 20

// LineDiff compares old and new line by line with a longest-common-
// subsequence table (the classic dynamic programme, as in diff(1) without
// Myers' refinements) and returns rows for a side-by-side view: runs of
// removed lines followed by added lines are paired up as Changed rows.
// Lines are split on "\n"; a final newline does not make an empty line.
func LineDiff(old, new string) []DiffRow {
	a, b := splitLines(old), splitLines(new)
	// Trim the common prefix and suffix: most edits touch a few lines.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []DiffOp // Same, Removed, Added in order over the middle part
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > maxDiffCells {
		for range ma {
			ops = append(ops, Removed)
		}
		for range mb {
			ops = append(ops, Added)
		}
	} else {
		ops = lcsOps(ma, mb)
	}
	var rows []DiffRow
	i, j := 0, 0 // next line index in a and b
	emit := func(op DiffOp) {
		r := DiffRow{Op: op}
		if op != Added {
			r.Old, r.OldLine = a[i], i+1
			i++
		}
		if op != Removed {
			r.New, r.NewLine = b[j], j+1
			j++
		}
		rows = append(rows, r)
	}
	for range pre {
		emit(Same)
	}
	for k := 0; k < len(ops); {
		if ops[k] == Same {
			emit(Same)
			k++
			continue
		}
		// A block of removals and additions: pair them side by side.
		var rem, add int
		for k < len(ops) && ops[k] != Same {
			if ops[k] == Removed {
				rem++
			} else {
				add++
			}
			k++
		}
		for n := 0; n < max(rem, add); n++ {
			switch {
			case n < rem && n < add:
				rows = append(rows, DiffRow{Op: Changed, Old: a[i], OldLine: i + 1, New: b[j+n], NewLine: j + n + 1})
				i++
			case n < rem:
				rows = append(rows, DiffRow{Op: Removed, Old: a[i], OldLine: i + 1})
				i++
			default:
				rows = append(rows, DiffRow{Op: Added, New: b[j+n], NewLine: j + n + 1})
			}
		}
		j += add
	}
	for range suf {
		emit(Same)
	}
	return rows
}

// lcsOps returns the edit script turning a into b.
func lcsOps(a, b []string) []DiffOp {
	n, m := len(a), len(b)
	// t[i][j] = LCS length of a[i:] and b[j:], stored row-major.
	t := make([]int32, (n+1)*(m+1))
	w := m + 1
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			} else {
				t[i*w+j] = max(t[(i+1)*w+j], t[i*w+j+1])
			}
		}
	}
	var ops []DiffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, Same)
			i++
			j++
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			ops = append(ops, Removed)
			i++
		default:
			ops = append(ops, Added)
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, Removed)
	}
	for ; j < m; j++ {
		ops = append(ops, Added)
	}
	return ops
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
