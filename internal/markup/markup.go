// Package markup turns what editors write (Markdown) and what importers bring
// (HTML) into the sanitised HTML stored with an article. Rendering happens
// once, at write time: goldmark renders Markdown, then bluemonday's staff
// policy sanitises the result; the stored HTML is never re-parsed afterwards
// except to swap recirculation placeholders (see Recirc).
//
// Recirculation syntax (Masthead's own): a paragraph holding only
//
//	[[READ NEXT: some-slug]]
//	[[READ MORE: some-slug]]
//
// marks an inline READ NEXT / READ MORE block pointing at another article by
// slug. It is stored as a placeholder element that the page renderer replaces
// with a link carrying the target's current headline.
package markup

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Rendered is the result of rendering an article body.
type Rendered struct {
	HTML      string // sanitised HTML, may contain recirculation placeholders
	Text      string // plain text (for search, snippets and descriptions)
	WordCount int
}

// Recirc is one inline recirculation block found in a body.
type Recirc struct {
	Kind string // "next" (READ NEXT) or "more" (READ MORE)
	Slug string // target article slug
}

var (
	recircLine = regexp.MustCompile(`(?im)^[ \t]*\[\[\s*READ\s+(NEXT|MORE)\s*:\s*/?([\p{L}\p{N}][\p{L}\p{N}-]*)/?\s*\]\][ \t]*$`)
	// placeholder is written by this package only; bluemonday removes any
	// element of this name from input, so user input cannot forge one.
	placeholder = regexp.MustCompile(`<masthead-recirc kind="(next|more)" slug="([\p{L}\p{N}-]+)"></masthead-recirc>`)
	tokenRE     = regexp.MustCompile(`<p>MASTHEADRECIRC(NEXT|MORE)([\p{L}\p{N}-]+?)ENDRECIRC</p>`)
)

var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.Typographer),
	goldmark.WithRendererOptions(html.WithUnsafe()), // raw HTML passes to bluemonday, which decides
)

var (
	staffOnce sync.Once
	staff     *bluemonday.Policy
)

// StaffPolicy is the sanitising policy for newsroom and imported bodies:
// text structure, headings h2–h6, links (http, https, mailto; rel=noopener
// added to target=_blank), images with alt/width/height/srcset, figures with
// captions and a credit element (<small class="credit">), tables, quotes,
// and no script, style, event handler, iframe or form.
func StaffPolicy() *bluemonday.Policy {
	staffOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.AllowElements("figure", "figcaption", "small", "mark", "aside", "cite", "s", "del", "ins", "sup", "sub")
		p.AllowAttrs("class").Matching(regexp.MustCompile(`^(credit|caption|gallery|pullquote|wp-caption-text|aligncenter|alignleft|alignright)$`)).OnElements("figure", "figcaption", "small", "span", "aside", "blockquote", "div", "img", "p")
		// srcset is not allowed: bluemonday does not check the URLs in it.
		p.AllowAttrs("loading").Matching(regexp.MustCompile(`^(lazy|eager)$`)).OnElements("img")
		p.RequireNoFollowOnLinks(false)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		p.AllowURLSchemes("http", "https", "mailto")
		staff = p
	})
	return staff
}

// Markdown renders Markdown source written in Masthead to sanitised HTML.
// Recirculation lines become placeholders. It returns an error only when
// goldmark fails, which does not happen on any input in practice.
func Markdown(src string) (Rendered, error) {
	src = recircLine.ReplaceAllStringFunc(src, func(line string) string {
		m := recircLine.FindStringSubmatch(line)
		return "\nMASTHEADRECIRC" + strings.ToUpper(m[1]) + strings.ToLower(m[2]) + "ENDRECIRC\n"
	})
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return Rendered{}, fmt.Errorf("markup: markdown: %w", err)
	}
	clean := StaffPolicy().Sanitize(balance(buf.String()))
	clean = tokenRE.ReplaceAllStringFunc(clean, func(s string) string {
		m := tokenRE.FindStringSubmatch(s)
		return `<masthead-recirc kind="` + strings.ToLower(m[1]) + `" slug="` + m[2] + `"></masthead-recirc>`
	})
	return finish(clean), nil
}

// HTML sanitises an HTML body from an import with the staff policy.
func HTML(src string) Rendered {
	return finish(StaffPolicy().Sanitize(balance(src)))
}

// balance parses an HTML fragment the way a browser would (inside <body>)
// and writes it back, so stray end tags are dropped and open elements are
// closed: a body can then never close or leave open the page's own
// containers. It runs before sanitising; the sanitised result is stored
// and never re-parsed.
func balance(src string) string {
	ctx := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragment(strings.NewReader(src), ctx)
	if err != nil {
		return xhtml.EscapeString(src)
	}
	var b strings.Builder
	for _, n := range nodes {
		if err := xhtml.Render(&b, n); err != nil {
			return xhtml.EscapeString(src)
		}
	}
	return b.String()
}

// MaxTextBytes caps Rendered.Text, the plain text that search indexes and
// snippets are cut from: longer texts make snippet generation slow (FTS5
// snippet and ts_headline cost grows with matches) and PostgreSQL refuses
// tsvectors over 1 MB. 64 KB holds about 10,000 words, more than most long reads.
const MaxTextBytes = 64 << 10

func finish(clean string) Rendered {
	text := PlainText(placeholder.ReplaceAllString(clean, ""))
	// U+E000/U+E001 mark search highlights; they must not occur in text.
	text = strings.NewReplacer("\ue000", "", "\ue001", "").Replace(text)
	words := len(strings.Fields(text))
	if len(text) > MaxTextBytes {
		cut := MaxTextBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	return Rendered{HTML: strings.TrimSpace(clean), Text: text, WordCount: words}
}

// PlainText extracts readable text from HTML: tags dropped, entities
// decoded, block elements separated by newlines, whitespace collapsed.
func PlainText(h string) string {
	z := xhtml.NewTokenizer(strings.NewReader(h))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return collapse(b.String())
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			case "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "div", "tr", "figure":
				b.WriteByte('\n')
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if skip > 0 {
					skip--
				}
			case "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th":
				b.WriteByte('\n')
			}
		}
	}
}

func collapse(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// Recircs lists the recirculation placeholders in stored HTML, in order.
func Recircs(storedHTML string) []Recirc {
	var out []Recirc
	for _, m := range placeholder.FindAllStringSubmatch(storedHTML, -1) {
		out = append(out, Recirc{Kind: m[1], Slug: m[2]})
	}
	return out
}

// ExpandRecircs replaces each placeholder in stored HTML with the HTML that
// render returns for it (render must escape what it writes). Placeholders for
// which render returns "" are removed.
func ExpandRecircs(storedHTML string, render func(Recirc) string) string {
	if !strings.Contains(storedHTML, "<masthead-recirc") {
		return storedHTML
	}
	return placeholder.ReplaceAllStringFunc(storedHTML, func(s string) string {
		m := placeholder.FindStringSubmatch(s)
		return render(Recirc{Kind: m[1], Slug: m[2]})
	})
}

// Excerpt returns the first n runes of plain text, cut at a word boundary
// with an ellipsis when shortened.
func Excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
