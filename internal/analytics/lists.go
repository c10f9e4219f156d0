package analytics

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The host lists come from Matomo (see data/SOURCES.md for versions and
// licences): search engines, social networks and AI assistants from
// matomo-org/searchengine-and-social-list, referrer spammers from
// matomo-org/referrer-spam-list.
var (
	//go:embed data/matomo-SearchEngines.yml
	searchEnginesYAML []byte
	//go:embed data/matomo-Socials.yml
	socialsYAML []byte
	//go:embed data/matomo-AIAssistants.yml
	aiAssistantsYAML []byte
	//go:embed data/referrer-spammers.txt
	referrerSpamTXT []byte
)

// hostList maps host names to a name ("Google", "Facebook"). Entries may hold
// Matomo's "{}" wildcard: "google.{}" matches any top-level domain
// (google.de, google.co.uk) and "{}.ask.com" any single subdomain.
type hostList struct {
	exact map[string]string // "google.com" → "Google"
	tld   map[string]string // "google" (from "google.{}") → "Google"
	sub   map[string]string // "ask.com" (from "{}.ask.com") → "Ask"
}

func newHostList() *hostList {
	return &hostList{exact: map[string]string{}, tld: map[string]string{}, sub: map[string]string{}}
}

func (l *hostList) add(host, name string) {
	host = normalizeHost(host)
	switch {
	case host == "":
	case strings.HasSuffix(host, ".{}"):
		l.setOnce(l.tld, strings.TrimSuffix(host, ".{}"), name)
	case strings.HasPrefix(host, "{}."):
		l.setOnce(l.sub, strings.TrimPrefix(host, "{}."), name)
	case !strings.Contains(host, "{}"):
		l.setOnce(l.exact, host, name)
	}
}

// setOnce keeps the first name listed for a host, as Matomo does.
func (l *hostList) setOnce(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// match returns the name listed for host, trying the host itself, then each
// parent domain down to two labels ("m.facebook.com" → "facebook.com"); at
// each step an exact entry wins over "name.{}" and "{}.domain" wildcards.
func (l *hostList) match(host string) (string, bool) {
	host = normalizeHost(host)
	for h := host; strings.Contains(h, "."); {
		if n, ok := l.exact[h]; ok {
			return n, true
		}
		labels := strings.Split(h, ".")
		// "google.co.uk": try "google.co" and "google" as the part before the TLD.
		for k := len(labels) - 1; k >= 1 && k >= len(labels)-2; k-- {
			if n, ok := l.tld[strings.Join(labels[:k], ".")]; ok {
				return n, true
			}
		}
		rest := strings.Join(labels[1:], ".")
		if n, ok := l.sub[rest]; ok {
			return n, true
		}
		if !strings.Contains(rest, ".") {
			break
		}
		h = rest
	}
	return "", false
}

// normalizeHost lower-cases host and drops a leading "www." and a trailing dot.
func normalizeHost(host string) string {
	host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	return strings.TrimPrefix(host, "www.")
}

// parseSearchEngines reads Matomo's SearchEngines.yml: a map of engine name
// to a list of definitions, each with the hosts under "urls".
func parseSearchEngines(data []byte) (*hostList, error) {
	var doc map[string][]struct {
		URLs []string `yaml:"urls"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("analytics: search engine list: %w", err)
	}
	l := newHostList()
	for _, name := range sortedKeys(doc) {
		for _, def := range doc[name] {
			for _, u := range def.URLs {
				l.add(u, name)
			}
		}
	}
	return l, nil
}

// parseNamedHosts reads Matomo's Socials.yml or AIAssistants.yml: a map of
// name to a list of hosts.
func parseNamedHosts(data []byte, what string) (*hostList, error) {
	var doc map[string][]string
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("analytics: %s list: %w", what, err)
	}
	l := newHostList()
	for _, name := range sortedKeys(doc) {
		for _, h := range doc[name] {
			l.add(h, name)
		}
	}
	return l, nil
}

// parseSpamList reads referrer-spammers.txt: one host per line; blank lines
// and lines starting with # are skipped. A listed host also matches its
// subdomains.
func parseSpamList(data []byte) map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m[strings.ToLower(line)] = true
	}
	return m
}

// isSpamHost reports whether host or one of its parent domains is listed.
func isSpamHost(spam map[string]bool, host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for h := host; h != ""; {
		if spam[h] {
			return true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
		if !strings.Contains(h, ".") {
			break
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Sorted so that a host listed under two names always gets the same one.
	slices.Sort(keys)
	return keys
}
