package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
)

// ParseNinjs reads IPTC ninjs wire items (ninjs 1.x and 2.x, as sent by
// agencies such as TT and by Superdesk) into a Batch. The input is one item
// object, a JSON array of items, several items one after another (NDJSON),
// or an object whose "items" array holds them. It is streamed with a
// json.Decoder: one item is in memory at a time besides the Batch.
//
// Source is "ninjs:" + the provider of the first item (Superdesk "source",
// else the first of "infosources", else "copyrightholder"), or "ninjs".
// Items whose "type" is neither "text" nor empty (picture, video, composite,
// planning …) are skipped with reason "type X". Mapping per item:
//
//   - SourceID: "uri" (ninjs 1.0+), else "guid" (Superdesk); items with
//     neither are skipped ("no uri").
//   - Headline: "headline" (1.x) or the "main" (else first) of "headlines"
//     (2.x), else "slugline". Dek: "description_text", "descriptions" or
//     "description_html" as plain text, unless it merely repeats the start
//     of the body.
//   - Body: an HTML body ("bodies" role html5, then richhtml5, then any
//     text/html; "body_html", "body_xhtml"), else a plain-text body split into
//     paragraphs. Full HTML documents are reduced to their <body>; a leading
//     <h1> repeating the headline and a <figure> showing the lead picture are
//     dropped; TT's <div class="dat"> becomes the Kicker (its vignette).
//   - Authors: "authors" with roles (author/writer → plain byline,
//     editor → "editing", photographer → "photos", others kept); plain
//     authors come first. Without "authors", the "by"/"byline" text is split
//     on " and " and an affiliation after a comma dropped.
//   - Dateline: "located". Published: "firstpublished", else "firstcreated",
//     else "versioncreated"; Updated: "versioncreated" when later; Embargo:
//     "embargoed". All UTC; zone-less times are read in loc.
//   - Status: pubstatus usable (or absent) → published; withheld or
//     canceled → unpublished (so a kill takes down an earlier import).
//   - Section: the first Superdesk "service"; Tags: names of "subject" /
//     "subjects" and "keywords". Genre is not mapped.
//   - Lead: association "featuremedia" (else the first picture/graphic
//     association). Rendition: the widest image no wider than 2560 px
//     (else the narrowest; else "original"/"baseImage"/the first). Caption:
//     its description; Credit: its "by"/"byline" plus "creditline"; Alt: its
//     headline, else the caption. Credit and caption stay separate.
//   - Rights: "copyrightnotice", else "© " + "copyrightholder"; "usageterms"
//     appended.
//
// Errors: empty input, input that is not a JSON object or array, and
// malformed JSON or a value of the wrong type (e.g. a number for
// "headline") give an error naming name and the line and column at fault.
func ParseNinjs(r io.Reader, name string, loc *time.Location) (*Batch, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	first := ninjsPeek(br)
	switch first {
	case 0:
		return nil, fmt.Errorf("ninjs %s: empty file", name)
	case '{', '[':
	default:
		return nil, fmt.Errorf("ninjs %s: line 1: not ninjs JSON (starts with %q, want an object or an array of objects)", name, first)
	}
	tr := &ninjsTrack{r: br}
	dec := json.NewDecoder(tr)
	b := &Batch{}
	np := &ninjsParser{b: b, loc: loc, seen: map[string]bool{}}
	decodeOne := func() error {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return tr.explain(err, start, start)
		}
		end := dec.InputOffset()
		var it ninjsItem
		if err := json.Unmarshal(raw, &it); err != nil {
			return tr.explain(err, end-int64(len(raw)), end-int64(len(raw)))
		}
		if err := np.add(&it); err != nil {
			return err
		}
		tr.drop(end)
		return nil
	}
	fail := func(err error) (*Batch, error) { return nil, fmt.Errorf("ninjs %s: %w", name, err) }
	if first == '[' {
		if _, err := dec.Token(); err != nil {
			return fail(tr.explain(err, 0, 0))
		}
		for dec.More() {
			if err := decodeOne(); err != nil {
				return fail(err)
			}
		}
		if _, err := dec.Token(); err != nil {
			return fail(tr.explain(err, dec.InputOffset(), dec.InputOffset()))
		}
	} else {
		for {
			if err := decodeOne(); err != nil {
				return fail(err)
			}
			if !dec.More() {
				break
			}
		}
	}
	if tok, err := dec.Token(); err != io.EOF {
		line, col := tr.pos(dec.InputOffset())
		if err != nil {
			return fail(tr.explain(err, dec.InputOffset(), dec.InputOffset()))
		}
		return fail(fmt.Errorf("line %d, column %d: unexpected %v after the last item", line, col, tok))
	}
	if np.count == 0 {
		return nil, fmt.Errorf("ninjs %s: no ninjs items found", name)
	}
	b.Source = "ninjs"
	if np.provider != "" {
		b.Source = "ninjs:" + np.provider
	}
	return b, nil
}

