package realtime

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Event is one Server-Sent Event. Name is the event type ("message" when
// empty), ID the last-event id a reconnecting browser sends back in
// Last-Event-ID; Data may span several lines.
type Event struct {
	Name, ID string
	Data     []byte
}

// SSEOptions tunes ServeSSE. Zero values mean the defaults.
type SSEOptions struct {
	// KeepAlive is how often a comment line is sent while no event flows,
	// so proxies keep the connection open (default 15 s).
	KeepAlive time.Duration
	// Retry, when positive, is sent once as the browser's reconnection
	// delay (the "retry:" field, whole milliseconds).
	Retry time.Duration
	// WriteTimeout bounds each write, replacing the server's overall
	// WriteTimeout for this response (default 10 s).
	WriteTimeout time.Duration
}

// ErrNoFlush is returned when the ResponseWriter cannot flush, so events
// could not be streamed.
var ErrNoFlush = errors.New("realtime: response writer cannot stream")

// ServeSSE streams events to the client as text/event-stream until the
// request's context ends (the client went away), the server begins to shut
// down (the channel set with WithShutdown closes), or events is closed. Each event is flushed at once. The http.Server's
// WriteTimeout would cut a long stream, so every write gets its own
// deadline via http.ResponseController. It returns nil when the stream ends
// normally and the write error otherwise.
//
// Format: WHATWG HTML Living Standard §9.2 "Server-sent events": fields
// "event:", "id:", "data:" (one per line of Data), a blank line ending each
// event, and lines starting with ":" as comments.
func ServeSSE(w http.ResponseWriter, r *http.Request, events <-chan Event, opts SSEOptions) error {
	if opts.KeepAlive <= 0 {
		opts.KeepAlive = 15 * time.Second
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	var buf bytes.Buffer
	write := func() error {
		_ = rc.SetWriteDeadline(time.Now().Add(opts.WriteTimeout))
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
		buf.Reset()
		if err := rc.Flush(); err != nil {
			if errors.Is(err, http.ErrNotSupported) {
				return ErrNoFlush
			}
			return err
		}
		return nil
	}
	if opts.Retry > 0 {
		buf.WriteString("retry: ")
		buf.WriteString(strconv.FormatInt(opts.Retry.Milliseconds(), 10))
		buf.WriteString("\n\n")
	} else {
		buf.WriteString(": stream open\n\n")
	}
	if err := write(); err != nil {
		return err
	}
	tick := time.NewTicker(opts.KeepAlive)
	defer tick.Stop()
	stopping := shutdownOf(r.Context())
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-stopping:
			return nil
		case <-tick.C:
			buf.WriteString(": keep-alive\n\n")
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			encode(&buf, ev)
		}
		if err := write(); err != nil {
			return err
		}
	}
}

// encode appends ev in the wire format. Carriage returns and newlines in
// Name and ID would break the framing, so they are removed.
func encode(buf *bytes.Buffer, ev Event) {
	strip := strings.NewReplacer("\r", "", "\n", "")
	if ev.Name != "" {
		buf.WriteString("event: ")
		buf.WriteString(strip.Replace(ev.Name))
		buf.WriteByte('\n')
	}
	if ev.ID != "" {
		buf.WriteString("id: ")
		buf.WriteString(strip.Replace(ev.ID))
		buf.WriteByte('\n')
	}
	data := bytes.ReplaceAll(ev.Data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	for _, line := range bytes.Split(data, []byte("\n")) {
		buf.WriteString("data: ")
		buf.Write(line)
		buf.WriteByte('\n')
	}
	buf.WriteByte('\n')
}
