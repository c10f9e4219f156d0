package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestAnalyticsRetentionSettings(t *testing.T) {
	load := func(args []string, env map[string]string) (*Config, error) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := new(Config)
		c.Register(fs, Defaults())
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		return c, c.Load(fs, func(k string) string { return env[k] })
	}
	c, err := load(nil, nil)
	if err != nil || c.AnalyticsRawDays != 30 || c.AnalyticsRollupDays != 0 {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = load([]string{"--analytics-raw-days", "7"}, map[string]string{"MASTHEAD_ANALYTICS_ROLLUP_DAYS": "400"})
	if err != nil || c.AnalyticsRawDays != 7 || c.AnalyticsRollupDays != 400 {
		t.Fatalf("set: %+v %v", c, err)
	}
	c, err = load(nil, map[string]string{"MASTHEAD_GEOIP_DB": "/srv/geo/GeoLite2-Country.mmdb"})
	if err != nil || c.GeoIPDB != "/srv/geo/GeoLite2-Country.mmdb" {
		t.Fatalf("MASTHEAD_GEOIP_DB: %+v %v", c, err)
	}
	if c.AnalyticsVisitorPageviews != 30 || c.AnalyticsAddressPageviews != 600 {
		t.Errorf("pageview caps by default: %d, %d", c.AnalyticsVisitorPageviews, c.AnalyticsAddressPageviews)
	}
	c, err = load([]string{"--analytics-visitor-pageviews", "0"}, map[string]string{"MASTHEAD_ANALYTICS_ADDRESS_PAGEVIEWS": "50"})
	if err != nil || c.AnalyticsVisitorPageviews != 0 || c.AnalyticsAddressPageviews != 50 {
		t.Fatalf("pageview caps: %+v %v", c, err)
	}
	for _, args := range [][]string{{"--analytics-visitor-pageviews", "-1"}, {"--analytics-address-pageviews", "-5"},
		{"--analytics-raw-days", "1"}, {"--analytics-raw-days", "9999"},
		{"--analytics-rollup-days", "10"}, {"--analytics-rollup-days", "-1"}} {
		if _, err := load(args, nil); err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("%v: %v", args, err)
		}
	}
}
