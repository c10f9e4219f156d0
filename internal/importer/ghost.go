package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
)

// ghostURLToken is what Ghost 4+ writes in exports in place of the site's
// own address ("__GHOST_URL__/content/images/…").
const ghostURLToken = "__GHOST_URL__"

// ParseGhost reads a Ghost JSON export (Ghost 1–5, "Export your content" in
// Ghost Admin → Labs/Settings) into a Batch. The file is
// {"db":[{"meta":{…},"data":{"posts":[…],"tags":[…],"posts_tags":[…],
// "users":[…],"posts_authors":[…],"posts_meta":[…],"settings":[…]}}]}; the
// bare {"meta":…,"data":…} form is accepted too.
//
// Source is "ghost:" + the site URL when the export names one (meta "url" or
// "site_url", or a "url" setting), else "ghost" (post ids are ObjectIds,
// unique across sites). Mapping per post:
//
//   - SourceID: id; Slug: slug; Headline: title; Dek: custom_excerpt.
//   - Kind: type "page" (Ghost 2+) or "page": true (Ghost 1) → page.
//   - Status: published, draft, scheduled kept; "sent" (email-only) →
//     private; anything else → draft. Members-only visibility is counted in
//     a Note (Masthead has no paywall).
//   - Published: published_at; Updated: updated_at when later; both UTC
//     (ISO 8601 strings, or milliseconds since 1970 in Ghost 0.x/1.x).
//   - Body: html; else lexical (Ghost 5) or mobiledoc (Ghost 1–4) rendered
//     to HTML (a mobiledoc holding a single Markdown card becomes a Markdown
//     body); else plaintext. A post whose lexical/mobiledoc cannot be read
//     is skipped ("unreadable lexical" / "unreadable mobiledoc").
//   - Section: the primary (first by sort_order) public tag; Tags: the
//     other public tags. Internal tags ("#…", visibility internal) are
//     ignored.
//   - Authors: posts_authors by sort_order (Ghost 1.22+), else author_id;
//     name, slug, e-mail and bio from users.
//   - Lead: feature_image with feature_image_alt and feature_image_caption
//     (from posts_meta in Ghost 4+, from posts in Ghost 3). A caption that is
//     a credit line ("Photo by …", "Photo: …") becomes the Credit instead.
//   - CanonicalURL: canonical_url.
//
// __GHOST_URL__ in bodies and images is replaced by the site URL when known;
// otherwise links become site-relative and feature images, which must be
// absolute, are left out (a Note counts them).
//
// Errors: empty input, JSON that is not a Ghost export, and malformed JSON
// or values of the wrong type give an error naming name and line:column.
func ParseGhost(r io.Reader, name string, loc *time.Location) (*Batch, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	switch c := ninjsPeek(br); c {
	case 0:
		return nil, fmt.Errorf("ghost %s: empty file", name)
	case '{':
	default:
		return nil, fmt.Errorf("ghost %s: line 1: not a Ghost export (starts with %q, want a JSON object)", name, c)
	}
	tr := &ninjsTrack{r: br}
	dec := json.NewDecoder(tr)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("ghost %s: %w", name, tr.explain(err, 0, 0))
	}
	start := dec.InputOffset() - int64(len(raw))
	var ex ghostExport
	if err := json.Unmarshal(raw, &ex); err != nil {
		return nil, fmt.Errorf("ghost %s: %w", name, tr.explain(err, start, start))
	}
	if dec.More() {
		line, col := tr.pos(dec.InputOffset())
		return nil, fmt.Errorf("ghost %s: line %d, column %d: unexpected data after the export object", name, line, col)
	}
	var dbs []ghostDB
	dbs = append(dbs, ex.DB...)
	if ex.Data != nil {
		dbs = append(dbs, ghostDB{Meta: ex.Meta, Data: *ex.Data})
	}
	if len(dbs) == 0 {
		return nil, fmt.Errorf("ghost %s: no \"db\" or \"data\" in the file; is it a Ghost export?", name)
	}
	b := &Batch{Source: "ghost"}
	gp := &ghostParser{b: b, loc: loc, seen: map[string]bool{}}
	for _, db := range dbs {
		if db.Data.Posts == nil && db.Data.Users == nil && db.Data.Tags == nil {
			return nil, fmt.Errorf("ghost %s: the export has no posts, users or tags table", name)
		}
		site := ghostSiteURL(db)
		if site != "" && b.Source == "ghost" {
			b.Source = "ghost:" + site
		}
		gp.site = site
		if err := gp.db(&db.Data); err != nil {
			return nil, fmt.Errorf("ghost %s: %w", name, err)
		}
	}
	if gp.members > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("%d posts were for members or paid members only in Ghost; Masthead publishes them openly", gp.members))
	}
	if gp.relImages > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("%d feature images point at the old Ghost site (%s) whose address the export does not name; they were left out", gp.relImages, ghostURLToken))
	}
	return b, nil
}

