package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strings"
)

// ghostLexicalHTML renders a Ghost 5 Lexical document (the JSON string in
// posts.lexical) to HTML: paragraphs, headings, quotes, lists, links, text
// formats (bold, italic, strike, underline, code, sub/superscript,
// highlight), line breaks, rules, and the cards a newsroom body needs —
// image, gallery, html, markdown, code, embed, bookmark, callout, toggle,
// button. Member-only and e-mail cards (paywall, email, email-cta, signup),
// and audio/video/file cards, are dropped.
func ghostLexicalHTML(src string) (string, error) {
	var doc struct {
		Root *ghostLexNode `json:"root"`
	}
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		return "", err
	}
	if doc.Root == nil {
		return "", errors.New("lexical: no root")
	}
	var b strings.Builder
	ghostLexChildren(&b, doc.Root.Children)
	return strings.TrimSpace(b.String()), nil
}

// ghostLexNode holds the fields of the Lexical node types Ghost uses.
type ghostLexNode struct {
	Type       string          `json:"type"`
	Tag        string          `json:"tag"`
	ListType   string          `json:"listType"`
	Text       string          `json:"text"`
	Format     json.RawMessage `json:"format"` // a bitmask on text, a string on blocks
	URL        string          `json:"url"`
	Src        string          `json:"src"`
	Alt        string          `json:"altText"`
	Caption    string          `json:"caption"`
	HTML       string          `json:"html"`
	Markdown   string          `json:"markdown"`
	Code       string          `json:"code"`
	Language   string          `json:"language"`
	Callout    string          `json:"calloutText"`
	Heading    string          `json:"heading"`
	Content    string          `json:"content"`
	ButtonText string          `json:"buttonText"`
	ButtonURL  string          `json:"buttonUrl"`
	Metadata   struct {
		Title       string `json:"title"`
		Description string `json:"description"`
	} `json:"metadata"`
	Images []struct {
		Src     string `json:"src"`
		Alt     string `json:"alt"`
		Caption string `json:"caption"`
	} `json:"images"`
	Children []*ghostLexNode `json:"children"`
}

func ghostLexChildren(b *strings.Builder, list []*ghostLexNode) {
	for _, n := range list {
		if n != nil {
			ghostLexNodeHTML(b, n)
		}
	}
}

func ghostLexNodeHTML(b *strings.Builder, n *ghostLexNode) {
	esc := html.EscapeString
	switch n.Type {
	case "paragraph":
		b.WriteString("<p>")
		ghostLexChildren(b, n.Children)
		b.WriteString("</p>\n")
	case "heading", "extended-heading":
		tag := n.Tag
		if len(tag) != 2 || tag[0] != 'h' || tag[1] < '1' || tag[1] > '6' {
			tag = "h2"
		}
		b.WriteString("<" + tag + ">")
		ghostLexChildren(b, n.Children)
		b.WriteString("</" + tag + ">\n")
	case "quote", "extended-quote", "aside":
		b.WriteString("<blockquote>")
		ghostLexChildren(b, n.Children)
		b.WriteString("</blockquote>\n")
	case "list":
		tag := "ul"
		if n.ListType == "number" || n.Tag == "ol" {
			tag = "ol"
		}
		b.WriteString("<" + tag + ">\n")
		ghostLexChildren(b, n.Children)
		b.WriteString("</" + tag + ">\n")
	case "listitem":
		b.WriteString("<li>")
		ghostLexChildren(b, n.Children)
		b.WriteString("</li>\n")
	case "text", "extended-text", "tab":
		ghostLexText(b, n)
	case "link", "autolink":
		b.WriteString(`<a href="` + esc(n.URL) + `">`)
		ghostLexChildren(b, n.Children)
		b.WriteString("</a>")
	case "linebreak":
		b.WriteString("<br>")
	case "horizontalrule":
		b.WriteString("<hr>\n")
	case "image":
		ghostFigure(b, n.Src, n.Alt, n.Caption)
	case "gallery":
		b.WriteString(`<figure class="gallery">`)
		for _, img := range n.Images {
			b.WriteString(`<img src="` + esc(img.Src) + `" alt="` + esc(img.Alt) + `">`)
		}
		b.WriteString("</figure>\n")
	case "html", "embed":
		b.WriteString(n.HTML + "\n")
	case "markdown":
		b.WriteString(ghostMarkdown(n.Markdown) + "\n")
	case "codeblock":
		b.WriteString("<pre><code>" + esc(n.Code) + "</code></pre>\n")
	case "bookmark":
		title := ninjsFirst(n.Metadata.Title, n.URL)
		b.WriteString(`<p><a href="` + esc(n.URL) + `">` + esc(title) + "</a></p>\n")
	case "callout":
		b.WriteString("<aside>" + n.Callout + "</aside>\n")
	case "toggle":
		b.WriteString("<h3>" + n.Heading + "</h3>\n" + n.Content + "\n")
	case "button":
		b.WriteString(`<p><a href="` + esc(n.ButtonURL) + `">` + esc(n.ButtonText) + "</a></p>\n")
	case "paywall", "email", "email-cta", "signup", "audio", "video", "file", "product", "header", "call-to-action":
	default:
		ghostLexChildren(b, n.Children)
	}
}

