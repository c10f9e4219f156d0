package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"masthead/internal/api"
	"masthead/internal/auth"
	"masthead/internal/store"
)

const tokenUsage = `Usage:
  masthead token add --email E --name N   make an Admin API token for the user E (the secret is printed once)
  masthead token list                     list tokens (prefix, user, name, created, last used, revoked)
  masthead token revoke --id ID           revoke a token; requests with it get 401 at once

A token acts with its user's role; a disabled user's tokens stop working.
Requests send it as "Authorization: Bearer mht_…". Only its SHA-256 is
stored. Common flags such as --data and --database-url select the
database; -h lists them.`

// runToken dispatches `masthead token SUBCOMMAND`.
func runToken(ctx context.Context, e *Env, args []string) error {
	return e.dispatch(ctx, tokenUsage, []subcommand{{"add", runTokenAdd}, {"list", runTokenList}, {"revoke", runTokenRevoke}}, args)
}

func runTokenAdd(ctx context.Context, e *Env, args []string) error {
	var email, name string
	cfg, err := e.parseNoArgs("token add", args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "e-mail address of the newsroom user the token acts as (required)")
		fs.StringVar(&name, "name", "", "what the token is for, e.g. \"cms-sync\" (required)")
	})
	if err != nil {
		return err
	}
	email, name = strings.TrimSpace(email), strings.TrimSpace(name)
	if email == "" || name == "" {
		return usageError{"--email and --name are required (masthead token add --email E --name N)"}
	}
	st, err := openStore(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	secret, k, err := api.AddToken(ctx, st, email, name)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("--email: no user has the address %s (see masthead user list)", email)
	}
	if err != nil {
		return err
	}
	sample := "/api/v1/admin/articles/ID"
	if u, err := st.UserByID(ctx, k.UserID); err == nil {
		sample = sampleCall(auth.Role(u.Role))
	}
	fmt.Fprintf(e.Stdout, "added Admin API token %d (%s) for %s. Its secret is shown only this once:\n\n  %s\n\nUse it as: curl -H 'Authorization: Bearer %s' '%s%s'\n",
		k.ID, k.Name, store.NormalizeEmail(email), secret, secret, strings.TrimRight(signInBase(ctx, st, cfg), "/"), sample)
	return nil
}

// sampleCall is an Admin API path the role may call: an article for roles
// that write, the analytics stats for the others that may view analytics.
func sampleCall(role auth.Role) string {
	if !auth.Can(role, auth.CreateArticle) && auth.Can(role, auth.ViewAnalytics) {
		return "/api/v1/admin/analytics/stats?period=week"
	}
	return "/api/v1/admin/articles/ID"
}

func runTokenList(ctx context.Context, e *Env, args []string) error {
	cfg, err := e.parseNoArgs("token list", args, nil)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	toks, err := st.APITokens(ctx)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		fmt.Fprintln(e.Stdout, "no Admin API tokens yet; make one with: masthead token add --email E --name N")
		return nil
	}
	day := func(t time.Time) string { return whenLocal(t, cfg.Location) }
	tw := newTable(e.Stdout)
	fmt.Fprintln(tw, "ID\tPREFIX\tUSER\tNAME\tCREATED\tLAST USED\tREVOKED")
	for _, k := range toks {
		user := fmt.Sprint(k.UserID)
		if u, err := st.UserByID(ctx, k.UserID); err == nil {
			user = u.Email
		}
		revoked := "-"
		if !k.Revoked.IsZero() {
			revoked = day(k.Revoked)
		}
		fmt.Fprintf(tw, "%d\t%s…\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, user, k.Name, day(k.Created), day(k.LastUsed), revoked)
	}
	return tw.Flush()
}

func runTokenRevoke(ctx context.Context, e *Env, args []string) error {
	var id int64
	cfg, err := e.parseNoArgs("token revoke", args, func(fs *flag.FlagSet) {
		fs.Int64Var(&id, "id", 0, "id of the token, as shown by masthead token list (required)")
	})
	if err != nil {
		return err
	}
	if id <= 0 {
		return usageError{"--id is required (masthead token revoke --id ID; see masthead token list)"}
	}
	st, err := openStore(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeAPIToken(ctx, id); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("--id: no token has the id %d (see masthead token list)", id)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Admin API token %d revoked\n", id)
	return nil
}
