// Package analytics is Masthead's readership analytics: enrichment of raw
// hits (bot rejection, user agent, referrer source class, visitor and session
// ids), the collector and its batch writer, and the in-memory live state the
// newsroom dashboard shows.
//
// Enrichment functions are pure apart from the caches of Enricher and the
// clocks that are always injected, so every rule is tested on fixed inputs.
package analytics

import (
	"fmt"
	"sync"

	"github.com/medama-io/go-useragent"
	"github.com/x-way/crawlerdetect"

	"masthead/internal/model"
)

// Enricher holds the parsed lists and parsers used to enrich hits. It is
// safe for concurrent use; build one with NewEnricher and share it.
type Enricher struct {
	search, social, ai *hostList
	spam               map[string]bool
	names              map[string]namedSource // lower-cased list name → source, for utm_source
	ua                 *useragent.Parser
	crawlers           *crawlerdetect.CrawlerDetect

	mu      sync.Mutex
	uaCache map[string]UAInfo // bounded: cleared when it reaches uaCacheMax
}

type namedSource struct {
	class model.SourceClass
	name  string
}

// uaCacheMax bounds the user-agent cache (a few MB at most): crawler
// detection runs a large regular expression, and the same few thousand user
// agents make almost all hits.
const uaCacheMax = 20000

// NewEnricher parses the embedded Matomo lists (see data/SOURCES.md) and
// builds the user-agent parsers. It fails only if an embedded list is
// malformed, which the tests rule out.
func NewEnricher() (*Enricher, error) {
	e := &Enricher{ua: useragent.NewParser(), crawlers: crawlerdetect.New(), uaCache: map[string]UAInfo{}, names: map[string]namedSource{}}
	var err error
	if e.search, err = parseSearchEngines(searchEnginesYAML); err != nil {
		return nil, err
	}
	if e.social, err = parseNamedHosts(socialsYAML, "social network"); err != nil {
		return nil, err
	}
	if e.ai, err = parseNamedHosts(aiAssistantsYAML, "AI assistant"); err != nil {
		return nil, err
	}
	e.spam = parseSpamList(referrerSpamTXT)
	if len(e.search.exact) == 0 || len(e.social.exact) == 0 || len(e.ai.exact) == 0 || len(e.spam) == 0 {
		return nil, fmt.Errorf("analytics: an embedded host list is empty")
	}
	// Names for matching utm_source=facebook and the like; later lists win.
	for _, c := range []struct {
		class model.SourceClass
		l     *hostList
	}{{model.SourceSearch, e.search}, {model.SourceSocial, e.social}, {model.SourceAI, e.ai}} {
		class, l := c.class, c.l
		for _, m := range []map[string]string{l.exact, l.tld, l.sub} {
			for _, name := range m {
				e.names[lower(name)] = namedSource{class, name}
			}
		}
	}
	return e, nil
}
