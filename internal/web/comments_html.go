package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"masthead/internal/model"
)

// commentHTML writes one comment of a thread (template "comment" calls
// it). It is hand-written rather than an html/template block because a
// thread shows up to about a hundred comments per page and a busy story
// is rendered often: the template version spent ~20 µs per comment in
// reflection. Every value is escaped here with html.EscapeString (which
// also escapes both quote characters, so attribute values cannot be broken
// out of); ids and counts are integers; the body is the HTML sanitised once
// at write time (markup.Comment); the website link is written only when it
// is an http(s) URL (checked at write time by comment.ValidWebsite, checked
// again here).
func (s *Site) commentHTML(it commentItem) template.HTML {
	c := it.C
	id := strconv.FormatInt(c.ID, 10)
	var b strings.Builder
	b.Grow(len(c.BodyHTML) + 1400)
	w := b.WriteString
	w(`<li class="comment indent-`)
	w(strconv.Itoa(it.Indent))
	if it.Placeholder {
		w(" comment-removed")
	}
	if it.Own {
		w(" comment-own")
	}
	anchor := "comment-"
	if it.PinnedCopy {
		anchor = "pinned-comment-"
	}
	w(`" id="` + anchor + id + `" data-id="` + id + `" data-parent="` + strconv.FormatInt(c.ParentID, 10) +
		`" data-root="` + strconv.FormatInt(c.RootID, 10) + `" data-indent="` + strconv.Itoa(it.Indent) + `">`)
	if it.Placeholder {
		if c.Status == model.CommentDeleted {
			w(`<p class="removed">This comment was deleted.</p></li>`)
		} else {
			w(`<p class="removed">This comment is not shown.</p></li>`)
		}
		return template.HTML(b.String())
	}
	w("\n<header class=\"comment-head\">")
	name := html.EscapeString(it.Author())
	if site := websiteOf(c); site != "" {
		w(`<a class="comment-author" href="` + html.EscapeString(site) + `" rel="nofollow ugc noopener">` + name + `</a>`)
	} else {
		w(`<span class="comment-author">` + name + `</span>`)
	}
	if it.Staff() {
		w(` <span class="badge badge-staff" title="Newsroom staff">Staff</span>`)
	}
	if it.Verified() {
		w(` <span class="badge badge-verified" title="Verified e-mail address">Verified</span>`)
	}
	if !c.Picked.IsZero() {
		w(` <span class="badge badge-pick">Editor&#39;s pick</span>`)
	}
	if it.ReplyingTo != "" {
		w(` <span class="replying-to">replying to ` + html.EscapeString(it.ReplyingTo) + `</span>`)
	}
	w(` <a class="comment-time" href="/comments/` + id + `"><time datetime="` + c.Created.UTC().Format(rfc3339Layout) + `">` +
		html.EscapeString(ago(s.clock(), c.Created, s.cfg.Location)) + `</time></a>`)
	if !c.Edited.IsZero() {
		w(` <span class="edited">(edited)</span>`)
	}
	if it.Held {
		w(` <strong class="held">Awaiting moderation: only you can see this.</strong>`)
	}
	w("</header>\n<div class=\"comment-body\" dir=\"auto\">")
	w(c.BodyHTML) // sanitised at write time by markup.Comment
	w("</div>\n")
	if it.Closed && !it.Held {
		closedActions(w, id, it)
	} else if !it.Held {
		up, down := "1", "-1"
		upPressed, downPressed := "false", "false"
		if it.Vote == 1 {
			up, upPressed = "0", "true"
		}
		if it.Vote == -1 {
			down, downPressed = "0", "true"
		}
		w(`<footer class="comment-actions"><form class="vote" method="post" action="/comments/` + id + `/vote">` +
			`<button name="value" value="` + up + `" aria-pressed="` + upPressed + `" aria-label="Recommend">▲ <span data-up>` + strconv.Itoa(c.Upvotes) + `</span></button> ` +
			`<button name="value" value="` + down + `" aria-pressed="` + downPressed + `" aria-label="Not helpful">▼ <span data-down>` + strconv.Itoa(c.Downvotes) + `</span></button></form> ` +
			`<a class="reply-link" href="/comments/` + id + `/reply" data-reply="` + id + `">Reply</a> ` +
			`<a class="flag-link" href="/comments/` + id + `/flag">Report</a>`)
		if it.CanEdit {
			if c.Status != model.CommentRejected && c.Status != model.CommentSpam { // comment.CanEdit
				w(` <a href="/comments/` + id + `/edit">Edit</a>`)
			}
			w(` <a class="delete-link" href="/comments/` + id + `/delete" data-delete="` + id + `">Delete</a>`)
		}
		if it.Mod {
			modActions(w, id, c)
		}
		w("</footer>")
	}
	w("</li>\n")
	return template.HTML(b.String())
}

// closedActions writes the footer of a comment in a closed thread: only
// the author's Delete (within the edit window) and the moderators' Pick
// and Pin; nothing when neither applies.
func closedActions(w func(string) (int, error), id string, it commentItem) {
	if !it.CanEdit && !it.Mod {
		return
	}
	w(`<footer class="comment-actions">`)
	if it.CanEdit {
		w(`<a class="delete-link" href="/comments/` + id + `/delete" data-delete="` + id + `">Delete</a>`)
	}
	if it.Mod {
		modActions(w, id, it.C)
	}
	w("</footer>")
}

// modActions writes the Pick and Pin buttons (staff who moderate).
func modActions(w func(string) (int, error), id string, c *model.Comment) {
	on, label := "1", "Pick"
	if !c.Picked.IsZero() {
		on, label = "0", "Unpick"
	}
	w(` <form class="inline mod" method="post" action="/comments/` + id + `/pick"><input type="hidden" name="on" value="` + on + `"><button>` + label + `</button></form>`)
	on, label = "1", "Pin"
	if !c.Pinned.IsZero() {
		on, label = "0", "Unpin"
	}
	w(` <form class="inline mod" method="post" action="/comments/` + id + `/pin"><input type="hidden" name="on" value="` + on + `"><button>` + label + `</button></form>`)
}

const rfc3339Layout = "2006-01-02T15:04:05Z07:00"

// websiteOf returns the author's website when it is an http(s) URL.
func websiteOf(c *model.Comment) string {
	if c.Identity == nil {
		return ""
	}
	u := c.Identity.Website
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}
