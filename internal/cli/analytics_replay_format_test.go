package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/model"
	"masthead/internal/store"
)

// TestAnalyticsReplayUnknownFormat: a file in which no line is an access
// log line fails (exit 1, nothing written) naming the formats replay reads,
// however few its lines (issue 5 finding 3: a 52-line IIS log "succeeded");
// a gzip file is recognised as compressed, a binary file as binary.
func TestAnalyticsReplayUnknownFormat(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "migrate", "--data", dir); code != 0 {
		t.Fatal(errs)
	}
	combined := `203.0.113.5 - - [02/Mar/2026:09:00:00 +0000] "GET /articles/harbour-plan HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"` + "\n"
	var iis strings.Builder
	iis.WriteString("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-03-02 09:00:00\n")
	iis.WriteString("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n")
	for i := range 48 {
		fmt.Fprintf(&iis, "2026-03-02 09:%02d:00 10.0.0.1 GET /articles/harbour-plan - 443 - 203.0.113.5 Mozilla/5.0+(X11) - 200 0 0 15\n", i)
	}
	var jsonLog strings.Builder
	for i := range 30 {
		fmt.Fprintf(&jsonLog, `{"time":"2026-03-02T09:%02d:00Z","remote_addr":"203.0.113.5","request":"GET /articles/harbour-plan HTTP/1.1","status":200}`+"\n", i)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(combined, 20)))
	zw.Close()
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(i * 7 % 256)
	}
	for _, c := range []struct {
		name string
		body []byte
		want []string
	}{
		{"iis.log", []byte(iis.String()), []string{"no line", "common", "combined", "line 1:", "nothing was written"}},
		{"json.log", []byte(jsonLog.String()), []string{"no line", "common", "combined", "nothing was written"}},
		{"access.log.gz", gz.Bytes(), []string{"compressed", "gzip", "decompress it first", "nothing was written"}},
		{"access.log.1", bin, []string{"binary", "nothing was written"}},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, c.body, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errs := run(t, "analytics", "replay", path, "--data", dir)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s\n%s", c.name, code, out, errs)
		}
		for _, w := range c.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%s: error lacks %q: %s", c.name, w, errs)
			}
		}
		if !strings.Contains(errs, path) {
			t.Errorf("%s: error does not name the file: %s", c.name, errs)
		}
	}
	st, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n := 0
	st.AnalyticsEvents(context.Background(), time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().Add(time.Hour), func(model.Event) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d events written", n)
	}
}
