package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/store"
)

// EnvPassword holds a new account's password for `masthead user add` and
// `user set-password` when no terminal is at hand (scripts, containers);
// EnvPassword+"_FILE" may name a file holding it instead.
const EnvPassword = "MASTHEAD_PASSWORD"

const userUsage = `Usage:
  masthead user add --email E --name N --role R   create a newsroom account
  masthead user list                              list accounts
  masthead user set-password --email E            replace a password (ends the account's sessions)

Roles: owner, editor, author, contributor, moderator, analyst (docs/PERMISSIONS.md).
The password comes from $MASTHEAD_PASSWORD (or the file named by $MASTHEAD_PASSWORD_FILE),
or is asked for without echo when standard input is a terminal. Common flags such as
--data and --database-url select the database; -h lists them.`

// runUser dispatches `masthead user SUBCOMMAND`.
func runUser(ctx context.Context, e *Env, args []string) error {
	return e.dispatch(ctx, userUsage, []subcommand{{"add", runUserAdd}, {"list", runUserList}, {"set-password", runUserSetPassword}}, args)
}

// openAuth opens and migrates the store named by cfg and returns an auth
// service over it; the caller closes the store.
func (e *Env) openAuth(ctx context.Context, cfg *config.Config) (*store.Store, *auth.Service, error) {
	log := e.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	return st, auth.New(st, auth.Options{Log: log}), nil
}

func runUserAdd(ctx context.Context, e *Env, args []string) error {
	var email, name, role string
	cfg, err := e.parseNoArgs("user add", args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "e-mail address, used to sign in (required)")
		fs.StringVar(&name, "name", "", "name shown in the admin (required)")
		fs.StringVar(&role, "role", "", "owner, editor, author, contributor, moderator or analyst (required)")
	})
	if err != nil {
		return err
	}
	for _, f := range []struct{ flag, val string }{{"email", email}, {"name", name}, {"role", role}} {
		if strings.TrimSpace(f.val) == "" {
			return usageError{"--" + f.flag + " is required (" + "masthead user add --email E --name N --role R)"}
		}
	}
	if _, err := auth.ParseRole(role); err != nil {
		return usageError{"--role: " + err.Error()}
	}
	if _, err := auth.ValidateEmail(email); err != nil {
		return usageError{"--email: " + err.Error()}
	}
	if _, err := auth.ValidateName(name); err != nil {
		return usageError{"--name: " + err.Error()}
	}
	pw, err := e.password(store.NormalizeEmail(email))
	if err != nil {
		return err
	}
	st, svc, err := e.openAuth(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := svc.AddUser(ctx, email, name, role, pw)
	if err != nil {
		return fieldErr(err)
	}
	fmt.Fprintf(e.Stdout, "added %s <%s> as %s; sign in at %s/admin/login\n", u.Name, u.Email, u.Role, signInBase(ctx, st, cfg))
	return nil
}

func runUserList(ctx context.Context, e *Env, args []string) error {
	cfg, err := e.parseNoArgs("user list", args, nil)
	if err != nil {
		return err
	}
	st, svc, err := e.openAuth(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := svc.Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(e.Stdout, "no accounts yet; add the first owner with: masthead user add --email E --name N --role owner")
		return nil
	}
	day := func(t time.Time) string { return whenLocal(t, cfg.Location) }
	tw := newTable(e.Stdout)
	fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tCREATED\tLAST LOGIN")
	for _, u := range users {
		r := u.Role
		if u.Disabled {
			r += " (disabled)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, r, day(u.Created), day(u.LastLogin))
	}
	return tw.Flush()
}

func runUserSetPassword(ctx context.Context, e *Env, args []string) error {
	var email string
	cfg, err := e.parseNoArgs("user set-password", args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "e-mail address of the account (required)")
	})
	if err != nil {
		return err
	}
	if strings.TrimSpace(email) == "" {
		return usageError{"--email is required (masthead user set-password --email E)"}
	}
	st, svc, err := e.openAuth(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.UserByEmail(ctx, email); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("--email: no account has the e-mail address %q (see masthead user list)", store.NormalizeEmail(email))
	}
	pw, err := e.password(store.NormalizeEmail(email))
	if err != nil {
		return err
	}
	if err := svc.SetPassword(ctx, email, pw); err != nil {
		return fieldErr(err)
	}
	fmt.Fprintf(e.Stdout, "password of %s changed; its sessions have ended\n", store.NormalizeEmail(email))
	return nil
}

// fieldErr names the flag (or password source) at fault in an auth error.
// Input errors exit 2; a taken e-mail address exits 1.
func fieldErr(err error) error {
	var fe *auth.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	if fe.Field == "password" {
		return usageError{"password (" + EnvPassword + " or prompt): " + fe.Err.Error()}
	}
	if errors.Is(err, store.ErrDuplicateEmail) {
		return fmt.Errorf("--%s: %w", fe.Field, fe.Err)
	}
	return usageError{"--" + fe.Field + ": " + fe.Err.Error()}
}

// password returns the new password for account: from EnvPassword, from the
// file named by EnvPassword_FILE (one trailing newline removed), or typed
// twice at a terminal without echo. Without any of them it fails with a
// message saying how to give one.
func (e *Env) password(account string) (string, error) {
	if pw := e.Getenv(EnvPassword); pw != "" {
		return pw, nil
	}
	if file := e.Getenv(EnvPassword + "_FILE"); file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", EnvPassword, err)
		}
		return strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r"), nil
	}
	f, ok := e.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageError{"no password given: set " + EnvPassword + " (or " + EnvPassword + "_FILE), or run in a terminal to be asked for it"}
	}
	fmt.Fprintf(e.Stderr, "New password for %s (at least %d characters): ", account, auth.MinPasswordLength)
	a, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.Stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if err := auth.CheckPassword(string(a)); err != nil {
		return "", usageError{"password: " + err.Error()}
	}
	fmt.Fprint(e.Stderr, "Repeat the password: ")
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.Stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if string(a) != string(b) {
		return "", usageError{"password: the two entries differ; nothing was changed"}
	}
	return string(a), nil
}

// signInBase is the base URL for the links `user add`, `token add` and
// `apikey add` print: the --base-url (or MASTHEAD_BASE_URL) given to this
// command; when none was, the one `masthead serve` recorded in the
// database; else the default.
func signInBase(ctx context.Context, st *store.Store, cfg *config.Config) string {
	if cfg.BaseURL != "http://"+cfg.Addr {
		return cfg.BaseURL // given explicitly
	}
	if served, err := st.ServedBaseURL(ctx); err == nil && served != "" {
		return served
	}
	return cfg.BaseURL
}
