package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func newTenantCmd(g *globals) *cobra.Command {
	return newGroupCmd("tenant", "Manage tenants and their members",
		newTenantAddCmd(g), newTenantListCmd(g), newTenantUpdateCmd(g), newTenantRemoveCmd(g),
		newTenantAddUsersCmd(g), newTenantRemoveUsersCmd(g), newTenantUpdateUserRoleCmd(g), newTenantListUsersCmd(g),
		newTenantCapabilitiesCmd(g, true), newTenantCapabilitiesCmd(g, false))
}

func newTenantAddCmd(g *globals) *cobra.Command {
	var req api.TenantAddRequest
	cmd := &cobra.Command{
		Use:     "add <name>",
		Short:   "Create a tenant",
		Long:    "Create a tenant. Its name follows the rule of usernames: 1-64 characters of a-z, A-Z, 0-9, '.', '-' and '_'.",
		Example: `  gatehouse tenant add t1 --description "Team one"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			req.Name = args[0]
			m, err := c.AddTenant(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	cmd.Flags().StringVar(&req.Description, "description", "", "what the tenant is for")
	return cmd
}

func newTenantListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list [<name>]",
		Short:   "List tenants",
		Long:    "List the tenants you may see, or the one named, with their number of members and account owner.",
		Example: "  gatehouse tenant list\n  gatehouse tenant list t1 --json",
		Args:    rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			var list api.TenantList
			if len(args) == 1 {
				t, err := c.GetTenant(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), t)
				}
				list.Items = []api.Tenant{*t}
			} else {
				l, err := c.ListTenants(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), l)
				}
				list = *l
			}
			t := newTable("ID", "Name", "Description", "Members", "Account Owner")
			for _, it := range list.Items {
				t.add(strconv.FormatInt(it.ID, 10), it.Name, it.Description, strconv.Itoa(it.Members), it.AccountOwner)
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newTenantUpdateCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "update <name>",
		Short: "Change a tenant's description or account owner",
		Long: `Change a tenant's description or its account owner. The account owner
(Triton's User account) is a member of the tenant who is not a sub-user:
the objects the tenant's sub-users register belong to them. --account-owner ""
leaves the tenant without one. A superadmin, or a tenantadmin logged into
the tenant, may.`,
		Example: `  gatehouse tenant update t1 --description "Team one, Berlin"
  gatehouse tenant update t1 --account-owner anna`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var req api.TenantUpdateRequest
			if f := cmd.Flags().Lookup("description"); f.Changed {
				d := f.Value.String()
				req.Description = &d
			}
			if f := cmd.Flags().Lookup("account-owner"); f.Changed {
				o := f.Value.String()
				req.AccountOwner = &o
			}
			if req.Description == nil && req.AccountOwner == nil {
				return errors.New("nothing to update: pass --description or --account-owner")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UpdateTenant(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	cmd.Flags().String("description", "", "new description")
	cmd.Flags().String("account-owner", "", `member who owns the objects the tenant's sub-users register ("" for none)`)
	return cmd
}

func newTenantRemoveCmd(g *globals) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:     "remove <name>",
		Short:   "Remove a tenant",
		Long:    "Remove a tenant. A tenant that still has members cannot be removed; Administrators never can.",
		Example: "  gatehouse tenant remove t1 -y",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			if err := confirm(cmd, yes, "Are you sure you want to delete [y/n] ? "); err != nil {
				return err
			}
			m, err := c.RemoveTenant(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func newTenantAddUsersCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "add-users <tenant> <usernames> <tenant_role> [<user_capabilities>]",
		Short: "Add existing users to a tenant",
		Long: `Add existing users (a comma-separated list) to a tenant with a role and,
optionally, comma-separated user capabilities; all of them or none. Each
gets a new primary namespace in the tenant.`,
		Example: `  gatehouse tenant add-users t1 user1,user2 user
  gatehouse tenant add-users t1 admin1 tenantadmin`,
		Args: rangeArgs(3, 4),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			req := api.MembersAddRequest{Usernames: splitList(args[1]), Role: args[2]}
			if len(args) == 4 {
				req.Capabilities = splitList(args[3])
			}
			m, err := c.AddMembers(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newTenantRemoveUsersCmd(g *globals) *cobra.Command {
	var req api.MembersRemoveRequest
	var yes bool
	cmd := &cobra.Command{
		Use:   "remove-users <tenant> <usernames>",
		Short: "Remove users from a tenant",
		Long: `Remove users (a comma-separated list) from a tenant, all of them or none.
Their namespaces in the tenant go to --replacement-user, a member of the
tenant; without one they are deleted, unless --keep-k8s-namespaces.`,
		Example: `  gatehouse tenant remove-users t1 user1,user2 -y
  gatehouse tenant remove-users t1 user1 --replacement-user admin1 -y`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			req.Usernames = splitList(args[1])
			question := "Are you sure you want to remove " + strings.Join(req.Usernames, ", ") + " from " + args[0] + " [y/n] ? "
			if err := confirm(cmd, yes, question); err != nil {
				return err
			}
			m, err := c.RemoveMembers(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.ReplacementUser, "replacement-user", "", "member who takes over the removed users' namespaces")
	f.BoolVar(&req.KeepNamespaces, "keep-k8s-namespaces", false, "do not delete the removed users' namespaces")
	f.BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func newTenantUpdateUserRoleCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "update-user-role <tenant> <username> <tenant_role>",
		Short:   "Change a member's role in a tenant",
		Long:    "Change a member's role in a tenant to superadmin (only in Administrators), tenantadmin or user.",
		Example: "  gatehouse tenant update-user-role t1 user1 tenantadmin",
		Args:    exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UpdateMember(cmd.Context(), args[0], args[1], api.MemberUpdateRequest{Role: args[2]})
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newTenantListUsersCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list-users <tenant>",
		Short:   "List the members of a tenant",
		Example: "  gatehouse tenant list-users t1\n  gatehouse tenant list-users t1 --json",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListMembers(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Username", "Role", "Capabilities", "Namespace")
			for _, m := range l.Items {
				t.add(m.Username, m.Role, strings.Join(m.Capabilities, ","), m.Namespace)
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newTenantCapabilitiesCmd(g *globals, add bool) *cobra.Command {
	use, short, long := "remove-capabilities", "Take user capabilities from a member of a tenant",
		`Take user capabilities (a comma-separated list) from a member of a
tenant; all of them or none.`
	if add {
		use, short, long = "add-capabilities", "Give a member of a tenant more user capabilities",
			`Give a member of a tenant more user capabilities (a comma-separated
list); all of them or none. Each must allow the member's role.`
	}
	return &cobra.Command{
		Use:     use + " <tenant> <username> <user_capabilities>",
		Short:   short,
		Long:    long,
		Example: "  gatehouse tenant " + use + " t1 user1 ManageApplications,CreateBundles",
		Args:    exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			caps := splitList(args[2])
			if len(caps) == 0 {
				return errors.New("no user capabilities given: pass a comma-separated list")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			call := c.RemoveMemberCapabilities
			if add {
				call = c.AddMemberCapabilities
			}
			m, err := call(cmd.Context(), args[0], args[1], caps)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}
