// Package history is Masthead's analytics history: hourly rollups built
// from the raw events, reports by day/week/month in the site's time zone,
// server-side SVG charts, retention, and the replay of web server access
// logs into the same events and rollups.
//
// Times are UTC Unix seconds in storage; the site's time zone only decides
// where hours, days, weeks and months begin (see HourStart and Buckets).
package history
