package importer

import (
	"html"
	"regexp"
	"strconv"
	"strings"
)

// wxrBodyContext renders WordPress post bodies; it knows the file's
// attachments for [gallery] and [caption].
type wxrBodyContext struct {
	attachments map[string]*wxrPost   // by post id
	children    map[string][]*wxrPost // attachments by parent post id, in gallery order
	// rendered shortcode output, referenced from the text by placeholders
	// "\x00N\x00" while wpautop runs
	held []string
}

// render turns content:encoded into HTML as WordPress would show it (the
// result is sanitised later by Write): HTML comments (block delimiters,
// <!--more-->) dropped, shortcodes rendered (see shortcodes), bare URLs on a
// line of their own (WordPress auto-embeds) made links, and — for classic
// editor content without block markup — wpautop's paragraphs.
func (c *wxrBodyContext) render(content, postID string) string {
	if strings.TrimSpace(content) == "" {
		return ""
	}
	s := strings.ReplaceAll(content, "\x00", "")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	blocks := strings.Contains(s, "<!-- wp:")
	s = wxrStripComments(s)
	c.held = c.held[:0]
	s = c.shortcodes(s, postID, true)
	s = wxrURLLine.ReplaceAllStringFunc(s, func(line string) string {
		u := strings.TrimSpace(line)
		if !wxrHTTP(html.UnescapeString(u)) {
			return line
		}
		return c.hold(`<a href="`+u+`">`+u+`</a>`, false)
	})
	if !blocks {
		s = wxrAutop(s)
	}
	return strings.TrimSpace(c.expand(s))
}

var (
	wxrURLLine = regexp.MustCompile(`(?m)^[ \t]*https?://[^\s<>"'\[\]]+[ \t]*$`)
	wxrHeldP   = regexp.MustCompile(`<p>\s*\x00(\d+)\x00\s*(?:</p>|<br />)?`)
	wxrHeld    = regexp.MustCompile(`\x00(\d+)\x00`)
)

// hold stores rendered HTML and returns its placeholder; block output is set
// apart by blank lines so wpautop gives it a paragraph of its own, which
// expand then removes.
func (c *wxrBodyContext) hold(htm string, block bool) string {
	c.held = append(c.held, htm)
	ph := "\x00" + strconv.Itoa(len(c.held)-1) + "\x00"
	if block {
		return "\n\n" + ph + "\n\n"
	}
	return ph
}

func (c *wxrBodyContext) expand(s string) string {
	get := func(m string) string {
		n, err := strconv.Atoi(strings.Trim(m, "\x00"))
		if err != nil || n >= len(c.held) {
			return ""
		}
		return c.held[n]
	}
	s = wxrHeldP.ReplaceAllStringFunc(s, func(m string) string {
		sub := wxrHeldP.FindStringSubmatch(m)
		h := get(sub[1])
		if strings.HasSuffix(m, "</p>") && wxrIsBlockHTML(h) {
			return h
		}
		if strings.HasSuffix(m, "</p>") {
			return "<p>" + h + "</p>"
		}
		return strings.Replace(m, "\x00"+sub[1]+"\x00", h, 1)
	})
	return wxrHeld.ReplaceAllStringFunc(s, get)
}

func wxrIsBlockHTML(h string) bool {
	for _, p := range []string{"<figure", "<p>", "<p ", "<div", "<ul", "<ol", "<blockquote"} {
		if strings.HasPrefix(h, p) {
			return true
		}
	}
	return h == ""
}

// wxrStripComments removes HTML comments; an unterminated one runs to the end.
func wxrStripComments(s string) string {
	if !strings.Contains(s, "<!--") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i+4:], "-->")
		if j < 0 {
			return b.String()
		}
		s = s[i+4+j+3:]
	}
}

// Block-level elements as wpautop (WordPress 6, wp-includes/formatting.php)
// knows them.
const wxrBlocks = `(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)`

