package comment

import (
	"regexp"
	"strings"
)

// linkish matches words a mail program would turn into a live link: a
// scheme ("https://"), an address ("name@host") or a host name
// ("example.com", "www.example").
var linkish = regexp.MustCompile(`(?i)[a-z][a-z0-9+.-]*:\S|@|[\p{L}\p{N}_-]\.[\p{L}\p{N}]`)

// MailText returns a comment's plain text made safe for an e-mail: every
// word that a mail program could make into a link (URLs, e-mail addresses,
// host names) is defanged ("example[.]com", "https[:]//…", "name[at]host"),
// so readers' text in Masthead's mail carries no live links, and the plain
// text carries no images at all. Line breaks are kept; each line is quoted
// with "> ".
func MailText(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r", ""), "\n")
	for i, l := range lines {
		lines[i] = "> " + Defang(l)
	}
	return strings.Join(lines, "\n")
}

// Defang returns one line of text with its words made unlinkable as
// MailText does, and white space collapsed.
func Defang(line string) string {
	words := strings.Fields(line)
	for j, w := range words {
		if linkish.MatchString(w) {
			w = strings.ReplaceAll(w, ".", "[.]")
			w = strings.ReplaceAll(w, ":", "[:]")
			w = strings.ReplaceAll(w, "@", "[at]")
			words[j] = w
		}
	}
	return strings.Join(words, " ")
}
