package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"masthead/internal/model"
)

// Comment settings (table comment_settings, migration 00010): moderation
// mode and closing rules for the site, a section or an article.

// CommentSettings returns the settings stored for (scope, scopeID). A scope
// with no row yet returns inheriting settings (ModeInherit, AutoCloseDays
// -1); the site row always exists.
func (s *Store) CommentSettings(ctx context.Context, scope string, scopeID int64) (model.CommentSettings, error) {
	cs := model.CommentSettings{Scope: scope, ScopeID: scopeID, AutoCloseDays: -1}
	var mode string
	var closed, updated int64
	var by sql.NullInt64
	err := s.queryRow(ctx, "SELECT mode, closed, auto_close_days, updated, updated_by FROM comment_settings WHERE scope = ? AND scope_id = ?",
		scope, scopeID).Scan(&mode, &closed, &cs.AutoCloseDays, &updated, &by)
	if isNoRows(err) {
		return cs, nil
	}
	if err != nil {
		return cs, fmt.Errorf("store: comment settings: %w", err)
	}
	cs.Mode, cs.Closed, cs.Updated, cs.UpdatedBy = model.ModerationMode(mode), fromUnix(closed), fromUnix(updated), by.Int64
	return cs, nil
}

// SaveCommentSettings writes cs for its scope (insert or replace). The
// site scope needs a mode and AutoCloseDays ≥ 0 (it has nothing to inherit
// from); Closed is kept only for articles. Updated defaults to the store
// clock.
func (s *Store) SaveCommentSettings(ctx context.Context, cs model.CommentSettings) error {
	switch {
	case cs.Scope != model.ScopeSite && cs.Scope != model.ScopeSection && cs.Scope != model.ScopeArticle:
		return fmt.Errorf("store: unknown comment settings scope %q", cs.Scope)
	case !cs.Mode.Valid():
		return fmt.Errorf("store: unknown moderation mode %q", cs.Mode)
	case cs.AutoCloseDays < -1:
		return fmt.Errorf("store: auto-close days %d below -1", cs.AutoCloseDays)
	case cs.Scope == model.ScopeSite && (cs.Mode == model.ModeInherit || cs.AutoCloseDays < 0 || cs.ScopeID != 0):
		return fmt.Errorf("store: site comment settings need a mode and auto-close days")
	case cs.Scope != model.ScopeSite && cs.ScopeID == 0:
		return fmt.Errorf("store: %s comment settings without an id", cs.Scope)
	}
	if cs.Scope != model.ScopeArticle {
		cs.Closed = time.Time{}
	}
	if cs.Updated.IsZero() {
		cs.Updated = s.Now()
	}
	_, err := s.execQuiet(ctx, `INSERT INTO comment_settings (scope, scope_id, mode, closed, auto_close_days, updated, updated_by)
		VALUES (?,?,?,?,?,?,?) ON CONFLICT (scope, scope_id) DO UPDATE SET mode = excluded.mode, closed = excluded.closed,
		auto_close_days = excluded.auto_close_days, updated = excluded.updated, updated_by = excluded.updated_by`,
		cs.Scope, cs.ScopeID, string(cs.Mode), unix(cs.Closed), cs.AutoCloseDays, unix(cs.Updated), nullID(cs.UpdatedBy))
	if err != nil {
		return fmt.Errorf("store: save comment settings: %w", err)
	}
	return nil
}

// EffectiveCommentSettings returns the settings that apply to the comments
// of article a: for Mode and AutoCloseDays the article's own value, else
// its section's, else the site's; Closed is the article's. The result has
// Scope "article" and ScopeID a.ID.
func (s *Store) EffectiveCommentSettings(ctx context.Context, a *model.Article) (model.CommentSettings, error) {
	out := model.CommentSettings{Scope: model.ScopeArticle, ScopeID: a.ID, AutoCloseDays: -1}
	rows, err := s.query(ctx, `SELECT scope, mode, closed, auto_close_days FROM comment_settings
		WHERE (scope = 'site' AND scope_id = 0) OR (scope = 'section' AND scope_id = ?) OR (scope = 'article' AND scope_id = ?)`,
		a.SectionID, a.ID)
	if err != nil {
		return out, fmt.Errorf("store: comment settings: %w", err)
	}
	defer rows.Close()
	byScope := map[string]model.CommentSettings{}
	for rows.Next() {
		var cs model.CommentSettings
		var mode string
		var closed int64
		if err := rows.Scan(&cs.Scope, &mode, &closed, &cs.AutoCloseDays); err != nil {
			return out, fmt.Errorf("store: comment settings: %w", err)
		}
		cs.Mode, cs.Closed = model.ModerationMode(mode), fromUnix(closed)
		byScope[strings.TrimSpace(cs.Scope)] = cs
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: comment settings: %w", err)
	}
	for _, sc := range []string{model.ScopeArticle, model.ScopeSection, model.ScopeSite} {
		cs, ok := byScope[sc]
		if !ok {
			continue
		}
		if out.Mode == model.ModeInherit {
			out.Mode = cs.Mode
		}
		if out.AutoCloseDays < 0 {
			out.AutoCloseDays = cs.AutoCloseDays
		}
	}
	if out.Mode == model.ModeInherit {
		out.Mode = model.ModePost
	}
	if out.AutoCloseDays < 0 {
		out.AutoCloseDays = 14
	}
	out.Closed = byScope[model.ScopeArticle].Closed
	return out, nil
}
