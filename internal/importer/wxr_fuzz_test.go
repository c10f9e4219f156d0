package importer

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseWXR feeds arbitrary input to ParseWXR: it must return a batch or
// an error, never panic, and every item it returns must carry a source id.
func FuzzParseWXR(f *testing.F) {
	f.Add(wxrDoc(wxrPostXML("1", "Seed", `<wp:status>publish</wp:status><wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt>
		<category domain="category" nicename="news"><![CDATA[News]]></category>
		<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>90</wp:meta_value></wp:postmeta>`) + wxrAttachmentXML))
	f.Add(wxrDoc(strings.Replace(wxrPostXML("2", "Shortcodes", "<wp:status>draft</wp:status>"), "Body of Shortcodes",
		`[caption align="alignleft"]<img src="https://x.example/a.jpg"> Cap. Photo: A/B[/caption]

[gallery ids="90"] [[esc]] [x a=1]y[/x] [/z] [embed]https://v.example/1[/embed]
<pre>[keep]</pre><!-- wp:paragraph --> ]]]]><![CDATA[>`, 1)))
	f.Add(`<rss><channel><wp:wxr_version xmlns:wp="http://wordpress.org/export/1.0/">1.0</wp:wxr_version><item><![CDATA[x]]>]]></item></channel></rss>`)
	f.Add("")
	f.Add("<")
	f.Add(`[caption][gallery][/caption`)
	f.Fuzz(func(t *testing.T, in string) {
		b, err := ParseWXR(strings.NewReader(in), "fuzz.xml", time.UTC)
		if err != nil {
			if b != nil {
				t.Fatal("batch with error")
			}
			return
		}
		for _, it := range b.Items {
			if it.SourceID == "" {
				t.Fatalf("item without source id: %+v", it)
			}
		}
		// The body renderer on its own, with the input as post content.
		(&wxrBodyContext{attachments: map[string]*wxrPost{}, children: map[string][]*wxrPost{}}).render(in, "1")
	})
}