var (
	wxrPreBlock   = regexp.MustCompile(`(?is)<(pre|script|style|textarea)[\s>].*?</(?:pre|script|style|textarea)>`)
	wxrBRBR       = regexp.MustCompile(`<br\s*/?>\s*<br\s*/?>`)
	wxrOpenBlock  = regexp.MustCompile(`(?i)(<` + wxrBlocks + `[\s/>])`)
	wxrCloseBlock = regexp.MustCompile(`(?i)(</` + wxrBlocks + `>)`)
	wxrHR         = regexp.MustCompile(`(?i)<hr\s*?/?>`)
	wxrManyNL     = regexp.MustCompile(`\n\n+`)
	wxrSplitPara  = regexp.MustCompile(`\n\s*\n`)
	wxrEmptyP     = regexp.MustCompile(`<p>\s*</p>`)
	wxrPTextClose = regexp.MustCompile(`(?i)<p>([^<]+)</(div|address|form)>`)
	wxrPAroundBlk = regexp.MustCompile(`(?i)<p>\s*(</?` + wxrBlocks + `[^>]*>)\s*</p>`)
	wxrPLi        = regexp.MustCompile(`(?is)<p>(<li.+?)</p>`)
	wxrPQuote     = regexp.MustCompile(`(?i)<p><blockquote([^>]*)>`)
	wxrPBeforeBlk = regexp.MustCompile(`(?i)<p>\s*(</?` + wxrBlocks + `[^>]*>)`)
	wxrBlkBeforeP = regexp.MustCompile(`(?i)(</?` + wxrBlocks + `[^>]*>)\s*</p>`)
	wxrBlkBR      = regexp.MustCompile(`(?i)(</?` + wxrBlocks + `[^>]*>)\s*<br />`)
	wxrBRBeforeEl = regexp.MustCompile(`(?i)<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
	wxrTag        = regexp.MustCompile(`<[^<>]*>`)
)

// wxrAutop is the equivalent of WordPress's wpautop(): text blocks separated
// by blank lines become paragraphs unless they are block-level HTML, and
// single line breaks inside a paragraph become <br />. Content of <pre>,
// <script>, <style> and <textarea> is left alone.
func wxrAutop(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	var kept []string
	s = wxrPreBlock.ReplaceAllStringFunc(s, func(m string) string {
		kept = append(kept, m)
		return "<pre wp-pre-tag-" + strconv.Itoa(len(kept)-1) + "></pre>"
	})
	s += "\n"
	if strings.Contains(s, "<br") {
		s = wxrBRBR.ReplaceAllString(s, "\n\n")
	}
	s = wxrOpenBlock.ReplaceAllString(s, "\n\n$1")
	s = wxrCloseBlock.ReplaceAllString(s, "$1\n\n")
	if strings.Contains(s, "<hr") {
		s = wxrHR.ReplaceAllString(s, "<hr />\n\n")
	}
	// Line breaks inside tags are not paragraph breaks.
	s = wxrTag.ReplaceAllStringFunc(s, func(t string) string { return strings.ReplaceAll(t, "\n", " ") })
	s = wxrManyNL.ReplaceAllString(s, "\n\n")
	var b strings.Builder
	for _, chunk := range wxrSplitPara.Split(s, -1) {
		if strings.TrimSpace(chunk) == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.Trim(chunk, "\n"))
		b.WriteString("</p>\n")
	}
	s = b.String()
	s = wxrEmptyP.ReplaceAllString(s, "")
	if strings.Contains(s, "</div") || strings.Contains(s, "</address") || strings.Contains(s, "</form") {
		s = wxrPTextClose.ReplaceAllString(s, "<p>$1</p></$2>")
	}
	s = wxrPAroundBlk.ReplaceAllString(s, "$1")
	if strings.Contains(s, "<li") {
		s = wxrPLi.ReplaceAllString(s, "$1")
	}
	s = wxrPQuote.ReplaceAllString(s, "<blockquote$1><p>")
	s = strings.ReplaceAll(s, "</blockquote></p>", "</p></blockquote>")
	s = wxrPBeforeBlk.ReplaceAllString(s, "$1")
	s = wxrBlkBeforeP.ReplaceAllString(s, "$1")
	s = wxrLineBreaks(s)
	s = wxrBlkBR.ReplaceAllString(s, "$1")
	s = wxrBRBeforeEl.ReplaceAllString(s, "$1")
	s = strings.TrimSuffix(s, "\n")
	for i, k := range kept {
		s = strings.Replace(s, "<pre wp-pre-tag-"+strconv.Itoa(i)+"></pre>", k, 1)
	}
	return s
}

// wxrLineBreaks turns each remaining single newline into "<br />\n" unless a
// <br> already ends the line (wpautop's `(?<!<br />)\s*\n`).
func wxrLineBreaks(s string) string {
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines)-1; i++ {
		l := strings.TrimRight(lines[i], " \t")
		low := strings.ToLower(l)
		if strings.HasSuffix(low, "<br />") || strings.HasSuffix(low, "<br>") || strings.HasSuffix(low, "<br/>") {
			lines[i] = l
			continue
		}
		lines[i] = l + "<br />"
	}
	return strings.Join(lines, "\n")
}