type ninjsParser struct {
	b        *Batch
	loc      *time.Location
	seen     map[string]bool
	provider string
	count    int
}

// add converts one decoded item (or, for a wrapper object, its "items").
func (np *ninjsParser) add(it *ninjsItem) error {
	if it.URI == "" && it.GUID == "" && len(it.Items) > 0 {
		for i, raw := range it.Items {
			var sub ninjsItem
			if err := json.Unmarshal(raw, &sub); err != nil {
				return fmt.Errorf("items[%d]: %w", i, err)
			}
			if err := np.add(&sub); err != nil {
				return err
			}
		}
		return nil
	}
	np.count++
	id := strings.TrimSpace(ninjsFirst(it.URI, it.GUID))
	typ := strings.ToLower(strings.TrimSpace(it.Type))
	switch {
	case id == "":
		np.b.Skipped = append(np.b.Skipped, Skip{ID: ninjsFirst(it.headline(), it.Slugline, "(no id)"), Reason: "no uri"})
		return nil
	case typ != "" && typ != "text":
		np.b.Skipped = append(np.b.Skipped, Skip{ID: id, Reason: "type " + typ})
		return nil
	case np.seen[id]:
		np.b.Skipped = append(np.b.Skipped, Skip{ID: id, Reason: "duplicate id"})
		return nil
	}
	np.seen[id] = true
	if np.provider == "" {
		np.provider = it.provider()
	}
	item, err := np.item(it, id)
	if err != nil {
		return err
	}
	np.b.Items = append(np.b.Items, item)
	return nil
}

func (np *ninjsParser) item(it *ninjsItem, id string) (Item, error) {
	item := Item{
		SourceID: id,
		Kind:     model.KindArticle,
		Status:   model.StatusPublished,
		Headline: feedText(ninjsFirst(it.headline(), it.Slugline)),
		Dateline: strings.TrimSpace(it.Located),
	}
	switch strings.ToLower(strings.TrimSpace(it.PubStatus)) {
	case "withheld", "canceled", "cancelled":
		item.Status = model.StatusUnpublished
	}
	var ok bool
	times := []struct {
		dst  *time.Time
		raws []string
	}{
		{&item.Published, []string{it.FirstPublished, it.FirstCreated, it.VersionCreated}},
		{&item.Updated, []string{it.VersionCreated}},
		{&item.Embargo, []string{it.Embargoed}},
	}
	for _, x := range times {
		for _, raw := range x.raws {
			if strings.TrimSpace(raw) == "" {
				continue
			}
			if *x.dst, ok = looseTimeIn(raw, np.loc); !ok {
				return Item{}, fmt.Errorf("item %s: unreadable date %q", id, raw)
			}
			break
		}
	}
	if !item.Updated.After(item.Published) {
		item.Updated = time.Time{}
	}
	lead, leadAssoc := it.lead()
	item.Lead = lead
	item.BodyHTML, item.Kicker = ninjsBody(it, item.Headline, leadAssoc)
	if dek := it.dek(); dek != "" && !feedDekRedundant(dek, markup.PlainText(item.BodyHTML)) {
		item.Dek = markup.Excerpt(dek, 400)
	}
	item.Authors = it.authors()
	for _, s := range it.Service {
		if s.Name != "" {
			item.Section = &Ref{Name: s.Name}
			break
		}
	}
	seen := map[string]bool{}
	addTag := func(n string) {
		n = feedText(n)
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			item.Tags = append(item.Tags, Ref{Name: n})
		}
	}
	for _, s := range append(append([]ninjsConcept{}, it.Subject...), it.Subjects...) {
		addTag(s.Name)
	}
	for _, k := range it.Keywords {
		addTag(k)
	}
	item.Rights = it.rights()
	return item, nil
}

