package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

func newUserCmd(g *globals) *cobra.Command {
	return newGroupCmd("user", "Add, update, remove and list users",
		newUserAddCmd(g), newUserUpdateCmd(g), newUserRemoveCmd(g), newUserListCmd(g), newUserUnlockCmd(g),
		newUserDisableCmd(g), newUserEnableCmd(g), newUserActivateCmd(g), newUserDeactivateCmd(g),
		newUserSetupCmd(g), newUserUnsetupCmd(g), newUserKeyCmd(g), newUserMergeCmd(g))
}

func newUserAddCmd(g *globals) *cobra.Command {
	var (
		req     api.UserAddRequest
		useLDAP bool
	)
	cmd := &cobra.Command{
		Use:   "add <username> <tenant> <tenant_role> [<user_capabilities>]",
		Short: "Add a user to a tenant",
		Long: `Add a user with a local password to a tenant, or with --ldap --ldap-server S
a user who logs in by binding to that directory server (no password is
kept for them; --ldap-user-dn names their entry when the directory spells
their name differently, else the entry is found by their username), or
with --openshift a user who logs in with their OpenShift password, checked
by the cluster's OAuth server (see 'gatehouse openshift configure'); their
OpenShift user must exist.

The username is 1-64 characters of a-z, A-Z, 0-9, '.', '-' and '_'. The
tenant role is superadmin (only in Administrators), tenantadmin or user.
User capabilities are a comma-separated list; without them the user gets
every capability of the role, and NoCapabilities grants none.

The password comes from --password, else GATEHOUSE_PASSWORD, else a prompt
(twice). Without --namespace the user gets a new primary namespace named
after the tenant and user ids (t003-u000010); a --namespace that exists in
the tenant changes owner.

--operator, in place of tenant and role, adds an operator of tenant
Administrators, as Triton's operator levels: full (a superadmin) or
read-only (sees every user, tenant and object of every tenant, and changes
nothing: the ReadOnlyOperator capability).`,
		Example: `  gatehouse user add user2 t1 user
  gatehouse user add user5 t3 user --namespace user5-ns
  gatehouse user add admin3 t3 tenantadmin --password secret --email admin3@example.com
  gatehouse user add viewer t3 user ViewApplications,ViewNamespaces
  gatehouse user add ops1 --operator read-only
  gatehouse user add user1 tenant1 user --ldap --ldap-server ldap1
  gatehouse user add user1 tenant1 user --openshift`,
		Args: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("operator") {
				if len(args) > 1 {
					return errors.New("--operator takes the place of <tenant> and <tenant_role>: an operator belongs to Administrators; give only the username, as in 'gatehouse user add ops1 --operator read-only'")
				}
				return exactArgs(1)(cmd, args)
			}
			return rangeArgs(3, 4)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			req.Username = args[0]
			if len(args) >= 3 {
				req.Tenant, req.Role = args[1], args[2]
			}
			if len(args) == 4 {
				req.Capabilities = splitList(args[3])
			}
			switch {
			case useLDAP != (req.LDAPServer != ""):
				return errors.New("--ldap and --ldap-server go together: give both for a user who authenticates against a directory server")
			case req.LDAPUserDN != "" && !useLDAP:
				return errors.New("--ldap-user-dn needs --ldap --ldap-server")
			case useLDAP && cmd.Flags().Changed("password"):
				return errors.New("--password cannot be given with --ldap: the directory checks the user's password")
			case req.OpenShift && useLDAP:
				return errors.New("--openshift cannot be given with --ldap: a user authenticates against one or the other")
			case req.OpenShift && cmd.Flags().Changed("password"):
				return errors.New("--password cannot be given with --openshift: OpenShift checks the user's password")
			case req.PreActivated && (useLDAP || req.OpenShift || cmd.Flags().Changed("password")):
				return errors.New("--pre-activated takes no --password and no --ldap: the account's first directory login links it")
			case !useLDAP && !req.OpenShift && !req.PreActivated:
				if req.Password, err = newPassword.read(cmd); err != nil {
					return err
				}
			}
			m, err := c.AddUser(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.String("password", "", "the user's password (default $GATEHOUSE_PASSWORD, else a prompt)")
	f.StringVar(&req.FirstName, "first-name", "", "first name")
	f.StringVar(&req.LastName, "last-name", "", "last name")
	f.StringVar(&req.Email, "email", "", "email address")
	f.StringVar(&req.Company, "company", "", "company or organisation")
	f.StringVar(&req.Phone, "phone", "", "phone number (free text, at most 64 characters)")
	f.BoolVar(&req.PreActivated, "pre-activated", false, "create the account with --email and no credentials: its first directory login links it to the entry with that email")
	f.StringVar(&req.Namespace, "namespace", "", "primary namespace in the tenant (default: a new one, t<tenant id>-u<user id>)")
	f.BoolVar(&req.ImportNamespace, "import-namespace", false, "import the --namespace if it exists")
	f.StringVar(&req.Operator, "operator", "", "add an operator of Administrators instead: full or read-only")
	f.BoolVar(&req.ReuseRemovedName, "reuse-removed-name", false, "give the new user the name of a removed user (the audit trail keeps both apart by id)")
	f.BoolVar(&useLDAP, "ldap", false, "the user authenticates against an LDAP server (with --ldap-server)")
	f.StringVar(&req.LDAPServer, "ldap-server", "", "the LDAP server the user authenticates against")
	f.StringVar(&req.LDAPUserDN, "ldap-user-dn", "", "the user's DN, when the directory spells their name differently")
	f.BoolVar(&req.OpenShift, "openshift", false, "the user authenticates with their OpenShift password")
	return cmd
}

func newUserUpdateCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "update <username>",
		Short: "Change a user's password, name, email, phone or company",
		Long:  "Change the attributes of a user. Only the options given are changed.",
		Example: `  gatehouse user update u1 --first-name demo-user
  gatehouse user update u1 -p n3w-secret --email u1@example.com`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := userUpdateRequest(cmd)
			if err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UpdateUser(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	userUpdateFlags(cmd)
	return cmd
}

// userUpdateFlags declares the flags userUpdateRequest reads.
func userUpdateFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringP("password", "p", "", "new password")
	f.String("first-name", "", "first name")
	f.String("last-name", "", "last name")
	f.String("email", "", "email address")
	f.String("company", "", "company or organisation")
	f.String("phone", "", "phone number (free text, at most 64 characters); empty clears it")
}

// userUpdateRequest returns the update the flags of userUpdateFlags ask
// for, refusing an empty one.
func userUpdateRequest(cmd *cobra.Command) (api.UserUpdateRequest, error) {
	var req api.UserUpdateRequest
	for _, f := range []struct {
		name string
		dst  **string
	}{{"password", &req.Password}, {"first-name", &req.FirstName}, {"last-name", &req.LastName}, {"email", &req.Email}, {"company", &req.Company}, {"phone", &req.Phone}} {
		if fl := cmd.Flags().Lookup(f.name); fl.Changed {
			v := fl.Value.String()
			*f.dst = &v
		}
	}
	if req == (api.UserUpdateRequest{}) {
		return req, errors.New("nothing to update: pass --password, --first-name, --last-name, --email, --company or --phone")
	}
	return req, nil
}

func newUserRemoveCmd(g *globals) *cobra.Command {
	var req api.UserRemoveRequest
	var yes bool
	cmd := &cobra.Command{
		Use:   "remove <usernames> [<replacement_users>]",
		Short: "Remove users",
		Long: `Remove users: a comma-separated list, all of them or none.

Replacement users are a comma-separated list of <tenant>:<replacement_user>;
the namespaces and objects a removed user owns in that tenant go to its
replacement, who must be a member of the tenant. Without a replacement the
user's namespaces are deleted, unless --keep-k8s-namespaces.
The last local superadmin cannot be removed.`,
		Example: `  gatehouse user remove user2
  gatehouse user remove user5 t3:admin3 -y
  gatehouse user remove user6 --keep-k8s-namespaces -y`,
		Args: rangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Usernames = splitList(args[0])
			if len(req.Usernames) == 0 {
				return errors.New("no username given: usage: " + cmd.UseLine())
			}
			if len(args) == 2 {
				reps, err := parseReplacements(args[1])
				if err != nil {
					return err
				}
				req.ReplacementUsers = reps
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			if err := confirm(cmd, yes, "Are you sure you want to delete [y/n] ? "); err != nil {
				return err
			}
			m, err := c.RemoveUsers(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	cmd.Flags().BoolVar(&req.KeepNamespaces, "keep-k8s-namespaces", false, "do not delete the removed users' namespaces")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

// parseReplacements parses "t3:admin3,t4:admin4".
func parseReplacements(s string) ([]api.ReplacementUser, error) {
	var reps []api.ReplacementUser
	for _, it := range splitList(s) {
		tenant, user, ok := strings.Cut(it, ":")
		if !ok || tenant == "" || user == "" || strings.Contains(user, ":") {
			return nil, fmt.Errorf("invalid replacement user %q: write <tenant>:<replacement_user>, as t3:admin3", it)
		}
		reps = append(reps, api.ReplacementUser{Tenant: tenant, ReplacementUser: user})
	}
	return reps, nil
}

func newUserListCmd(g *globals) *cobra.Command {
	var opts client.UserListOptions
	var full, permissions, asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "list [<username>]",
		Short: "List users",
		Long: `List users, or the one named, with their tenants, current tenant, role
and namespace. --all adds hidden, disabled and deleted users; --search keeps
users whose username, id, name or email contains the text; --full adds each
user's status (disabled; locked, and until when, after failed logins), last
login, and tenants with role, capabilities and namespace. --permissions shows
instead what the named user may do in each of their tenants: the
operations their role and capabilities give on each object type.
With --all, a username also finds the removed users who had it (there may
be several, told apart by id), and --json prints a list.

At most --limit users are listed (0 for all); when more match, a note on
stderr says so.`,
		Example: `  gatehouse user list
  gatehouse user list user5
  gatehouse user list --search example.com --full
  gatehouse user list --all --limit 0 --json
  gatehouse user list user2 --all --full
  gatehouse user list user5 --permissions`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && opts.Search != "" {
				return errors.New("both a username and --search given: pass one of them")
			}
			if permissions {
				if len(args) == 0 {
					return errors.New("--permissions needs a username: run 'gatehouse user list <username> --permissions'")
				}
				return listPermissions(cmd, g, args[0], asJSON)
			}
			if limit < 0 {
				return errors.New("invalid --limit: pass 0 for all users, or a positive number")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			var list api.UserList
			if len(args) == 1 && opts.All {
				if list, err = usersNamed(cmd.Context(), c, args[0]); err != nil {
					return err
				}
			} else if len(args) == 1 {
				u, err := c.GetUser(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				list.Items = []api.User{*u}
			} else if list, err = listUsers(cmd.Context(), c, opts, limit); err != nil {
				return err
			}
			if list.NextAfter != 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "more users match: pass --limit 0 to list all, or narrow with --search\n")
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if len(args) == 1 && !opts.All {
					return printJSON(out, list.Items[0])
				}
				return printJSON(out, list)
			}
			if err := userTable(list.Items).write(out); err != nil {
				return err
			}
			if full {
				return writeUserDetails(out, list.Items)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&opts.All, "all", "a", false, "include hidden, disabled and deleted users")
	f.BoolVar(&full, "full", false, "show each user's tenants, roles, capabilities and namespaces")
	f.BoolVar(&permissions, "permissions", false, "show what the user may do in each tenant")
	f.StringVar(&opts.Search, "search", "", "keep users whose username, id, name or email contains this")
	f.IntVar(&limit, "limit", 100, "list at most this many users; 0 for all")
	jsonFlag(cmd, &asJSON)
	return cmd
}

// listUsers fetches up to limit users (all when 0) page by page. When more
// users match, the result's NextAfter is where the next page starts.
func listUsers(ctx context.Context, c *client.Client, opts client.UserListOptions, limit int) (api.UserList, error) {
	items, next, err := collect(limit, true, func(n int, after int64) ([]api.User, int64, error) {
		opts.Limit, opts.After = n, after
		page, err := c.ListUsers(ctx, opts)
		if err != nil {
			return nil, 0, err
		}
		return page.Items, page.NextAfter, nil
	}, func(u api.User) int64 { return u.ID })
	return api.UserList{Items: items, NextAfter: next}, err
}

// usersNamed returns every user called name, the live one and the removed
// ones, in id order.
func usersNamed(ctx context.Context, c *client.Client, name string) (api.UserList, error) {
	all, err := listUsers(ctx, c, client.UserListOptions{Search: name, All: true}, 0)
	if err != nil {
		return api.UserList{}, err
	}
	var list api.UserList
	for _, u := range all.Items {
		if u.Username == name {
			list.Items = append(list.Items, u)
		}
	}
	if len(list.Items) == 0 {
		return list, fmt.Errorf("user %s does not exist and never did: see 'gatehouse user list --all'", name)
	}
	return list, nil
}

// userTable returns the users as the seed's "user list" shows them.
func userTable(users []api.User) *table {
	t := newTable("ID", "Username", "Full Name", "Email", "Tenants", "Current Tenant", "Current Role", "Current Namespace", "Authentication")
	for _, u := range users {
		tenants := make([]string, len(u.Tenants))
		for i, ut := range u.Tenants {
			tenants[i] = ut.Name
		}
		t.add(strconv.FormatInt(u.ID, 10), u.Username, u.FullName, u.Email, strings.Join(tenants, ","),
			u.CurrentTenant, u.CurrentRole, u.CurrentNamespace, u.Authentication)
	}
	return t
}

// writeUserDetails prints, for --full, a block per user with its status and
// each of its tenants.
func writeUserDetails(w io.Writer, users []api.User) error {
	for _, u := range users {
		fmt.Fprintf(w, "\nUser %s (ID %d)\n", u.Username, u.ID)
		err := writeFields(w, "  ", [][2]string{
			{"First Name", u.FirstName},
			{"Last Name", u.LastName},
			{"Email", u.Email},
			{"Company", u.Company},
			{"Phone", u.Phone},
			{"Authentication", u.Authentication},
			{"Status", userStatus(u)},
			{"Set Up", yesNo(u.Invited)},
			{"Locked Until", formatOptionalTime(u.LockedUntil)},
			{"Last Login", formatOptionalTime(u.LastLoginAt)},
			{"Created", formatTime(u.CreatedAt)},
		})
		if err != nil {
			return err
		}
		for _, ut := range u.Tenants {
			current := ""
			if ut.Name == u.CurrentTenant {
				current = " (current)"
			}
			fmt.Fprintf(w, "  Tenant %s%s\n", ut.Name, current)
			err := writeFields(w, "    ", [][2]string{
				{"Role", ut.TenantRole},
				{"Namespace", ut.Namespace},
				{"Capabilities", strings.Join(ut.Capabilities, ", ")},
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// userStatus describes a user's state in words.
func userStatus(u api.User) string {
	var s []string
	for _, st := range []struct {
		on   bool
		name string
	}{{u.Deleted, "deleted"}, {u.Disabled, disabledStatus(u)}, {!u.Active, "inactive"}, {u.Locked, "locked"}, {u.Hidden, "hidden"}} {
		if st.on {
			s = append(s, st.name)
		}
	}
	if len(s) == 0 {
		return "active"
	}
	return strings.Join(s, ", ")
}

// disabledStatus is "disabled", with the reason when the server gives one.
func disabledStatus(u api.User) string {
	if u.DisabledReason == "" {
		return "disabled"
	}
	return "disabled (" + u.DisabledReason + ")"
}

// listPermissions prints a user's effective permissions, for "user list
// <username> --permissions".
func listPermissions(cmd *cobra.Command, g *globals, username string, asJSON bool) error {
	c, _, err := g.session(cmd)
	if err != nil {
		return err
	}
	p, err := c.UserPermissions(cmd.Context(), username, "")
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(cmd.OutOrStdout(), p)
	}
	return writePermissions(cmd.OutOrStdout(), p)
}

// writePermissions prints, for each of a user's tenants, a line naming the
// tenant, role and capabilities, then a table of object types and
// operations; a blank line separates tenants.
func writePermissions(w io.Writer, p *api.UserPermissions) error {
	for i, tp := range p.Tenants {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "Tenant %s, role %s, capabilities %s\n", tp.Tenant, tp.Role, strings.Join(tp.Capabilities, ","))
		t := newTable("Object Type", "Operations")
		for _, pm := range tp.Permissions {
			t.add(pm.ObjectType, strings.Join(pm.Operations, ","))
		}
		if err := t.write(w); err != nil {
			return err
		}
	}
	return nil
}

// yesNo prints b for --full.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
