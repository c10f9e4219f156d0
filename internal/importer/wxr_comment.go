package importer

// Comments in a WordPress export: each <item> may hold <wp:comment>
// elements (WXR 1.0–1.2, as WordPress 2.x–6 export them), read here during
// the same streaming pass as the posts and turned into a CommentBatch.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// wxrComment is what is kept of one <wp:comment>.
type wxrComment struct {
	line   int
	f      map[string]string // wp: child local name → text
	meta   int               // commentmeta entries read
	opaque int               // of which serialised values that were refused (objects, references, malformed)
}

// comment reads the <wp:comment> just opened into it.commentList, and
// counts approved reader comments for the article summary (Item.Comments).
func (p *wxrParser) comment(it *wxrPost) error {
	c := wxrComment{line: p.line, f: map[string]string{}}
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			it.commentList = append(it.commentList, c)
			if c.f["comment_approved"] == "1" {
				switch c.f["comment_type"] {
				case "", "comment":
					it.comments++
				}
			}
			return nil
		case xml.StartElement:
			if wxrNS(t.Name.Space) != "wp" {
				if err := p.skip(); err != nil {
					return err
				}
				continue
			}
			if t.Name.Local == "commentmeta" {
				m, err := p.fields()
				if err != nil {
					return err
				}
				c.meta++
				if _, err := phpUnserialize(m["meta_value"]); err != nil && phpLooksSerialized(m["meta_value"]) {
					c.opaque++
				}
				continue
			}
			s, err := p.text()
			if err != nil {
				return err
			}
			if _, ok := c.f[t.Name.Local]; !ok {
				if t.Name.Local == "comment_content" {
					c.f[t.Name.Local] = s
				} else {
					c.f[t.Name.Local] = strings.TrimSpace(s)
				}
			}
		}
	}
}

// ParseWXRComments reads only the comments of a WordPress export, for
// `masthead import wxr --comments-only`: the same reading as ParseWXR, but a
// channel without <wp:wxr_version> is accepted (plugins and hand-made files
// omit it; WordPress's importer would refuse them, yet their comments are
// readable). The Source is the same as ParseWXR's for the file, so articles
// imported from it are matched by post id. loc is the site's time zone for
// comment_date values without a GMT twin (nil means UTC).
func ParseWXRComments(r io.Reader, name string, loc *time.Location) (*CommentBatch, error) {
	if loc == nil {
		loc = time.UTC
	}
	p := &wxrParser{
		loc: loc, anyVersion: true,
		authors: map[string]*wxrAuthor{}, catNames: map[string]string{}, catByID: map[string]string{},
		tagNames: map[string]string{}, attachments: map[string]*wxrPost{},
	}
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	p.d = xml.NewDecoder(newWXRCDATAFixer(br))
	p.d.Entity = xml.HTMLEntity
	p.d.CharsetReader = wxrCharsetReader
	if err := p.document(); err != nil {
		return nil, err
	}
	site, named := p.site(name)
	b := p.commentBatch("wxr:" + site)
	if !named {
		b.Notes = append(b.Notes, fmt.Sprintf("the export names no site address; comments are keyed on the file name %q", site))
	}
	return b, nil
}

