package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
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
		newObjectAddCmd(g), newObjectListCmd(g), newObjectRemoveCmd(g), newObjectChangeOwnerCmd(g), newObjectResizeCmd(g),
		newObjectRoleTagCmd(g))
}

func newObjectAddCmd(g *globals) *cobra.Command {
	var req api.ObjectAddRequest
	cmd := &cobra.Command{
		Use:   "add <object_type> <object_id> --tenant <tenant> --owner <username>",
		Short: "Register an object with its tenant and owner",
		Long: `Register an object of the platform (an application, a bundle, a storage
repo) so that checks can decide who may act on it: its owner, the
administrators of its tenant, and those it is shared with. The owner must
be a member of the tenant. The id may be any text; --name is for people.
A sub-user registers objects in its account, as its roles' rules allow
create on the type; they belong to the account's owner ('gatehouse tenant
update --account-owner'), so it may leave --owner out, and carry the role
tags of its active roles.

Instances also state their size: --zone (the datacenter), --memory (MiB),
--disk (GiB), --image and --os. Provisioning limits count them, and a
registration that would go over a limit is refused (see 'gatehouse limit').`,
		Example: `  gatehouse object add APPLICATION app1 --tenant t1 --owner u1
  gatehouse object add BUNDLE "bundles/nginx 1.2" --tenant t1 --owner u1 --name nginx
  gatehouse object add VM vm1 --tenant t1 --owner u1 --zone us-east-1 --memory 1024 --disk 20 --os linux`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
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
	f.StringVar(&req.Owner, "owner", "", "username of its owner, a member of the tenant (a sub-user's: the account owner)")
	f.StringVar(&req.Name, "name", "", "display name")
	f.StringVar(&req.Zone, "zone", "", "zone (datacenter) it runs in")
	f.Int64Var(&req.Memory, "memory", 0, "memory in MiB")
	f.Int64Var(&req.Disk, "disk", 0, "disk in GiB")
	f.StringVar(&req.Image, "image", "", "image it runs")
	f.StringVar(&req.OS, "os", "", "operating system")
	return cmd
}

func newObjectResizeCmd(g *globals) *cobra.Command {
	var req api.ObjectResizeRequest
	cmd := &cobra.Command{
		Use:   "resize <object_type> <object_id> [--memory N] [--disk N]",
		Short: "Change the memory or disk of an object",
		Long: `Change the memory (MiB) or disk (GiB) of an object, or both. It needs
update on the object. A resize that would go over a provisioning limit is
refused, and nothing changes.`,
		Example: "  gatehouse object resize VM vm1 --memory 2048\n  gatehouse object resize VM vm1 --memory 4096 --disk 80",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			if !f.Changed("memory") && !f.Changed("disk") {
				return errors.New("missing --memory or --disk: pass the new size")
			}
			if !f.Changed("memory") {
				req.Memory = nil
			}
			if !f.Changed("disk") {
				req.Disk = nil
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.ResizeObject(cmd.Context(), args[0], args[1], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	req.Memory, req.Disk = new(int64), new(int64)
	cmd.Flags().Int64Var(req.Memory, "memory", 0, "new memory in MiB")
	cmd.Flags().Int64Var(req.Disk, "disk", 0, "new disk in GiB")
	return cmd
}

func newObjectListCmd(g *globals) *cobra.Command {
	var f client.ObjectFilter
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the objects you may see",
		Example: "  gatehouse object list\n  gatehouse object list --type APPLICATION --json\n  gatehouse object list --tenant t1 --owner anna",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListObjects(cmd.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			return objectTable(l.Items).write(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&f.Type, "type", "", "only objects of this type")
	cmd.Flags().StringVar(&f.Tenant, "tenant", "", "only objects of this tenant")
	cmd.Flags().StringVar(&f.Owner, "owner", "", "only objects this user owns")
	jsonFlag(cmd, &asJSON)
	return cmd
}

// objectTable returns objects with their owner and tenant and the size
// attributes they state.
func objectTable(objects []api.Object) *table {
	t := newTable("Type", "ID", "Name", "Owner/Tenant", "Zone", "Memory (MiB)", "Disk (GiB)", "Image", "OS")
	for _, o := range objects {
		t.add(o.Type, o.ID, o.Name, o.Owner+"/"+o.Tenant, o.Zone, size(o.Memory), size(o.Disk), o.Image, o.OS)
	}
	return t
}

// size prints a stated size, and nothing for 0 (not stated).
func size(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
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
