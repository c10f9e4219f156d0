package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"masthead/internal/api"
	"masthead/internal/store"
)

const apikeyUsage = `Usage:
  masthead apikey add --name N     make a Content API key (the secret is printed once)
  masthead apikey list             list keys (prefix, name, created, last used, revoked)
  masthead apikey revoke --id ID   revoke a key; requests with it get 401 at once

Requests send the key as "Authorization: Bearer KEY" (or "X-API-Key: KEY").
Only the key's SHA-256 is stored. Common flags such as --data and
--database-url select the database; -h lists them.`

// runAPIKey dispatches `masthead apikey SUBCOMMAND`.
func runAPIKey(ctx context.Context, e *Env, args []string) error {
	return e.dispatch(ctx, apikeyUsage, []subcommand{{"add", runAPIKeyAdd}, {"list", runAPIKeyList}, {"revoke", runAPIKeyRevoke}}, args)
}

func runAPIKeyAdd(ctx context.Context, e *Env, args []string) error {
	var name string
	cfg, err := e.parseNoArgs("apikey add", args, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "who or what the key is for, e.g. \"app\" (required)")
	})
	if err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return usageError{"--name is required (masthead apikey add --name N)"}
	}
	st, err := openStore(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	secret, k, err := api.AddKey(ctx, st, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "added API key %d (%s). Its secret is shown only this once:\n\n  %s\n\nUse it as: curl -H 'Authorization: Bearer %s' %s/api/v1/articles\n",
		k.ID, k.Name, secret, secret, strings.TrimRight(signInBase(ctx, st, cfg), "/"))
	return nil
}

func runAPIKeyList(ctx context.Context, e *Env, args []string) error {
	cfg, err := e.parseNoArgs("apikey list", args, nil)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := st.APIKeys(ctx)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		fmt.Fprintln(e.Stdout, "no API keys yet; make one with: masthead apikey add --name N")
		return nil
	}
	day := func(t time.Time) string { return whenLocal(t, cfg.Location) }
	tw := newTable(e.Stdout)
	fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tCREATED\tLAST USED\tREVOKED")
	for _, k := range keys {
		revoked := "-"
		if !k.Revoked.IsZero() {
			revoked = day(k.Revoked)
		}
		fmt.Fprintf(tw, "%d\t%s…\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Name, day(k.Created), day(k.LastUsed), revoked)
	}
	return tw.Flush()
}

func runAPIKeyRevoke(ctx context.Context, e *Env, args []string) error {
	var id int64
	cfg, err := e.parseNoArgs("apikey revoke", args, func(fs *flag.FlagSet) {
		fs.Int64Var(&id, "id", 0, "id of the key, as shown by masthead apikey list (required)")
	})
	if err != nil {
		return err
	}
	if id <= 0 {
		return usageError{"--id is required (masthead apikey revoke --id ID; see masthead apikey list)"}
	}
	st, err := openStore(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeAPIKey(ctx, id); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("--id: no API key has the id %d (see masthead apikey list)", id)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "API key %d revoked\n", id)
	return nil
}
