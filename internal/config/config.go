// Package config holds Masthead's runtime settings. Every setting is a
// command-line flag with an environment fallback named MASTHEAD_<FLAG> (upper
// case, dashes as underscores); secrets may also be read from the file named
// by MASTHEAD_<FLAG>_FILE. Precedence: flag, then env, then _FILE, then default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"masthead/internal/mail"
)

// Config is the whole of Masthead's settings. Construct it with Register and
// a flag.FlagSet, then Load after parsing.
type Config struct {
	// Addr is the host:port the HTTP server listens on.
	Addr string
	// DataDir holds the SQLite database and other local state.
	DataDir string
	// DatabaseURL selects PostgreSQL when it is a postgres:// URL; empty means
	// SQLite at DataDir/masthead.db.
	DatabaseURL string
	// BaseURL is the public origin plus optional path prefix, without a
	// trailing slash (e.g. "https://news.example.com"); used in feeds,
	// canonical links and sitemaps.
	BaseURL string
	// SiteName is the publication's name, shown in the masthead and rights line.
	SiteName string
	// TimeZone is the IANA zone used to show times to readers.
	TimeZone string
	// Location is TimeZone loaded; set by Load.
	Location *time.Location
	// Rights is the site default rights line; "{year}" and "{site}" are
	// replaced with the publication year and SiteName.
	Rights string
	// Demo writes the demo edition into an empty database on serve.
	Demo bool
	// LogFormat is "text" or "json".
	LogFormat string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header is
	// believed when finding a client's address (sign-in rate limits); empty
	// means the TCP peer address is always the client.
	TrustedProxies []netip.Prefix
	// SMTPURL is smtp://user:pass@host:587?from=news@example.com to send
	// mail (password reset links) through an SMTP server with STARTTLS;
	// empty means mail is written to DataDir/mail/*.eml and logged.
	SMTPURL string
	// NATSURL is nats://host:4222 to fan live updates (new comments,
	// analytics hits) out between several instances; empty keeps fan-out
	// inside this process (one instance).
	NATSURL string
	// WebhooksAllowPrivate lets webhooks and the Admin API's remote lead
	// images reach loopback, private and link-local addresses (a receiver
	// on the newsroom's own network); off, such targets are refused
	// (server-side request forgery).
	WebhooksAllowPrivate bool
	// AnalyticsRawDays keeps raw analytics events this many days (2–3650);
	// older ones are deleted once rolled up into the hourly reports.
	AnalyticsRawDays int
	// AnalyticsRollupDays keeps the hourly analytics rollups (the reports)
	// this many days; 0 keeps them forever. Not less than AnalyticsRawDays.
	AnalyticsRollupDays int
	// AnalyticsLiveWindow is how long a reader stays in the live view's
	// concurrents after their page's last beacon (default 45 s: three missed
	// 15 s heartbeats).
	AnalyticsLiveWindow time.Duration
	// GeoIPDB is the path of a MaxMind DB file (.mmdb, e.g. GeoLite2-Country)
	// that gives each analytics event its country; empty stores no country.
	// Masthead ships none (docs/ANALYTICS.md says where to get one). A
	// missing or unreadable file stops serve at start, naming the file.
	GeoIPDB string
	// AnalyticsVisitorPageviews and AnalyticsAddressPageviews cap the
	// pageviews stored per visitor (address and user agent) and per client
	// address in a clock minute; more are refused and counted as
	// "rate-limit" like bots. 0 turns a cap off. Defaults: 30 — a reader
	// going from story to story makes a few pageviews a minute, 30 leaves
	// room for a fast one — and 600 for an address, which offices and
	// mobile carriers share.
	AnalyticsVisitorPageviews int
	AnalyticsAddressPageviews int
	// CommentIdentityBurst comments in a row per commenter identity, then
	// one per CommentIdentityEvery (0 turns the limit off); likewise per
	// client IP (CommentIPBurst, CommentIPEvery). Defaults: 5 then one per
	// 20 s; 30 then one per 4 s (docs/COMMENTS.md, "Moderation").
	CommentIdentityBurst int
	CommentIdentityEvery time.Duration
	CommentIPBurst       int
	CommentIPEvery       time.Duration
	// CommentEditWindow is how long after posting a reader may edit or
	// delete their own comment (enforced on the server); 0 turns editing
	// off. At most 24 hours.
	CommentEditWindow time.Duration
}

// Defaults returns the settings used when nothing is given.
func Defaults() Config {
	return Config{
		Addr:      "127.0.0.1:8080",
		DataDir:   "./masthead-data",
		SiteName:  "The Masthead Gazette",
		TimeZone:  "UTC",
		Rights:    "© {year} {site}, All rights reserved. Do not reproduce without permission.",
		Demo:      true,
		LogFormat: "text",

		AnalyticsRawDays:          30,
		AnalyticsLiveWindow:       45 * time.Second,
		AnalyticsVisitorPageviews: 30,
		AnalyticsAddressPageviews: 600,

		CommentIdentityBurst: 5,
		CommentIdentityEvery: 20 * time.Second,
		CommentIPBurst:       30,
		CommentIPEvery:       4 * time.Second,
		CommentEditWindow:    10 * time.Minute,
	}
}