// Lexical text format bits.
var ghostLexFormats = []struct {
	bit int
	tag string
}{{1, "strong"}, {2, "em"}, {4, "s"}, {8, "u"}, {16, "code"}, {32, "sub"}, {64, "sup"}, {128, "mark"}}

func ghostLexText(b *strings.Builder, n *ghostLexNode) {
	var f int
	_ = json.Unmarshal(n.Format, &f)
	var open []string
	for _, x := range ghostLexFormats {
		if f&x.bit != 0 {
			b.WriteString("<" + x.tag + ">")
			open = append(open, x.tag)
		}
	}
	text := n.Text
	if n.Type == "tab" {
		text = "\t"
	}
	b.WriteString(html.EscapeString(text))
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i] + ">")
	}
}

func ghostFigure(b *strings.Builder, src, alt, caption string) {
	if strings.TrimSpace(src) == "" {
		return
	}
	b.WriteString(`<figure><img src="` + html.EscapeString(src) + `" alt="` + html.EscapeString(alt) + `">`)
	text, credit := ghostSplitCredit(strings.TrimSpace(caption))
	if text != "" || credit != "" {
		b.WriteString("<figcaption>" + text)
		if credit != "" {
			b.WriteString(` <small class="credit">` + html.EscapeString(credit) + `</small>`)
		}
		b.WriteString("</figcaption>")
	}
	b.WriteString("</figure>\n")
}

// ghostMobiledocHTML renders a Mobiledoc 0.3 document (posts.mobiledoc in
// Ghost 1–4) to HTML. When the document is a single Markdown card (the
// usual Ghost 1.x shape) it returns that Markdown instead, so the body is
// stored as Markdown.
func ghostMobiledocHTML(src string) (htmlOut, markdown string, err error) {
	var doc struct {
		Atoms    [][]json.RawMessage `json:"atoms"`
		Cards    [][]json.RawMessage `json:"cards"`
		Markups  [][]json.RawMessage `json:"markups"`
		Sections [][]json.RawMessage `json:"sections"`
	}
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		return "", "", err
	}
	if doc.Sections == nil {
		return "", "", errors.New("mobiledoc: no sections")
	}
	cards := make([]ghostCard, len(doc.Cards))
	for i, c := range doc.Cards {
		if len(c) > 0 {
			_ = json.Unmarshal(c[0], &cards[i].name)
		}
		if len(c) > 1 {
			_ = json.Unmarshal(c[1], &cards[i].p)
		}
	}
	if len(doc.Sections) == 1 && len(doc.Sections[0]) == 2 {
		var kind, idx int
		if json.Unmarshal(doc.Sections[0][0], &kind) == nil && kind == 10 &&
			json.Unmarshal(doc.Sections[0][1], &idx) == nil && idx >= 0 && idx < len(cards) {
			if c := cards[idx]; (c.name == "markdown" || c.name == "card-markdown") && strings.TrimSpace(c.p.Markdown) != "" {
				return "", c.p.Markdown, nil
			}
		}
	}
	markups := make([]ghostMarkup, len(doc.Markups))
	for i, m := range doc.Markups {
		if len(m) > 0 {
			_ = json.Unmarshal(m[0], &markups[i].tag)
		}
		if len(m) > 1 {
			var attrs []string
			_ = json.Unmarshal(m[1], &attrs)
			markups[i].attrs = attrs
		}
	}
	atoms := make([]string, len(doc.Atoms))
	for i, a := range doc.Atoms {
		var name, text string
		if len(a) > 1 {
			_ = json.Unmarshal(a[0], &name)
			_ = json.Unmarshal(a[1], &text)
		}
		if name == "soft-return" {
			atoms[i] = "<br>"
		} else {
			atoms[i] = html.EscapeString(text)
		}
	}
	var b strings.Builder
	for _, s := range doc.Sections {
		if len(s) < 2 {
			continue
		}
		var kind int
		if json.Unmarshal(s[0], &kind) != nil {
			return "", "", fmt.Errorf("mobiledoc: bad section %s", s[0])
		}
		switch kind {
		case 1: // markup section: [1, tag, markers]
			var tag string
			_ = json.Unmarshal(s[1], &tag)
			tag = ghostBlockTag(tag)
			b.WriteString("<" + tag + ">")
			if len(s) > 2 {
				ghostMarkers(&b, s[2], markups, atoms)
			}
			b.WriteString("</" + tag + ">\n")
		case 2: // image section: [2, src]
			var src string
			_ = json.Unmarshal(s[1], &src)
			ghostFigure(&b, src, "", "")
		case 3: // list section: [3, tag, [markers…]]
			var tag string
			_ = json.Unmarshal(s[1], &tag)
			if tag != "ol" {
				tag = "ul"
			}
			var items []json.RawMessage
			if len(s) > 2 {
				_ = json.Unmarshal(s[2], &items)
			}
			b.WriteString("<" + tag + ">\n")
			for _, it := range items {
				b.WriteString("<li>")
				ghostMarkers(&b, it, markups, atoms)
				b.WriteString("</li>\n")
			}
			b.WriteString("</" + tag + ">\n")
		case 10: // card section: [10, card index]
			var idx int
			if json.Unmarshal(s[1], &idx) == nil && idx >= 0 && idx < len(cards) {
				cards[idx].render(&b)
			}
		}
	}
	return strings.TrimSpace(b.String()), "", nil
}

