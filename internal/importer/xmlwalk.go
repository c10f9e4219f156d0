package importer

import "encoding/xml"

// xmlNext is a parser's token source: it returns the next token of the
// document and keeps the parser's own element stack (and whatever else the
// parser tracks, such as namespace bindings or line numbers) up to date. It
// returns io.EOF at a clean end and the parser's positioned error otherwise.
type xmlNext func() (xml.Token, error)

// xmlText reads, through next, the character data of the element just opened
// up to and including its end tag; the text of nested elements is ignored.
// Errors from next are returned unchanged.
func xmlText(next xmlNext) (string, error) {
	var b []byte
	depth := 0
	for {
		tok, err := next()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if depth == 0 {
				b = append(b, t...)
			}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return string(b), nil
			}
			depth--
		}
	}
}

// xmlSkip consumes, through next, the element just opened up to and
// including its end tag. Errors from next are returned unchanged.
func xmlSkip(next xmlNext) error {
	depth := 0
	for {
		tok, err := next()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}