type ghostExport struct {
	DB   []ghostDB  `json:"db"`
	Meta ghostMeta  `json:"meta"`
	Data *ghostData `json:"data"`
}

type ghostDB struct {
	Meta ghostMeta `json:"meta"`
	Data ghostData `json:"data"`
}

type ghostMeta struct {
	Version string     `json:"version"`
	URL     ninjsLoose `json:"url"`
	SiteURL ninjsLoose `json:"site_url"`
}

type ghostData struct {
	Posts        []ghostPost     `json:"posts"`
	Tags         []ghostTag      `json:"tags"`
	PostsTags    []ghostLink     `json:"posts_tags"`
	Users        []ghostUser     `json:"users"`
	PostsAuthors []ghostLink     `json:"posts_authors"`
	PostsMeta    []ghostPostMeta `json:"posts_meta"`
	Settings     []struct {
		Key   string     `json:"key"`
		Value ninjsLoose `json:"value"`
	} `json:"settings"`
}

type ghostPost struct {
	ID                  ghostID    `json:"id"`
	Title               string     `json:"title"`
	Slug                string     `json:"slug"`
	HTML                string     `json:"html"`
	Mobiledoc           string     `json:"mobiledoc"`
	Lexical             string     `json:"lexical"`
	Plaintext           string     `json:"plaintext"`
	FeatureImage        string     `json:"feature_image"`
	FeatureImageAlt     string     `json:"feature_image_alt"`
	FeatureImageCaption string     `json:"feature_image_caption"`
	Type                string     `json:"type"`
	Page                ghostBool  `json:"page"`
	Status              string     `json:"status"`
	Visibility          string     `json:"visibility"`
	PublishedAt         ghostTime  `json:"published_at"`
	UpdatedAt           ghostTime  `json:"updated_at"`
	CustomExcerpt       ninjsLoose `json:"custom_excerpt"`
	CanonicalURL        ninjsLoose `json:"canonical_url"`
	AuthorID            ghostID    `json:"author_id"`
}

type ghostPostMeta struct {
	PostID              ghostID `json:"post_id"`
	FeatureImageAlt     string  `json:"feature_image_alt"`
	FeatureImageCaption string  `json:"feature_image_caption"`
}

type ghostTag struct {
	ID         ghostID `json:"id"`
	Name       string  `json:"name"`
	Slug       string  `json:"slug"`
	Visibility string  `json:"visibility"`
}

type ghostUser struct {
	ID    ghostID    `json:"id"`
	Name  string     `json:"name"`
	Slug  string     `json:"slug"`
	Email string     `json:"email"`
	Bio   ninjsLoose `json:"bio"`
}

// ghostLink is a row of posts_tags or posts_authors.
type ghostLink struct {
	PostID    ghostID `json:"post_id"`
	TagID     ghostID `json:"tag_id"`
	AuthorID  ghostID `json:"author_id"`
	SortOrder float64 `json:"sort_order"`
}

// ghostID is a Ghost row id: an ObjectId string (Ghost 1+) or a number
// (Ghost 0.x).
type ghostID string

// UnmarshalJSON accepts a string, a number or null.
func (id *ghostID) UnmarshalJSON(b []byte) error {
	var l ninjsLoose
	if err := l.UnmarshalJSON(b); err != nil {
		return err
	}
	*id = ghostID(strings.TrimSpace(string(l)))
	return nil
}

// ghostBool is true, false, 1 or 0.
type ghostBool bool

