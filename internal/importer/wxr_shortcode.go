package importer

import (
	"html"
	"regexp"
	"strings"
)

// WordPress shortcodes (wp-includes/shortcodes.php): [name attrs],
// [name attrs /], [name attrs]content[/name]; [[name]] is an escaped,
// literal [name]. Masthead renders the ones that carry content and removes
// the rest, so no raw shortcode reaches a page:
//
//   - [caption] / [wp_caption] → <figure><img …><figcaption>Caption
//     <small class="credit">Credit</small></figcaption></figure>
//   - [gallery] → <figure class="gallery"> of the attachments named by ids=
//     (or include=), else those attached to the post; nothing when none is in
//     the file
//   - [embed], [audio], [video] and the oEmbed-style shortcodes of Jetpack
//     ([youtube], [vimeo], [tweet] …) → a link to the media URL
//   - [playlist] → nothing (the attachments are not imported)
//   - anything else → its content with the brackets removed
//
// Since WordPress treats only registered names as shortcodes, text in
// brackets ("[sic]", "[simple boat]") is left alone unless it is a known name,
// is closed by a matching [/name], ends in "/]", or has a key=value attribute.

// wxrKnownShortcodes are names recognised even without attributes or a
// closing tag (WordPress core and Jetpack).
var wxrKnownShortcodes = map[string]bool{
	"caption": true, "wp_caption": true, "gallery": true, "playlist": true, "embed": true,
	"audio": true, "video": true, "youtube": true, "vimeo": true, "dailymotion": true,
	"soundcloud": true, "spotify": true, "tweet": true, "twitter": true, "instagram": true,
	"flickr": true, "ted": true, "slideshare": true, "googlemaps": true, "wpvideo": true,
	"videopress": true, "archiveorg": true, "scribd": true, "kickstarter": true, "bandcamp": true,
	"polldaddy": true, "crowdsignal": true, "recipe": true, "contact-form": true, "latex": true,
	"sourcecode": true, "code": true, "googleapps": true, "gist": true, "mixcloud": true,
}

// wxrLinkShortcodes render as a link to the URL they name.
var wxrLinkShortcodes = map[string]bool{
	"embed": true, "audio": true, "video": true, "youtube": true, "vimeo": true, "dailymotion": true,
	"soundcloud": true, "spotify": true, "tweet": true, "twitter": true, "instagram": true,
	"flickr": true, "ted": true, "slideshare": true, "googlemaps": true, "archiveorg": true,
	"scribd": true, "kickstarter": true, "bandcamp": true, "gist": true, "mixcloud": true,
}

type wxrShortcode struct {
	name    string
	attrs   map[string]string
	pos     []string // positional attributes
	content string
	paired  bool
	closer  bool // a stray [/name]
	end     int  // index after the shortcode in the source
}

func (sc *wxrShortcode) attr(k string) string { return sc.attrs[k] }

// shortcodes renders the shortcodes in s. At the top level (top) block
// output is held behind placeholders so that wpautop leaves it alone;
// nested calls return final HTML.
func (c *wxrBodyContext) shortcodes(s, postID string, top bool) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for i < len(s) {
		j := strings.IndexAny(s[i:], "[<")
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		j += i
		b.WriteString(s[i:j])
		if s[j] == '<' {
			end := wxrTagEnd(s, j)
			b.WriteString(s[j:end])
			i = end
			continue
		}
		// [[name …]] and [[name]…[/name]] are escapes for the literal text.
		if j+1 < len(s) && s[j+1] == '[' {
			if sc, ok := wxrParseShortcode(s, j+1); ok && !sc.closer && sc.end < len(s) && s[sc.end] == ']' {
				b.WriteString(s[j+1 : sc.end])
				i = sc.end + 1
				continue
			}
			b.WriteByte('[')
			i = j + 1
			continue
		}
		sc, ok := wxrParseShortcode(s, j)
		if !ok {
			b.WriteByte('[')
			i = j + 1
			continue
		}
		b.WriteString(c.renderShortcode(sc, postID, top))
		i = sc.end
	}
	return b.String()
}

// wxrTagEnd returns the index after the HTML tag (or comment) starting at
// s[j] == '<', or j+1 when it is not a tag.
func wxrTagEnd(s string, j int) int {
	if j+1 >= len(s) {
		return j + 1
	}
	c := s[j+1]
	if !(c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z')) {
		return j + 1
	}
	var quote byte
	for k := j + 1; k < len(s) && k < j+4096; k++ {
		switch ch := s[k]; {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			if s[k-1] == '=' || s[k-1] == ' ' {
				quote = ch
			}
		case ch == '>':
			return k + 1
		case ch == '<':
			return k
		}
	}
	return j + 1
}

