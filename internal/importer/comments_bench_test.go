package importer

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// benchDisqus builds a Disqus export of threads × perThread posts, each
// second post a reply to the one before it, with HTML bodies, authors and IPs.
func benchDisqus(threads, perThread int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">` + "\n")
	for t := 0; t < threads; t++ {
		fmt.Fprintf(&b, `<thread dsq:id="t%d"><forum>bench</forum><link>https://old.example/2020/01/story-%d/</link><title>Story %d</title></thread>`+"\n", t, t, t)
	}
	n := 0
	for t := 0; t < threads; t++ {
		for i := 0; i < perThread; i++ {
			parent := ""
			if i%2 == 1 {
				parent = fmt.Sprintf(`<parent dsq:id="p%d"/>`, n-1)
			}
			fmt.Fprintf(&b, `<post dsq:id="p%d"><message><![CDATA[<p>Comment %d on story %d, with <a href="https://example.org/%d">a link</a> and <b>bold</b> text.</p>]]></message>`+
				`<createdAt>2020-02-01T10:%02d:%02dZ</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>`+
				`<author><name>Reader %d</name><email>reader%d@example.org</email><username>reader%d</username></author>`+
				`<ipAddress>198.51.100.%d</ipAddress><thread dsq:id="t%d"/>%s</post>`+"\n",
				n, i, t, n, (i/60)%60, i%60, n%500, n%500, n%500, n%250, t, parent)
			n++
		}
	}
	b.WriteString("</disqus>\n")
	return b.Bytes()
}

// BenchmarkParseDisqus parses a 10,000-comment export (100 threads).
func BenchmarkParseDisqus(b *testing.B) {
	in := benchDisqus(100, 100)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseDisqus(bytes.NewReader(in), "bench.xml"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteComments imports a 10,000-comment export (100 threads,
// articles matched by slug) into a fresh SQLite store per iteration, then
// runs it again (all already imported).
func BenchmarkWriteComments(b *testing.B) {
	in := benchDisqus(100, 100)
	items := make([]Item, 100)
	for i := range items {
		items[i] = Item{SourceID: fmt.Sprint(i), Slug: fmt.Sprintf("story-%d", i), Headline: fmt.Sprintf("Story %d", i),
			BodyHTML: "<p>x</p>", Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st := storetest.Open(b, store.SQLite, nil)
		if _, err := Write(ctx, st, &Batch{Source: "bench", Items: items}, nil); err != nil {
			b.Fatal(err)
		}
		batch, err := ParseDisqus(bytes.NewReader(in), "bench.xml")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := WriteComments(ctx, st, batch, realRules(st), CommentOptions{}, nil)
		if err != nil || sum.Imported != 10000 {
			b.Fatalf("%+v %v", sum, err)
		}
		b.StopTimer()
		again, _ := ParseDisqus(bytes.NewReader(in), "bench.xml")
		start := time.Now()
		if sum, err := WriteComments(ctx, st, again, realRules(st), CommentOptions{}, nil); err != nil || sum.Existing != 10000 {
			b.Fatalf("%+v %v", sum, err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "rerun-ms")
		st.Close()
		b.StartTimer()
	}
}
