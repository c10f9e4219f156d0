package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"masthead/internal/model"
)

// Snippet highlight markers: private-use runes that never occur in article
// text. The web layer escapes the snippet and then turns them into <mark>.
const (
	MarkStart = "\ue000"
	MarkEnd   = "\ue001"
)

// SearchHit is one search result: the article (relations loaded) and a short
// plain-text excerpt with matches wrapped in MarkStart/MarkEnd.
type SearchHit struct {
	Article *model.Article
	Snippet string
}

// Search runs a full-text query over the headline (weighted most), dek and
// body of articles readers can see at now, best match first. The query syntax
// is that of PostgreSQL's websearch_to_tsquery: words (all must match),
// "quoted phrases", and -excluded words. SQLite uses FTS5 with the porter
// stemmer and bm25 ranking; PostgreSQL uses an english tsvector with
// ts_rank_cd. It returns one page of hits and the total number of matches.
// A query with no words returns no hits and no error.
func (s *Store) Search(ctx context.Context, query string, now time.Time, limit, offset int) ([]SearchHit, int, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	n := now.Unix()
	vis := "a.kind = 'article' AND a.status = 'published' AND a.published_at <= ? AND a.embargo_until <= ?"
	var countQ, listQ string
	var args []any
	if s.dialect == Postgres {
		query = websearchQuery(query)
		if query == "" {
			return nil, 0, nil
		}
		args = []any{query, n, n}
		countQ = "SELECT count(*) FROM articles a WHERE a.search @@ websearch_to_tsquery('english', ?) AND " + vis
		listQ = `SELECT ` + articleCols + `, ts_headline('english', a.body_text, websearch_to_tsquery('english', ?),
			'StartSel=` + MarkStart + `, StopSel=` + MarkEnd + `, MaxWords=35, MinWords=15, MaxFragments=1')
			FROM articles a WHERE a.search @@ websearch_to_tsquery('english', ?) AND ` + vis + `
			ORDER BY ts_rank_cd(a.search, websearch_to_tsquery('english', ?)) DESC, a.published_at DESC LIMIT ? OFFSET ?`
	} else {
		fq := ftsQuery(query)
		if fq == "" {
			return nil, 0, nil
		}
		args = []any{fq, n, n}
		countQ = "SELECT count(*) FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ? AND " + vis
		listQ = `SELECT ` + articleCols + `, snippet(articles_fts, 2, '` + MarkStart + `', '` + MarkEnd + `', '…', 30)
			FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ? AND ` + vis + `
			ORDER BY bm25(articles_fts, 10.0, 4.0, 1.0), a.published_at DESC LIMIT ? OFFSET ?`
	}
	var total int
	if err := s.queryRow(ctx, countQ, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: search: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	var largs []any
	if s.dialect == Postgres {
		largs = []any{query, query, n, n, query, limit, offset}
	} else {
		largs = []any{args[0], n, n, limit, offset}
	}
	rows, err := s.query(ctx, listQ, largs...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search: %w", err)
	}
	var hits []SearchHit
	var list []*model.Article
	for rows.Next() {
		a := new(model.Article)
		var snip string
		var pub, upd, emb, cre, mod int64
		var kind, status, format string
		err := rows.Scan(&a.ID, &kind, &status, &a.Slug, &a.Kicker, &a.Headline, &a.Dek, &a.SectionID, &a.Dateline,
			&a.LeadMediaID, &a.LeadAlt, &a.LeadCaption, &a.LeadCredit, &format, &a.BodyHTML, &a.WordCount,
			&a.Rights, &a.CanonicalURL, &a.SEOTitle, &a.SEODescription, &a.CommentsOpen, &pub, &upd,
			&emb, &cre, &mod, &a.Source, &a.SourceID, &a.CreatedBy, &snip)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("store: search scan: %w", err)
		}
		a.Kind, a.Status, a.BodyFormat = model.Kind(kind), model.Status(status), model.BodyFormat(format)
		a.PublishedAt, a.UpdatedAt, a.EmbargoUntil = fromUnix(pub), fromUnix(upd), fromUnix(emb)
		a.Created, a.Modified = fromUnix(cre), fromUnix(mod)
		if s.dialect == Postgres {
			snip = tidyHeadline(snip)
		}
		hits = append(hits, SearchHit{Article: a, Snippet: snip})
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: search: %w", err)
	}
	if err := s.loadRelations(ctx, list, false); err != nil {
		return nil, 0, err
	}
	return hits, total, nil
}

