package analytics

import (
	"context"
	"time"

	"masthead/internal/model"
)

// run is the batch writer: it drains the queue into batches written at
// BatchSize events or every FlushEvery, whichever comes first.
func (c *Collector) run() {
	defer close(c.done)
	tick := time.NewTicker(c.opts.FlushEvery)
	defer tick.Stop()
	batch := make([]queued, 0, c.opts.BatchSize)
	events := make([]model.Event, 0, c.opts.BatchSize)
	targets := map[string]int64{} // clicked path → article id, per run (bounded below)
	write := func() {
		if len(batch) > 0 {
			events = events[:0]
			for _, q := range batch {
				events = append(events, q.ev)
			}
			c.write(batch, events, targets)
			batch = batch[:0]
		}
		if len(targets) > 10000 {
			clear(targets)
		}
	}
	for {
		select {
		case q, ok := <-c.queue:
			if !ok {
				write()
				c.writeRejected()
				return
			}
			batch = append(batch, q)
			if len(batch) >= c.opts.BatchSize {
				write()
			}
		case <-tick.C:
			write()
			c.writeRejected()
		case reply := <-c.flushq:
		drain:
			for {
				select {
				case q, ok := <-c.queue:
					if !ok {
						break drain
					}
					batch = append(batch, q)
					if len(batch) >= c.opts.BatchSize {
						write()
					}
				default:
					break drain
				}
			}
			write()
			c.writeRejected()
			close(reply)
		}
	}
}

// write stores one batch, resolving recirculation targets first. A failed
// write is retried twice (after 100 ms and 1 s); then the batch is counted
// lost and logged, so a database outage cannot grow memory without bound.
func (c *Collector) write(batch []queued, events []model.Event, targets map[string]int64) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if c.opts.ArticleForPath != nil {
		for i, q := range batch {
			if q.target == "" {
				continue
			}
			id, ok := targets[q.target]
			if !ok {
				id, _ = c.opts.ArticleForPath(ctx, q.target)
				targets[q.target] = id
			}
			events[i].TargetID = id
		}
	}
	var err error
	for attempt, wait := range []time.Duration{0, 100 * time.Millisecond, time.Second} {
		if wait > 0 {
			time.Sleep(wait)
		}
		if err = c.store.InsertEvents(ctx, events); err == nil {
			c.stored.Add(int64(len(events)))
			return
		}
		c.log.Warn("analytics: write events", "events", len(events), "attempt", attempt+1, "err", err)
	}
	c.lost.Add(int64(len(events)))
	c.log.Error("analytics: events lost after retries", "events", len(events), "err", err)
}

// writeRejected adds the rejection counts gathered since the last call to
// today's row in the store.
func (c *Collector) writeRejected() {
	c.rejMu.Lock()
	if len(c.rejPending) == 0 {
		c.rejMu.Unlock()
		return
	}
	pending := make(map[string]int64, len(c.rejPending))
	for k, v := range c.rejPending {
		pending[string(k)] = v
	}
	clear(c.rejPending)
	c.rejMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.store.AddRejectedHits(ctx, Day(c.opts.Now()), pending); err != nil {
		c.log.Warn("analytics: write rejected-hit counts", "err", err)
	}
}
