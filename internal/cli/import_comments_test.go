package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/store"
)

const cliWXR = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<link>https://bugle.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>City hall</title><link>https://bugle.example/2020/01/city-hall/</link>
<content:encoded><![CDATA[Body]]></content:encoded>
<wp:post_id>10</wp:post_id><wp:post_name>city-hall</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Ana</wp:comment_author><wp:comment_author_IP>203.0.113.5</wp:comment_author_IP>
<wp:comment_date_gmt>2020-01-02 10:00:00</wp:comment_date_gmt><wp:comment_content>First</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author>Bo</wp:comment_author>
<wp:comment_date_gmt>2020-01-02 11:00:00</wp:comment_date_gmt><wp:comment_content>Reply</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>1</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_type>pingback</wp:comment_type><wp:comment_date_gmt>2020-01-02 11:00:00</wp:comment_date_gmt><wp:comment_content>ping</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>
</item>
<item><title>Budget</title><link>https://bugle.example/2020/01/budget/</link>
<content:encoded><![CDATA[Body]]></content:encoded>
<wp:post_id>11</wp:post_id><wp:post_name>budget</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>
</item>
</channel></rss>
`

const cliDisqus = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="7"><forum>bugle</forum><link>http://old.bugle.example/news/budget.html</link><title>Budget</title></thread>
<thread dsq:id="8"><forum>bugle</forum><link>http://old.bugle.example/news/missing.html</link><title>Missing</title></thread>
<post dsq:id="70"><message><![CDATA[<p>On budget</p>]]></message><createdAt>2020-02-01T00:00:00Z</createdAt><author><name>Cy</name><username>cy</username></author><ipAddress>198.51.100.7</ipAddress><thread dsq:id="7"/></post>
<post dsq:id="80"><message>lost</message><createdAt>2020-02-01T00:00:00Z</createdAt><author><name>Di</name></author><thread dsq:id="8"/></post>
</disqus>
`

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// commentCount opens the store in dir and counts comments under slug.
func commentCount(t *testing.T, dir, slug string) int {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.ArticleBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := st.ArticleComments(ctx, a.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if strings.Contains(c.IPHash, ".") {
			t.Fatalf("raw IP stored: %q", c.IPHash)
		}
	}
	return len(cs)
}