// UnmarshalJSON accepts JSON booleans and the numbers 0 and 1.
func (g *ghostBool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	*g = s == "true" || s == "1"
	return nil
}

// ghostTime is an ISO 8601 string, milliseconds since 1970, or null.
type ghostTime struct {
	raw string
	ms  int64
}

// UnmarshalJSON keeps the raw value; see ghostParser.time.
func (t *ghostTime) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		t.raw = s
		return nil
	}
	if n, err := strconv.ParseFloat(string(b), 64); err == nil {
		t.ms = int64(n)
	}
	return nil
}

type ghostParser struct {
	b         *Batch
	loc       *time.Location
	site      string
	seen      map[string]bool
	members   int
	relImages int
}

func (gp *ghostParser) time(t ghostTime) time.Time {
	if t.ms != 0 {
		return time.UnixMilli(t.ms).UTC()
	}
	v, _ := looseTimeIn(t.raw, gp.loc)
	return v
}

func (gp *ghostParser) db(d *ghostData) error {
	tags := map[ghostID]ghostTag{}
	for _, t := range d.Tags {
		tags[t.ID] = t
	}
	users := map[ghostID]ghostUser{}
	for _, u := range d.Users {
		users[u.ID] = u
	}
	metas := map[ghostID]ghostPostMeta{}
	for _, m := range d.PostsMeta {
		metas[m.PostID] = m
	}
	postTags := ghostGroup(d.PostsTags)
	postAuthors := ghostGroup(d.PostsAuthors)
	for i := range d.Posts {
		p := &d.Posts[i]
		id := string(p.ID)
		if id == "" {
			gp.b.Skipped = append(gp.b.Skipped, Skip{ID: ninjsFirst(p.Title, p.Slug, "(no id)"), Reason: "no id"})
			continue
		}
		if gp.seen[id] {
			gp.b.Skipped = append(gp.b.Skipped, Skip{ID: id, Reason: "duplicate id"})
			continue
		}
		gp.seen[id] = true
		item, reason := gp.post(p, metas[p.ID])
		if reason != "" {
			gp.b.Skipped = append(gp.b.Skipped, Skip{ID: ninjsFirst(p.Slug, id), Reason: reason})
			continue
		}
		first := true
		for _, l := range postTags[p.ID] {
			t, ok := tags[l.TagID]
			if !ok || t.Visibility == "internal" || strings.HasPrefix(strings.TrimSpace(t.Name), "#") || strings.TrimSpace(t.Name) == "" {
				continue
			}
			ref := Ref{Slug: t.Slug, Name: strings.TrimSpace(t.Name)}
			if first {
				item.Section, first = &ref, false
			} else {
				item.Tags = append(item.Tags, ref)
			}
		}
		authorLinks := postAuthors[p.ID]
		if len(authorLinks) == 0 && p.AuthorID != "" {
			authorLinks = []ghostLink{{AuthorID: p.AuthorID}}
		}
		for _, l := range authorLinks {
			if u, ok := users[l.AuthorID]; ok && strings.TrimSpace(u.Name) != "" {
				item.Authors = append(item.Authors, AuthorRef{Slug: u.Slug, Name: strings.TrimSpace(u.Name),
					Email: strings.TrimSpace(u.Email), Bio: strings.TrimSpace(string(u.Bio))})
			}
		}
		gp.b.Items = append(gp.b.Items, item)
	}
	return nil
}

// ghostGroup groups link rows by post, each group sorted by sort_order
// (input order among equals).
func ghostGroup(rows []ghostLink) map[ghostID][]ghostLink {
	out := map[ghostID][]ghostLink{}
	for _, r := range rows {
		out[r.PostID] = append(out[r.PostID], r)
	}
	for _, list := range out {
		sort.SliceStable(list, func(i, j int) bool { return list[i].SortOrder < list[j].SortOrder })
	}
	return out
}

