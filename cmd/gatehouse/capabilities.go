package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

func newCapabilitiesCmd(g *globals) *cobra.Command {
	return newGroupCmd("capabilities", "List user capabilities and manage custom ones",
		newCapabilitiesListCmd(g), newCapabilitiesAddCmd(g), newCapabilitiesRemoveCmd(g), newCapabilitiesUpdateCmd(g),
		newCapabilitiesEntriesCmd(g, true), newCapabilitiesEntriesCmd(g, false),
		newCapabilitiesProvidersCmd(g, true), newCapabilitiesProvidersCmd(g, false),
		newCapabilitiesListOptionsCmd(g))
}

func newCapabilitiesListCmd(g *globals) *cobra.Command {
	var opts client.CapabilityListOptions
	var full, asJSON bool
	cmd := &cobra.Command{
		Use:   "list [<names>]",
		Short: "List user capabilities",
		Long: `List the user capabilities that can be assigned to users based on their
tenant role, or those named (a comma-separated list, hidden ones included).
--group keeps one capability group; --all adds the hidden capabilities;
--full adds each capability's tenant roles, providers (the capabilities it
inherits) and capability entries (OBJECT_TYPE operation).`,
		Example: `  gatehouse capabilities list
  gatehouse capabilities list --group User --all
  gatehouse capabilities list --full ManageApplications`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if opts.Names = splitList(args[0]); len(opts.Names) == 0 {
					return errors.New("no capability names given: pass a comma-separated list, or none to list all")
				}
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListCapabilities(cmd.Context(), opts)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case asJSON:
				return printJSON(out, l)
			case full:
				return writeCapabilitiesFull(out, l.Items)
			}
			return capabilityTable(l.Items).write(out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Group, "group", "", "only capabilities of this group (Application, Infrastructure, User, Administration, Custom)")
	f.BoolVar(&opts.All, "all", false, "include hidden capabilities")
	f.BoolVar(&full, "full", false, "show each capability's tenant roles, providers and capability entries")
	jsonFlag(cmd, &asJSON)
	return cmd
}

// capabilityTable returns capabilities as the seed's "capabilities list"
// shows them.
func capabilityTable(caps []api.Capability) *table {
	t := newTable("Group", "Name", "Hidden", "Description")
	for _, c := range caps {
		t.add(c.Group, c.Name, pyBool(c.Hidden), c.Description)
	}
	return t
}