func TestImportWXRWithComments(t *testing.T) {
	dir := t.TempDir()
	wxr := writeFile(t, dir, "bugle.xml", cliWXR)
	code, out, errs := run(t, "import", "wxr", wxr, "--data", dir, "--dry-run")
	if code != 0 || !strings.HasPrefix(out, "dry run: nothing was written") || !strings.Contains(out, "comments imported: 2") {
		t.Fatalf("dry run: exit %d: %s %s", code, out, errs)
	}
	if code, out, _ := run(t, "import", "wxr", "--comments-only", wxr, "--data", dir); code != 0 || !strings.Contains(out, "threads unmatched: 1") {
		t.Fatalf("after a dry run the articles must not exist: %s", out)
	}
	code, out, errs = run(t, "import", "wxr", wxr, "--data", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{"imported: 2", "comments imported: 2", "threads matched:   1 (by post id 1)", "pingback:"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "counted, not imported") {
		t.Errorf("output still says comments are only counted:\n%s", out)
	}
	code, out, _ = run(t, "import", "wxr", wxr, "--data", dir)
	if code != 0 || !strings.Contains(out, "comments imported: 0\nalready imported:  2") {
		t.Fatalf("second run: %d\n%s", code, out)
	}
	code, out, _ = run(t, "import", "wxr", "--comments-only", wxr, "--data", dir)
	if code != 0 || !strings.Contains(out, "wxr comment import") || !strings.Contains(out, "already imported:  2") {
		t.Fatalf("--comments-only: %d\n%s", code, out)
	}
	if n := commentCount(t, dir, "city-hall"); n != 2 {
		t.Fatalf("%d comments under city-hall", n)
	}
}

func TestImportDisqus(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "import", "wxr", writeFile(t, dir, "bugle.xml", cliWXR), "--data", dir, "--no-comments"); code != 0 {
		t.Fatal(errs)
	}
	if n := commentCount(t, dir, "city-hall"); n != 0 {
		t.Fatalf("--no-comments imported %d comments", n)
	}
	dq := writeFile(t, dir, "disqus.xml", cliDisqus)
	csv := filepath.Join(dir, "unmatched.csv")

	code, out, errs := run(t, "import", "disqus", dq, "--data", dir, "--dry-run")
	if code != 0 || !strings.Contains(out, "dry run: nothing was written") || !strings.Contains(out, "comments imported: 1") {
		t.Fatalf("dry run: %d %s %s", code, out, errs)
	}
	if n := commentCount(t, dir, "budget"); n != 0 {
		t.Fatalf("dry run wrote %d comments", n)
	}

	code, out, errs = run(t, "import", "disqus", dq, "--data", dir, "--unmatched", csv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{"disqus comment import from disqus:bugle", "comments imported: 1", "threads matched:   1 (by slug 1)",
		"threads unmatched: 1", "http://old.bugle.example/news/missing.html — Missing (1 comment(s))", "unmatched threads written to"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	got, err := os.ReadFile(csv)
	if err != nil || string(got) != "key,url,identifier,title,comments\n8,http://old.bugle.example/news/missing.html,,Missing,1\n" {
		t.Errorf("unmatched CSV %q %v", got, err)
	}
	if n := commentCount(t, dir, "budget"); n != 1 {
		t.Fatalf("%d comments under budget", n)
	}
	if code, out, _ := run(t, "import", "disqus", dq, "--data", dir); code != 0 || !strings.Contains(out, "comments imported: 0\nalready imported:  1") {
		t.Fatalf("second run: %s", out)
	}

	// A broken file names the line and element and writes nothing.
	bad := writeFile(t, dir, "bad.xml", strings.Replace(cliDisqus, "<p>On budget</p>]]></message>", "<p>On budget</p>]]></mesage>", 1)+"")
	code, _, errs = run(t, "import", "disqus", bad, "--data", dir)
	if code != 1 || !strings.Contains(errs, "bad.xml: line 5: element <message>") || !strings.Contains(errs, "nothing was written") {
		t.Fatalf("broken file: %d %q", code, errs)
	}
	if n := commentCount(t, dir, "budget"); n != 1 {
		t.Fatalf("a failed import changed the comments: %d", n)
	}

	code, _, errs = run(t, "import", "disqus", "-h")
	if code != 0 || !strings.Contains(errs, "Usage: masthead import disqus FILE") || !strings.Contains(errs, "-dry-run") || !strings.Contains(errs, "-unmatched") {
		t.Fatalf("help: %d %q", code, errs)
	}
	if code, _, errs := run(t, "import", "commento", filepath.Join(dir, "none.json"), "--data", dir); code != 1 || !strings.Contains(errs, "none.json") {
		t.Fatalf("missing file: %d %q", code, errs)
	}
}

// TestImportURLMapAndClosed: --url-map (repeatable) rewrites the old
// domain's thread URLs so they match the articles, a thread marked
// <isClosed>true</isClosed> closes comments on its article, the summary says
// both, and a bad --url-map is a usage error naming the flag.
func TestImportURLMapAndClosed(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "import", "wxr", writeFile(t, dir, "bugle.xml", cliWXR), "--data", dir, "--no-comments"); code != 0 {
		t.Fatal(errs)
	}
	dq := writeFile(t, dir, "closed.xml", `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="7"><forum>bugle</forum><link>http://old.bugle.example/2020/01/city-hall/</link><title>City hall</title><isClosed>true</isClosed></thread>
<post dsq:id="70"><message><![CDATA[<p>Before the close</p>]]></message><createdAt>2020-02-01T00:00:00Z</createdAt><author><name>Cy</name></author><thread dsq:id="7"/></post>
</disqus>
`)
	code, out, errs := run(t, "import", "disqus", dq, "--data", dir, "--url-map", "http://old.bugle.example/=https://bugle.example/",
		"--url-map", "http://old.bugle.example/blog/=https://bugle.example/articles/")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{"comments imported: 1", "threads matched:   1 (by slug 1)", "thread URLs rewritten by --url-map: 1",
		"threads closed in the source: 1 (comments closed on 1 articles now, 0 were already closed)"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ArticleBySlug(ctx, "city-hall")
	if err != nil {
		t.Fatal(err)
	}
	set, err := st.EffectiveCommentSettings(ctx, a)
	st.Close()
	if err != nil || set.Closed.IsZero() {
		t.Fatalf("comments on city-hall not closed: %+v %v", set, err)
	}
	if code, out, _ := run(t, "import", "disqus", dq, "--data", dir, "--url-map", "http://old.bugle.example/=https://bugle.example/"); code != 0 ||
		!strings.Contains(out, "comments imported: 0") || !strings.Contains(out, "comments closed on 0 articles now, 1 were already closed") {
		t.Fatalf("second run: %s", out)
	}
	code, _, errs = run(t, "import", "disqus", dq, "--data", dir, "--url-map", "old.bugle.example")
	if code != 2 || !strings.Contains(errs, "url-map") || !strings.Contains(errs, "OLD=NEW") {
		t.Fatalf("bad --url-map: %d %q", code, errs)
	}
	for _, kind := range []string{"commento", "wxr"} {
		if code, _, errs := run(t, "import", kind, "-h"); code != 0 || !strings.Contains(errs, "-url-map") {
			t.Errorf("%s -h lacks --url-map: %d %q", kind, code, errs)
		}
	}
}
