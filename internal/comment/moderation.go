package comment

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"masthead/internal/comment/spam"
	"masthead/internal/model"
	"masthead/internal/store"
)

// Audit actions of moderators (table audit, shown at /admin/audit).
const (
	AuditApprove  = "comment approve"
	AuditReject   = "comment reject"
	AuditSpam     = "comment spam"
	AuditPending  = "comment pending"
	AuditBan      = "comment ban"
	AuditLiftBan  = "comment ban lifted"
	AuditSettings = "comment settings"
	AuditWords    = "comment word list"
)

// FeaturesOf returns the learning filter's view of a comment: its source,
// link URLs (from the sanitised HTML, spam.Links), and signals about its
// author (guest or not, first-time, e-mail and website given, a link-like
// display name). id may be nil (an unknown author counts as a guest).
func FeaturesOf(source string, links []string, id *model.CommentIdentity, firstTime bool) spam.Features {
	f := spam.Features{Body: source, LinkURLs: links, Guest: true, FirstTime: firstTime}
	if id != nil {
		f.Guest = id.Kind == model.IdentityGuest
		f.HasEmail = id.Email != ""
		f.HasWebsite = id.Website != ""
		n := strings.ToLower(id.Name)
		f.NameHasLink = strings.Contains(n, "http") || strings.Contains(n, "www.") ||
			strings.Contains(n, ".com") || strings.Contains(n, ".net") || strings.Contains(n, ".ru")
	}
	return f
}

// Score runs the learning filter on f with the counts in the store.
func (d *Decider) Score(ctx context.Context, f spam.Features) (spam.Score, error) {
	return scoreTokens(ctx, d.Store, spam.Tokens(f))
}

func scoreTokens(ctx context.Context, st *store.Store, tokens []string) (spam.Score, error) {
	counts, sd, hd, err := st.SpamCounts(ctx, tokens)
	if err != nil {
		return spam.Score{}, err
	}
	c := spam.Corpus{SpamDocs: sd, HamDocs: hd, Counts: make(map[string]spam.TokenCount, len(counts))}
	for t, n := range counts {
		c.Counts[t] = spam.TokenCount{Spam: n.Spam, Ham: n.Ham}
	}
	return spam.Classify(tokens, c), nil
}

// CommentScore recomputes the learning filter's score of a stored comment
// with today's counts, with its telling tokens, for the moderation queue.
func (d *Decider) CommentScore(ctx context.Context, c *model.Comment) (spam.Score, error) {
	return scoreTokens(ctx, d.Store, commentTokens(c))
}

// commentTokens are the filter tokens of a stored comment, the same as
// Decide computed when it was posted (the first-time signal is not used on
// either side: it changes once the author is approved).
func commentTokens(c *model.Comment) []string {
	return spam.Tokens(FeaturesOf(c.BodySource, spam.Links(c.BodyHTML), c.Identity, false))
}

// ErrNoSuchStatus is returned by Moderate for a status moderators cannot
// set (only approved, rejected, spam and pending are).
var ErrNoSuchStatus = errors.New("comment: moderators can approve, reject, mark as spam or return to pending")

// Moderate records moderator by's decision on the comments ids: they take
// status (approved, rejected, spam, or pending to reconsider), their open
// flags are resolved, each gets an audit entry, and approve and spam
// decisions train the learning filter (ham and spam; a comment trained
// the other way before is untrained first). Deleted comments and unknown
// ids are skipped. It returns how many comments were changed.
func (d *Decider) Moderate(ctx context.Context, ids []int64, status model.CommentStatus, by *store.User, now time.Time) (int, error) {
	action := ""
	switch status {
	case model.CommentApproved:
		action = AuditApprove
	case model.CommentRejected:
		action = AuditReject
	case model.CommentSpam:
		action = AuditSpam
	case model.CommentPending:
		action = AuditPending
	default:
		return 0, ErrNoSuchStatus
	}
	var todo []*model.Comment
	for _, id := range ids {
		c, err := d.Store.Comment(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return 0, err
		}
		if c.Status == model.CommentDeleted {
			continue
		}
		todo = append(todo, c)
	}
	if len(todo) == 0 {
		return 0, nil
	}
	done := 0
	err := d.Store.InTx(ctx, func(tx *store.Store) error {
		keep := make([]int64, len(todo))
		for i, c := range todo {
			keep[i] = c.ID
		}
		n, err := tx.SetCommentStatus(ctx, keep, status, by.ID, now)
		if err != nil {
			return err
		}
		done = n
		for _, c := range todo {
			if status == model.CommentApproved || status == model.CommentSpam {
				if _, err := tx.TrainSpam(ctx, c.ID, commentTokens(c), status == model.CommentSpam, now); err != nil {
					return err
				}
			}
			detail := fmt.Sprintf("comment %d by %s (was %s): %s", c.ID, authorName(c), c.Status, excerpt(c.BodySource, 120))
			if err := tx.AddAudit(ctx, &store.AuditEntry{UserID: by.ID, UserName: by.Name, Action: action,
				ArticleID: c.ArticleID, Detail: detail, Created: now}); err != nil {
				return err
			}
		}
		return nil
	})
	return done, err
}

