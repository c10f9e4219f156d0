package importer

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"masthead/internal/markup"
	"masthead/internal/model"
)

// items turns the parsed posts into Items and Skips, following these rules
// (WordPress field names, WXR 1.2 as exported by WordPress 6):
//
//   - post_type post → KindArticle, page → KindPage; attachment is skipped
//     ("attachment") but feeds featured images and galleries; revision,
//     nav_menu_item, wp_global_styles and any custom type are skipped with the
//     type as reason.
//   - status publish and future → published (a future date keeps the story
//     hidden until then); draft and auto-draft → draft; pending → review;
//     private → private; trash → skipped ("trash"); inherit → skipped
//     ("inherit"); missing or unknown → draft. A post with a password is kept
//     unpublished as private (the password is not imported) and noted.
//   - SourceID is wp:post_id, else the guid; an item with neither is skipped
//     ("no post id").
//   - Published: wp:post_date_gmt, else pubDate, else wp:post_date in the
//     site zone; "0000-00-00 00:00:00" and pubDates before 1971 (WordPress
//     writes "-0001" for undated drafts) mean unset. Updated is
//     wp:post_modified(_gmt) when later than Published.
//   - Byline: Co-Authors Plus terms (<category domain="author"
//     nicename="cap-LOGIN">) in order when present, else dc:creator; the
//     author slug is the login, the name the wp:author display name.
//   - Section: the Yoast primary category when set, else the first category
//     in file order, WordPress's placeholder "uncategorized" excepted. The
//     other categories become tags, with the post_tag terms (WXR 1.0 "tag").
//     Post formats, menus and custom taxonomies are not imported.
//   - Lead: the attachment named by postmeta _thumbnail_id, wherever it is in
//     the file: URL wp:attachment_url (else guid), alt
//     _wp_attachment_image_alt, caption its excerpt with any credit split off
//     (SplitCaptionCredit), size from _wp_attachment_metadata.
//   - Dek: excerpt:encoded as plain text. Comments: approved comments (not
//     pingbacks or trackbacks) are counted; CommentsOpen is comment_status
//     "open".
func (p *wxrParser) items(b *Batch) {
	children := map[string][]*wxrPost{}
	for _, a := range p.attachments {
		if a.parent != "" && a.parent != "0" {
			children[a.parent] = append(children[a.parent], a)
		}
	}
	for _, list := range children {
		sort.Slice(list, func(i, j int) bool {
			if list[i].menuOrder != list[j].menuOrder {
				return list[i].menuOrder < list[j].menuOrder
			}
			return wxrNum(list[i].id) < wxrNum(list[j].id)
		})
	}
	bc := &wxrBodyContext{attachments: p.attachments, children: children}
	var protected []string
	missingLead := 0
	for _, post := range p.posts {
		typ := post.postType
		if typ == "" {
			typ = "post"
		}
		id := post.id
		if id == "" {
			id = post.guid
		}
		label := id
		if label == "" {
			label = strings.TrimSpace(post.title)
		}
		skip := func(reason string) { b.Skipped = append(b.Skipped, Skip{ID: label, Reason: reason}) }
		var kind model.Kind
		switch typ {
		case "post":
			kind = model.KindArticle
		case "page":
			kind = model.KindPage
		default:
			skip(typ)
			continue
		}
		var status model.Status
		switch post.status {
		case "publish", "future":
			status = model.StatusPublished
		case "pending":
			status = model.StatusReview
		case "private":
			status = model.StatusPrivate
		case "trash":
			skip("trash")
			continue
		case "inherit":
			skip("inherit")
			continue
		default: // draft, auto-draft, missing, plugin-defined
			status = model.StatusDraft
		}
		if id == "" {
			skip("no post id")
			continue
		}
		if post.password != "" {
			status = model.StatusPrivate
			protected = append(protected, id)
		}
		it := Item{
			SourceID:     id,
			Kind:         kind,
			Status:       status,
			Slug:         wxrUnescapeSlug(post.slug),
			Headline:     wxrPlain(post.title),
			Dek:          wxrPlain(post.excerpt),
			BodyHTML:     bc.render(post.content, post.id),
			CommentsOpen: post.commentStatus == "open",
			Comments:     post.comments,
		}
		it.Published = wxrPublished(post, p.loc)
		if mod := wxrLocalOrGMT(post.modifiedGMT, post.modified, p.loc); !it.Published.IsZero() && mod.After(it.Published) {
			it.Updated = mod
		}
		it.Authors = p.byline(post)
		it.Section, it.Tags = p.taxonomy(post)
		if post.thumbnailID != "" && post.thumbnailID != "0" {
			if a := p.attachments[post.thumbnailID]; a != nil {
				it.Lead = wxrMediaRef(a)
			}
			if it.Lead == nil {
				missingLead++
			}
		}
		b.Items = append(b.Items, it)
	}
	if n := len(protected); n > 0 {
		ids := protected
		if n > 10 {
			ids = append(ids[:10:10], "…")
		}
		b.Notes = append(b.Notes, fmt.Sprintf("%d password-protected item(s) imported as private; passwords are not imported (ids %s)", n, strings.Join(ids, ", ")))
	}
	if missingLead > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("%d featured image(s) name an attachment that is not in the file; imported without lead image", missingLead))
	}
}

