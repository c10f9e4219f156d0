package importer

// The channel children and item fields of a WXR file, read from the token
// stream of wxrParser (see wxr.go).

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// fields reads the WXR-namespace child elements of the element just opened
// as local name → trimmed text (first occurrence wins); other children are
// skipped.
func (p *wxrParser) fields() (map[string]string, error) {
	m := map[string]string{}
	for {
		tok, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return m, nil
		case xml.StartElement:
			if wxrNS(t.Name.Space) != "wp" {
				if err := p.skip(); err != nil {
					return nil, err
				}
				continue
			}
			s, err := p.text()
			if err != nil {
				return nil, err
			}
			if _, ok := m[t.Name.Local]; !ok {
				m[t.Name.Local] = strings.TrimSpace(s)
			}
		}
	}
}

// author reads <wp:author> (WordPress) or <wp:wp_author> (some WordPress.com
// and plugin exports); field names may carry a "wp_" prefix too.
func (p *wxrParser) author() error {
	f, err := p.fields()
	if err != nil {
		return err
	}
	get := func(k string) string {
		if v := f["author_"+k]; v != "" {
			return v
		}
		return f["wp_author_"+k]
	}
	a := &wxrAuthor{login: get("login"), email: get("email"), display: get("display_name"),
		first: get("first_name"), last: get("last_name")}
	if a.login == "" {
		return nil
	}
	if _, ok := p.authors[a.login]; !ok {
		p.authors[a.login] = a
	}
	return nil
}

// term reads a channel-level <wp:category>, <wp:tag> or (WXR 1.2) <wp:term>,
// which give the display names of the nicenames items refer to.
func (p *wxrParser) term(kind string) error {
	f, err := p.fields()
	if err != nil {
		return err
	}
	var tax, slug, name string
	switch kind {
	case "category":
		tax, slug, name = "category", f["category_nicename"], f["cat_name"]
	case "tag":
		tax, slug, name = "post_tag", f["tag_slug"], f["tag_name"]
	default:
		tax, slug, name = f["term_taxonomy"], f["term_slug"], f["term_name"]
	}
	slug = wxrUnescapeSlug(slug)
	if slug == "" {
		return nil
	}
	switch tax {
	case "category":
		if _, ok := p.catNames[slug]; !ok {
			p.catNames[slug] = name
		}
		if id := f["term_id"]; id != "" {
			p.catByID[id] = slug
		}
	case "post_tag", "tag":
		if _, ok := p.tagNames[slug]; !ok {
			p.tagNames[slug] = name
		}
	}
	return nil
}

// item reads one <item> into a wxrPost.
func (p *wxrParser) item() error {
	it := &wxrPost{line: p.line}
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			p.posts = append(p.posts, it)
			if it.postType == "attachment" && it.id != "" {
				p.attachments[it.id] = it
			}
			return nil
		case xml.StartElement:
			if err := p.itemChild(it, t); err != nil {
				return err
			}
		}
	}
}

func (p *wxrParser) itemChild(it *wxrPost, t xml.StartElement) error {
	line, col := p.line, p.col
	n := t.Name
	var dst *string
	switch ns := wxrNS(n.Space); ns {
	case "":
		switch n.Local {
		case "title":
			dst = &it.title
		case "link":
			dst = &it.link
		case "pubDate":
			dst = &it.pubDate
		case "guid":
			dst = &it.guid
		case "category":
			var tm wxrTerm
			for _, a := range t.Attr {
				switch {
				case a.Name.Space != "":
				case a.Name.Local == "domain":
					tm.domain = a.Value
				case a.Name.Local == "nicename":
					tm.nicename = wxrUnescapeSlug(a.Value)
				}
			}
			s, err := p.text()
			tm.name = strings.TrimSpace(s)
			it.terms = append(it.terms, tm)
			return err
		}
	case "dc":
		if n.Local == "creator" {
			dst = &it.creator
		}
	case "content":
		if n.Local == "encoded" {
			dst = &it.content
		}
	case "excerpt":
		if n.Local == "encoded" {
			dst = &it.excerpt
		}
	case "wp":
		switch n.Local {
		case "post_id":
			s, err := p.text()
			if err != nil {
				return err
			}
			s = strings.TrimSpace(s)
			if _, perr := strconv.ParseUint(s, 10, 64); perr != nil {
				return p.failAt(line, col, n, fmt.Errorf("post id %q is not a number", s))
			}
			if it.id == "" {
				it.id = s
			}
			return nil
		case "post_date":
			dst = &it.date
		case "post_date_gmt":
			dst = &it.dateGMT
		case "post_modified":
			dst = &it.modified
		case "post_modified_gmt":
			dst = &it.modifiedGMT
		case "comment_status":
			dst = &it.commentStatus
		case "post_name":
			dst = &it.slug
		case "status":
			dst = &it.status
		case "post_parent":
			dst = &it.parent
		case "post_type":
			dst = &it.postType
		case "post_password":
			dst = &it.password
		case "attachment_url":
			dst = &it.attachmentURL
		case "menu_order":
			s, err := p.text()
			it.menuOrder, _ = strconv.Atoi(strings.TrimSpace(s))
			return err
		case "postmeta":
			return p.postmeta(it)
		case "comment":
			return p.comment(it)
		}
	}
	if dst == nil {
		return p.skip()
	}
	s, err := p.text()
	if err != nil {
		return err
	}
	if *dst == "" { // the first occurrence wins
		if dst == &it.content || dst == &it.excerpt {
			*dst = s
		} else {
			*dst = strings.TrimSpace(s)
		}
	}
	return nil
}

// postmeta keeps the few meta keys the import uses.
func (p *wxrParser) postmeta(it *wxrPost) error {
	f, err := p.fields()
	if err != nil {
		return err
	}
	v := f["meta_value"]
	switch f["meta_key"] {
	case "_thumbnail_id":
		it.thumbnailID = v
	case "_wp_attachment_image_alt":
		it.imageAlt = v
	case "_wp_attachment_metadata":
		it.attachMeta = v
	case "_yoast_wpseo_primary_category":
		it.primaryCat = v
	}
	return nil
}