func authorName(c *model.Comment) string {
	if c.Identity == nil {
		return "unknown"
	}
	return c.Identity.Name
}

// excerpt returns s on one line, cut to at most n runes with "…".
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Ban records moderator by's ban and its audit entry. b needs an identity,
// an e-mail address or an IP hash (store.ErrBanTarget otherwise).
func (d *Decider) Ban(ctx context.Context, b *model.CommentBan, by *store.User, now time.Time) error {
	b.CreatedBy, b.Created = by.ID, now
	return d.Store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.AddCommentBan(ctx, b); err != nil {
			return err
		}
		return tx.AddAudit(ctx, &store.AuditEntry{UserID: by.ID, UserName: by.Name, Action: AuditBan, Created: now,
			Detail: describeBan(b)})
	})
}

// LiftBan ends ban id early and records it in the audit log.
func (d *Decider) LiftBan(ctx context.Context, id int64, by *store.User, now time.Time) error {
	return d.Store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.LiftCommentBan(ctx, id, now); err != nil {
			return err
		}
		return tx.AddAudit(ctx, &store.AuditEntry{UserID: by.ID, UserName: by.Name, Action: AuditLiftBan, Created: now,
			Detail: fmt.Sprintf("ban %d lifted", id)})
	})
}

func describeBan(b *model.CommentBan) string {
	var parts []string
	if b.IdentityID != 0 {
		parts = append(parts, fmt.Sprintf("identity %d", b.IdentityID))
	}
	if b.Email != "" {
		parts = append(parts, "e-mail "+b.Email)
	}
	if b.IPHash != "" {
		parts = append(parts, "IP hash "+b.IPHash)
	}
	s := "ban " + strings.Join(parts, ", ")
	if b.Shadow {
		s = "shadow " + s
	}
	if b.Until.IsZero() {
		s += ", permanent"
	} else {
		s += ", until " + b.Until.UTC().Format("2006-01-02 15:04 UTC")
	}
	if b.Reason != "" {
		s += ": " + b.Reason
	}
	return s
}

// SetWords replaces word list kind (store.WordsBanned or WordsSuspect) with
// the entries of text (spam.ParseWordList: one per line, "#" comments,
// "word*" prefixes). A bad line is refused with an error naming it and
// nothing is saved. The change is audited and takes effect at once in this
// process (within ListsTTL in others).
func (d *Decider) SetWords(ctx context.Context, kind, text string, by *store.User, now time.Time) error {
	l, err := spam.ParseWordList(text)
	if err != nil {
		return &Refusal{Code: 400, Message: "The " + kind + " word list was not saved: " + err.Error() + "."}
	}
	var words []string
	if l.Len() > 0 {
		words = strings.Split(l.String(), "\n")
	}
	err = d.Store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetCommentWords(ctx, kind, words, by.ID, now); err != nil {
			return err
		}
		return tx.AddAudit(ctx, &store.AuditEntry{UserID: by.ID, UserName: by.Name, Action: AuditWords, Created: now,
			Detail: fmt.Sprintf("%s word list: %d entries", kind, len(words))})
	})
	d.Invalidate()
	return err
}

// TrainHistory trains the learning filter on past decisions: every
// approved comment as ham and every spam comment as spam, among those it
// was not trained on yet — with importedOnly, only imported comments (the
// old comment system's moderation, e.g. Disqus's spam folder). progress,
// when not nil, is called with the number done and the total after each
// batch of 500. It returns how many comments it trained as spam and as ham.
// Running it again trains nothing twice.
func (d *Decider) TrainHistory(ctx context.Context, importedOnly bool, progress func(done, total int64)) (spamN, hamN int, err error) {
	total, err := d.Store.CountUntrainedDecisions(ctx, importedOnly)
	if err != nil {
		return 0, 0, err
	}
	now := time.Now().UTC()
	var after int64
	done := 0
	for {
		batch, err := d.Store.UntrainedDecisions(ctx, after, 500, importedOnly)
		if err != nil {
			return spamN, hamN, err
		}
		if len(batch) == 0 {
			break
		}
		var bs, bh int
		err = d.Store.InTx(ctx, func(tx *store.Store) error {
			bs, bh = 0, 0
			for _, c := range batch {
				isSpam := c.Status == model.CommentSpam
				if _, err := tx.TrainSpam(ctx, c.ID, commentTokens(c), isSpam, now); err != nil {
					return err
				}
				if isSpam {
					bs++
				} else {
					bh++
				}
			}
			return nil
		})
		if err != nil {
			return spamN, hamN, err
		}
		spamN, hamN = spamN+bs, hamN+bh
		after = batch[len(batch)-1].ID
		done += len(batch)
		if progress != nil {
			progress(int64(done), int64(max(total, done)))
		}
	}
	return spamN, hamN, nil
}