// indexArticle keeps the SQLite FTS5 table in step with the article row
// (PostgreSQL uses a generated tsvector column instead).
func (s *Store) indexArticle(ctx context.Context, a *model.Article) error {
	if s.dialect == Postgres {
		return nil
	}
	if _, err := s.exec(ctx, "DELETE FROM articles_fts WHERE rowid = ?", a.ID); err != nil {
		return fmt.Errorf("store: fts: %w", err)
	}
	if _, err := s.exec(ctx, "INSERT INTO articles_fts (rowid, headline, dek, body) VALUES (?,?,?,?)", a.ID, a.Headline, a.Dek, a.BodyText); err != nil {
		return fmt.Errorf("store: fts: %w", err)
	}
	return nil
}

// MaxSearchTerms caps the distinct words and phrases of a query; the rest
// are ignored (each term costs a pass over the index).
const MaxSearchTerms = 12

type term struct {
	text   string
	phrase bool
	not    bool
}

// searchTerms splits a websearch-style query into words, "phrases" and
// -exclusions, case-insensitively de-duplicated and capped at
// MaxSearchTerms. Punctuation other than quotes and a leading minus
// separates words.
func searchTerms(q string) []term {
	all := splitTerms(q)
	seen := map[term]bool{}
	out := all[:0]
	for _, t := range all {
		t.text = strings.ToLower(t.text)
		if seen[t] || len(out) == MaxSearchTerms {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// websearchQuery rebuilds a query for websearch_to_tsquery from the
// de-duplicated, capped terms.
func websearchQuery(q string) string {
	var parts []string
	pos := 0
	for _, t := range searchTerms(q) {
		s := t.text
		if t.phrase {
			s = `"` + s + `"`
		}
		if t.not {
			s = "-" + s
		} else {
			pos++
		}
		parts = append(parts, s)
	}
	if pos == 0 {
		return ""
	}
	return strings.Join(parts, " ")
}

func splitTerms(q string) []term {
	var out []term
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '"' || (r == '-' && i+1 < len(rs) && rs[i+1] == '"' && (i == 0 || unicode.IsSpace(rs[i-1]))):
			not := r == '-'
			if not {
				i++
			}
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			words := strings.FieldsFunc(string(rs[i+1:min(j, len(rs))]), notWord)
			if len(words) > 0 {
				out = append(out, term{text: strings.Join(words, " "), phrase: true, not: not})
			}
			i = j + 1
		case r == '-' && (i == 0 || unicode.IsSpace(rs[i-1])) && i+1 < len(rs) && !notWord(rs[i+1]):
			j := i + 1
			for j < len(rs) && !notWord(rs[j]) {
				j++
			}
			out = append(out, term{text: string(rs[i+1 : j]), not: true})
			i = j
		case notWord(r):
			i++
		default:
			j := i
			for j < len(rs) && !notWord(rs[j]) {
				j++
			}
			out = append(out, term{text: string(rs[i:j])})
			i = j
		}
	}
	return out
}

func notWord(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
}

// ftsQuery turns a websearch-style query into a safe FTS5 MATCH expression:
// every term is a quoted string, so FTS5 operators in user input are inert.
func ftsQuery(q string) string {
	var pos, neg []string
	for _, t := range searchTerms(q) {
		quoted := `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
		if t.not {
			neg = append(neg, quoted)
		} else {
			pos = append(pos, quoted)
		}
	}
	if len(pos) == 0 {
		return ""
	}
	expr := strings.Join(pos, " ")
	for _, n := range neg {
		expr += " NOT " + n
	}
	return expr
}

// tidyHeadline makes a ts_headline fragment read like an FTS5 snippet:
// whitespace collapsed and an ellipsis where the fragment starts or ends
// inside a sentence.
func tidyHeadline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return s
	}
	first := []rune(strings.TrimPrefix(s, MarkStart))[0]
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && first != '"' && first != '“' {
		s = "…" + s
	}
	if !strings.HasSuffix(strings.TrimSuffix(s, MarkEnd), ".") {
		s += "…"
	}
	return s
}
