package markup

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// commentMD renders readers' comments: CommonMark with autolinked URLs and
// ~~strike~~; raw HTML is written as the text typed (literalHTML), never
// as markup. Quotes and lists nest at most MaxCommentNesting deep
// (nestingCap).
var commentMD = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(nestingCap{}, 100))),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(literalHTML{}, 100))))

// literalHTML renders the raw HTML a reader types in a comment (CommonMark
// "raw HTML" inline and "HTML blocks") as escaped text, so "<div> tag"
// reads "<div> tag" instead of vanishing. Lines of an HTML block become one
// paragraph with line breaks.
type literalHTML struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (literalHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := range segs.Len() {
				seg := segs.At(i)
				_, _ = w.WriteString(html.EscapeString(string(seg.Value(source))))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		var lines []string
		for i := range b.Lines().Len() {
			l := b.Lines().At(i)
			lines = append(lines, string(l.Value(source)))
		}
		if b.HasClosure() {
			lines = append(lines, string(b.ClosureLine.Value(source)))
		}
		for i, l := range lines {
			lines[i] = html.EscapeString(strings.TrimRight(l, "\r\n"))
		}
		_, _ = w.WriteString("<p>" + strings.Join(lines, "<br>\n") + "</p>\n")
		return ast.WalkSkipChildren, nil
	})
}

var (
	commentOnce sync.Once
	commentPol  *bluemonday.Policy
)

// CommentRel is the rel attribute every link in a comment carries: search
// engines do not credit it (nofollow, ugc, per Google's "Qualify your
// outbound links" guidance) and the target gets no window.opener.
const CommentRel = "nofollow ugc noopener"

// CommentPolicy is the strict sanitising policy for readers' comments:
// paragraphs and line breaks, emphasis (em, strong, del), links (http and
// https only), block quotes, lists, inline code and code blocks. No
// images, headings, tables, classes, styles or any other attribute.
func CommentPolicy() *bluemonday.Policy {
	commentOnce.Do(func() {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "em", "strong", "del", "blockquote", "ul", "ol", "li", "code", "pre")
		p.AllowAttrs("href").OnElements("a")
		hasHost := func(u *url.URL) bool { return u.Host != "" }
		p.AllowURLSchemeWithCustomPolicy("http", hasHost)
		p.AllowURLSchemeWithCustomPolicy("https", hasHost)
		p.RequireParseableURLs(true)
		p.AllowRelativeURLs(false)
		p.RequireNoFollowOnLinks(true)
		p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
		commentPol = p
	})
	return commentPol
}

// Comment renders a comment's Markdown source to the HTML stored with it
// (sanitised once, at write time, by CommentPolicy; links get rel=
// CommentRel) and its plain text. Raw HTML in the source is shown as the
// text typed ("<div>" reads "<div>"), never obeyed, and links whose URL is
// not http(s) lose the link but keep their text.
func Comment(src string) (Rendered, error) {
	var buf bytes.Buffer
	if err := commentMD.Convert([]byte(src), &buf); err != nil {
		return Rendered{}, fmt.Errorf("markup: comment: %w", err)
	}
	clean := CommentPolicy().Sanitize(buf.String())
	// bluemonday writes rel="nofollow" on every link it keeps; text can
	// never hold that sequence (it escapes quotes), so this touches links only.
	clean = strings.ReplaceAll(clean, `rel="nofollow"`, `rel="`+CommentRel+`"`)
	return finish(clean), nil
}

// CountLinks returns the number of links in HTML written by Comment.
func CountLinks(commentHTML string) int { return strings.Count(commentHTML, "<a ") }
