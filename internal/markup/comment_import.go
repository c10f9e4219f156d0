package markup

import "strings"

// CommentHTML sanitises a comment imported as HTML (Disqus messages,
// WordPress comment text after auto-paragraphs) with CommentPolicy, the
// policy Comment applies to comments written here, once, at import time:
// what the policy does not allow is dropped, links keep their text and get
// rel=CommentRel. It returns the HTML to store and its plain text.
func CommentHTML(src string) Rendered {
	clean := CommentPolicy().Sanitize(balance(src))
	// bluemonday writes rel="nofollow" on every link it keeps; text cannot
	// hold that sequence (quotes are escaped), so only links change.
	clean = strings.ReplaceAll(clean, `rel="nofollow"`, `rel="`+CommentRel+`"`)
	return finish(clean)
}