func wxrNum(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// wxrPlain turns an RSS title or excerpt (which may hold HTML) into one line
// of plain text.
func wxrPlain(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	return strings.Join(strings.Fields(markup.PlainText(s)), " ")
}

// wxrUnescapeSlug decodes WordPress's percent-encoded non-ASCII slugs
// ("%e6%bc%a2" → "漢").
func wxrUnescapeSlug(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "%") {
		if u, err := url.PathUnescape(s); err == nil {
			return u
		}
	}
	return s
}

// wxrPublished applies the date precedence: wp:post_date_gmt, pubDate, then
// wp:post_date in loc.
func wxrPublished(post *wxrPost, loc *time.Location) time.Time {
	if t := wxrSQLTime(post.dateGMT, time.UTC); !t.IsZero() {
		return t
	}
	if t := wxrRFCTime(post.pubDate); !t.IsZero() {
		return t
	}
	return wxrSQLTime(post.date, loc)
}

func wxrLocalOrGMT(gmt, local string, loc *time.Location) time.Time {
	if t := wxrSQLTime(gmt, time.UTC); !t.IsZero() {
		return t
	}
	return wxrSQLTime(local, loc)
}

// wxrSQLTime parses WordPress's "YYYY-MM-DD HH:MM:SS" in loc; the zero date
// "0000-00-00 00:00:00" and anything unparsable give the zero time.
func wxrSQLTime(s string, loc *time.Location) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if t.Year() < 1971 {
				return time.Time{}
			}
			return t.UTC()
		}
	}
	return time.Time{}
}

var wxrRFCLayouts = []string{
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST", "02 Jan 2006 15:04:05 -0700",
	"Mon, 02 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 MST", time.RFC822Z, time.RFC822,
	"Mon, 02 Jan 06 15:04:05 -0700", time.RFC3339,
}

// US zone abbreviations RFC 822 allows, which time.Parse cannot place.
var wxrZones = map[string]int{"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}

// wxrRFCTime parses an RSS pubDate (RFC 1123/822 and common variants);
// dates before 1971 (WordPress writes "Mon, 30 Nov -0001 00:00:00 +0000" or
// the Unix epoch for undated drafts) give the zero time.
func wxrRFCTime(s string) time.Time {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return time.Time{}
	}
	for _, layout := range wxrRFCLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if name, off := t.Zone(); off == 0 {
			if h, ok := wxrZones[name]; ok {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone(name, h*3600))
			}
		}
		if t.Year() < 1971 {
			return time.Time{}
		}
		return t.UTC()
	}
	return time.Time{}
}

