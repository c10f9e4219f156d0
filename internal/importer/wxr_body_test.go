package importer

import (
	"strings"
	"testing"
)

func TestSplitCaptionCredit(t *testing.T) {
	cases := []struct{ in, rest, credit string }{
		{"Protesters gather in the square.", "Protesters gather in the square.", ""},
		{"Protesters gather in the square. Photo: Jane Doe", "Protesters gather in the square.", "Jane Doe"},
		{"Protesters gather in the square. Photo by Jane Doe.", "Protesters gather in the square.", "Jane Doe"},
		{"Protesters gather in the square (Photo: Jane Doe/Reuters)", "Protesters gather in the square", "Jane Doe/Reuters"},
		{"Kim Jong Un at the parade. (AP Photo/Evan Vucci)", "Kim Jong Un at the parade.", "AP Photo/Evan Vucci"},
		{"The harbour at dawn — Credit: City Archive", "The harbour at dawn", "City Archive"},
		{"The old mill, about 1910. © Heritage Trust", "The old mill, about 1910.", "© Heritage Trust"},
		{"The old mill (c) Heritage Trust", "The old mill", "© Heritage Trust"},
		{"Crowds on the Mall / AP", "Crowds on the Mall", "AP"},
		{"Leaders meet in Brussels. John Thys/Pool/AFP via Getty Images", "Leaders meet in Brussels.", "John Thys/Pool/AFP via Getty Images"},
		{"Photo courtesy of the Smith family", "", "the Smith family"},
		{"Photo: Jane Doe", "", "Jane Doe"},
		{"An either/or choice for voters", "An either/or choice for voters", ""},
		{"The ratio rose to 3/4 (1/2)", "The ratio rose to 3/4 (1/2)", ""},
		{"Children play in the park (left) and on the beach (right)", "Children play in the park (left) and on the beach (right)", ""},
		{"", "", ""},
	}
	for _, c := range cases {
		rest, credit := SplitCaptionCredit(c.in)
		if rest != c.rest || credit != c.credit {
			t.Errorf("SplitCaptionCredit(%q) = %q, %q; want %q, %q", c.in, rest, credit, c.rest, c.credit)
		}
	}
}

func wxrTestBody() *wxrBodyContext {
	img := func(id, parent, url, caption string, order int) *wxrPost {
		return &wxrPost{id: id, parent: parent, attachmentURL: url, excerpt: caption, postType: "attachment", menuOrder: order, imageAlt: "alt " + id}
	}
	a := map[string]*wxrPost{
		"10": img("10", "1", "https://x.example/a.jpg", "First. Photo: Ann", 0),
		"11": img("11", "1", "https://x.example/b.png", "", 1),
		"12": img("12", "2", "https://x.example/c.jpg", "", 0),
	}
	return &wxrBodyContext{attachments: a, children: map[string][]*wxrPost{"1": {a["10"], a["11"]}, "2": {a["12"]}}}
}

