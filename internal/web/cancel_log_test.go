package web

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// logRecords is a slog.Handler that keeps every record (level Debug and up).
type logRecords struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (l *logRecords) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecords) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r.Clone())
	return nil
}
func (l *logRecords) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecords) WithGroup(string) slog.Handler      { return l }

// at returns the records at level min or above, as "LEVEL message k=v …".
func (l *logRecords) at(min slog.Level) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.recs {
		if r.Level < min {
			continue
		}
		s := r.Level.String() + " " + r.Message
		r.Attrs(func(a slog.Attr) bool { s += " " + a.String(); return true })
		out = append(out, s)
	}
	return out
}

func (l *logRecords) reset() { l.mu.Lock(); l.recs = nil; l.mu.Unlock() }

// TestClientCancelIsNotAnError: a reader of the reports page or of the live
// dashboard stream who goes away (the request's context is cancelled) is
// normal — nothing is logged at WARN or above — while a real failure of
// the same page is still logged at ERROR.
func TestClientCancelIsNotAnError(t *testing.T) {
	logs := &logRecords{}
	reportsSiteLog(t, "UTC", Options{}, logs, func(t *testing.T, f *adminFixture, site *Site) {
		ben := signIn(t, f, "ben@example.com") // analyst
		logs.reset()

		// The reports page, its client gone before the answer.
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := httptest.NewRequest("GET", "/admin/analytics/reports", nil).WithContext(ctx)
		req.RemoteAddr = "192.0.2.10:40000"
		for _, c := range ben.cookies {
			req.AddCookie(c)
		}
		f.h.ServeHTTP(httptest.NewRecorder(), req)
		if got := logs.at(slog.LevelWarn); len(got) != 0 {
			t.Errorf("reports page, client gone: logged %q", got)
		}

		// The live stream, closed by its client after the first push.
		srv := httptest.NewServer(f.h)
		sctx, scancel := context.WithCancel(context.Background())
		sreq, _ := http.NewRequestWithContext(sctx, "GET", srv.URL+"/admin/analytics/live", nil)
		for _, c := range ben.cookies {
			sreq.AddCookie(c)
		}
		res, err := srv.Client().Do(sreq)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("stream: %d", res.StatusCode)
		}
		if _, err := bufio.NewReader(res.Body).ReadString('\n'); err != nil {
			t.Fatal(err)
		}
		scancel()
		res.Body.Close()
		srv.Close() // waits for the stream's handler to return
		if got := logs.at(slog.LevelWarn); len(got) != 0 {
			t.Errorf("live stream, client gone: logged %q", got)
		}

		// A real failure still is an error; a cancelled one is not.
		rec := httptest.NewRecorder()
		site.adminFail(rec, httptest.NewRequest("GET", "/admin/analytics/reports", nil), errors.New("store: daily totals: disk I/O error"))
		if errs := logs.at(slog.LevelError); rec.Code != http.StatusInternalServerError || len(errs) != 1 || !strings.Contains(errs[0], "disk I/O error") {
			t.Errorf("real failure: %d, errors logged %q", rec.Code, errs)
		}
	})
}
