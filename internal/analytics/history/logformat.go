package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
)

// LogFormats names the access-log formats Replay reads, for messages.
const LogFormats = `the NCSA common or combined log format (Apache "%h %l %u %t \"%r\" %>s %b", nginx "combined")`

// ErrNotAccessLog is wrapped by Replay when the input is not an access log
// it can read: compressed, binary, or text in which no line is in one of
// LogFormats (an IIS W3C or a JSON log, say). Nothing is written then.
var ErrNotAccessLog = errors.New("not an access log")

// compressed lists the magic numbers of compressed files, by format name.
var compressed = []struct {
	name  string
	magic []byte
}{
	{"gzip", []byte{0x1f, 0x8b}},
	{"bzip2", []byte("BZh")},
	{"xz", []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}},
	{"zstd", []byte{0x28, 0xb5, 0x2f, 0xfd}},
	{"zip", []byte("PK\x03\x04")},
}

// sniffLog looks at the first bytes of br (without consuming them) and
// refuses compressed files (by magic number) and binary files (control
// bytes that text never holds, as in the WHATWG MIME sniffing rules'
// binary data bytes), wrapping ErrNotAccessLog.
func sniffLog(br *bufio.Reader) error {
	head, _ := br.Peek(512)
	for _, c := range compressed {
		if bytes.HasPrefix(head, c.magic) {
			return fmt.Errorf("%w: the file is compressed (%s): decompress it first; nothing was written", ErrNotAccessLog, c.name)
		}
	}
	for _, b := range head {
		if b <= 0x08 || b == 0x0b || 0x0e <= b && b <= 0x1a || 0x1c <= b && b <= 0x1f {
			return fmt.Errorf("%w: the file is binary (byte 0x%02x near the start), not a text log in %s; nothing was written", ErrNotAccessLog, b, LogFormats)
		}
	}
	return nil
}

// noRequests is Replay's error when lines were read but none was a request
// in LogFormats.
func noRequests(first *LineError) error {
	return fmt.Errorf("%w: no line is in %s (first: %v); nothing was written", ErrNotAccessLog, LogFormats, first)
}
