package importer

import (
	"encoding/json"
	"strconv"
	"strings"
)

// ninjsItem holds the ninjs fields Masthead reads, from both 1.x (singular
// names, "body_html", associations as an object) and 2.x (plural names,
// "bodies", associations as an array).
type ninjsItem struct {
	URI             string            `json:"uri"`
	GUID            string            `json:"guid"`
	Type            string            `json:"type"`
	Name            string            `json:"name"`
	Items           []json.RawMessage `json:"items"`
	VersionCreated  string            `json:"versioncreated"`
	FirstCreated    string            `json:"firstcreated"`
	FirstPublished  string            `json:"firstpublished"`
	Embargoed       string            `json:"embargoed"`
	PubStatus       string            `json:"pubstatus"`
	Headline        string            `json:"headline"`
	Headlines       []ninjsText       `json:"headlines"`
	Slugline        string            `json:"slugline"`
	Byline          string            `json:"byline"`
	By              string            `json:"by"`
	CreditLine      string            `json:"creditline"`
	Located         string            `json:"located"`
	BodyHTML        string            `json:"body_html"`
	BodyXHTML       string            `json:"body_xhtml"`
	BodyText        string            `json:"body_text"`
	Bodies          []ninjsText       `json:"bodies"`
	DescriptionText string            `json:"description_text"`
	DescriptionHTML string            `json:"description_html"`
	Descriptions    []ninjsText       `json:"descriptions"`
	Authors         []ninjsAuthor     `json:"authors"`
	Subject         []ninjsConcept    `json:"subject"`
	Subjects        []ninjsConcept    `json:"subjects"`
	Keywords        []string          `json:"keywords"`
	Service         []ninjsConcept    `json:"service"`
	Infosources     []ninjsConcept    `json:"infosources"`
	Source          ninjsLoose        `json:"source"`
	Associations    json.RawMessage   `json:"associations"`
	Renditions      json.RawMessage   `json:"renditions"`
	CopyrightHolder string            `json:"copyrightholder"`
	CopyrightNotice string            `json:"copyrightnotice"`
	UsageTerms      string            `json:"usageterms"`
	MimeType        string            `json:"mimetype"`
	ContentType     string            `json:"contenttype"`
}

// ninjsText is a ninjs 2.x headline, description or body.
type ninjsText struct {
	Role        string `json:"role"`
	ContentType string `json:"contenttype"`
	Value       string `json:"value"`
}

// ninjsAuthor is an entry of "authors" (ninjs 1.3+, Superdesk).
type ninjsAuthor struct {
	Name      string     `json:"name"`
	Role      string     `json:"role"`
	JobTitle  ninjsLoose `json:"jobtitle"`
	Biography ninjsLoose `json:"biography"`
}

// ninjsConcept is a subject, service, genre, place … given as an object
// with a name (and code/uri), or as a bare string.
type ninjsConcept struct {
	Name string `json:"name"`
	Code string `json:"code"`
	URI  string `json:"uri"`
	Role string `json:"role"`
}

// UnmarshalJSON accepts an object or a bare string (taken as the name).
func (c *ninjsConcept) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &c.Name)
	}
	type plain ninjsConcept
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*c = ninjsConcept(p)
	return nil
}

// ninjsLoose is a text field that producers fill with a string, a number or
// an object; only strings and numbers are kept.
type ninjsLoose string

// UnmarshalJSON keeps strings and numbers and ignores anything else.
func (l *ninjsLoose) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = ninjsLoose(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*l = ninjsLoose(n.String())
	}
	return nil
}

// ninjsInt is a pixel size given as a number or a numeric string.
type ninjsInt int

// UnmarshalJSON accepts 1024, 1024.0 and "1024"; anything else is 0.
func (n *ninjsInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1e6 {
		*n = ninjsInt(f)
	}
	return nil
}

// ninjsRendition is one rendition of a picture association.
type ninjsRendition struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Href        string   `json:"href"`
	Width       ninjsInt `json:"width"`
	Height      ninjsInt `json:"height"`
	MimeType    string   `json:"mimetype"`
	ContentType string   `json:"contenttype"`
}
