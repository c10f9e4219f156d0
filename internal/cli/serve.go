package cli

import (
	"context"

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
	defer st.Close()
	srv, err := server.New(ctx, cfg, st, log)
	if err != nil {
		return err
	}
	return srv.Run(ctx, nil)
}
