package markup

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// commentMD renders readers' comments: CommonMark with autolinked URLs and
// ~~strike~~, and no raw HTML (goldmark drops it without WithUnsafe).
// Quotes and lists nest at most MaxCommentNesting deep (nestingCap).
var commentMD = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(nestingCap{}, 100))))

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
// CommentRel) and its plain text. Raw HTML in the source is dropped, and
// links whose URL is not http(s) lose the link but keep their text.
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
