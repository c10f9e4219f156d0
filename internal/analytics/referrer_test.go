package analytics

import (
	"testing"

	"masthead/internal/model"
)

func TestSource(t *testing.T) {
	e := testEnricher(t)
	const site = "news.example.org"
	cases := []struct {
		ref  string
		utm  UTM
		want Source
	}{
		{"", UTM{}, Source{Class: model.SourceDirect}},
		{"https://news.example.org/politics/", UTM{}, Source{model.SourceInternal, "", "news.example.org"}},
		{"https://WWW.news.example.org/", UTM{}, Source{model.SourceInternal, "", "www.news.example.org"}},
		{"https://www.google.com/", UTM{}, Source{model.SourceSearch, "Google", "www.google.com"}},
		{"https://www.google.co.uk/", UTM{}, Source{model.SourceSearch, "Google", "www.google.co.uk"}},
		{"https://www.google.de/search?q=budget", UTM{}, Source{model.SourceSearch, "Google", "www.google.de"}},
		{"https://www.bing.com/search?q=x", UTM{}, Source{model.SourceSearch, "Bing", "www.bing.com"}},
		{"https://duckduckgo.com/", UTM{}, Source{model.SourceSearch, "DuckDuckGo", "duckduckgo.com"}},
		{"https://m.facebook.com/", UTM{}, Source{model.SourceSocial, "Facebook", "m.facebook.com"}},
		{"https://l.facebook.com/l.php?u=x", UTM{}, Source{model.SourceSocial, "Facebook", "l.facebook.com"}},
		{"https://bsky.app/profile/x", UTM{}, Source{model.SourceSocial, "Bluesky", "bsky.app"}},
		{"https://chatgpt.com/", UTM{}, Source{model.SourceAI, "ChatGPT", "chatgpt.com"}},
		{"https://claude.ai/chat/1", UTM{}, Source{model.SourceAI, "Claude", "claude.ai"}},
		{"https://gemini.google.com/app", UTM{}, Source{model.SourceAI, "Gemini", "gemini.google.com"}},
		{"https://mail.google.com/mail/u/0/", UTM{}, Source{model.SourceNewsletter, "Gmail", "mail.google.com"}},
		{"https://webmail.example.net/", UTM{}, Source{model.SourceNewsletter, "webmail.example.net", "webmail.example.net"}},
		{"", UTM{Source: "morning-briefing", Medium: "email", Campaign: "2026-06-01"}, Source{Class: model.SourceNewsletter, Name: "morning-briefing"}},
		{"https://www.google.com/", UTM{Source: "nl", Medium: "Email"}, Source{model.SourceNewsletter, "nl", "www.google.com"}},
		{"", UTM{Source: "facebook", Medium: "social"}, Source{Class: model.SourceSocial, Name: "Facebook"}},
		{"", UTM{Source: "partner-site", Medium: "social"}, Source{Class: model.SourceSocial, Name: "partner-site"}},
		{"", UTM{Source: "adnet", Medium: "cpc"}, Source{Class: model.SourceSearch, Name: "adnet"}},
		{"", UTM{Source: "podcast"}, Source{Class: model.SourceOther, Name: "podcast"}},
		{"https://blog.example.com/post", UTM{}, Source{model.SourceOther, "blog.example.com", "blog.example.com"}},
		{"android-app://com.google.android.gm/", UTM{}, Source{Class: model.SourceNewsletter, Name: "Gmail"}},
		{"android-app://com.google.android.googlequicksearchbox/", UTM{}, Source{Class: model.SourceSearch, Name: "Google"}},
		{"android-app://org.example.reader/", UTM{}, Source{Class: model.SourceOther, Name: "org.example.reader"}},
		{"javascript:alert(1)", UTM{}, Source{Class: model.SourceDirect}},
		{"%zz", UTM{}, Source{Class: model.SourceDirect}},
	}
	for _, c := range cases {
		got := e.Source(c.ref, site, c.utm)
		if got != c.want {
			t.Errorf("Source(%q, %+v) = %+v; want %+v", c.ref, c.utm, got, c.want)
		}
	}
}

func TestSiteHostWithPort(t *testing.T) {
	e := testEnricher(t)
	got := e.Source("http://127.0.0.1:8080/politics/", "127.0.0.1:8080", UTM{})
	if got.Class != model.SourceInternal {
		t.Errorf("own host with port: %+v", got)
	}
}

func TestHostListWildcards(t *testing.T) {
	l := newHostList()
	l.add("google.com", "Google")
	l.add("google.{}", "Google")
	l.add("{}.ask.com", "Ask")
	l.add("www.example.net", "Example")
	for host, want := range map[string]string{
		"google.com": "Google", "www.google.fr": "Google", "google.com.br": "Google", "images.google.co.jp": "Google",
		"uk.ask.com": "Ask", "example.net": "Example", "news.example.net": "Example",
		"googleusercontent.com": "", "ask.com": "", "notgoogle.com": "", "com": "", "": "",
	} {
		got, ok := l.match(host)
		if got != want || ok != (want != "") {
			t.Errorf("match(%q) = %q, %v; want %q", host, got, ok, want)
		}
	}
}

func TestSpamList(t *testing.T) {
	e := testEnricher(t)
	for host, want := range map[string]bool{
		"0-0.fr": true, "sub.0-0.fr": true, "WWW.0-0.FR": true, "example.org": false, "fr": false, "": false,
	} {
		if got := e.IsSpamReferrer(host); got != want {
			t.Errorf("IsSpamReferrer(%q) = %v; want %v", host, got, want)
		}
	}
}

func TestEmbeddedListsParse(t *testing.T) {
	e := testEnricher(t)
	if len(e.search.exact) < 300 || len(e.social.exact) < 100 || len(e.ai.exact) < 20 || len(e.spam) < 2000 {
		t.Errorf("lists too short: search %d, social %d, ai %d, spam %d", len(e.search.exact), len(e.social.exact), len(e.ai.exact), len(e.spam))
	}
	if _, err := parseNamedHosts([]byte("a: [b"), "x"); err == nil {
		t.Error("malformed YAML accepted")
	}
}

func FuzzSource(f *testing.F) {
	e := testEnricher(f)
	for _, s := range []string{"", "https://www.google.com/", "android-app://x", "http://[::1]:80/", "https://a..b/"} {
		f.Add(s, "email", "src")
	}
	f.Fuzz(func(t *testing.T, ref, medium, src string) {
		s := e.Source(ref, "news.example.org", UTM{Source: src, Medium: medium})
		valid := false
		for _, c := range model.SourceClasses {
			valid = valid || s.Class == c
		}
		if !valid {
			t.Fatalf("class %q", s.Class)
		}
	})
}