// writeCapabilitiesFull prints, for "capabilities list --full", each
// capability as a one-row table followed by its tenant roles, providers and
// capability entries, one per line; a blank line separates capabilities.
func writeCapabilitiesFull(w io.Writer, caps []api.Capability) error {
	for i, c := range caps {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		if err := capabilityTable([]api.Capability{c}).write(w); err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString("Tenant Roles:\n")
		for _, r := range c.TenantRoles {
			b.WriteString(r + "\n")
		}
		b.WriteString("Providers:\n")
		for _, p := range c.Providers {
			b.WriteString(p + "\n")
		}
		b.WriteString("Capability Entries:\n")
		for _, e := range c.Entries {
			b.WriteString(e.ObjectType + " " + e.Operation + "\n")
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

// pyBool spells a boolean as the seed's tables do.
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func newCapabilitiesAddCmd(g *globals) *cobra.Command {
	var req api.CapabilityAddRequest
	var providers, entries string
	cmd := &cobra.Command{
		Use:   "add <name> <description> <tenant_roles>",
		Short: "Add a custom user capability",
		Long: `Add a custom user capability, in the Custom group. Tenant roles are a
comma-separated list of one or more of superadmin, tenantadmin and user:
only members with one of them can be given the capability. --providers
names capabilities it inherits; --capability-entries are its own
permissions, as OBJECT_TYPE:operation; --hidden leaves it out of listings
without --all.`,
		Example: `  gatehouse capabilities add CustomUserCapability "Custom user capability" user --providers ManageApplications
  gatehouse capabilities add BundleViewer "View bundles" tenantadmin,user --capability-entries BUNDLE:view --hidden`,
		Args: exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Name, req.Description, req.TenantRoles = args[0], args[1], splitList(args[2])
			req.Providers, req.Entries = splitList(providers), splitList(entries)
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.AddCapability(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&providers, "providers", "", "comma-separated capabilities it inherits")
	f.StringVar(&entries, "capability-entries", "", "comma-separated entries, OBJECT_TYPE:operation")
	f.BoolVar(&req.Hidden, "hidden", false, "hide it from listings without --all")
	return cmd
}

func newCapabilitiesRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove <name>",
		Short: "Remove a custom user capability",
		Long: `Remove a custom user capability. One still assigned to a member or a
service account, or still a provider of another capability, cannot be
removed; built-in capabilities never can.`,
		Example: "  gatehouse capabilities remove CustomUserCapability",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemoveCapability(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newCapabilitiesUpdateCmd(g *globals) *cobra.Command {
	var req api.CapabilityUpdateRequest
	cmd := &cobra.Command{
		Use:   "update <name>",
		Short: "Change a custom user capability",
		Long: `Change a custom user capability. Only the options given are changed.
--providers and --capability-entries replace the current lists (an empty
value empties them); to add or remove some, use add-providers,
remove-providers, add-capability-entries or remove-capability-entries.`,
		Example: `  gatehouse capabilities update CustomUserCapability --capability-entries APPLICATION:backup,APPLICATION:restore --tenant-roles user,tenantadmin,superadmin
  gatehouse capabilities update CustomUserCapability --providers '' --hide`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			if f.Lookup("description").Changed {
				d, _ := f.GetString("description")
				req.Description = &d
			}
			req.TenantRoles = listFlag(cmd, "tenant-roles")
			req.Providers = listFlag(cmd, "providers")
			req.Entries = listFlag(cmd, "capability-entries")
			switch {
			case req.Hide && req.Expose:
				return errors.New("both --hide and --expose given: pass one of them")
			case req.Description == nil && req.TenantRoles == nil && req.Providers == nil && req.Entries == nil && !req.Hide && !req.Expose:
				return errors.New("nothing to update: pass --description, --tenant-roles, --providers, --capability-entries, --hide or --expose")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UpdateCapability(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.String("description", "", "new description")
	f.String("tenant-roles", "", "comma-separated tenant roles: superadmin, tenantadmin, user")
	f.String("providers", "", "comma-separated capabilities it inherits, replacing the current ones")
	f.String("capability-entries", "", "comma-separated entries, OBJECT_TYPE:operation, replacing the current ones")
	f.BoolVar(&req.Hide, "hide", false, "hide it from listings without --all")
	f.BoolVar(&req.Expose, "expose", false, "show it in listings")
	return cmd
}

// listFlag returns the comma-separated list of the string flag name: nil
// if the flag was not given, and an empty, non-nil list if it was given
// empty, so that the request says "replace with nothing".
func listFlag(cmd *cobra.Command, name string) *[]string {
	f := cmd.Flags().Lookup(name)
	if !f.Changed {
		return nil
	}
	l := splitList(f.Value.String())
	if l == nil {
		l = []string{}
	}
	return &l
}

func newCapabilitiesEntriesCmd(g *globals, add bool) *cobra.Command {
	use, short, verb := "remove-capability-entries", "Remove capability entries from a custom user capability", "remove"
	if add {
		use, short, verb = "add-capability-entries", "Add capability entries to a custom user capability", "add"
	}
	return &cobra.Command{
		Use:   use + " <name> <capability_entries>",
		Short: short,
		Long: "Each of the comma-separated capability entries, OBJECT_TYPE:operation, is a permission to " + verb + `;
all of them or none.`,
		Example: "  gatehouse capabilities " + use + " CustomUserCapability BUNDLE:view,BUNDLE:create,BUNDLE:delete",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			entries := splitList(args[1])
			if len(entries) == 0 {
				return errors.New("no capability entries given: pass a comma-separated list of OBJECT_TYPE:operation")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			call := c.RemoveCapabilityEntries
			if add {
				call = c.AddCapabilityEntries
			}
			m, err := call(cmd.Context(), args[0], entries)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newCapabilitiesProvidersCmd(g *globals, add bool) *cobra.Command {
	use, short := "remove-providers", "Remove providers from a custom user capability"
	if add {
		use, short = "add-providers", "Add providers to a custom user capability"
	}
	return &cobra.Command{
		Use:   use + " <name> <providers>",
		Short: short,
		Long: `A custom capability inherits the capability entries of its providers, and
of theirs. Providers are a comma-separated list of capabilities; all of them
or none. A provider may not lead back to the capability itself.`,
		Example: "  gatehouse capabilities " + use + " CustomUserCapability CreateImages,CreateBundles",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			providers := splitList(args[1])
			if len(providers) == 0 {
				return errors.New("no providers given: pass a comma-separated list of capabilities")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			call := c.RemoveCapabilityProviders
			if add {
				call = c.AddCapabilityProviders
			}
			m, err := call(cmd.Context(), args[0], providers)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newCapabilitiesListOptionsCmd(g *globals) *cobra.Command {
	var opts client.CapabilityListOptions
	var entries string
	var full, asJSON bool
	cmd := &cobra.Command{
		Use:   "list-options [<names>]",
		Short: "Find the capabilities that give some permissions",
		Long: `List the capabilities that give some of the --entries wanted
(OBJECT_TYPE:operation, comma-separated), directly or through their
providers, and which of them each gives. Without --entries, what each
capability gives in all. Names, --group and --all select capabilities as
for "capabilities list". --full puts each entry on its own line.`,
		Example: `  gatehouse capabilities list-options --entries APPLICATION:start,APPLICATION:stop
  gatehouse capabilities list-options ManageApplications,CreateBundles --full`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if opts.Names = splitList(args[0]); len(opts.Names) == 0 {
					return errors.New("no capability names given: pass a comma-separated list, or none to list all")
				}
			}
			opts.Entries = splitList(entries)
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListCapabilityOptions(cmd.Context(), opts)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			return capabilityOptionTable(l.Items, full).write(cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&entries, "entries", "", "comma-separated entries wanted, OBJECT_TYPE:operation")
	f.StringVar(&opts.Group, "group", "", "only capabilities of this group")
	f.BoolVar(&opts.All, "all", false, "include hidden capabilities")
	f.BoolVar(&full, "full", false, "one entry per line")
	jsonFlag(cmd, &asJSON)
	return cmd
}

// capabilityOptionTable returns capability options with what each
// provides: compactly ("APPLICATION:start,stop; BUNDLE:view"), or with
// full, one entry per row.
func capabilityOptionTable(opts []api.CapabilityOption, full bool) *table {
	t := newTable("Group", "Name", "Provides")
	for _, o := range opts {
		if !full {
			t.add(o.Group, o.Name, compactEntries(o.Provides))
			continue
		}
		if len(o.Provides) == 0 {
			t.add(o.Group, o.Name)
		}
		for i, e := range o.Provides {
			if i == 0 {
				t.add(o.Group, o.Name, e.ObjectType+":"+e.Operation)
			} else {
				t.add("", "", e.ObjectType+":"+e.Operation)
			}
		}
	}
	return t
}

// compactEntries writes entries grouped by object type, in the order the
// types first appear: "APPLICATION:start,stop; BUNDLE:view".
func compactEntries(entries []api.CapabilityEntry) string {
	var types []string
	ops := map[string][]string{}
	for _, e := range entries {
		if _, ok := ops[e.ObjectType]; !ok {
			types = append(types, e.ObjectType)
		}
		ops[e.ObjectType] = append(ops[e.ObjectType], e.Operation)
	}
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = t + ":" + strings.Join(ops[t], ",")
	}
	return strings.Join(parts, "; ")
}
