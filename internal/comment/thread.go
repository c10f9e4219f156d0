package comment

import (
	"sort"
	"strings"

	"masthead/internal/model"
)

// Sort names the order of a thread's conversations (top-level comments
// with their replies); replies inside a conversation are always oldest
// first, in tree order.
type Sort string

// Orders readers choose from. SortPicks is the "Picks" tab: the editor's
// picks only, most recently picked first, each shown on its own.
const (
	SortOldest Sort = "oldest"
	SortNewest Sort = "newest"
	SortBest   Sort = "best" // score (upvotes - downvotes), ties oldest first
	SortPicks  Sort = "picks"
)

// ParseSort returns the sort named by s, or SortOldest for anything else.
func ParseSort(s string) Sort {
	switch Sort(s) {
	case SortNewest, SortBest, SortPicks:
		return Sort(s)
	}
	return SortOldest
}

// MaxIndent is the deepest indentation shown: deeper replies are shown at
// this depth with "replying to NAME".
const MaxIndent = 4

// PageBudget is how many comments a page of a thread aims at: pages hold
// whole conversations, filled until this many comments are on the page (a
// single longer conversation gets a page of its own).
const PageBudget = 100

// Item is one comment as a thread shows it.
type Item struct {
	C *model.Comment
	// Indent is the depth shown, 0…MaxIndent.
	Indent int
	// ReplyingTo is the parent's display name when the indentation was
	// flattened (depth above MaxIndent), "" otherwise.
	ReplyingTo string
	// Placeholder is true for a comment readers may not see (deleted,
	// removed by a moderator, awaiting moderation) that is kept in the
	// thread because replies hang from it: only "Comment removed" shows.
	Placeholder bool
	// Held is true for the viewer's own comment that awaits moderation.
	Held bool
}

// Thread is one page of a thread, ready to show.
type Thread struct {
	Items []Item
	Page  int // 1-based, within 1…Pages
	Pages int // at least 1
	// Count is the number of comments readers see on the whole thread
	// (approved, not shadowed; the viewer's own shadowed ones not counted).
	Count int
	// Pinned is the pinned comment (shown on the first page), or nil.
	Pinned *model.Comment
}

// Build arranges the comments of one article (every status, as returned
// by store.ArticleComments with no status filter) into page page (1-based;
// out of range pages are clamped) in order o, for viewer (identity id, 0
// for none). Readers see approved comments (shadowed ones only when they
// are the viewer's); the viewer also sees their own pending comments
// (Held). Comments nobody may see stay as placeholders when visible replies
// hang from them, and vanish otherwise.
func Build(all []*model.Comment, o Sort, page int, viewer int64) Thread {
	var t Thread
	byID := make(map[int64]*model.Comment, len(all))
	kids := map[int64][]*model.Comment{}
	var roots []*model.Comment
	for _, c := range all {
		byID[c.ID] = c
	}
	for _, c := range all {
		if c.Status == model.CommentApproved && !c.Shadow {
			t.Count++
			if !c.Pinned.IsZero() {
				t.Pinned = c
			}
		}
		if p := c.ParentID; p != 0 && byID[p] != nil {
			kids[p] = append(kids[p], c)
		} else {
			roots = append(roots, c)
		}
	}
	shown := func(c *model.Comment) (visible, held bool) {
		switch {
		case c.Status == model.CommentApproved && (!c.Shadow || (viewer != 0 && c.IdentityID == viewer)):
			return true, false
		case c.Status == model.CommentPending && viewer != 0 && c.IdentityID == viewer:
			return true, true
		}
		return false, false
	}
	// keep[c] is true when c or a reply below it is visible.
	keep := map[int64]bool{}
	var mark func(c *model.Comment) bool
	mark = func(c *model.Comment) bool {
		v, _ := shown(c)
		for _, k := range kids[c.ID] {
			if mark(k) {
				v = true
			}
		}
		keep[c.ID] = v
		return v
	}
	for _, r := range roots {
		mark(r)
	}
	for _, l := range kids {
		sortOldest(l)
	}

	if o == SortPicks {
		var picks []*model.Comment
		for _, c := range all {
			if v, held := shown(c); v && !held && !c.Picked.IsZero() {
				picks = append(picks, c)
			}
		}
		sort.SliceStable(picks, func(i, j int) bool { return picks[i].Picked.After(picks[j].Picked) })
		var convs [][]Item
		for _, c := range picks {
			convs = append(convs, []Item{{C: c}})
		}
		t.paginate(convs, page)
		return t
	}

	var live []*model.Comment
	for _, r := range roots {
		if keep[r.ID] {
			live = append(live, r)
		}
	}
	switch o {
	case SortNewest:
		sort.SliceStable(live, func(i, j int) bool {
			if !live[i].Created.Equal(live[j].Created) {
				return live[i].Created.After(live[j].Created)
			}
			return live[i].ID > live[j].ID
		})
	case SortBest:
		sortOldest(live)
		sort.SliceStable(live, func(i, j int) bool { return live[i].Score > live[j].Score })
	default:
		sortOldest(live)
	}
	convs := make([][]Item, 0, len(live))
	for _, r := range live {
		var conv []Item
		var walk func(c *model.Comment)
		walk = func(c *model.Comment) {
			v, held := shown(c)
			it := Item{C: c, Indent: min(c.Depth, MaxIndent), Placeholder: !v, Held: held}
			if c.Depth > MaxIndent {
				if p := byID[c.ParentID]; p != nil && p.Identity != nil {
					if pv, _ := shown(p); pv {
						it.ReplyingTo = p.Identity.Name
					}
				}
			}
			conv = append(conv, it)
			for _, k := range kids[c.ID] {
				if keep[k.ID] {
					walk(k)
				}
			}
		}
		walk(r)
		convs = append(convs, conv)
	}
	t.paginate(convs, page)
	return t
}

func sortOldest(l []*model.Comment) {
	sort.SliceStable(l, func(i, j int) bool {
		if !l[i].Created.Equal(l[j].Created) {
			return l[i].Created.Before(l[j].Created)
		}
		return l[i].ID < l[j].ID
	})
}

// paginate splits conversations into pages of about PageBudget comments
// and keeps page page.
func (t *Thread) paginate(convs [][]Item, page int) {
	var pages [][]Item
	var cur []Item
	for _, c := range convs {
		if len(cur) > 0 && len(cur)+len(c) > PageBudget {
			pages = append(pages, cur)
			cur = nil
		}
		cur = append(cur, c...)
	}
	if len(cur) > 0 || len(pages) == 0 {
		pages = append(pages, cur)
	}
	t.Pages = len(pages)
	t.Page = max(1, min(page, t.Pages))
	t.Items = pages[t.Page-1]
}

// PageOf returns the page (1-based) on which comment id appears in order
// o for viewer, or 0 when it does not appear.
func PageOf(all []*model.Comment, o Sort, viewer, id int64) int {
	first := Build(all, o, 1, viewer)
	for p := 1; p <= first.Pages; p++ {
		t := first
		if p > 1 {
			t = Build(all, o, p, viewer)
		}
		for _, it := range t.Items {
			if it.C.ID == id && !it.Placeholder {
				return p
			}
		}
	}
	return 0
}

// CleanName tidies a display name: surrounding and repeated spaces
// removed. It does not validate (see ValidName).
func CleanName(s string) string { return strings.Join(strings.Fields(s), " ") }
