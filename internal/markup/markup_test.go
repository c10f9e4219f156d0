package markup

import (
	"strings"
	"testing"
)

func TestMarkdownRecircAndSanitise(t *testing.T) {
	src := "Lede paragraph.\n\n## A subhead\n\n[[READ NEXT: budget-vote]]\n\nMore text <script>alert(1)</script> and <a href=\"javascript:alert(1)\">x</a>.\n\n[[ read more: /harbour-bridge/ ]]\n"
	r, err := Markdown(src)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.HTML, "<script") || strings.Contains(r.HTML, "javascript:") {
		t.Fatalf("unsafe HTML kept: %s", r.HTML)
	}
	if !strings.Contains(r.HTML, "<h2") {
		t.Fatalf("subhead lost: %s", r.HTML)
	}
	got := Recircs(r.HTML)
	if len(got) != 2 || got[0] != (Recirc{"next", "budget-vote"}) || got[1] != (Recirc{"more", "harbour-bridge"}) {
		t.Fatalf("recircs = %+v in %s", got, r.HTML)
	}
	if strings.Contains(r.Text, "READ") || strings.Contains(r.Text, "MASTHEAD") {
		t.Fatalf("placeholder text leaked into plain text: %q", r.Text)
	}
	out := ExpandRecircs(r.HTML, func(rc Recirc) string { return "[" + rc.Kind + ":" + rc.Slug + "]" })
	if !strings.Contains(out, "[next:budget-vote]") || strings.Contains(out, "masthead-recirc") {
		t.Fatalf("expand: %s", out)
	}
}

func TestForgedPlaceholderIsStripped(t *testing.T) {
	r := HTML(`<p>x</p><masthead-recirc kind="next" slug="evil"></masthead-recirc>`)
	if len(Recircs(r.HTML)) != 0 {
		t.Fatalf("imported HTML forged a placeholder: %s", r.HTML)
	}
}

func TestFigureCreditKept(t *testing.T) {
	r := HTML(`<figure><img src="https://x/a.jpg" alt="A"><figcaption>Crowds gather <small class="credit">Photo: Jo Bloggs/AP</small></figcaption></figure>`)
	if !strings.Contains(r.HTML, `<small class="credit">`) {
		t.Fatalf("credit element dropped: %s", r.HTML)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Hello, World!":           "hello-world",
		"  Über   café  ":         "uber-cafe",
		"Déjà vu -- again":        "deja-vu-again",
		"!!!":                     "",
		"Kim Jong Un's 2024 trip": "kim-jong-uns-2024-trip",
		"ガス料金が値上げ":                "ガス料金が値上げ",
		"हिन्दी समाचार":           "हिन्दी-समाचार",
		"서울 시장 선거":                "서울-시장-선거",
		"Œuvre ﬁnale":             "œuvre-finale",
		"خبر عاجل":                "خبر-عاجل",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	long := Slugify(strings.Repeat("word ", 40))
	if len(long) > 80 || strings.HasSuffix(long, "-") {
		t.Errorf("long slug %q", long)
	}
}

func FuzzMarkdown(f *testing.F) {
	f.Add("[[READ NEXT: a]]\n\n<b>x</b>")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Markdown(s)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(r.HTML), "<script") {
			t.Fatalf("script survived: %q", r.HTML)
		}
	})
}

func TestBodiesCannotBreakOutOfTheirContainer(t *testing.T) {
	r := HTML(`<p>inside</p></div></div></article></main><p class="rights">FAKE</p><div><div><div>`)
	if strings.Contains(r.HTML, "</article>") || strings.Contains(r.HTML, "</main>") {
		t.Fatalf("stray end tags kept: %s", r.HTML)
	}
	if strings.Count(r.HTML, "<div") != strings.Count(r.HTML, "</div>") {
		t.Fatalf("unbalanced divs: %s", r.HTML)
	}
	md, _ := Markdown("text\n\n</div></section>\n\n<div>open")
	if strings.Contains(md.HTML, "</section>") || strings.Count(md.HTML, "<div") != strings.Count(md.HTML, "</div>") {
		t.Fatalf("markdown raw HTML unbalanced: %s", md.HTML)
	}
}

func TestSrcsetDropped(t *testing.T) {
	r := HTML(`<img src="https://x/a.jpg" srcset="javascript:alert(1) 1x" alt="a">`)
	if strings.Contains(r.HTML, "javascript") || strings.Contains(r.HTML, "srcset") {
		t.Fatalf("srcset kept: %s", r.HTML)
	}
}
