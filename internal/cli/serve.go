package cli

import (
	"context"
	"time"

	"masthead/internal/server"
)

// runServe runs the web server until interrupted (SIGINT/SIGTERM).
func runServe(ctx context.Context, e *Env, args []string) error {
	cfg, rest, err := e.parse("serve", args, nil)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"serve takes no arguments, got " + rest[0]}
	}
	log := e.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		// Close waits for running queries; never let that hang an exit.
		done := make(chan struct{})
		go func() { st.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			log.Warn("database still busy at exit; closing anyway")
		}
	}()
	srv, err := server.New(ctx, cfg, st, log)
	if err != nil {
		return err
	}
	return srv.Run(ctx, nil)
}
