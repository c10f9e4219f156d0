package markup

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxCommentNesting is how many block quotes and lists a comment may nest
// inside each other (a quote in a list in a quote counts 3). Markdown has
// no limit of its own, so 2,500 levels of "> " or "- " would become 2,500
// nested elements: a page that is slow to lay out and unreadable. Deeper
// levels are flattened into the deepest allowed one: their text is kept,
// as paragraphs of that level.
const MaxCommentNesting = 8

// nestingCap is a goldmark AST transformer that applies
// MaxCommentNesting to the parsed comment before it is rendered.
type nestingCap struct{}

// Transform flattens quotes and lists nested deeper than
// MaxCommentNesting.
func (nestingCap) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	capNesting(doc, 0)
}

// capNesting walks the block children of parent, which sits depth quotes
// and lists deep. A quote or list that would be level MaxCommentNesting+1
// is replaced by its content (a quote's blocks, each list item's blocks),
// which is then walked again at the same depth, so any depth of nesting
// ends at the cap. Tight list items' text blocks become paragraphs, so
// flattened items stay apart.
func capNesting(parent ast.Node, depth int) {
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch c.Kind() {
		case ast.KindBlockquote, ast.KindList:
			if depth < MaxCommentNesting {
				if c.Kind() == ast.KindList {
					for item := c.FirstChild(); item != nil; item = item.NextSibling() {
						capNesting(item, depth+1)
					}
				} else {
					capNesting(c, depth+1)
				}
				break
			}
			var content []ast.Node
			if c.Kind() == ast.KindList {
				for item := c.FirstChild(); item != nil; item = item.NextSibling() {
					content = append(content, children(item)...)
				}
			} else {
				content = children(c)
			}
			var moved []ast.Node
			for _, n := range content {
				n.Parent().RemoveChild(n.Parent(), n)
				if n.Kind() == ast.KindTextBlock {
					p := ast.NewParagraph()
					p.SetLines(n.Lines())
					for _, ch := range children(n) {
						n.RemoveChild(n, ch)
						p.AppendChild(p, ch)
					}
					n = p
				}
				parent.InsertBefore(parent, c, n)
				moved = append(moved, n)
			}
			parent.RemoveChild(parent, c)
			if len(moved) > 0 {
				next = moved[0] // walked again at this depth
			}
		default:
			if c.Type() == ast.TypeBlock {
				capNesting(c, depth)
			}
		}
		c = next
	}
}

// children returns n's children as a slice (safe to move while iterating).
func children(n ast.Node) []ast.Node {
	var out []ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}
