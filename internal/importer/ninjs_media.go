package importer

import (
	"bytes"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
)

// ninjsAssoc is an association with its name (1.x map key or 2.x "name").
type ninjsAssoc struct {
	name string
	item ninjsItem
}

func (it *ninjsItem) associations() []ninjsAssoc {
	raw := bytes.TrimSpace(it.Associations)
	var out []ninjsAssoc
	switch {
	case len(raw) > 0 && raw[0] == '{':
		m := map[string]json.RawMessage{}
		if json.Unmarshal(raw, &m) != nil {
			return nil
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			var a ninjsItem
			if json.Unmarshal(m[k], &a) == nil {
				out = append(out, ninjsAssoc{name: k, item: a})
			}
		}
	case len(raw) > 0 && raw[0] == '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return nil
		}
		for _, r := range list {
			var a ninjsItem
			if json.Unmarshal(r, &a) == nil {
				out = append(out, ninjsAssoc{name: a.Name, item: a})
			}
		}
	}
	return out
}

// lead returns the lead picture and the association it came from.
func (it *ninjsItem) lead() (*MediaRef, *ninjsAssoc) {
	assocs := it.associations()
	var chosen *ninjsAssoc
	for i := range assocs {
		if n := strings.ToLower(assocs[i].name); n == "featuremedia" || n == "featureimage" {
			chosen = &assocs[i]
			break
		}
	}
	if chosen == nil {
		for i := range assocs {
			if t := strings.ToLower(assocs[i].item.Type); t == "picture" || t == "graphic" || t == "image" {
				chosen = &assocs[i]
				break
			}
		}
	}
	if chosen == nil {
		return nil, nil
	}
	a := &chosen.item
	rend := ninjsBestRendition(a.renditions())
	if rend == nil {
		return nil, chosen
	}
	m := &MediaRef{URL: rend.Href, Width: int(rend.Width), Height: int(rend.Height),
		MIME: strings.ToLower(ninjsFirst(rend.MimeType, rend.ContentType, a.MimeType))}
	if !strings.HasPrefix(m.MIME, "image/") {
		m.MIME = ""
	}
	m.Caption = a.dek()
	credit := feedText(ninjsFirst(a.By, a.Byline))
	if cl := feedText(a.CreditLine); cl != "" && !strings.Contains(credit, cl) {
		credit = strings.Trim(credit+"/"+cl, "/")
	}
	m.Credit = credit
	m.Alt = ninjsFirst(feedText(a.headline()), m.Caption)
	return m, chosen
}

func (it *ninjsItem) renditions() []ninjsRendition {
	raw := bytes.TrimSpace(it.Renditions)
	var out []ninjsRendition
	switch {
	case len(raw) > 0 && raw[0] == '{':
		m := map[string]ninjsRendition{}
		if json.Unmarshal(raw, &m) != nil {
			return nil
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r := m[k]
			r.Name = ninjsFirst(r.Name, k)
			out = append(out, r)
		}
	case len(raw) > 0 && raw[0] == '[':
		if json.Unmarshal(raw, &out) != nil {
			return nil
		}
	}
	return out
}

// ninjsMaxWidth is the widest rendition chosen when narrower ones exist:
// wide enough for a full-width lead photo on a high-density screen.
const ninjsMaxWidth = 2560

func ninjsBestRendition(list []ninjsRendition) *ninjsRendition {
	var cands []*ninjsRendition
	for i := range list {
		r := &list[i]
		u, err := url.Parse(strings.TrimSpace(r.Href))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		r.Href = u.String()
		if t := strings.ToLower(ninjsFirst(r.MimeType, r.ContentType)); t != "" && !strings.HasPrefix(t, "image/") {
			continue
		}
		cands = append(cands, r)
	}
	var best *ninjsRendition
	for _, r := range cands {
		if r.Width > 0 && r.Width <= ninjsMaxWidth && (best == nil || r.Width > best.Width) {
			best = r
		}
	}
	if best != nil {
		return best
	}
	for _, r := range cands {
		if r.Width > 0 && (best == nil || r.Width < best.Width) {
			best = r
		}
	}
	if best != nil {
		return best
	}
	for _, r := range cands {
		if n := strings.ToLower(r.Name); n == "original" || n == "baseimage" || n == "viewimage" {
			return r
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return nil
}
