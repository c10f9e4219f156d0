package realtime

import "context"

type shutdownKey struct{}

// WithShutdown returns ctx carrying done, a channel the server closes when
// it begins to shut down. Servers put it in every request's context (e.g.
// through http.Server.BaseContext) so ServeSSE can end open streams at
// once: http.Server.Shutdown waits for active requests, and a live stream
// would otherwise hold it until its deadline.
func WithShutdown(ctx context.Context, done <-chan struct{}) context.Context {
	return context.WithValue(ctx, shutdownKey{}, done)
}

// shutdownOf returns the channel set by WithShutdown, or nil (a nil channel
// never fires in a select).
func shutdownOf(ctx context.Context) <-chan struct{} {
	done, _ := ctx.Value(shutdownKey{}).(<-chan struct{})
	return done
}
