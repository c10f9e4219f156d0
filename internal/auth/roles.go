package auth

import (
	"fmt"
	"strings"
)

// Role is a newsroom account's role. The six roles follow the usual
// newsroom/CMS split (WordPress and Ghost have similar ladders): an owner
// runs the whole site, editors run the journalism, authors write and publish
// their own stories, contributors write drafts for review, moderators look
// after the comments and analysts read the numbers.
type Role string

// The roles, from most to least powerful on the editorial side.
const (
	Owner       Role = "owner"
	Editor      Role = "editor"
	Author      Role = "author"
	Contributor Role = "contributor"
	Moderator   Role = "moderator"
	Analyst     Role = "analyst"
)

// Roles lists every role in the order used by documentation and forms.
var Roles = []Role{Owner, Editor, Author, Contributor, Moderator, Analyst}

// ParseRole returns the role named s (case-insensitive, surrounding spaces
// ignored) or an error listing the valid names.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range Roles {
		if r == k {
			return r, nil
		}
	}
	names := make([]string, len(Roles))
	for i, k := range Roles {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown role %q (want one of %s)", s, strings.Join(names, ", "))
}

// Action is something a signed-in user may be allowed to do.
type Action string

// The actions of the permission matrix. Article actions (publish, schedule,
// unpublish, delete) on another user's article additionally need EditOthers;
// see CanArticle.
const (
	CreateArticle    Action = "create article"
	EditOwn          Action = "edit own articles"
	EditOthers       Action = "edit others' articles"
	Publish          Action = "publish"
	Schedule         Action = "schedule"
	Unpublish        Action = "unpublish"
	Delete           Action = "delete articles"
	ManageFronts     Action = "manage fronts"
	ManageTaxonomy   Action = "manage sections, tags and authors"
	ManageUsers      Action = "manage users"
	ModerateComments Action = "moderate comments"
	ViewAnalytics    Action = "view analytics"
)

// Actions lists every action in the order used by documentation.
var Actions = []Action{CreateArticle, EditOwn, EditOthers, Publish, Schedule, Unpublish, Delete,
	ManageFronts, ManageTaxonomy, ManageUsers, ModerateComments, ViewAnalytics}

// matrix is the permission matrix: matrix[action] is the set of roles
// allowed to take it. docs/PERMISSIONS.md is generated from it
// (MarkdownTable) and a test fails when the two disagree.
var matrix = map[Action][]Role{
	CreateArticle:    {Owner, Editor, Author, Contributor},
	EditOwn:          {Owner, Editor, Author, Contributor},
	EditOthers:       {Owner, Editor},
	Publish:          {Owner, Editor, Author},
	Schedule:         {Owner, Editor, Author},
	Unpublish:        {Owner, Editor},
	Delete:           {Owner, Editor},
	ManageFronts:     {Owner, Editor},
	ManageTaxonomy:   {Owner, Editor},
	ManageUsers:      {Owner},
	ModerateComments: {Owner, Editor, Moderator},
	ViewAnalytics:    {Owner, Editor, Analyst},
}

// Can reports whether role may take action. Unknown roles and actions may
// do nothing.
func Can(role Role, action Action) bool {
	for _, r := range matrix[action] {
		if r == role {
			return true
		}
	}
	return false
}

// CanArticle reports whether role may take an article action (EditOwn,
// Publish, Schedule, Unpublish, Delete) on an article; own is true when the
// user is one of the article's bylined authors or created it. On somebody
// else's article the role needs both the action and EditOthers: an author
// may publish their own story but not a colleague's. EditOwn on another's
// article means EditOthers.
func CanArticle(role Role, action Action, own bool) bool {
	if action == EditOwn || action == EditOthers {
		if own {
			return Can(role, EditOwn)
		}
		return Can(role, EditOthers)
	}
	if !Can(role, action) {
		return false
	}
	return own || Can(role, EditOthers)
}

// Allowed returns the actions role may take, in Actions order.
func Allowed(role Role) []Action {
	var out []Action
	for _, a := range Actions {
		if Can(role, a) {
			out = append(out, a)
		}
	}
	return out
}

// MarkdownTable renders the permission matrix as a Markdown table: one row
// per action (Actions order), one column per role (Roles order), "yes" or
// "—" in each cell. docs/PERMISSIONS.md carries this exact text.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| action |")
	for _, r := range Roles {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n|---|")
	for range Roles {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	for _, a := range Actions {
		b.WriteString("| " + string(a) + " |")
		for _, r := range Roles {
			if Can(r, a) {
				b.WriteString(" yes |")
			} else {
				b.WriteString(" — |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
