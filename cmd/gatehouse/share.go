package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func newObjectShareCmd(g *globals) *cobra.Command {
	return newGroupCmd("object-share", "Share objects with tenants and tenant users",
		newShareAddCmd(g), newShareRemoveCmd(g), newShareListCmd(g), newShareListOptionsCmd(g))
}

// shareTarget reads --user and --tenant, exactly one of which must be given.
func shareTarget(req *api.ShareRequest) error {
	switch {
	case req.User == "" && req.Tenant == "":
		return errors.New("no one to share with: pass --user or --tenant")
	case req.User != "" && req.Tenant != "":
		return errors.New("both --user and --tenant given: pass one of them")
	}
	return nil
}

func newShareAddCmd(g *globals) *cobra.Command {
	var req api.ShareRequest
	var ops string
	cmd := &cobra.Command{
		Use:   "add <object_type> <object_id> (--user <username> | --tenant <tenant>)",
		Short: "Share an object with a tenant user or a tenant",
		Long: `Share an object with a member of its tenant (--user) or with a tenant
(--tenant; only a superadmin may share with a tenant other than the
object's). --operations are the operations the share grants; without it,
the type's default ones. "gatehouse object-share list-options" shows which
types can be shared how.`,
		Example: `  gatehouse object-share add APPLICATION app1 --user u2 --operations view,start,stop
  gatehouse object-share add BUNDLE b1 --tenant t2`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := shareTarget(&req); err != nil {
				return err
			}
			req.Operations = splitList(ops)
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.AddShare(cmd.Context(), args[0], args[1], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.User, "user", "", "share with this member of the object's tenant")
	f.StringVar(&req.Tenant, "tenant", "", "share with this tenant")
	f.StringVar(&ops, "operations", "", "comma-separated operations to grant (default: the type's default ones)")
	return cmd
}

func newShareRemoveCmd(g *globals) *cobra.Command {
	var req api.ShareRequest
	cmd := &cobra.Command{
		Use:     "remove <object_type> <object_id> (--user <username> | --tenant <tenant>)",
		Short:   "Stop sharing an object with a tenant user or a tenant",
		Example: "  gatehouse object-share remove APPLICATION app1 --user u2",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := shareTarget(&req); err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemoveShare(cmd.Context(), args[0], args[1], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.User, "user", "", "the user the object is shared with")
	f.StringVar(&req.Tenant, "tenant", "", "the tenant the object is shared with")
	return cmd
}

func newShareListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list <object_type> <object_id>",
		Short:   "List the shares of an object",
		Example: "  gatehouse object-share list APPLICATION app1",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListShares(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			return shareTable(l.Items).write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

// shareTable returns the shares of an object: "tenant t1" or "user u1"
// and the operations granted.
func shareTable(shares []api.Share) *table {
	t := newTable("Shared With", "Operations")
	for _, s := range shares {
		with := "user " + s.User
		if s.Tenant != "" {
			with = "tenant " + s.Tenant
		}
		t.add(with, strings.Join(s.Operations, ","))
	}
	return t
}

func newShareListOptionsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list-options",
		Short: "List which objects can be shared, with whom and how",
		Long: `List the object types that can be shared with tenants or with tenant
users, the operations a share may grant, and those it grants by default.
All Members says whether a tenant share reaches every member of the tenant
rather than its administrators.`,
		Example: "  gatehouse object-share list-options",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListShareOptions(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			return shareRuleTable(l.Items).write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

// shareRuleTable returns the sharing rules.
func shareRuleTable(rules []api.ShareRule) *table {
	t := newTable("Object Type", "Share With", "Operations", "Default", "All Members")
	for _, r := range rules {
		t.add(r.ObjectType, r.Target, strings.Join(r.Operations, ","), strings.Join(r.Default, ","), pyBool(r.AllMembers))
	}
	return t
}