func (it *ninjsItem) headline() string {
	if h := strings.TrimSpace(it.Headline); h != "" {
		return h
	}
	return ninjsPick(it.Headlines, "main", "")
}

func (it *ninjsItem) dek() string {
	if d := strings.TrimSpace(it.DescriptionText); d != "" {
		return feedText(d)
	}
	if d := ninjsPick(it.Descriptions, "summary", "abstract", "lead", "", "text", "caption"); d != "" {
		return feedText(d)
	}
	return feedText(it.DescriptionHTML)
}

func (it *ninjsItem) provider() string {
	if s := strings.TrimSpace(string(it.Source)); s != "" {
		return s
	}
	for _, s := range it.Infosources {
		if s.Name != "" {
			return strings.TrimSpace(s.Name)
		}
	}
	return strings.TrimSpace(it.CopyrightHolder)
}

func (it *ninjsItem) rights() string {
	r := strings.TrimSpace(it.CopyrightNotice)
	if r == "" && strings.TrimSpace(it.CopyrightHolder) != "" {
		r = "© " + strings.TrimSpace(it.CopyrightHolder)
	}
	if u := strings.TrimSpace(it.UsageTerms); u != "" {
		if r != "" && !strings.HasSuffix(r, ".") {
			r += "."
		}
		r = strings.TrimSpace(r + " " + u)
	}
	return r
}

// authors returns the byline; see ParseNinjs.
func (it *ninjsItem) authors() []AuthorRef {
	var out []AuthorRef
	for _, a := range it.Authors {
		name := feedText(a.Name)
		if name == "" {
			continue
		}
		out = append(out, AuthorRef{Name: name, Role: ninjsRole(a.Role), Bio: feedText(ninjsFirst(string(a.Biography), string(a.JobTitle)))})
	}
	if len(out) == 0 {
		for _, part := range feedAndRE.Split(feedByRE.ReplaceAllString(strings.TrimSpace(ninjsFirst(it.By, it.Byline)), ""), -1) {
			if i := strings.IndexByte(part, ','); i >= 0 {
				part = part[:i]
			}
			if part = feedText(part); part != "" {
				out = append(out, AuthorRef{Name: part})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Role == "" && out[j].Role != "" })
	return out
}

func ninjsRole(r string) string {
	switch r = strings.ToLower(strings.TrimSpace(r)); r {
	case "", "author", "writer", "byline", "creator":
		return ""
	case "editor":
		return "editing"
	case "photographer", "photo", "photos":
		return "photos"
	}
	return r
}

// ninjsPick returns the value of the first text whose role matches the
// earliest of roles ("" matches a text without a role), else the first
// non-empty value.
func ninjsPick(list []ninjsText, roles ...string) string {
	for _, role := range roles {
		for _, t := range list {
			if strings.EqualFold(strings.TrimSpace(t.Role), role) && strings.TrimSpace(t.Value) != "" {
				return strings.TrimSpace(t.Value)
			}
		}
	}
	for _, t := range list {
		if v := strings.TrimSpace(t.Value); v != "" {
			return v
		}
	}
	return ""
}

func ninjsFirst(s ...string) string { return feedFirst(s...) }