// commentBatch turns the comments of every post into a CommentBatch with
// the given Source, following these rules (WordPress field names):
//
//   - Thread: the post; key wp:post_id, else guid, else link; URL link,
//     GUID guid, Slug post_name, Closed comment_status "closed".
//   - comment_type "" or "comment" is a reader comment; pingback,
//     trackback, note (WooCommerce order notes) and any other type are not
//     public comments: skipped and counted with the type as reason.
//   - comment_approved 1 → approved, 0 → pending, spam → spam, trash and
//     post-trashed → rejected, anything else → pending.
//   - SourceID is "POSTKEY/comment_id" (ids are per site in WordPress, but
//     hand-made files repeat them across posts); comment_parent 0 is top
//     level. Date: comment_date_gmt, else comment_date in the site zone;
//     with neither the comment is skipped ("unreadable date").
//   - Body: comment_content with WordPress's auto-paragraphs (as its
//     comment_text filter shows it); author, e-mail (trimmed, lower-cased),
//     URL and IP (hashed when written) from the comment_author* fields.
//   - commentmeta values are read, PHP-serialised ones parsed as plain
//     data (phpUnserialize: objects are never built), counted and not
//     imported.
func (p *wxrParser) commentBatch(source string) *CommentBatch {
	b := &CommentBatch{Source: source}
	opaque := 0
	types := map[string]int{}
	for _, post := range p.posts {
		if len(post.commentList) == 0 {
			continue
		}
		key := post.id
		if key == "" {
			key = post.guid
		}
		if key == "" {
			key = post.link
		}
		if key == "" {
			key = fmt.Sprintf("line-%d", post.line)
		}
		b.Threads = append(b.Threads, CommentThread{
			Key: key, URL: post.link, GUID: post.guid, PostID: post.id, Slug: wxrUnescapeSlug(post.slug),
			Title: wxrPlain(post.title), Closed: post.commentStatus == "closed", Line: post.line,
		})
		for _, c := range post.commentList {
			b.Meta += c.meta
			opaque += c.opaque
			f := c.f
			id := commentValue(f["comment_id"])
			content := strings.TrimSpace(f["comment_content"])
			if id == "" {
				id = commentSyntheticID(f["comment_date_gmt"], f["comment_date"], f["comment_author"], content)
			}
			label := fmt.Sprintf("%s/%s (line %d)", key, id, c.line)
			switch typ := f["comment_type"]; typ {
			case "", "comment":
			default:
				b.Skipped = append(b.Skipped, Skip{ID: label, Reason: typ})
				types[typ]++
				continue
			}
			created := wxrLocalOrGMT(f["comment_date_gmt"], f["comment_date"], p.loc)
			if created.IsZero() || created.Year() < 1990 || created.Year() > 2200 {
				b.Skipped = append(b.Skipped, Skip{ID: fmt.Sprintf("comment %s: <wp:comment_date_gmt> %q, <wp:comment_date> %q",
					label, f["comment_date_gmt"], f["comment_date"]), Reason: "unreadable date"})
				continue
			}
			rec := CommentRecord{
				SourceID:  key + "/" + id,
				ThreadKey: key,
				Name:      commentValue(f["comment_author"]),
				Email:     strings.ToLower(commentValue(f["comment_author_email"])),
				URL:       commentValue(f["comment_author_url"]),
				IP:        commentValue(f["comment_author_IP"]),
				Body:      wxrAutop(content),
				Format:    CommentHTML,
				Created:   created,
				Line:      c.line,
			}
			if par := commentValue(f["comment_parent"]); par != "" && par != "0" {
				rec.ParentID = key + "/" + par
			}
			switch f["comment_approved"] {
			case "1":
				rec.Status = CommentApproved
			case "spam":
				rec.Status = CommentSpam
			case "trash", "post-trashed":
				rec.Status = CommentRejected
			default:
				rec.Status = CommentPending
			}
			if content == "" && rec.Status == CommentApproved {
				rec.Status = CommentDeleted
			}
			b.Comments = append(b.Comments, rec)
		}
	}
	if len(types) > 0 {
		names := make([]string, 0, len(types))
		for t := range types {
			names = append(names, fmt.Sprintf("%d %s", types[t], t))
		}
		sort.Strings(names)
		b.Notes = append(b.Notes, "not public comments, not imported: "+strings.Join(names, ", "))
	}
	if b.Meta > 0 {
		n := fmt.Sprintf("%d comment meta entr%s read and not imported", b.Meta, map[bool]string{true: "y", false: "ies"}[b.Meta == 1])
		if opaque > 0 {
			n += fmt.Sprintf(" (%d serialised value(s) refused: PHP objects or malformed data)", opaque)
		}
		b.Notes = append(b.Notes, n)
	}
	finishComments(b)
	return b
}
