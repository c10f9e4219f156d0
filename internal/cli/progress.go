package cli

import (
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress returns a function reporting how far long work is: a progress
// bar on stderr when it is a terminal, otherwise an info log line at most
// every 2 seconds and at the end (done == total). unit names what is
// counted in the log ("items", "bytes"); bytes makes the bar show sizes.
func (e *Env) progress(log *slog.Logger, what, unit string, total int64, bytes bool) func(done int64) {
	if fd, ok := e.Stderr.(*os.File); ok && term.IsTerminal(int(fd.Fd())) {
		opts := []progressbar.Option{progressbar.OptionSetWriter(e.Stderr), progressbar.OptionSetDescription(what),
			progressbar.OptionClearOnFinish()}
		if bytes {
			opts = append(opts, progressbar.OptionShowBytes(true))
		} else {
			opts = append(opts, progressbar.OptionShowCount())
		}
		bar := progressbar.NewOptions64(total, opts...)
		return func(done int64) { bar.Set64(done) }
	}
	last := time.Now()
	return func(done int64) {
		if done == total || time.Since(last) >= 2*time.Second {
			last = time.Now()
			log.Info(what, unit, done, "total", total)
		}
	}
}
