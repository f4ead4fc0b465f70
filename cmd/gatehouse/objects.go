package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func newObjectTypeCmd(g *globals) *cobra.Command {
	var asJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List object types and their operations",
		Example: "  gatehouse object-type list\n  gatehouse object-type list --json",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListObjectTypes(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			return objectTypeTable(l.Items).write(cmd.OutOrStdout())
		},
	}
	jsonFlag(list, &asJSON)

	var req api.ObjectTypeRequest
	var ops string
	add := &cobra.Command{
		Use:   "add <object_type>",
		Short: "Add an object type, or operations to one",
		Long: `Register an object type of the platform, such as PIPELINE, with its
operations (a comma-separated list). Every type has view, create, update and
delete; --operations adds actions such as run. Naming an existing type adds
the operations to it. Capability entries can then name them.`,
		Example: "  gatehouse object-type add PIPELINE --operations run,cancel",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Name, req.Operations = args[0], splitList(ops)
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.AddObjectType(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	add.Flags().StringVar(&ops, "operations", "", "comma-separated operations of the type")
	return newGroupCmd("object-type", "List and add object types", list, add)
}

// objectTypeTable returns object types with their operations.
func objectTypeTable(types []api.ObjectType) *table {
	t := newTable("Object Type", "Built In", "Operations")
	for _, ot := range types {
		t.add(ot.Name, pyBool(ot.Builtin), strings.Join(ot.Operations, ","))
	}
	return t
}

func newObjectCmd(g *globals) *cobra.Command {
	return newGroupCmd("object", "Register objects and change their owners",
		newObjectAddCmd(g), newObjectListCmd(g), newObjectRemoveCmd(g), newObjectChangeOwnerCmd(g))
}

func newObjectAddCmd(g *globals) *cobra.Command {
	var req api.ObjectAddRequest
	cmd := &cobra.Command{
		Use:   "add <object_type> <object_id> --tenant <tenant> --owner <username>",
		Short: "Register an object with its tenant and owner",
		Long: `Register an object of the platform (an application, a bundle, a storage
repo) so that checks can decide who may act on it: its owner, the
administrators of its tenant, and those it is shared with. The owner must
be a member of the tenant. The id may be any text; --name is for people.`,
		Example: `  gatehouse object add APPLICATION app1 --tenant t1 --owner u1
  gatehouse object add BUNDLE "bundles/nginx 1.2" --tenant t1 --owner u1 --name nginx`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case req.Tenant == "":
				return errors.New("missing --tenant: pass the tenant the object belongs to")
			case req.Owner == "":
				return errors.New("missing --owner: pass the username of the object's owner")
			}
			req.Type, req.ID = args[0], args[1]
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.AddObject(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.Tenant, "tenant", "", "tenant the object belongs to")
	f.StringVar(&req.Owner, "owner", "", "username of its owner, a member of the tenant")
	f.StringVar(&req.Name, "name", "", "display name")
	return cmd
}

func newObjectListCmd(g *globals) *cobra.Command {
	var typ string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the objects you may see",
		Example: "  gatehouse object list\n  gatehouse object list --type APPLICATION --json",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListObjects(cmd.Context(), typ)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			return objectTable(l.Items).write(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&typ, "type", "", "only objects of this type")
	jsonFlag(cmd, &asJSON)
	return cmd
}

// objectTable returns objects with their owner and tenant.
func objectTable(objects []api.Object) *table {
	t := newTable("Type", "ID", "Name", "Owner/Tenant")
	for _, o := range objects {
		t.add(o.Type, o.ID, o.Name, o.Owner+"/"+o.Tenant)
	}
	return t
}

func newObjectRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "remove <object_type> <object_id>",
		Short:   "Remove an object and its shares",
		Example: "  gatehouse object remove APPLICATION app1",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemoveObject(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newObjectChangeOwnerCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "change-owner <object_type> <object_id> <new_owner>",
		Short: "Give an object to another member of its tenant",
		Long: `Give an object to another user, who must be a member of the object's
tenant. It needs the change_owner operation on the type (ChangeOwner).`,
		Example: "  gatehouse object change-owner APPLICATION app1 u2",
		Args:    exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.ChangeOwner(cmd.Context(), args[0], args[1], args[2])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}