// byline returns the post's authors: Co-Authors Plus terms, else dc:creator.
func (p *wxrParser) byline(post *wxrPost) []AuthorRef {
	var out []AuthorRef
	seen := map[string]bool{}
	for _, t := range post.terms {
		if t.domain != "author" {
			continue
		}
		login := strings.TrimPrefix(t.nicename, "cap-")
		if login == "" {
			login = t.name
		}
		if login == "" || seen[login] {
			continue
		}
		seen[login] = true
		ref := AuthorRef{Slug: login, Name: t.name}
		if a := p.findAuthor(login); a != nil {
			ref.Name, ref.Email = a.name(), a.email
		}
		if ref.Name == "" {
			ref.Name = login
		}
		out = append(out, ref)
	}
	if len(out) > 0 {
		return out
	}
	login := post.creator
	if login == "" {
		return nil
	}
	if a := p.findAuthor(login); a != nil {
		return []AuthorRef{{Slug: a.login, Name: a.name(), Email: a.email}}
	}
	return []AuthorRef{{Slug: login, Name: login}}
}

// findAuthor finds the channel's wp:author for a login, exactly or else by slug
// (exports carry stray characters such as ">admin" or invisible marks).
func (p *wxrParser) findAuthor(login string) *wxrAuthor {
	if a := p.authors[login]; a != nil {
		return a
	}
	want := markup.Slugify(login)
	if want == "" {
		return nil
	}
	for _, a := range p.authors {
		if markup.Slugify(a.login) == want {
			return a
		}
	}
	return nil
}

// taxonomy returns the section and tags of a post.
func (p *wxrParser) taxonomy(post *wxrPost) (*Ref, []Ref) {
	var cats, tags []Ref
	for _, t := range post.terms {
		switch t.domain {
		case "category":
			slug := t.nicename
			if slug == "" {
				slug = markup.Slugify(t.name)
			}
			if slug == "" || slug == "uncategorized" {
				continue
			}
			name := t.name
			if name == "" {
				name = p.catNames[slug]
			}
			cats = append(cats, Ref{Slug: slug, Name: name})
		case "post_tag", "tag":
			slug := t.nicename
			if slug == "" {
				slug = markup.Slugify(t.name)
			}
			if slug == "" {
				continue
			}
			name := t.name
			if name == "" {
				name = p.tagNames[slug]
			}
			tags = append(tags, Ref{Slug: slug, Name: name})
		}
	}
	if len(cats) == 0 {
		return nil, tags
	}
	first := 0
	if want := p.catByID[post.primaryCat]; want != "" {
		for i, c := range cats {
			if c.Slug == want {
				first = i
				break
			}
		}
	}
	sec := cats[first]
	for i, c := range cats {
		if i != first {
			tags = append(tags, c)
		}
	}
	return &sec, tags
}

var wxrSizeRE = regexp.MustCompile(`s:5:"width";i:(\d+);s:6:"height";i:(\d+);`)

// wxrMediaRef describes an attachment as lead media; nil when it has no
// absolute http(s) URL.
func wxrMediaRef(a *wxrPost) *MediaRef {
	u := a.attachmentURL
	if u == "" {
		u = a.guid
	}
	if !wxrHTTP(u) {
		return nil
	}
	caption, credit := SplitCaptionCredit(wxrPlain(a.excerpt))
	m := &MediaRef{URL: u, Alt: strings.TrimSpace(a.imageAlt), Caption: caption, Credit: credit, MIME: wxrMIME(u)}
	if s := wxrSizeRE.FindStringSubmatch(a.attachMeta); s != nil {
		m.Width, _ = strconv.Atoi(s[1])
		m.Height, _ = strconv.Atoi(s[2])
	}
	return m
}

func wxrHTTP(u string) bool {
	pu, err := url.Parse(u)
	return err == nil && (pu.Scheme == "http" || pu.Scheme == "https") && pu.Host != ""
}

// wxrMIME guesses an image type from the URL's extension ("" when unknown).
func wxrMIME(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	ext := strings.ToLower(u[strings.LastIndexByte(u, '.')+1:])
	switch ext {
	case "jpg", "jpeg":
		return "image/jpeg"
	case "png":
		return "image/png"
	case "gif":
		return "image/gif"
	case "webp":
		return "image/webp"
	case "avif":
		return "image/avif"
	}
	return ""
}
