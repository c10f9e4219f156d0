package analytics

import (
	"net/url"
	"strings"

	"masthead/internal/model"
)

// Source is where a visit came from.
type Source struct {
	Class model.SourceClass
	// Name is the engine, network, assistant or mail service ("Google",
	// "Facebook", "ChatGPT", "Gmail"), the utm_source of a campaign, or the
	// referrer host for class other; empty for direct and internal.
	Name string
	// Host is the referrer's host name alone (no path or query), lower case;
	// empty when there was no usable referrer.
	Host string
}

// UTM holds a page URL's campaign parameters.
type UTM struct {
	Source, Medium, Campaign string
}

// newsletterMedia are utm_medium values meaning a mailing (Google's
// documented "email" and the common variants).
var newsletterMedia = map[string]bool{"email": true, "e-mail": true, "mail": true, "newsletter": true}

// socialMedia and searchMedia are utm_medium values used by paid and organic
// social and search campaigns.
var (
	socialMedia = map[string]bool{"social": true, "social-media": true, "social_media": true, "socialmedia": true, "sm": true, "social-network": true}
	searchMedia = map[string]bool{"cpc": true, "ppc": true, "paidsearch": true, "paid-search": true, "organic": true, "search": true}
)

// mailHosts are webmail services: a click in a newsletter read there arrives
// with their host as referrer. Hosts starting with "webmail." count too.
var mailHosts = map[string]string{
	"mail.google.com":       "Gmail",
	"outlook.live.com":      "Outlook",
	"outlook.office.com":    "Outlook",
	"outlook.office365.com": "Outlook",
	"mail.yahoo.com":        "Yahoo Mail",
	"mail.aol.com":          "AOL Mail",
	"mail.proton.me":        "Proton Mail",
	"mail.protonmail.com":   "Proton Mail",
	"app.fastmail.com":      "Fastmail",
	"mail.yandex.ru":        "Yandex Mail",
	"mail.yandex.com":       "Yandex Mail",
	"e.mail.ru":             "Mail.ru",
	"mail.zoho.com":         "Zoho Mail",
	"mail.gmx.net":          "GMX",
	"navigator.web.de":      "WEB.DE",
	"icloud.com":            "iCloud Mail",
}

// androidApps maps the package names Android sends as referrer
// ("android-app://com.google.android.gm/") to a source.
var androidApps = map[string]Source{
	"com.google.android.gm":                   {model.SourceNewsletter, "Gmail", ""},
	"com.google.android.googlequicksearchbox": {model.SourceSearch, "Google", ""},
	"com.google.android.apps.searchlite":      {model.SourceSearch, "Google", ""},
	"com.twitter.android":                     {model.SourceSocial, "Twitter", ""},
	"com.facebook.katana":                     {model.SourceSocial, "Facebook", ""},
	"com.linkedin.android":                    {model.SourceSocial, "LinkedIn", ""},
	"com.reddit.frontpage":                    {model.SourceSocial, "reddit", ""},
	"com.openai.chatgpt":                      {model.SourceAI, "ChatGPT", ""},
}

// Source classifies a pageview from its referrer (the full URL as the
// browser reported it), the host of the site itself (for internal traffic)
// and the page URL's UTM parameters. Rules, in order:
//
//  1. utm_medium email/e-mail/mail/newsletter → newsletter (named by utm_source);
//  2. referrer on the site's own host → internal;
//  3. no referrer: utm_source naming a listed network, engine or assistant
//     ("facebook", "Google") → that class; utm_medium social or cpc/organic
//     → social or search; any other utm_source → other; nothing → direct;
//  4. a webmail host → newsletter;
//  5. Matomo's AI-assistant, then social, then search-engine lists → ai,
//     social, search with the listed name;
//  6. anything else → other, named by its host.
//
// Referrer-spam hosts are rejected before this (see Enricher.Reject).
func (e *Enricher) Source(referrer, siteHost string, utm UTM) Source {
	medium := lower(utm.Medium)
	host, app := referrerHost(referrer)
	if newsletterMedia[medium] {
		name := utm.Source
		if name == "" {
			name = mailHosts[host]
		}
		return Source{model.SourceNewsletter, name, host}
	}
	if app != "" {
		if s, ok := androidApps[app]; ok {
			return s
		}
		return Source{model.SourceOther, app, ""}
	}
	if host != "" && normalizeHost(host) == normalizeHost(stripPort(siteHost)) {
		return Source{Class: model.SourceInternal, Host: host}
	}
	if host == "" {
		return e.campaignSource(utm, medium)
	}
	if name, ok := mailHosts[host]; ok || strings.HasPrefix(host, "webmail.") {
		if name == "" {
			name = host
		}
		return Source{model.SourceNewsletter, name, host}
	}
	if name, ok := e.ai.match(host); ok {
		return Source{model.SourceAI, name, host}
	}
	if name, ok := e.social.match(host); ok {
		return Source{model.SourceSocial, name, host}
	}
	if name, ok := e.search.match(host); ok {
		return Source{model.SourceSearch, name, host}
	}
	return Source{model.SourceOther, host, host}
}

// campaignSource classifies a visit without a referrer.
func (e *Enricher) campaignSource(utm UTM, medium string) Source {
	src := strings.TrimSpace(utm.Source)
	if src == "" {
		if medium == "" {
			return Source{Class: model.SourceDirect}
		}
		return Source{Class: model.SourceOther, Name: utm.Medium}
	}
	if n, ok := e.names[lower(src)]; ok {
		return Source{Class: n.class, Name: n.name}
	}
	for _, l := range []struct {
		c model.SourceClass
		l *hostList
	}{{model.SourceAI, e.ai}, {model.SourceSocial, e.social}, {model.SourceSearch, e.search}} {
		if name, ok := l.l.match(src); ok && strings.Contains(src, ".") {
			return Source{Class: l.c, Name: name}
		}
	}
	switch {
	case socialMedia[medium]:
		return Source{Class: model.SourceSocial, Name: src}
	case searchMedia[medium]:
		return Source{Class: model.SourceSearch, Name: src}
	}
	return Source{Class: model.SourceOther, Name: src}
}

// referrerHost returns the lower-case host of an http(s) referrer without
// port, or the package name of an android-app:// referrer as app. Anything
// else (empty, unparsable, other schemes) gives neither.
func referrerHost(ref string) (host, app string) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return "", ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", ""
	}
	switch lower(u.Scheme) {
	case "http", "https":
		return strings.TrimSuffix(lower(u.Hostname()), "."), ""
	case "android-app":
		return "", lower(u.Host)
	}
	return "", ""
}

// ReferrerHost returns the lower-case host name of an http(s) referrer URL,
// or "" when it has none.
func ReferrerHost(ref string) string {
	h, _ := referrerHost(ref)
	return h
}

func stripPort(host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		return host[:i]
	}
	return host
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
