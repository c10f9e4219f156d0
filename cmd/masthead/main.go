// Command masthead runs a newspaper's web platform: the reader site, the
// newsroom tools, comments and real-time analytics, from one binary.
// See README.md for usage and `masthead help` for the subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"masthead/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
