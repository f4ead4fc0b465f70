package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

func newLDAPListImportedGroupsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list-imported-groups <ldap_server_name>",
		Short: "List the groups imported from an LDAP server, which sync keeps in step",
		Long: `List the groups imported from an LDAP server with import-group: those whose
tenants 'gatehouse ldap sync' keeps in step with them. Each shows the name it
was imported by, its tenant, the role and capabilities its members get, the
directory users excluded, how many members it brought, and its DN.`,
		Example: "  gatehouse ldap list-imported-groups ldap1",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListImportedLDAPGroups(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Name", "Tenant", "Role", "Capabilities", "Excluded Users", "Members", "DN")
			for _, gr := range l.Items {
				t.add(gr.Name, gr.Tenant, gr.Role, strings.Join(gr.Capabilities, ","), strings.Join(gr.ExcludeUsers, ","),
					strconv.Itoa(gr.Members), gr.DN)
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newLDAPForgetGroupCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "forget-group <ldap_server_name> <group> <tenant>",
		Short: "Stop syncing an imported LDAP group into a tenant",
		Long: `Stop keeping a tenant in step with a group imported into it with
import-group: 'gatehouse ldap sync' no longer adds the group's new members
nor removes those who left it. The group is named as it was imported, or by
its DN. The members it brought stay members of the tenant, and nothing else
changes; remove them with 'gatehouse tenant remove-users' if they should go.`,
		Example: "  gatehouse ldap forget-group ldap1 Italians t1",
		Args:    exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.ForgetLDAPGroup(cmd.Context(), args[0], args[2], args[1])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}
