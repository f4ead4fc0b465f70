package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// newRoleCmd is the group of account role commands.
func newRoleCmd(g *globals) *cobra.Command {
	return newGroupCmd("role", "Add, update, remove and list the roles of an account (Triton)",
		newRoleAddCmd(g), newRoleUpdateCmd(g), newRoleRemoveCmd(g), newRoleListCmd(g))
}

func newRoleAddCmd(g *globals) *cobra.Command {
	var req api.RoleAddRequest
	cmd := &cobra.Command{
		Use:   "add <name> --policies p1,p2 --members mark,anna [--default-members mark]",
		Short: "Add a role to an account",
		Long: `Add a role, as Triton's, to the account (tenant) you are logged into as its
tenantadmin, or, for a superadmin, to --account. A role grants its policies
(which must exist in the account) to its members (sub-user logins of the
account). It is active for its default members, who must be members,
unless a request narrows the active roles (--role, X-Gatehouse-Roles).`,
		Example: `  gatehouse role add readers --policies read --members mark,anna --default-members mark`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Name = args[0]
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.AddRole(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&req.Policies, "policies", nil, "comma-separated policies the role grants")
	f.StringSliceVar(&req.Members, "members", nil, "comma-separated sub-user logins")
	f.StringSliceVar(&req.DefaultMembers, "default-members", nil, "comma-separated members for whom the role is active by default")
	accountFlag(cmd, &req.Account)
	return cmd
}

func newRoleUpdateCmd(g *globals) *cobra.Command {
	var account string
	cmd := &cobra.Command{
		Use:   "update <name> [--policies ...] [--members ...] [--default-members ...]",
		Short: "Change the policies, members or default members of a role",
		Long: `Change a role of the account: each list given replaces the role's (an
empty one, as --members "", empties it). Members who leave stop being
default members.`,
		Example: `  gatehouse role update readers --members mark`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var req api.RoleUpdateRequest
			for _, f := range []struct {
				name string
				dst  *[]string
			}{{"policies", &req.Policies}, {"members", &req.Members}, {"default-members", &req.DefaultMembers}} {
				if fl := cmd.Flags().Lookup(f.name); fl.Changed {
					*f.dst = splitList(fl.Value.String())
					if *f.dst == nil {
						*f.dst = []string{}
					}
				}
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UpdateRole(cmd.Context(), account, args[0], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.String("policies", "", "comma-separated policies the role grants")
	f.String("members", "", "comma-separated sub-user logins")
	f.String("default-members", "", "comma-separated members for whom the role is active by default")
	accountFlag(cmd, &account)
	return cmd
}

func newRoleRemoveCmd(g *globals) *cobra.Command {
	var account string
	cmd := &cobra.Command{
		Use:     "remove <name>",
		Short:   "Remove a role",
		Example: `  gatehouse role remove readers`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemoveRole(cmd.Context(), account, args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	accountFlag(cmd, &account)
	return cmd
}

func newRoleListCmd(g *globals) *cobra.Command {
	var (
		account string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the roles of an account",
		Example: `  gatehouse role list`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListRoles(cmd.Context(), account)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("ID", "Name", "Policies", "Members", "Default Members")
			for _, r := range l.Items {
				t.add(strconv.FormatInt(r.ID, 10), r.Name, strings.Join(r.Policies, ","), strings.Join(r.Members, ","), strings.Join(r.DefaultMembers, ","))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	accountFlag(cmd, &account)
	jsonFlag(cmd, &asJSON)
	return cmd
}