func TestWXRBodyShortcodes(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"caption with credit",
			`[caption id="attachment_5" align="aligncenter" width="300"]<img src="https://x.example/p.jpg" alt="A pier" width="300" height="200" /> The pier at night. Photo: Ann Lee/AP[/caption]`,
			`<figure class="aligncenter"><img src="https://x.example/p.jpg" alt="A pier" width="300" height="200" /><figcaption>The pier at night. <small class="credit">Ann Lee/AP</small></figcaption></figure>`},
		{"caption attribute and link",
			`[caption align="alignnone" caption="Old style (Photo: Bo)"]<a href="https://x.example/big.jpg"><img src="https://x.example/p.jpg" alt="" /></a>[/caption]`,
			`<figure><a href="https://x.example/big.jpg"><img src="https://x.example/p.jpg" alt="" /></a><figcaption>Old style <small class="credit">Bo</small></figcaption></figure>`},
		{"caption without caption text",
			`[caption]<img src="https://x.example/p.jpg" alt="x">[/caption]`,
			`<figure><img src="https://x.example/p.jpg" alt="x"></figure>`},
		{"gallery by ids",
			`[gallery ids="11,10,99" columns="2"]`,
			`<figure class="gallery"><figure><img src="https://x.example/b.png" alt="alt 11"></figure><figure><img src="https://x.example/a.jpg" alt="alt 10"><figcaption>First. <small class="credit">Ann</small></figcaption></figure></figure>`},
		{"gallery of attached images",
			`Look:

[gallery]`,
			`<p>Look:</p>
<figure class="gallery"><figure><img src="https://x.example/a.jpg" alt="alt 10"><figcaption>First. <small class="credit">Ann</small></figcaption></figure><figure><img src="https://x.example/b.png" alt="alt 11"></figure></figure>`},
		{"gallery of another post", `[gallery id="2"]`, `<figure class="gallery"><figure><img src="https://x.example/c.jpg" alt="alt 12"></figure></figure>`},
		{"unresolvable gallery", "Before\n\n[gallery ids=\"404\"]\n\nAfter", "<p>Before</p>\n<p>After</p>"},
		{"embed", `[embed width="500"]https://www.youtube.com/watch?v=abc&amp;t=1[/embed]`,
			`<p><a href="https://www.youtube.com/watch?v=abc&amp;t=1">https://www.youtube.com/watch?v=abc&amp;t=1</a></p>`},
		{"audio", `[audio mp3="https://x.example/a.mp3"][/audio]`, `<p><a href="https://x.example/a.mp3">https://x.example/a.mp3</a></p>`},
		{"bare oEmbed URL", "Watch this:\n\nhttps://vimeo.com/123\n\nThanks.",
			"<p>Watch this:</p>\n<p><a href=\"https://vimeo.com/123\">https://vimeo.com/123</a></p>\n<p>Thanks.</p>"},
		{"unknown paired shortcode", `Before [note type="info"]Remember <b>this</b>[/note] after`, `<p>Before Remember <b>this</b> after</p>`},
		{"unknown self-closing and attribute shortcodes", `Form: [contact-form-7 id="12" title="Contact"] and [divider /] done`, `<p>Form:  and  done</p>`},
		{"nested unknown around caption", `[column][caption]<img src="https://x.example/p.jpg" alt=""> Cap[/caption][/column]`,
			`<figure><img src="https://x.example/p.jpg" alt=""><figcaption>Cap</figcaption></figure>`},
		{"escaped shortcode", `Type [[gallery]] or [[b]x[/b]] to see.`, `<p>Type [gallery] or [b]x[/b] to see.</p>`},
		{"text brackets stay", `He said [sic] that [simple boat] is <code>[</code> fine [1].`, `<p>He said [sic] that [simple boat] is <code>[</code> fine [1].</p>`},
		{"stray closer", `Text [/quote] more`, `<p>Text  more</p>`},
		{"shortcode text in attributes untouched", `<a title="[foo bar=1]" href="https://x.example/">x</a>`, `<p><a title="[foo bar=1]" href="https://x.example/">x</a></p>`},
		{"playlist vanishes", `[playlist ids="1,2"]`, ``},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := wxrTestBody().render(c.in, "1"); got != c.want {
				t.Errorf("render(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestWXRAutop(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"paragraphs and line breaks", "First line\nsecond line\n\nNew paragraph.", "<p>First line<br />\nsecond line</p>\n<p>New paragraph.</p>"},
		{"block HTML not wrapped", "Intro\n<h2>Subhead</h2>\nText\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>",
			"<p>Intro</p>\n<h2>Subhead</h2>\n<p>Text</p>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>"},
		{"blockquote", "<blockquote>Quoted\n\nTwo</blockquote>", "<blockquote><p>Quoted</p>\n<p>Two</p></blockquote>"},
		{"pre kept", "<pre>a\n\nb</pre>\n\nAfter", "<pre>a\n\nb</pre>\n<p>After</p>"},
		{"comments and more tag dropped", "Lede.<!--more-->\n\nRest.", "<p>Lede.</p>\n<p>Rest.</p>"},
		{"CRLF", "One\r\n\r\nTwo", "<p>One</p>\n<p>Two</p>"},
		{"empty", " \n ", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := wxrTestBody().render(c.in, "1"); got != c.want {
				t.Errorf("render(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestWXRBlockEditorContentNotAutoped(t *testing.T) {
	in := "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:shortcode -->\n[gallery ids=\"12\"]\n<!-- /wp:shortcode -->"
	got := wxrTestBody().render(in, "1")
	if strings.Contains(got, "<p><p>") || strings.Contains(got, "wp:") || !strings.Contains(got, `<figure class="gallery">`) {
		t.Errorf("render = %q", got)
	}
}
