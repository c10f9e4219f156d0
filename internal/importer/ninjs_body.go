package importer

import (
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ninjsBody picks the item's body (see ParseNinjs for the order) and returns
// it as HTML with the wire-only furniture removed, plus a kicker when the
// body carried one (TT's vignette).
func ninjsBody(it *ninjsItem, headline string, lead *ninjsAssoc) (body, kicker string) {
	src := ""
	for _, role := range []string{"html5", "richhtml5", ""} {
		for _, b := range it.Bodies {
			ct := strings.ToLower(b.ContentType)
			isHTML := strings.Contains(ct, "html") || (ct == "" && feedLooksHTML(b.Value))
			if isHTML && (role == "" || strings.EqualFold(b.Role, role)) && strings.TrimSpace(b.Value) != "" {
				src = b.Value
				break
			}
		}
		if src != "" {
			break
		}
	}
	if src == "" {
		src = ninjsFirst(it.BodyHTML, it.BodyXHTML)
	}
	if strings.TrimSpace(src) != "" {
		return ninjsCleanHTML(src, headline, lead)
	}
	text := it.BodyText
	if text == "" {
		text = ninjsPick(it.Bodies, "text", "")
	}
	return ninjsTextHTML(text), ""
}

// ninjsTextHTML turns a plain-text wire body (one paragraph per line) into
// escaped HTML paragraphs.
func ninjsTextHTML(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("<p>" + html.EscapeString(line) + "</p>\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// ninjsCleanHTML reduces a body to the story itself: the <body> of a full
// document, without an <h1> repeating the headline, without a <figure> that
// shows the lead association, and without TT's <div class="dat">, whose
// vignette is returned as the kicker.
func ninjsCleanHTML(src, headline string, lead *ninjsAssoc) (string, string) {
	var nodes []*xhtml.Node
	lower := strings.ToLower(src)
	if strings.Contains(lower, "<html") || strings.Contains(lower, "<body") {
		doc, err := xhtml.Parse(strings.NewReader(src))
		if err != nil {
			return src, ""
		}
		body := ninjsFind(doc, func(n *xhtml.Node) bool { return n.DataAtom == atom.Body })
		if body == nil {
			return src, ""
		}
		for c := body.FirstChild; c != nil; c = c.NextSibling {
			nodes = append(nodes, c)
		}
	} else {
		ctx := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
		list, err := xhtml.ParseFragment(strings.NewReader(src), ctx)
		if err != nil {
			return src, ""
		}
		nodes = list
	}
	root := &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
		root.AppendChild(n)
	}
	kicker := ""
	h1Done := false
	var drop []*xhtml.Node
	ninjsWalk(root, func(n *xhtml.Node) bool {
		if n.Type != xhtml.ElementNode {
			return true
		}
		switch {
		case n.DataAtom == atom.H1 && !h1Done:
			h1Done = true
			if feedNorm(ninjsNodeText(n)) == feedNorm(headline) {
				drop = append(drop, n)
				return false
			}
		case ninjsHasClass(n, "dat"):
			if v := ninjsFind(n, func(x *xhtml.Node) bool { return ninjsHasClass(x, "vignette") }); v != nil {
				kicker = strings.Join(strings.Fields(ninjsNodeText(v)), " ")
			}
			drop = append(drop, n)
			return false
		case n.DataAtom == atom.Figure && lead != nil && ninjsShowsAssoc(n, lead):
			drop = append(drop, n)
			return false
		}
		return true
	})
	for _, n := range drop {
		n.Parent.RemoveChild(n)
	}
	var b strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if err := xhtml.Render(&b, c); err != nil {
			return src, kicker
		}
	}
	return strings.TrimSpace(b.String()), kicker
}

// ninjsShowsAssoc reports whether a figure's image is the association's
// picture (by data-assoc-ref name, data-uri or a rendition URL).
func ninjsShowsAssoc(fig *xhtml.Node, a *ninjsAssoc) bool {
	hrefs := map[string]bool{}
	for _, r := range a.item.renditions() {
		hrefs[strings.TrimSpace(r.Href)] = true
	}
	img := ninjsFind(fig, func(n *xhtml.Node) bool { return n.DataAtom == atom.Img })
	if img == nil {
		return false
	}
	for _, at := range img.Attr {
		v := strings.TrimSpace(at.Val)
		switch at.Key {
		case "data-assoc-ref":
			if v != "" && v == a.name {
				return true
			}
		case "data-uri", "uri":
			if v != "" && (v == a.item.URI || v == a.item.GUID || strings.HasSuffix(a.item.URI, "/"+v)) {
				return true
			}
		case "src", "data-preview-src":
			if hrefs[v] {
				return true
			}
		}
	}
	return false
}

func ninjsWalk(n *xhtml.Node, fn func(*xhtml.Node) bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if fn(c) {
			ninjsWalk(c, fn)
		}
	}
}

func ninjsFind(n *xhtml.Node, match func(*xhtml.Node) bool) *xhtml.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && match(c) {
			return c
		}
		if f := ninjsFind(c, match); f != nil {
			return f
		}
	}
	return nil
}

func ninjsHasClass(n *xhtml.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" {
			for _, c := range strings.Fields(a.Val) {
				if c == class {
					return true
				}
			}
		}
	}
	return false
}

func ninjsNodeText(n *xhtml.Node) string {
	var b strings.Builder
	var rec func(*xhtml.Node)
	rec = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}
