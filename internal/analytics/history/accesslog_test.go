package history

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseLogLine(t *testing.T) {
	cases := []struct {
		name, line string
		want       *LogLine
	}{
		{"apache combined",
			`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/x/ HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/" "Mozilla/5.0 (Macintosh)"`,
			&LogLine{Host: "83.149.9.216", Time: time.Date(2015, 5, 17, 10, 5, 3, 0, time.UTC), Method: "GET", Target: "/presentations/x/", Proto: "HTTP/1.1",
				Status: 200, Bytes: 203023, Referrer: "http://semicomplete.com/presentations/", UserAgent: "Mozilla/5.0 (Macintosh)", Combined: true}},
		{"common format, size dash, zone offset to UTC, user name",
			`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 304 -`,
			&LogLine{Host: "127.0.0.1", Time: time.Date(2000, 10, 10, 20, 55, 36, 0, time.UTC), Method: "GET", Target: "/apache_pb.gif", Proto: "HTTP/1.0", Status: 304}},
		{"nginx escapes and trailing extra fields",
			`2001:db8::1 - - [01/Mar/2026:23:59:59 +0100] "GET /articles/a?x=\x22y\x22 HTTP/2.0" 200 512 "-" "Agent \x22quoted\x22" 0.003 "-"`,
			&LogLine{Host: "2001:db8::1", Time: time.Date(2026, 3, 1, 22, 59, 59, 0, time.UTC), Method: "GET", Target: `/articles/a?x="y"`, Proto: "HTTP/2.0",
				Status: 200, Bytes: 512, UserAgent: `Agent "quoted"`, Combined: true}},
		{"apache escapes",
			`10.0.0.1 - - [01/Mar/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "http://a/\"b\"" "UA \\ back"`,
			&LogLine{Host: "10.0.0.1", Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Method: "GET", Target: "/", Proto: "HTTP/1.1",
				Status: 200, Bytes: 1, Referrer: `http://a/"b"`, UserAgent: `UA \ back`, Combined: true}},
		{"garbage request line is well-formed but has no request",
			`10.0.0.1 - - [01/Mar/2026:00:00:00 +0000] "\x16\x03\x01" 400 226 "-" "-"`,
			&LogLine{Host: "10.0.0.1", Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Status: 400, Bytes: 226, Combined: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, reason := ParseLogLine(c.line)
			if reason != "" {
				t.Fatalf("refused: %s", reason)
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
}

func TestParseLogLineRefuses(t *testing.T) {
	cases := map[string]string{
		"empty":              ``,
		"no time":            `1.2.3.4 - - "GET / HTTP/1.1" 200 5`,
		"bad time":           `1.2.3.4 - - [yesterday] "GET / HTTP/1.1" 200 5`,
		"no request":         `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] 200 5`,
		"status not numeric": `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" OK 5`,
		"size not numeric":   `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 lots`,
		"truncated agent":    `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0 (compatible; Googlebot/2.1`,
		"referrer only":      `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-"`,
		"JSON":               `{"remote_addr":"1.2.3.4"}`,
	}
	for name, line := range cases {
		if l, reason := ParseLogLine(line); reason == "" || l != nil {
			t.Errorf("%s: accepted %+v", name, l)
		}
	}
}

func TestLogReaderLineNumbers(t *testing.T) {
	in := strings.Join([]string{
		`1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.1" 200 5`,
		``,
		`not a log line`,
		`1.2.3.4 - - [10/Oct/2000:13:55:37 -0700] "GET /b HTTP/1.1" 200 5 "-" "UA"` + "\r",
		`1.2.3.4 - - [10/Oct/2000:13:55:38 -0700] "GET /` + strings.Repeat("x", MaxLineBytes) + ` HTTP/1.1" 200 5`,
		`1.2.3.4 - - [10/Oct/2000:13:55:39 -0700] "GET /c HTTP/1.1" 200 5`, // no final newline
	}, "\n")
	lr := NewLogReader(strings.NewReader(in))
	var got []string
	for {
		l, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var le *LineError
		switch {
		case errors.As(err, &le):
			got = append(got, fmt.Sprintf("bad line %d", le.Line))
		case err != nil:
			t.Fatal(err)
		default:
			got = append(got, fmt.Sprintf("%s@%d", l.Target, l.Line))
		}
	}
	want := []string{"/a@1", "bad line 3", "/b@4", "bad line 5", "/c@6"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if lr.Bytes != int64(len(in)) {
		t.Errorf("Bytes = %d, want %d", lr.Bytes, len(in))
	}
}

func FuzzParseLogLine(f *testing.F) {
	f.Add(`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 203023 "http://x/" "Mozilla/5.0"`)
	f.Add(`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`)
	f.Add(`1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /\x22 HTTP/1.1" 200 5 "\"" "\\"`)
	f.Fuzz(func(t *testing.T, s string) {
		l, reason := ParseLogLine(s)
		if (l == nil) == (reason == "") {
			t.Fatalf("line %v with reason %q", l, reason)
		}
		if l != nil && (l.Status < 100 || l.Status > 999 || l.Bytes < 0 || l.Time.Location() != time.UTC) {
			t.Fatalf("accepted impossible values %+v", l)
		}
		// The streaming reader agrees with the line parser.
		lr := NewLogReader(strings.NewReader(s))
		got, err := lr.Next()
		if strings.ContainsAny(s, "\r\n") || len(s) > MaxLineBytes || strings.TrimSpace(s) == "" {
			return
		}
		if (err == nil) != (l != nil) || (got != nil && got.Target != l.Target) {
			t.Fatalf("reader %v/%v, parser %v/%q", got, err, l, reason)
		}
	})
}