func (gp *ghostParser) post(p *ghostPost, meta ghostPostMeta) (Item, string) {
	item := Item{
		SourceID:     string(p.ID),
		Kind:         model.KindArticle,
		Slug:         strings.TrimSpace(p.Slug),
		Headline:     strings.Join(strings.Fields(p.Title), " "),
		Dek:          strings.TrimSpace(string(p.CustomExcerpt)),
		CanonicalURL: gp.abs(string(p.CanonicalURL)),
		Published:    gp.time(p.PublishedAt),
		Updated:      gp.time(p.UpdatedAt),
	}
	if p.Type == "page" || bool(p.Page) {
		item.Kind = model.KindPage
	}
	switch strings.ToLower(p.Status) {
	case "published":
		item.Status = model.StatusPublished
	case "scheduled":
		item.Status = model.StatusScheduled
	case "sent":
		item.Status = model.StatusPrivate
	default:
		item.Status = model.StatusDraft
	}
	if v := strings.ToLower(p.Visibility); v == "members" || v == "paid" || v == "tiers" {
		gp.members++
	}
	if item.Published.IsZero() || !item.Updated.After(item.Published) {
		item.Updated = time.Time{}
	}
	switch {
	case strings.TrimSpace(p.HTML) != "":
		item.BodyHTML = gp.fixURLs(p.HTML)
	case strings.TrimSpace(p.Lexical) != "":
		h, err := ghostLexicalHTML(p.Lexical)
		if err != nil {
			return Item{}, "unreadable lexical"
		}
		item.BodyHTML = gp.fixURLs(h)
	case strings.TrimSpace(p.Mobiledoc) != "":
		h, md, err := ghostMobiledocHTML(p.Mobiledoc)
		if err != nil {
			return Item{}, "unreadable mobiledoc"
		}
		if md != "" {
			item.BodyMarkdown = gp.fixURLs(md)
		} else {
			item.BodyHTML = gp.fixURLs(h)
		}
	default:
		item.BodyHTML = ninjsTextHTML(p.Plaintext)
	}
	if img := strings.TrimSpace(p.FeatureImage); img != "" {
		u := gp.abs(img)
		if u == "" && strings.HasPrefix(img, ghostURLToken) {
			gp.relImages++
		}
		if u != "" {
			alt := ninjsFirst(meta.FeatureImageAlt, p.FeatureImageAlt)
			caption := feedText(ninjsFirst(meta.FeatureImageCaption, p.FeatureImageCaption))
			caption, credit := ghostSplitCredit(caption)
			item.Lead = &MediaRef{URL: u, Alt: strings.TrimSpace(alt), Caption: caption, Credit: credit}
		}
	}
	return item, ""
}

// abs replaces __GHOST_URL__ and keeps only absolute http(s) URLs.
func (gp *ghostParser) abs(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, ghostURLToken) {
		if gp.site == "" {
			return ""
		}
		s = gp.site + strings.TrimPrefix(s, ghostURLToken)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// fixURLs replaces __GHOST_URL__ in a body by the site URL, or drops it
// (leaving site-relative links) when the site is unknown.
func (gp *ghostParser) fixURLs(s string) string {
	return strings.ReplaceAll(s, ghostURLToken, gp.site)
}

func ghostSiteURL(db ghostDB) string {
	cands := []string{string(db.Meta.URL), string(db.Meta.SiteURL)}
	for _, s := range db.Data.Settings {
		if s.Key == "url" || s.Key == "site_url" {
			cands = append(cands, string(s.Value))
		}
	}
	for _, c := range cands {
		u, err := url.Parse(strings.TrimSpace(c))
		if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return strings.TrimRight(u.String(), "/")
		}
	}
	return ""
}

var ghostCreditRE = regexp.MustCompile(`(?i)^(.*?)[\s.;,(–—-]*\b((?:photo(?:graph)?|image|picture|foto|credit)s?\s*(?:by\b|:|©)\s*.+?)\)?\s*$`)

// ghostSplitCredit separates a credit line written into a Ghost caption
// ("Sunrise over the bay. Photo by Jane Roe / Unsplash") from the caption.
func ghostSplitCredit(caption string) (string, string) {
	m := ghostCreditRE.FindStringSubmatch(caption)
	if m == nil {
		return caption, ""
	}
	return strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
}

// ghostMarkdown renders Markdown found inside a mobiledoc or lexical card.
func ghostMarkdown(src string) string {
	r, err := markup.Markdown(src)
	if err != nil {
		return ""
	}
	return r.HTML
}
