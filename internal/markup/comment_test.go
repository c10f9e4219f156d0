package markup

import (
	"net/url"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

func TestCommentSubset(t *testing.T) {
	r, err := Comment("Some *emphasis*, **strong**, ~~gone~~ and `code`.\n\n> quoted\n\n- one\n- two\n\n1. first\n\n```\nblock <b>\n```\n\nSee https://example.com/a?b=1 and [docs](http://example.org).")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<em>emphasis</em>", "<strong>strong</strong>", "<del>gone</del>", "<code>code</code>", "<blockquote>",
		"<ul>", "<ol>", "<pre><code>block &lt;b&gt;", `<a href="https://example.com/a?b=1" rel="nofollow ugc noopener">`,
		`<a href="http://example.org" rel="nofollow ugc noopener">docs</a>`} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("missing %q in %s", want, r.HTML)
		}
	}
	if CountLinks(r.HTML) != 2 {
		t.Errorf("links = %d", CountLinks(r.HTML))
	}
}

func TestCommentRefusesDangerousInput(t *testing.T) {
	cases := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`![pic](https://example.com/x.png)`,
		`[click](javascript:alert(1))`,
		`[click](JaVaScRiPt:alert(1))`,
		`[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
		`[rel](https://example.com "x' onmouseover='alert(1)")`,
		`<a href="https://example.com" onclick="alert(1)">x</a>`,
		`<select><style></select><img src=x onerror=alert(1)></style>`,
		"<ѕcript>alert(1)</ѕcript>", // Cyrillic dze looks like s
		`# heading`,
		`<iframe src="https://example.com"></iframe>`,
		`[x](//evil.example/path)`,
		`[x](/relative)`,
	}
	for _, src := range cases {
		r, err := Comment(src)
		if err != nil {
			t.Fatal(err)
		}
		checkCommentHTML(t, src, r.HTML)
		// Raw HTML is shown as text ("&lt;img … onerror=…&gt;"), so words
		// like onerror may appear escaped; checkCommentHTML has already
		// refused any element or attribute outside the policy.
		low := strings.ToLower(r.HTML)
		for _, bad := range []string{"<script", "<img", "<style", "<select", "<iframe", "<h1", "href=\"//", "href=\"/r", "href=\"javascript", "href=\"data"} {
			if strings.Contains(low, bad) {
				t.Errorf("%q → %s (holds %q)", src, r.HTML, bad)
			}
		}
	}
}

// checkCommentHTML fails unless h holds only the elements and attributes
// CommentPolicy allows, with http(s) links carrying CommentRel.
func checkCommentHTML(t *testing.T, src, h string) {
	t.Helper()
	allowed := map[string]bool{"p": true, "br": true, "em": true, "strong": true, "del": true, "blockquote": true, "ul": true,
		"ol": true, "li": true, "code": true, "pre": true, "a": true}
	z := xhtml.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			if !allowed[tok.Data] {
				t.Fatalf("%q → element %s in %s", src, tok.Data, h)
			}
			for _, a := range tok.Attr {
				switch {
				case tok.Data == "a" && a.Key == "href" && webURL(a.Val):
				case tok.Data == "a" && a.Key == "rel" && a.Val == CommentRel:
				case tok.Data == "ol" && a.Key == "start":
				default:
					t.Fatalf("%q → attribute %s=%q on %s in %s", src, a.Key, a.Val, tok.Data, h)
				}
			}
		}
	}
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// TestCommentShowsRawHTMLAsText (issue 4 tester finding 9): HTML a reader
// types is neither obeyed nor dropped: it is shown as the text typed.
func TestCommentShowsRawHTMLAsText(t *testing.T) {
	for src, want := range map[string]string{
		"<div> tag":                        "<p>&lt;div&gt; tag</p>",
		"Use the <b>bold</b> tag":          "<p>Use the &lt;b&gt;bold&lt;/b&gt; tag</p>",
		"<script>alert(1)</script>":        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
		"<div>\nhello\n</div>":             "<p>&lt;div&gt;<br>\nhello<br>\n&lt;/div&gt;</p>",
		"a <!-- note --> b":                "<p>a &lt;!-- note --&gt; b</p>",
		"x <a href=\"javascript:y\">z</a>": "<p>x &lt;a href=&#34;javascript:y&#34;&gt;z&lt;/a&gt;</p>",
	} {
		r, err := Comment(src)
		if err != nil {
			t.Fatal(err)
		}
		checkCommentHTML(t, src, r.HTML)
		if strings.TrimSpace(r.HTML) != want {
			t.Errorf("Comment(%q)\n got %s\nwant %s", src, r.HTML, want)
		}
	}
	if r, _ := Comment("<div></div>"); strings.TrimSpace(r.Text) != "<div></div>" {
		t.Errorf("text of a tag-only comment: %q", r.Text)
	}
}

func FuzzComment(f *testing.F) {
	for _, s := range []string{"*a*", "[x](https://e.com)", "<b>x</b>", "> q\n- l", "```\n<x>\n```", "<a href=x onclick=y>z</a>", strings.Repeat("> - ", 60) + "deep"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Comment(src)
		if err != nil {
			t.Fatal(err)
		}
		checkCommentHTML(t, src, r.HTML)
		if d, ok := nestingDepth(r.HTML); !ok || d > MaxCommentNesting {
			t.Fatalf("%q → quotes and lists %d deep (balanced %v): %s", src, d, ok, r.HTML)
		}
	})
}
