package main

import (
	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/client"
)

func newNamespaceCmd(g *globals) *cobra.Command {
	var opts client.NamespaceListOptions
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List namespaces",
		Long: `List namespaces with their owner and tenant, and whether each is its
owner's primary namespace in the tenant.`,
		Example: `  gatehouse namespace list --tenant t3
  gatehouse namespace list --username user6`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListNamespaces(cmd.Context(), opts)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Name", "Owner/Tenant", "Primary Namespace")
			for _, ns := range l.Items {
				primary := "False"
				if ns.Primary {
					primary = "True"
				}
				t.add(ns.Name, ns.Owner+"/"+ns.Tenant, primary)
			}
			return t.writeBoxed(cmd.OutOrStdout())
		},
	}
	list.Flags().StringVar(&opts.Tenant, "tenant", "", "only namespaces of this tenant")
	list.Flags().StringVar(&opts.Username, "username", "", "only namespaces owned by this user")
	jsonFlag(list, &asJSON)
	return newGroupCmd("namespace", "List namespaces", list)
}
