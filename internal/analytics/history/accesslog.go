package history

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// LogLine is one request from a web server access log.
type LogLine struct {
	// Line is the 1-based line number in the file.
	Line int
	// Host is the client address as logged (%h / $remote_addr): an IP
	// address, or a host name when the server resolved it.
	Host string
	// Time is the request time (%t / $time_local) in UTC.
	Time time.Time
	// Method, Target and Proto come from the request line (%r / $request).
	// A request line that is not "METHOD TARGET PROTO" (a TLS probe, "-")
	// leaves all three empty; the line itself is still well-formed.
	Method, Target, Proto string
	// Status is the final status code (%>s / $status).
	Status int
	// Bytes is the response size in bytes (%b / $body_bytes_sent); 0 for "-".
	Bytes int64
	// Referrer and UserAgent are "" in the common format and for "-".
	Referrer, UserAgent string
	// Combined is true when the line carried the referrer and user-agent
	// fields (combined format), false for the common format.
	Combined bool
	// Raw is the line as read, without its line break.
	Raw string
}

// LineError is a line that is not in the common or combined log format.
type LineError struct {
	Line   int    // 1-based line number
	Reason string // what is wrong, for people
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// MaxLineBytes is the longest access-log line read (64 KiB); longer lines
// are reported as bad lines.
const MaxLineBytes = 64 << 10

// LogReader reads an access log line by line in the NCSA Common Log Format
// and the "combined" format that extends it with referrer and user agent —
// Apache httpd's LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\"
// \"%{User-agent}i\"" and nginx's default "combined" log_format, which
// writes the same fields. Both servers' escapes inside quoted fields are
// understood (Apache's \" and \\, nginx's \xHH). Blank lines are skipped.
type LogReader struct {
	r    *bufio.Reader
	line int
	// Bytes is how many bytes have been read so far (for progress).
	Bytes int64
}

// NewLogReader reads lines from r.
func NewLogReader(r io.Reader) *LogReader {
	return &LogReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next request. At the end of input it returns io.EOF; a
// malformed line gives a *LineError and reading may continue with the next
// call; any other error is the underlying reader's.
func (lr *LogReader) Next() (*LogLine, error) {
	for {
		raw, err := lr.readLine()
		if err != nil {
			return nil, err
		}
		lr.line++
		if raw == nil { // over-long line, already consumed
			return nil, &LineError{lr.line, fmt.Sprintf("longer than %d bytes", MaxLineBytes)}
		}
		s := strings.TrimRight(string(raw), "\r\n")
		if strings.TrimSpace(s) == "" {
			continue
		}
		l, reason := ParseLogLine(s)
		if reason != "" {
			return nil, &LineError{lr.line, reason}
		}
		l.Line, l.Raw = lr.line, s
		return l, nil
	}
}

// readLine returns one line including its newline, nil (no error) for a
// line longer than MaxLineBytes (which it skips), or io.EOF.
func (lr *LogReader) readLine() ([]byte, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.Bytes += int64(len(chunk))
		if !tooLong {
			if len(buf)+len(chunk) > MaxLineBytes+2 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == nil:
			if tooLong {
				return nil, nil
			}
			return buf, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if tooLong {
				return nil, nil
			}
			if len(buf) == 0 {
				return nil, io.EOF
			}
			return buf, nil
		default:
			return nil, err
		}
	}
}

// ParseLogLine parses one line (without its newline). On failure it returns
// a reason for people and a nil line.
func ParseLogLine(s string) (*LogLine, string) {
	l := &LogLine{}
	p := &lineParser{s: s}
	var ok bool
	if l.Host, ok = p.word(); !ok {
		return nil, "missing client address"
	}
	if _, ok = p.word(); !ok { // %l, identd
		return nil, "missing identity field after the client address"
	}
	if _, ok = p.word(); !ok { // %u, remote user (no spaces in practice)
		return nil, "missing user field"
	}
	ts, ok := p.bracketed()
	if !ok {
		return nil, "missing [time] field"
	}
	t, err := time.Parse("02/Jan/2006:15:04:05 -0700", ts)
	if err != nil {
		return nil, fmt.Sprintf("time %q is not like [10/Oct/2000:13:55:36 -0700]", ts)
	}
	l.Time = t.UTC()
	req, ok := p.quoted()
	if !ok {
		return nil, "missing quoted request line"
	}
	if parts := strings.Split(req, " "); len(parts) == 3 && parts[0] != "" && parts[1] != "" && strings.HasPrefix(parts[2], "HTTP/") {
		l.Method, l.Target, l.Proto = parts[0], parts[1], parts[2]
	}
	st, ok := p.word()
	if !ok {
		return nil, "missing status code"
	}
	if l.Status, err = strconv.Atoi(st); err != nil || l.Status < 100 || l.Status > 999 {
		return nil, fmt.Sprintf("status %q is not a 3-digit HTTP status", st)
	}
	size, ok := p.word()
	if !ok {
		return nil, "missing response size"
	}
	if size != "-" {
		if l.Bytes, err = strconv.ParseInt(size, 10, 64); err != nil || l.Bytes < 0 {
			return nil, fmt.Sprintf("response size %q is not a number or -", size)
		}
	}
	if p.done() {
		return l, "" // common log format
	}
	if l.Referrer, ok = p.quoted(); !ok {
		return nil, "after the size, expected a quoted referrer (combined format) or the end of the line (common format)"
	}
	if l.UserAgent, ok = p.quoted(); !ok {
		return nil, "missing or unterminated quoted user agent"
	}
	// Anything after the user agent (nginx's extra fields, Apache's %D …)
	// is allowed and ignored.
	if l.Referrer == "-" {
		l.Referrer = ""
	}
	if l.UserAgent == "-" {
		l.UserAgent = ""
	}
	l.Combined = true
	return l, ""
}

type lineParser struct {
	s string
	i int
}

func (p *lineParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *lineParser) done() bool {
	p.skipSpace()
	return p.i >= len(p.s)
}

func (p *lineParser) word() (string, bool) {
	p.skipSpace()
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != ' ' && p.s[p.i] != '\t' {
		p.i++
	}
	return p.s[start:p.i], p.i > start
}

func (p *lineParser) bracketed() (string, bool) {
	p.skipSpace()
	if p.i >= len(p.s) || p.s[p.i] != '[' {
		return "", false
	}
	end := strings.IndexByte(p.s[p.i:], ']')
	if end < 0 {
		return "", false
	}
	v := p.s[p.i+1 : p.i+end]
	p.i += end + 1
	return v, true
}

// quoted reads a double-quoted field, undoing \" \\ and \xHH escapes.
func (p *lineParser) quoted() (string, bool) {
	p.skipSpace()
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return "", false
	}
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			if p.i < len(p.s) && p.s[p.i] != ' ' && p.s[p.i] != '\t' {
				return "", false // a quote inside a field that was not escaped
			}
			return b.String(), true
		case c == '\\' && p.i+1 < len(p.s):
			n := p.s[p.i+1]
			if n == 'x' && p.i+3 < len(p.s) {
				if v, err := strconv.ParseUint(p.s[p.i+2:p.i+4], 16, 8); err == nil {
					b.WriteByte(byte(v))
					p.i += 4
					continue
				}
			}
			if n == '"' || n == '\\' {
				b.WriteByte(n)
				p.i += 2
				continue
			}
			b.WriteByte(c)
			p.i++
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", false // unterminated
}
