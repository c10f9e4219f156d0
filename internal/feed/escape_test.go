package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
)

// hostile is a headline with markup, entities, quotes, a CDATA terminator,
// emoji, right-to-left text, control characters and invalid UTF-8.
const hostile = "Tom & Jerry <script>alert(\"x\")</script> 'single' ]]> &amp; 🎉 مرحبا שלום\x00\x01\x08\x0b\x1f\uFFFE\xff end"

// hostileClean is hostile with what XML cannot carry removed.
const hostileClean = "Tom & Jerry <script>alert(\"x\")</script> 'single' ]]> &amp; 🎉 مرحبا שלום end"

func hostileArticle() *model.Article {
	return &model.Article{
		ID: 99, Kind: model.KindArticle, Status: model.StatusPublished,
		Slug: "hostile", Headline: hostile, Dek: hostile,
		Section:  &model.Section{Name: "A & B <c>"},
		Tags:     []model.Tag{{Name: "\x07bell"}},
		BodyHTML: "<p>Body \x0c with form feed ]]> end</p>",
		LeadMedia: &model.Media{URL: "https://img.example/a.jpg?x=1&y=2", MIME: "image/jpeg",
			Caption: hostile, Credit: "Photo <b>\x02</b>"},
		PublishedAt: time.Date(2024, 6, 21, 9, 0, 0, 0, time.UTC),
		Bylines:     []model.Byline{{Author: &model.Author{Name: "O'Brien & \"Sons\"\x1b"}}},
	}
}

func noControlBytes(t *testing.T, what string, out []byte) {
	t.Helper()
	for i, c := range out {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			t.Fatalf("%s: control byte %#x at %d", what, c, i)
		}
	}
	if !bytes.Equal(bytes.ToValidUTF8(out, nil), out) {
		t.Fatalf("%s: invalid UTF-8", what)
	}
	if bytes.Contains(out, []byte("\uFFFE")) {
		t.Fatalf("%s: U+FFFE written", what)
	}
}

func TestHostileText(t *testing.T) {
	items := []*model.Article{hostileArticle()}
	ch := testChannel(t, "/x")
	ch.Title = hostile
	for name, fn := range map[string]func(io.Writer, Channel, []*model.Article, Links) error{
		"rss": RSS, "atom": Atom, "json": JSONFeed,
	} {
		t.Run(name, func(t *testing.T) {
			out := render(t, func(w io.Writer) error { return fn(w, ch, items, testLinks()) })
			noControlBytes(t, name, out)
			if name == "json" {
				if !json.Valid(out) {
					t.Fatalf("invalid JSON:\n%s", out)
				}
			} else {
				wellFormed(t, out)
				if bytes.Contains(out, []byte("<script>")) {
					t.Fatalf("unescaped markup in XML:\n%s", out)
				}
			}
			f := parse(t, out)
			if f.Title != hostileClean {
				t.Errorf("feed title = %q, want %q", f.Title, hostileClean)
			}
			it := f.Items[0]
			if it.Title != hostileClean {
				t.Errorf("item title = %q, want %q", it.Title, hostileClean)
			}
			if it.Description != hostileClean {
				t.Errorf("summary = %q, want %q", it.Description, hostileClean)
			}
			if it.Content != "<p>Body  with form feed ]]> end</p>" {
				t.Errorf("content = %q", it.Content)
			}
			if got := personNames(it.Authors); len(got) != 1 || got[0] != `O'Brien & "Sons"` {
				t.Errorf("authors = %q", got)
			}
			if got := imageURL(it); got != "https://img.example/a.jpg?x=1&y=2" {
				t.Errorf("image = %q", got)
			}
			if len(it.Categories) != 2 || it.Categories[0] != "A & B <c>" || it.Categories[1] != "bell" {
				t.Errorf("categories = %q", it.Categories)
			}
			if name == "rss" {
				mc := it.Extensions["media"]["content"][0]
				if mc.Children["description"][0].Value != hostileClean || mc.Children["credit"][0].Value != "Photo <b></b>" {
					t.Errorf("media texts = %+v", mc.Children)
				}
			}
		})
	}
}

func TestHostileSitemaps(t *testing.T) {
	out := render(t, func(w io.Writer) error {
		return Sitemap(w, []URL{{Loc: site + "/articles/a?x=1&y=<2>", Images: []Image{{Loc: site + "/i.jpg", Caption: hostile}}}})
	})
	noControlBytes(t, "sitemap", out)
	var set struct {
		URLs []struct {
			Loc    string `xml:"loc"`
			Images []struct {
				Caption string `xml:"caption"`
			} `xml:"image"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(out, &set); err != nil {
		t.Fatal(err)
	}
	if set.URLs[0].Loc != site+"/articles/a?x=1&y=<2>" || set.URLs[0].Images[0].Caption != hostileClean {
		t.Errorf("parsed back %+v", set)
	}
	if !strings.Contains(string(out), "x=1&amp;y=&lt;2&gt;") {
		t.Errorf("loc not entity-escaped:\n%s", out)
	}

	out = render(t, func(w io.Writer) error {
		return NewsSitemap(w, "Tom & Jerry's <Daily>", "en", []*model.Article{hostileArticle()}, testNow, testLinks())
	})
	noControlBytes(t, "news sitemap", out)
	news := parseNews(t, out)
	if len(news.URLs) != 1 || news.URLs[0].News.Title != hostileClean || news.URLs[0].News.Publication.Name != "Tom & Jerry's <Daily>" {
		t.Errorf("news parsed back %+v", news)
	}
}
