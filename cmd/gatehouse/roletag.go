package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// newObjectRoleTagCmd is the group of role tag commands.
func newObjectRoleTagCmd(g *globals) *cobra.Command {
	set := &cobra.Command{
		Use:   "set <object_type> <object_id> <roles>",
		Short: "Tag an object with roles of its tenant (Triton's role tags)",
		Long: `Tag an object with roles (comma-separated) of its tenant, replacing its
tags; "" removes them. A sub-user acts on an object only through an active
role that tags it (or a rule naming it as <TYPE>/<id>), when a rule of that
role's policies allows the operation under the request's conditions.`,
		Example: `  gatehouse object role-tag set APPLICATION app1 readers,ops
  gatehouse object role-tag set APPLICATION app1 ""`,
		Args: exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			roles := splitList(args[2])
			if roles == nil {
				roles = []string{}
			}
			m, err := c.SetRoleTags(cmd.Context(), args[0], args[1], roles)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	var asJSON bool
	list := &cobra.Command{
		Use:     "list <object_type> <object_id>",
		Short:   "List the role tags of an object",
		Example: `  gatehouse object role-tag list APPLICATION app1`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			tags, err := c.RoleTags(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), tags)
			}
			_, err = cmd.OutOrStdout().Write([]byte(strings.Join(tags.Roles, ",") + "\n"))
			return err
		},
	}
	jsonFlag(list, &asJSON)
	return newGroupCmd("role-tag", "Set and list the role tags of objects", set, list)
}