// Register defines every setting as a flag on fs, with defaults from d.
func (c *Config) Register(fs *flag.FlagSet, d Config) {
	fs.StringVar(&c.Addr, "addr", d.Addr, "listen address host:port (env MASTHEAD_ADDR)")
	fs.StringVar(&c.DataDir, "data", d.DataDir, "data folder for the SQLite database (env MASTHEAD_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", d.DatabaseURL, "postgres://… to use PostgreSQL; empty for SQLite (env MASTHEAD_DATABASE_URL or MASTHEAD_DATABASE_URL_FILE)")
	fs.StringVar(&c.BaseURL, "base-url", d.BaseURL, "public URL of the site, e.g. https://news.example.com (env MASTHEAD_BASE_URL; default http://ADDR)")
	fs.StringVar(&c.SiteName, "site-name", d.SiteName, "publication name (env MASTHEAD_SITE_NAME)")
	fs.StringVar(&c.TimeZone, "time-zone", d.TimeZone, "IANA time zone for dates shown to readers (env MASTHEAD_TIME_ZONE)")
	fs.StringVar(&c.Rights, "rights", d.Rights, "default rights line; {year} and {site} are replaced (env MASTHEAD_RIGHTS)")
	fs.BoolVar(&c.Demo, "demo", d.Demo, "write the demo edition into an empty database (env MASTHEAD_DEMO)")
	fs.StringVar(&c.LogFormat, "log-format", d.LogFormat, "log format: text or json (env MASTHEAD_LOG_FORMAT)")
	fs.StringVar(&c.SMTPURL, "smtp-url", d.SMTPURL, "smtp://user:pass@host:587?from=news@example.com to send mail with STARTTLS; empty writes DATA/mail/*.eml (env MASTHEAD_SMTP_URL or MASTHEAD_SMTP_URL_FILE)")
	fs.StringVar(&c.NATSURL, "nats-url", d.NATSURL, "nats://host:4222 to share live updates between instances; empty for one instance (env MASTHEAD_NATS_URL or MASTHEAD_NATS_URL_FILE)")
	fs.BoolVar(&c.WebhooksAllowPrivate, "webhooks-allow-private", d.WebhooksAllowPrivate, "let webhooks and remote lead images reach loopback and private-network addresses (env MASTHEAD_WEBHOOKS_ALLOW_PRIVATE)")
	fs.IntVar(&c.AnalyticsRawDays, "analytics-raw-days", d.AnalyticsRawDays, "days to keep raw analytics events, 2–3650 (env MASTHEAD_ANALYTICS_RAW_DAYS)")
	fs.IntVar(&c.AnalyticsRollupDays, "analytics-rollup-days", d.AnalyticsRollupDays, "days to keep hourly analytics reports; 0 keeps them forever (env MASTHEAD_ANALYTICS_ROLLUP_DAYS)")
	fs.DurationVar(&c.AnalyticsLiveWindow, "analytics-live-window", d.AnalyticsLiveWindow, "how long a reader counts as reading now after their page's last beacon, e.g. 45s (env MASTHEAD_ANALYTICS_LIVE_WINDOW)")
	fs.IntVar(&c.AnalyticsVisitorPageviews, "analytics-visitor-pageviews", d.AnalyticsVisitorPageviews, "pageviews stored per visitor per minute; more are refused as rate-limit; 0 for no cap (env MASTHEAD_ANALYTICS_VISITOR_PAGEVIEWS)")
	fs.IntVar(&c.AnalyticsAddressPageviews, "analytics-address-pageviews", d.AnalyticsAddressPageviews, "pageviews stored per client address per minute; 0 for no cap (env MASTHEAD_ANALYTICS_ADDRESS_PAGEVIEWS)")
	fs.StringVar(&c.GeoIPDB, "geoip-db", d.GeoIPDB, "MaxMind DB file (.mmdb, e.g. GeoLite2-Country) for the country of analytics events; empty: none (env MASTHEAD_GEOIP_DB)")
	fs.IntVar(&c.CommentIdentityBurst, "comment-identity-burst", d.CommentIdentityBurst, "comments one commenter may post in a row (env MASTHEAD_COMMENT_IDENTITY_BURST)")
	fs.DurationVar(&c.CommentIdentityEvery, "comment-identity-every", d.CommentIdentityEvery, "then one comment per this interval; 0 turns the per-commenter limit off (env MASTHEAD_COMMENT_IDENTITY_EVERY)")
	fs.IntVar(&c.CommentIPBurst, "comment-ip-burst", d.CommentIPBurst, "comments one client IP may post in a row (env MASTHEAD_COMMENT_IP_BURST)")
	fs.DurationVar(&c.CommentIPEvery, "comment-ip-every", d.CommentIPEvery, "then one comment per this interval; 0 turns the per-IP limit off (env MASTHEAD_COMMENT_IP_EVERY)")
	fs.DurationVar(&c.CommentEditWindow, "comment-edit-window", d.CommentEditWindow, "how long readers may edit or delete their own comment, e.g. 10m; 0 turns editing off (env MASTHEAD_COMMENT_EDIT_WINDOW)")
	c.TrustedProxies = d.TrustedProxies
	fs.Var((*proxyList)(&c.TrustedProxies), "trusted-proxies", "comma-separated CIDR prefixes of reverse proxies whose X-Forwarded-For is believed (env MASTHEAD_TRUSTED_PROXIES)")
}

