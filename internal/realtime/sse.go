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

// SSEOptions tunes ServeSSE and ServeFrames. Zero values mean the defaults.
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
	// Coalesce, when positive, is how long the stream waits after an
	// event arrives for more to join it in the same write. On a busy
	// topic a stream then costs at most one wake-up, write and flush per
	// Coalesce instead of one per event, and each event reaches the
	// browser at most Coalesce later. The channel must buffer what
	// arrives meanwhile. With 0 the stream still writes every event
	// already waiting in one go, but does not wait for more.
	Coalesce time.Duration
	// First holds events already in the wire format (Frame), written with
	// the opening of the stream, before anything from the channel: a
	// reconnecting reader's catch-up.
	First []byte
}

// maxBatch bounds, in bytes, what one write of a stream gathers before it
// is flushed (the events still waiting go in the next write).
const maxBatch = 64 << 10

// ErrNoFlush is returned when the ResponseWriter cannot flush, so events
// could not be streamed.
var ErrNoFlush = errors.New("realtime: response writer cannot stream")

// ServeSSE streams events to the client as text/event-stream until the
// request's context ends (the client went away), the server begins to shut
// down (the channel set with WithShutdown closes), or events is closed.
// Events already waiting on the channel when the stream wakes are written
// together, in order, with one flush (see SSEOptions.Coalesce for waiting
// for more); nothing received is ever dropped: what was received before
// events closed, or before the request ended or the server began to stop
// during such a wait, is written before ServeSSE returns. The
// http.Server's WriteTimeout would cut a long stream, so every write gets
// its own deadline via http.ResponseController. It returns nil when the
// stream ends normally and the write error otherwise.
//
// Format: WHATWG HTML Living Standard §9.2 "Server-sent events": fields
// "event:", "id:", "data:" (one per line of Data), a blank line ending each
// event, and lines starting with ":" as comments.
func ServeSSE(w http.ResponseWriter, r *http.Request, events <-chan Event, opts SSEOptions) error {
	return serve(w, r, events, opts, encode)
}

// ServeFrames is ServeSSE for events already in the wire format: each
// message on frames is one or more whole events made by Frame (or
// AppendFrame), written as they are. A publisher that fans one event out to
// many streams encodes it once and shares the bytes; frames must not be
// changed after they are sent.
func ServeFrames(w http.ResponseWriter, r *http.Request, frames <-chan []byte, opts SSEOptions) error {
	return serve(w, r, frames, opts, func(buf *bytes.Buffer, b []byte) { buf.Write(b) })
}

// Frame returns ev in the Server-Sent Events wire format (see ServeSSE),
// ending with the blank line that closes an event.
func Frame(ev Event) []byte {
	var buf bytes.Buffer
	encode(&buf, ev)
	return buf.Bytes()
}

// serve is the stream loop of ServeSSE and ServeFrames: add appends one
// received value to the pending write.
func serve[T any](w http.ResponseWriter, r *http.Request, c <-chan T, opts SSEOptions, add func(*bytes.Buffer, T)) error {
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
	buf.Write(opts.First)
	if err := write(); err != nil {
		return err
	}
	tick := time.NewTicker(opts.KeepAlive)
	defer tick.Stop()
	var linger *time.Timer
	if opts.Coalesce > 0 {
		linger = time.NewTimer(opts.Coalesce)
		linger.Stop()
		defer linger.Stop()
	}
	done, stopping := r.Context().Done(), shutdownOf(r.Context())
	for {
		closed := false
		select {
		case <-done:
			return nil
		case <-stopping:
			return nil
		case <-tick.C:
			buf.WriteString(": keep-alive\n\n")
		case v, ok := <-c:
			if !ok {
				return nil
			}
			add(&buf, v)
			closed = gather(c, &buf, add, linger, opts.Coalesce, done, stopping)
		}
		if err := write(); err != nil {
			return err
		}
		if closed {
			return nil
		}
	}
}

// gather appends to buf every value already waiting on c, up to maxBatch
// bytes. With a linger timer, when that leaves room, it then sleeps for
// wait (cut short when the request ends or the server stops) and takes
// what arrived meanwhile. It sleeps rather than receive during the wait:
// on a busy topic a stream then wakes once per write, not once per event
// (the subscription's buffer holds the events meanwhile). It reports
// whether c was closed; what came before the close is in buf.
func gather[T any](c <-chan T, buf *bytes.Buffer, add func(*bytes.Buffer, T), linger *time.Timer, wait time.Duration,
	done, stopping <-chan struct{}) bool {
	drain := func() bool {
		for buf.Len() < maxBatch {
			select {
			case v, ok := <-c:
				if !ok {
					return true
				}
				add(buf, v)
			default:
				return false
			}
		}
		return false
	}
	if closed := drain(); closed || linger == nil || buf.Len() >= maxBatch {
		return closed
	}
	linger.Reset(wait)
	select {
	case <-linger.C:
	case <-done:
	case <-stopping:
	}
	linger.Stop()
	return drain()
}

// fieldBreaks removes carriage returns and newlines from Name and ID: they
// would break the framing.
var fieldBreaks = strings.NewReplacer("\r", "", "\n", "")

// encode appends ev in the wire format.
func encode(buf *bytes.Buffer, ev Event) {
	if ev.Name != "" {
		buf.WriteString("event: ")
		buf.WriteString(fieldBreaks.Replace(ev.Name))
		buf.WriteByte('\n')
	}
	if ev.ID != "" {
		buf.WriteString("id: ")
		buf.WriteString(fieldBreaks.Replace(ev.ID))
		buf.WriteByte('\n')
	}
	data := ev.Data
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	for {
		line, rest, more := bytes.Cut(data, []byte("\n"))
		buf.WriteString("data: ")
		buf.Write(line)
		buf.WriteByte('\n')
		if !more {
			break
		}
		data = rest
	}
	buf.WriteByte('\n')
}
