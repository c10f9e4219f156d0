package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
)

// The learning filter's counts (table comment_spam_tokens, migration 00010)
// and what each comment was trained as (comment_spam_trained, 00014). The
// row with token "" holds the numbers of comments trained as spam and ham.

// SpamTokenCount is in how many trained spam and ham comments a token
// appeared.
type SpamTokenCount struct{ Spam, Ham int }

// SpamCounts returns the counts of the given tokens (tokens never trained
// are absent) and the numbers of comments trained as spam and as ham.
func (s *Store) SpamCounts(ctx context.Context, tokens []string) (counts map[string]SpamTokenCount, spamDocs, hamDocs int, err error) {
	counts = map[string]SpamTokenCount{}
	args := make([]any, 0, len(tokens)+1)
	args = append(args, "")
	for _, t := range tokens {
		if t != "" {
			args = append(args, t)
		}
	}
	// Fixed-size chunks padded with "" (the documents row, read once more)
	// keep the statement text constant, so it is prepared once and cached.
	const chunkSize = 64
	q := "SELECT token, spam, ham FROM comment_spam_tokens WHERE token IN (" + inList(chunkSize) + ")"
	for start := 0; start < len(args); start += chunkSize {
		chunk := make([]any, chunkSize)
		n := copy(chunk, args[start:min(start+chunkSize, len(args))])
		for i := n; i < chunkSize; i++ {
			chunk[i] = ""
		}
		rows, err := s.query(ctx, q, chunk...)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("store: spam counts: %w", err)
		}
		for rows.Next() {
			var t string
			var c SpamTokenCount
			if err := rows.Scan(&t, &c.Spam, &c.Ham); err != nil {
				rows.Close()
				return nil, 0, 0, fmt.Errorf("store: spam counts: %w", err)
			}
			if t == "" {
				spamDocs, hamDocs = c.Spam, c.Ham
			} else {
				counts[t] = c
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, 0, 0, fmt.Errorf("store: spam counts: %w", err)
		}
	}
	return counts, spamDocs, hamDocs, nil
}

// TrainSpam records a moderator's decision on comment commentID for the
// learning filter: spam true trains its tokens as spam, false as ham. A
// comment already trained with the same label is left alone (it returns
// false); one trained with the other label is untrained first with the
// tokens it was trained with, so counts stay exact when a moderator
// changes their mind. It runs in one transaction.
func (s *Store) TrainSpam(ctx context.Context, commentID int64, tokens []string, spam bool, at time.Time) (bool, error) {
	label := "ham"
	if spam {
		label = "spam"
	}
	changed := false
	err := s.InTx(ctx, func(tx *Store) error {
		var old, oldTokens string
		err := tx.writer().QueryRowContext(ctx, tx.rebind("SELECT label, tokens FROM comment_spam_trained WHERE comment_id = ?"), commentID).Scan(&old, &oldTokens)
		switch {
		case isNoRows(err):
		case err != nil:
			return fmt.Errorf("store: train filter: %w", err)
		case old == label:
			return nil
		default:
			if err := tx.addSpamCounts(ctx, splitTokens(oldTokens), old == "spam", -1); err != nil {
				return err
			}
		}
		if err := tx.addSpamCounts(ctx, tokens, spam, 1); err != nil {
			return err
		}
		if _, err := tx.execQuiet(ctx, `INSERT INTO comment_spam_trained (comment_id, label, tokens, trained) VALUES (?,?,?,?)
			ON CONFLICT (comment_id) DO UPDATE SET label = excluded.label, tokens = excluded.tokens, trained = excluded.trained`,
			commentID, label, strings.Join(tokens, "\n"), unix(at)); err != nil {
			return fmt.Errorf("store: train filter: %w", err)
		}
		changed = true
		return nil
	})
	return changed, err
}

// SpamTrainedLabel returns "spam", "ham" or "" (not trained) for a comment.
func (s *Store) SpamTrainedLabel(ctx context.Context, commentID int64) (string, error) {
	var label string
	err := s.queryRow(ctx, "SELECT label FROM comment_spam_trained WHERE comment_id = ?", commentID).Scan(&label)
	if isNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: trained label: %w", err)
	}
	return label, nil
}

func splitTokens(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// addSpamCounts adds delta to the spam or ham count of each token and of
// the document row "", in statements of at most 200 tokens.
func (s *Store) addSpamCounts(ctx context.Context, tokens []string, spam bool, delta int) error {
	sd, hd := 0, delta
	if spam {
		sd, hd = delta, 0
	}
	seen := map[string]bool{"": true}
	all := []string{""}
	for _, t := range tokens {
		if !seen[t] {
			seen[t] = true
			all = append(all, t)
		}
	}
	for start := 0; start < len(all); start += 200 {
		chunk := all[start:min(start+200, len(all))]
		args := make([]any, 0, 3*len(chunk))
		for _, t := range chunk {
			args = append(args, t, sd, hd)
		}
		q := "INSERT INTO comment_spam_tokens (token, spam, ham) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?),", len(chunk)), ",") +
			` ON CONFLICT (token) DO UPDATE SET spam = comment_spam_tokens.spam + excluded.spam,
			ham = comment_spam_tokens.ham + excluded.ham`
		if _, err := s.execQuiet(ctx, q, args...); err != nil {
			return fmt.Errorf("store: train filter: %w", err)
		}
		if delta < 0 {
			del := make([]any, len(chunk))
			for i, t := range chunk {
				del[i] = t
			}
			if _, err := s.execQuiet(ctx, "DELETE FROM comment_spam_tokens WHERE spam <= 0 AND ham <= 0 AND token <> '' AND token IN ("+
				inList(len(chunk))+")", del...); err != nil {
				return fmt.Errorf("store: train filter: %w", err)
			}
		}
	}
	return nil
}

// UntrainedDecisions returns up to limit comments (with their authors),
// id greater than afterID, in id order, whose status is approved or spam
// and that the learning filter has not been trained on; with importedOnly,
// only imported ones (source set). It serves `masthead comments train`.
func (s *Store) UntrainedDecisions(ctx context.Context, afterID int64, limit int, importedOnly bool) ([]*model.Comment, error) {
	q := commentWithIdentity + ` WHERE c.id > ? AND c.status IN ('approved', 'spam')
		AND NOT EXISTS (SELECT 1 FROM comment_spam_trained t WHERE t.comment_id = c.id)`
	if importedOnly {
		q += " AND c.source <> ''"
	}
	return s.comments(ctx, q+" ORDER BY c.id LIMIT ?", afterID, limit)
}

// CountUntrainedDecisions counts what UntrainedDecisions would return in all.
func (s *Store) CountUntrainedDecisions(ctx context.Context, importedOnly bool) (int, error) {
	q := `SELECT count(*) FROM comments c WHERE c.status IN ('approved', 'spam')
		AND NOT EXISTS (SELECT 1 FROM comment_spam_trained t WHERE t.comment_id = c.id)`
	if importedOnly {
		q += " AND c.source <> ''"
	}
	var n int
	if err := s.queryRow(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: untrained comments: %w", err)
	}
	return n, nil
}
