package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func newLimitCmd(g *globals) *cobra.Command {
	return newGroupCmd("limit", "Set provisioning limits on tenants and users",
		newLimitAddCmd(g), newLimitRemoveCmd(g), newLimitListCmd(g))
}

func newLimitAddCmd(g *globals) *cobra.Command {
	var req api.LimitAddRequest
	cmd := &cobra.Command{
		Use:   "add <tenant> --zone <zone> --type <object_type> (--count N | --memory MiB | --disk GiB) [--user <username>] [--image I | --os O]",
		Short: "Limit what a tenant or a user may provision in a zone",
		Long: `Limit the objects of one type that a tenant (the account), or one of its
users (--user, as owner), may have in one zone (datacenter): their number
(--count), their total memory in MiB (--memory) or their total disk in GiB
(--disk), optionally only those of one image (--image) or one operating
system (--os). The value is the cap; 0 means unlimited and -1 blocks
provisioning there altogether.

Every limit that counts an object must hold: a user's limit narrows the
tenant's and never widens it, and 0 adds no cap. A registration or resize
that would go over a limit is refused (409) with the limit and its use,
and a registration must state the attributes its limits count by. Only
superadmins set limits.`,
		Example: `  gatehouse limit add t1 --zone us-east-1 --type VM --count 10
  gatehouse limit add t1 --zone us-east-1 --type VM --memory 2048 --user anna
  gatehouse limit add t1 --zone eu-west-1 --type VM --count 1 --os windows
  gatehouse limit add t1 --zone eu-west-1 --type VM --count -1`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			var set []string
			for _, r := range []string{"count", "memory", "disk"} {
				if f.Changed(r) {
					set = append(set, r)
				}
			}
			switch {
			case req.Zone == "":
				return errors.New("missing --zone: pass the zone (datacenter) the limit is for")
			case req.ObjectType == "":
				return errors.New("missing --type: pass the object type the limit counts, such as VM")
			case len(set) != 1:
				return errors.New("pass exactly one of --count, --memory or --disk with the limit's value")
			}
			req.Tenant, req.Resource = args[0], set[0]
			req.Value, _ = f.GetInt64(set[0])
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.AddLimit(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.Zone, "zone", "", "zone (datacenter) the limit is for")
	f.StringVar(&req.ObjectType, "type", "", "object type it counts, such as VM")
	f.Int64("count", 0, "most objects (0 unlimited, -1 blocked)")
	f.Int64("memory", 0, "most total memory in MiB (0 unlimited, -1 blocked)")
	f.Int64("disk", 0, "most total disk in GiB (0 unlimited, -1 blocked)")
	f.StringVar(&req.User, "user", "", "limit only the objects this member owns")
	f.StringVar(&req.Image, "image", "", "count only objects of this image")
	f.StringVar(&req.OS, "os", "", "count only objects of this operating system")
	return cmd
}

func newLimitRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "remove <id>",
		Short:   "Remove a provisioning limit",
		Example: "  gatehouse limit remove 3",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return fmt.Errorf("limit id %q is not a number: see the ID column of 'gatehouse limit list'", args[0])
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemoveLimit(cmd.Context(), id)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newLimitListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [<tenant>]",
		Short: "List provisioning limits and their use",
		Long: `List the provisioning limits of a tenant, or of every tenant, with what
the objects each counts use now. Superadmins see every tenant's limits; a
tenantadmin sees those of the tenant they are logged into.`,
		Example: "  gatehouse limit list\n  gatehouse limit list t1 --json",
		Args:    rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tenant := ""
			if len(args) == 1 {
				tenant = args[0]
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.LimitUsage(cmd.Context(), tenant)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			return limitTable(l.Items).write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

// limitTable returns limits with their use.
func limitTable(ls []api.LimitUsage) *table {
	t := newTable("ID", "Tenant", "User", "Zone", "Type", "Image", "OS", "Resource", "Limit", "In Use")
	for _, l := range ls {
		t.add(strconv.FormatInt(l.ID, 10), l.Tenant, l.User, l.Zone, l.ObjectType, l.Image, l.OS,
			resourceUnit(l.Resource), limitValue(l.Value), strconv.FormatInt(l.Used, 10))
	}
	return t
}

// resourceUnit names a limit's resource with its unit.
func resourceUnit(r string) string {
	switch r {
	case "memory":
		return "memory (MiB)"
	case "disk":
		return "disk (GiB)"
	}
	return r
}

// limitValue spells a limit's value.
func limitValue(v int64) string {
	switch v {
	case 0:
		return "unlimited"
	case -1:
		return "blocked"
	}
	return strconv.FormatInt(v, 10)
}