func wxrNameByte(c byte) bool {
	return c == '_' || c == '-' || (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// wxrParseShortcode parses the shortcode (or stray closing tag) starting at
// s[j] == '['; ok is false when the bracket is plain text.
func wxrParseShortcode(s string, j int) (*wxrShortcode, bool) {
	k := j + 1
	closer := k < len(s) && s[k] == '/'
	if closer {
		k++
	}
	if k >= len(s) || !(s[k]|0x20 >= 'a' && s[k]|0x20 <= 'z') {
		return nil, false
	}
	n := k
	for n < len(s) && wxrNameByte(s[n]) {
		n++
	}
	if n >= len(s) {
		return nil, false
	}
	name := s[k:n]
	if closer {
		if s[n] != ']' {
			return nil, false
		}
		return &wxrShortcode{name: strings.ToLower(name), closer: true, end: n + 1}, true
	}
	switch s[n] {
	case ']', '/', ' ', '\t', '\n':
	default:
		return nil, false
	}
	rb := strings.IndexByte(s[n:], ']')
	if rb < 0 || rb > 4096 {
		return nil, false
	}
	rawAttrs := s[n : n+rb]
	if strings.ContainsAny(rawAttrs, "[") {
		return nil, false
	}
	open := n + rb + 1
	sc := &wxrShortcode{name: strings.ToLower(name), end: open}
	self := strings.HasSuffix(strings.TrimSpace(rawAttrs), "/")
	rawAttrs = strings.TrimSuffix(strings.TrimSpace(rawAttrs), "/")
	sc.attrs, sc.pos = wxrParseAttrs(rawAttrs)
	if !self {
		if cs, ce := wxrFindCloser(s, open, name); cs >= 0 {
			sc.content, sc.paired, sc.end = s[open:cs], true, ce
		}
	}
	if !(sc.paired || self || wxrKnownShortcodes[sc.name] || len(sc.attrs) > 0) {
		return nil, false
	}
	return sc, true
}

// wxrFindCloser finds the [/name] that closes a [name] opened before from,
// counting nested [name …] openers; it returns its start and end or -1.
func wxrFindCloser(s string, from int, name string) (int, int) {
	closeTag := "[/" + name + "]"
	depth := 1
	for i := from; i < len(s); {
		j := strings.IndexByte(s[i:], '[')
		if j < 0 {
			return -1, -1
		}
		j += i
		if strings.HasPrefix(s[j:], closeTag) {
			depth--
			if depth == 0 {
				return j, j + len(closeTag)
			}
			i = j + len(closeTag)
			continue
		}
		after := j + 1 + len(name)
		if strings.HasPrefix(s[j+1:], name) && after < len(s) {
			switch s[after] {
			case ']', ' ', '\t', '\n':
				depth++
			}
		}
		i = j + 1
	}
	return -1, -1
}

var wxrAttrRE = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)`)

// wxrParseAttrs parses shortcode attributes as shortcode_parse_atts does:
// key="v", key='v', key=v and positional values; keys are lower-cased.
func wxrParseAttrs(s string) (map[string]string, []string) {
	attrs := map[string]string{}
	var pos []string
	for _, m := range wxrAttrRE.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] != "":
			attrs[strings.ToLower(m[1])] = m[2]
		case m[3] != "":
			attrs[strings.ToLower(m[3])] = m[4]
		case m[5] != "":
			attrs[strings.ToLower(m[5])] = m[6]
		case m[7] != "" || m[8] != "":
			pos = append(pos, m[7]+m[8])
		default:
			pos = append(pos, m[9])
		}
	}
	return attrs, pos
}

// renderShortcode returns the HTML for sc (held behind a placeholder when
// top and the output is a block).
func (c *wxrBodyContext) renderShortcode(sc *wxrShortcode, postID string, top bool) string {
	if sc.closer {
		return ""
	}
	out := func(h string) string {
		if h == "" || !top {
			return h
		}
		return c.hold(h, true)
	}
	switch {
	case sc.name == "caption" || sc.name == "wp_caption":
		return out(c.caption(sc, postID))
	case sc.name == "gallery":
		return out(c.gallery(sc, postID))
	case sc.name == "playlist":
		return ""
	case wxrLinkShortcodes[sc.name]:
		u := wxrShortcodeURL(sc)
		if u == "" {
			return ""
		}
		return out(`<p><a href="` + u + `">` + u + `</a></p>`)
	}
	return c.shortcodes(sc.content, postID, top)
}

// wxrShortcodeURL finds the http(s) URL a media shortcode names, escaped for
// HTML; "" when none.
func wxrShortcodeURL(sc *wxrShortcode) string {
	cands := []string{strings.TrimSpace(wxrStripTags(sc.content))}
	for _, k := range []string{"src", "url", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "id"} {
		cands = append(cands, sc.attr(k))
	}
	cands = append(cands, sc.pos...)
	for _, c := range cands {
		u := html.UnescapeString(strings.TrimSpace(c))
		if wxrHTTP(u) {
			return html.EscapeString(u)
		}
	}
	return ""
}

var wxrTagRE = regexp.MustCompile(`<[^>]*>`)

func wxrStripTags(s string) string { return wxrTagRE.ReplaceAllString(s, "") }

var wxrCaptionImg = regexp.MustCompile(`(?is)^\s*((?:<a\s[^>]+>\s*)?<img\s[^>]+>(?:\s*</a>)?)(.*)$`)

// caption renders [caption]<img …> Caption text[/caption] (or the older
// caption="…" attribute) as a figure with the credit split from the caption.
func (c *wxrBodyContext) caption(sc *wxrShortcode, postID string) string {
	inner := strings.TrimSpace(c.shortcodes(sc.content, postID, false))
	var img, capHTML string
	if m := wxrCaptionImg.FindStringSubmatch(inner); m != nil {
		img, capHTML = m[1], strings.TrimSpace(m[2])
	} else {
		return inner // no image: WordPress shows the content as is
	}
	if v := strings.TrimSpace(sc.attr("caption")); v != "" {
		capHTML = v
	}
	class := ""
	switch a := sc.attr("align"); a {
	case "alignleft", "alignright", "aligncenter":
		class = ` class="` + a + `"`
	}
	return `<figure` + class + `>` + img + wxrFigcaption(capHTML) + `</figure>`
}

// wxrFigcaption renders a caption (HTML) with its credit split off, or ""
// when both are empty.
func wxrFigcaption(capHTML string) string {
	capOut, credit := capHTML, ""
	if strings.Contains(capHTML, "<") {
		if rest, cr := SplitCaptionCredit(wxrPlain(capHTML)); cr != "" {
			capOut, credit = html.EscapeString(rest), html.EscapeString(cr)
		}
	} else {
		rest, cr := SplitCaptionCredit(html.UnescapeString(capHTML))
		capOut, credit = html.EscapeString(rest), html.EscapeString(cr)
	}
	return wxrFigcaptionHTML(capOut, credit)
}

// wxrFigcaptionHTML builds <figcaption>caption <small class="credit">credit
// </small></figcaption> from HTML-safe parts; "" when both are empty.
func wxrFigcaptionHTML(capOut, credit string) string {
	if capOut == "" && credit == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("<figcaption>")
	b.WriteString(capOut)
	if credit != "" {
		if capOut != "" {
			b.WriteByte(' ')
		}
		b.WriteString(`<small class="credit">` + credit + `</small>`)
	}
	b.WriteString("</figcaption>")
	return b.String()
}

// gallery renders [gallery] as a figure of the attachment images it names.
func (c *wxrBodyContext) gallery(sc *wxrShortcode, postID string) string {
	var list []*wxrPost
	ids := sc.attr("ids")
	if ids == "" {
		ids = sc.attr("include")
	}
	if ids != "" {
		for _, id := range strings.Split(ids, ",") {
			if a := c.attachments[strings.TrimSpace(id)]; a != nil {
				list = append(list, a)
			}
		}
	} else {
		parent := postID
		if v := strings.TrimSpace(sc.attr("id")); v != "" {
			parent = v
		}
		exclude := map[string]bool{}
		for _, id := range strings.Split(sc.attr("exclude"), ",") {
			exclude[strings.TrimSpace(id)] = true
		}
		for _, a := range c.children[parent] {
			if !exclude[a.id] {
				list = append(list, a)
			}
		}
	}
	var b strings.Builder
	n := 0
	for _, a := range list {
		m := wxrMediaRef(a)
		if m == nil || m.MIME == "" && wxrMIME(m.URL) == "" && !strings.Contains(a.attachMeta, "width") {
			continue // not an image
		}
		n++
		b.WriteString(`<figure><img src="` + html.EscapeString(m.URL) + `" alt="` + html.EscapeString(m.Alt) + `">`)
		b.WriteString(wxrFigcaptionHTML(html.EscapeString(m.Caption), html.EscapeString(m.Credit)))
		b.WriteString(`</figure>`)
	}
	if n == 0 {
		return ""
	}
	return `<figure class="gallery">` + b.String() + `</figure>`
}