type ghostMarkup struct {
	tag   string
	attrs []string
}

// ghostCard is a Mobiledoc card: its name and the payload fields Ghost uses.
type ghostCard struct {
	name string
	p    struct {
		Markdown   string `json:"markdown"`
		HTML       string `json:"html"`
		Src        string `json:"src"`
		Alt        string `json:"alt"`
		Caption    string `json:"caption"`
		Code       string `json:"code"`
		URL        string `json:"url"`
		Callout    string `json:"calloutText"`
		ButtonText string `json:"buttonText"`
		ButtonURL  string `json:"buttonUrl"`
		Metadata   struct {
			Title string `json:"title"`
		} `json:"metadata"`
		Images []struct {
			Src     string `json:"src"`
			Alt     string `json:"alt"`
			Caption string `json:"caption"`
		} `json:"images"`
	}
}

func (c ghostCard) render(b *strings.Builder) {
	esc := html.EscapeString
	switch c.name {
	case "markdown", "card-markdown":
		b.WriteString(ghostMarkdown(c.p.Markdown) + "\n")
	case "html", "embed":
		b.WriteString(c.p.HTML + "\n")
	case "image":
		ghostFigure(b, c.p.Src, c.p.Alt, c.p.Caption)
	case "gallery":
		b.WriteString(`<figure class="gallery">`)
		for _, img := range c.p.Images {
			b.WriteString(`<img src="` + esc(img.Src) + `" alt="` + esc(img.Alt) + `">`)
		}
		b.WriteString("</figure>\n")
	case "hr":
		b.WriteString("<hr>\n")
	case "code":
		b.WriteString("<pre><code>" + esc(c.p.Code) + "</code></pre>\n")
	case "bookmark":
		b.WriteString(`<p><a href="` + esc(c.p.URL) + `">` + esc(ninjsFirst(c.p.Metadata.Title, c.p.URL)) + "</a></p>\n")
	case "callout":
		b.WriteString("<aside>" + c.p.Callout + "</aside>\n")
	case "button":
		b.WriteString(`<p><a href="` + esc(c.p.ButtonURL) + `">` + esc(c.p.ButtonText) + "</a></p>\n")
	}
}

// ghostMarkers writes Mobiledoc markers: [type, opened markup indexes,
// number of markups closed after it, text or atom index].
func ghostMarkers(b *strings.Builder, raw json.RawMessage, markups []ghostMarkup, atoms []string) {
	var markers [][]json.RawMessage
	if json.Unmarshal(raw, &markers) != nil {
		return
	}
	var open []string
	for _, m := range markers {
		if len(m) < 4 {
			continue
		}
		var typ, closed int
		var opens []int
		_ = json.Unmarshal(m[0], &typ)
		_ = json.Unmarshal(m[1], &opens)
		_ = json.Unmarshal(m[2], &closed)
		for _, i := range opens {
			if i < 0 || i >= len(markups) {
				continue
			}
			tag, attr := ghostInlineTag(markups[i])
			b.WriteString("<" + tag + attr + ">")
			open = append(open, tag)
		}
		if typ == 1 {
			var ai int
			if json.Unmarshal(m[3], &ai) == nil && ai >= 0 && ai < len(atoms) {
				b.WriteString(atoms[ai])
			}
		} else {
			var text string
			_ = json.Unmarshal(m[3], &text)
			b.WriteString(html.EscapeString(text))
		}
		for ; closed > 0 && len(open) > 0; closed-- {
			b.WriteString("</" + open[len(open)-1] + ">")
			open = open[:len(open)-1]
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i] + ">")
	}
}

func ghostBlockTag(t string) string {
	switch t = strings.ToLower(t); t {
	case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "aside", "pre":
		return t
	}
	return "p"
}

func ghostInlineTag(m ghostMarkup) (tag, attrs string) {
	switch t := strings.ToLower(m.tag); t {
	case "a":
		for i := 0; i+1 < len(m.attrs); i += 2 {
			if strings.EqualFold(m.attrs[i], "href") {
				return "a", ` href="` + html.EscapeString(m.attrs[i+1]) + `"`
			}
		}
		return "a", ""
	case "b", "strong", "i", "em", "u", "s", "code", "sub", "sup", "mark":
		return t, ""
	}
	return "span", ""
}