// Load applies environment fallbacks for flags not set on the command line,
// then validates. Errors name the flag or variable at fault.
func (c *Config) Load(fs *flag.FlagSet, getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		env := "MASTHEAD_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		v, ok := getenv(env), false
		if v != "" {
			ok = true
		} else if file := getenv(env + "_FILE"); file != "" {
			b, err := os.ReadFile(file)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s_FILE: %w", env, err))
				return
			}
			v, ok = strings.TrimSpace(string(b)), true
		}
		if ok {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", env, v, err))
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return c.Validate()
}

// Validate checks every setting and fills derived ones (Location, BaseURL).
func (c *Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr %q: want host:port", c.Addr))
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "" || c.TimeZone == "Local" {
		errs = append(errs, fmt.Errorf("--time-zone %q: not an IANA time zone (e.g. Europe/Berlin)", c.TimeZone))
	} else {
		c.Location = loc
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("--base-url %q: want an absolute http(s) URL", c.BaseURL))
	}
	if d := c.DatabaseURL; d != "" && !strings.HasPrefix(d, "postgres://") && !strings.HasPrefix(d, "postgresql://") {
		errs = append(errs, errors.New("--database-url: want postgres://… (leave empty for SQLite)"))
	}
	if strings.TrimSpace(c.SiteName) == "" {
		errs = append(errs, errors.New("--site-name: must not be empty"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	if c.SMTPURL != "" {
		if _, err := mail.ParseSMTPURL(c.SMTPURL); err != nil {
			errs = append(errs, fmt.Errorf("--smtp-url: %w", err)) // never echoes the URL: it holds a password
		}
	}
	for _, l := range []struct {
		name  string
		burst int
		every time.Duration
	}{{"comment-identity", c.CommentIdentityBurst, c.CommentIdentityEvery}, {"comment-ip", c.CommentIPBurst, c.CommentIPEvery}} {
		if l.burst < 1 || l.burst > 100000 {
			errs = append(errs, fmt.Errorf("--%s-burst %d: want 1 to 100000", l.name, l.burst))
		}
		if l.every < 0 || l.every > 24*time.Hour {
			errs = append(errs, fmt.Errorf("--%s-every %v: want 0 (off) to 24h", l.name, l.every))
		}
	}
	if w := c.AnalyticsLiveWindow; w < 0 || (w > 0 && w < time.Second) || w > time.Hour {
		errs = append(errs, fmt.Errorf("--analytics-live-window %v: want between 1s and 1h", c.AnalyticsLiveWindow))
	}
	if n := c.NATSURL; n != "" {
		if u, err := url.Parse(n); err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
			errs = append(errs, errors.New("--nats-url: want nats://host:port or tls://host:port"))
		}
	}
	// Raw events are needed for at least the UTC day the rollup counts
	// visitors in, and rollups are built from raw events.
	if c.AnalyticsVisitorPageviews < 0 || c.AnalyticsAddressPageviews < 0 {
		errs = append(errs, fmt.Errorf("--analytics-visitor-pageviews %d, --analytics-address-pageviews %d: want 0 (no cap) or more",
			c.AnalyticsVisitorPageviews, c.AnalyticsAddressPageviews))
	}
	if c.AnalyticsRawDays < 2 || c.AnalyticsRawDays > 3650 {
		errs = append(errs, fmt.Errorf("--analytics-raw-days %d: keep raw events 2 to 3650 days", c.AnalyticsRawDays))
	} else if r := c.AnalyticsRollupDays; r != 0 && (r < c.AnalyticsRawDays || r > 36500) {
		errs = append(errs, fmt.Errorf("--analytics-rollup-days %d: 0 (forever) or from --analytics-raw-days (%d) to 36500", r, c.AnalyticsRawDays))
	}
	if c.CommentEditWindow < 0 || c.CommentEditWindow > 24*time.Hour {
		errs = append(errs, fmt.Errorf("--comment-edit-window %s: want between 0 and 24h", c.CommentEditWindow))
	}
	return errors.Join(errs...)
}

// RightsLine returns the site rights line for a publication year.
func (c *Config) RightsLine(year int) string {
	return strings.NewReplacer("{year}", fmt.Sprint(year), "{site}", c.SiteName).Replace(c.Rights)
}
