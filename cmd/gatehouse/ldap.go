package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

// newLDAPCmd returns `gatehouse ldap`: directory servers, their users and
// groups, imports and attribute mappings.
func newLDAPCmd(g *globals) *cobra.Command {
	return newGroupCmd("ldap", "Manage LDAP and Active Directory servers, and import their users",
		newLDAPAddServerCmd(g), newLDAPRemoveServerCmd(g), newLDAPListServersCmd(g),
		newLDAPListUsersCmd(g), newLDAPListGroupsCmd(g), newLDAPImportUsersCmd(g), newLDAPImportGroupCmd(g), newLDAPSyncCmd(g),
		newLDAPListImportedGroupsCmd(g), newLDAPForgetGroupCmd(g),
		newLDAPListAttributesCmd(g), newLDAPUpdateAttributeCmd(g), newLDAPResetAttributeCmd(g),
	)
}

func newLDAPAddServerCmd(g *globals) *cobra.Command {
	var (
		req    api.LDAPServerAddRequest
		caFile string
	)
	cmd := &cobra.Command{
		Use:   "add-server <name> <hostname> <port> <server_type> <username> <search_base>",
		Short: "Add an LDAP or Active Directory server",
		Long: `Add an LDAP server (server type OPEN_LDAP) or an Active Directory server
(ACTIVE_DIRECTORY, which needs --netbios). The server binds with the service
account (username, a DN; for Active Directory also a name or UPN) and reads
the search base before saving anything: an unreachable server, a TLS
certificate that does not verify, or refused credentials are reported and
nothing is saved. The password is kept sealed with the server's master key
and never shown again.

--tls connects with LDAPS, --start-tls upgrades a plain connection; --ca-cert
names the PEM file of the CA that signed the server's certificate (default:
the system's roots). The password is prompted for twice, or taken from
--password or GATEHOUSE_PASSWORD.`,
		Example: `  gatehouse ldap add-server ad1 10.9.53.5 389 ACTIVE_DIRECTORY administrator mydomain.com --netbios mydomain
  gatehouse ldap add-server ldap1 ldap.example.com 636 OPEN_LDAP cn=reader,dc=example,dc=com dc=example,dc=com --tls --ca-cert ca.pem`,
		Args: exactArgs(6),
		RunE: func(cmd *cobra.Command, args []string) error {
			port, err := strconv.Atoi(args[2])
			if err != nil {
				return fmt.Errorf("port: must be a number between 1 and 65535 (got %q)", args[2])
			}
			req.Name, req.Hostname, req.Port, req.ServerType, req.Username, req.SearchBase = args[0], args[1], port, args[3], args[4], args[5]
			if req.CACert, err = readCACert(caFile); err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			if req.Password, err = newPassword.read(cmd); err != nil {
				return err
			}
			m, err := c.AddLDAPServer(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.UserBase, "user-base", "", "base DN of user searches (default: the search base)")
	f.StringVar(&req.GroupBase, "group-base", "", "base DN of group searches (default: the search base)")
	f.StringVar(&req.NetBIOS, "netbios", "", "NetBIOS domain name (required for ACTIVE_DIRECTORY)")
	f.String("password", "", "password of the service account (else GATEHOUSE_PASSWORD, else a prompt)")
	f.BoolVar(&req.TLS, "tls", false, "connect with LDAPS")
	f.BoolVar(&req.StartTLS, "start-tls", false, "upgrade the connection with StartTLS")
	f.StringVar(&caFile, "ca-cert", "", "PEM file of the CA that signed the server's certificate")
	return cmd
}

func newLDAPRemoveServerCmd(g *globals) *cobra.Command {
	var yes, force bool
	cmd := &cobra.Command{
		Use:   "remove-server <name>",
		Short: "Remove an LDAP server",
		Long: `Remove an LDAP server. While users authenticate against it, it is refused
and they are named; --force removes it anyway, and they can no longer log in.`,
		Example: "  gatehouse ldap remove-server ldap1 -y",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			if err := confirm(cmd, yes, "Are you sure you want to delete [y/n] ? "); err != nil {
				return err
			}
			m, err := c.RemoveLDAPServer(cmd.Context(), args[0], force)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&force, "force", false, "remove it even while users authenticate against it")
	return cmd
}

func newLDAPListServersCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list-servers [<name>]",
		Short:   "List LDAP servers",
		Long:    "List the LDAP servers, or the one called name. Bind passwords are never shown.",
		Example: "  gatehouse ldap list-servers",
		Args:    rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			l, err := c.ListLDAPServers(cmd.Context(), name)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Name", "Server Type", "Hostname", "Port", "Username", "Search Base", "User Base", "Group Base", "NetBIOS")
			for _, s := range l.Items {
				t.add(s.Name, s.ServerType, s.Hostname, strconv.Itoa(s.Port), s.Username, s.SearchBase, s.UserBase, s.GroupBase, s.NetBIOS)
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

// ldapListFlags are the options of list-users and list-groups.
type ldapListFlags struct {
	opts   client.LDAPListOptions
	asJSON bool
}

func (f *ldapListFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.opts.SearchBase, "search-base", "", "base DN of the search (default: the server's)")
	cmd.Flags().StringVar(&f.opts.Filter, "ldap-filter", "", "LDAP filter ANDed with the base filter (not with names)")
	cmd.Flags().BoolVar(&f.opts.Raw, "raw", false, "print the entries in raw LDAP form (LDIF)")
	jsonFlag(cmd, &f.asJSON)
}

// parse reads the optional comma-separated names argument.
func (f *ldapListFlags) parse(args []string) error {
	if len(args) == 2 {
		f.opts.Names = splitList(args[1])
	}
	if len(f.opts.Names) > 0 && f.opts.Filter != "" {
		return fmt.Errorf("--ldap-filter cannot be given with names: give one or the other")
	}
	return nil
}

// orNone returns s, or None when it is empty, as the seed's listings show.
func orNone(s string) string {
	if s == "" {
		return "None"
	}
	return s
}

// writeLDIF writes one entry in LDIF form, attributes by name.
func writeLDIF(w io.Writer, dn string, attrs map[string][]string) error {
	var b strings.Builder
	b.WriteString("dn: " + dn + "\n")
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		for _, v := range attrs[name] {
			b.WriteString(name + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func newLDAPListUsersCmd(g *globals) *cobra.Command {
	var f ldapListFlags
	cmd := &cobra.Command{
		Use:   "list-users <ldap_server_name> [<users>]",
		Short: "List the users of an LDAP server",
		Long: `List the users of an LDAP server, or those named (a comma-separated list).
The server pages through the directory, so a size limit on the directory
does not cut the listing short. Names are matched exactly, never as
patterns; --ldap-filter narrows the listing with an LDAP filter.`,
		Example: `  gatehouse ldap list-users ldap1
  gatehouse ldap list-users ldap1 newton,einstein
  gatehouse ldap list-users ldap1 --ldap-filter '(mail=*@example.com)' --json`,
		Args: rangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.parse(args); err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			return printListing(cmd.OutOrStdout(), &f, []string{"Username", "Email Address", "User Principal Name", "Object SID"},
				func(fn func(api.LDAPUser) error) error { return c.ListLDAPUsers(cmd.Context(), args[0], f.opts, fn) },
				func(u api.LDAPUser) (string, map[string][]string, []string) {
					return u.DN, u.Attributes, []string{u.Username, orNone(u.Email), orNone(u.UserPrincipalName), orNone(u.ObjectSID)}
				},
				func(items []api.LDAPUser) any { return api.LDAPUserList{Items: items} })
		},
	}
	f.add(cmd)
	return cmd
}

func newLDAPListGroupsCmd(g *globals) *cobra.Command {
	var f ldapListFlags
	cmd := &cobra.Command{
		Use:   "list-groups <ldap_server_name> [<groups>]",
		Short: "List the groups of an LDAP server and their members",
		Long: `List the groups of an LDAP server, or those named (a comma-separated list),
with their direct members.`,
		Example: `  gatehouse ldap list-groups ldap1
  gatehouse ldap list-groups ldap1 Mathematicians --json`,
		Args: rangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.parse(args); err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			return printListing(cmd.OutOrStdout(), &f, []string{"Name", "Members"},
				func(fn func(api.LDAPGroup) error) error { return c.ListLDAPGroups(cmd.Context(), args[0], f.opts, fn) },
				func(gr api.LDAPGroup) (string, map[string][]string, []string) {
					return gr.DN, gr.Attributes, []string{gr.Name, strings.Join(gr.Members, ",")}
				},
				func(items []api.LDAPGroup) any { return api.LDAPGroupList{Items: items} })
		},
	}
	f.add(cmd)
	return cmd
}

// printListing prints the directory entries list streams as f asks: as
// JSON (wrap makes the body of the list), as LDIF with --raw, or as a
// table with header. entry gives an entry's DN, its attributes and its
// table row.
func printListing[T any](out io.Writer, f *ldapListFlags, header []string, list func(func(T) error) error,
	entry func(T) (dn string, attrs map[string][]string, row []string), wrap func([]T) any) error {
	items := []T{}
	t := newTable(header...)
	err := list(func(x T) error {
		dn, attrs, row := entry(x)
		switch {
		case f.asJSON:
			items = append(items, x)
		case f.opts.Raw:
			return writeLDIF(out, dn, attrs)
		default:
			t.add(row...)
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case f.asJSON:
		return printJSON(out, wrap(items))
	case f.opts.Raw:
		return nil
	}
	return t.write(out)
}

// printImport prints an import's message and, when some entry was not
// simply imported, a line per entry saying what became of it.
func printImport(cmd *cobra.Command, rep *api.ImportReport, asJSON bool) error {
	out := cmd.OutOrStdout()
	if asJSON {
		return printJSON(out, rep)
	}
	if _, err := fmt.Fprintln(out, rep.Message); err != nil {
		return err
	}
	plain := len(rep.Cycles) == 0
	for _, o := range rep.Outcomes {
		plain = plain && o.Outcome == "imported" && o.Reason == ""
	}
	if plain {
		return nil
	}
	t := newTable("Directory Name", "Username", "Outcome", "Reason")
	for _, o := range rep.Outcomes {
		t.add(o.Name, o.Username, o.Outcome, o.Reason)
	}
	for _, c := range rep.Cycles {
		t.add(c, "", "cycle", "group met inside itself: not followed again")
	}
	return t.write(out)
}

func newLDAPImportUsersCmd(g *globals) *cobra.Command {
	var (
		req    api.LDAPImportUsersRequest
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "import-users <ldap_server_name> <users> <tenant> <tenant_role> [<user_capabilities>]",
		Short: "Import LDAP users",
		Long: `Import directory users (a comma-separated list) into a tenant with a role
and, optionally, capabilities (default: every capability of the role;
NoCapabilities for none). Names and email come along; the users log in
with their directory password. Every named user must be in the directory,
and the import is all or nothing. A directory name with characters
Gatehouse does not allow is imported under a valid name, its DN recorded.
Importing again a user whose entry was deleted and created again under the
same DN (a new entry id, so their logins are refused) relinks the account
to the new entry: check first that it is the same person.`,
		Example: "  gatehouse ldap import-users ldap1 newton,einstein,tesla t1 user",
		Args:    rangeArgs(4, 5),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Users, req.Tenant, req.Role = splitList(args[1]), args[2], args[3]
			if len(args) == 5 {
				req.Capabilities = splitList(args[4])
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			rep, err := c.ImportLDAPUsers(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			return printImport(cmd, rep, asJSON)
		},
	}
	cmd.Flags().StringVar(&req.SearchBase, "search-base", "", "base DN of the user search (default: the server's)")
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newLDAPImportGroupCmd(g *globals) *cobra.Command {
	var (
		req     api.LDAPImportGroupRequest
		exclude string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "import-group <ldap_server_name> <group> <tenant> <tenant_role> [<user_capabilities>]",
		Short: "Import the members of an LDAP group",
		Long: `Import every member of a directory group, through member, uniqueMember and
memberUid, following nested groups (a cycle is followed once), into a tenant
with a role, but those named by --exclude-users. Each member's outcome is
reported: imported, already present, relinked (deleted and created again
in the directory: the account is linked to the new entry id), excluded, or
skipped with the reason. The import is all or nothing.`,
		Example: "  gatehouse ldap import-group ldap1 Italians t1 user --exclude-users galileo",
		Args:    rangeArgs(4, 5),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Group, req.Tenant, req.Role, req.ExcludeUsers = args[1], args[2], args[3], splitList(exclude)
			if len(args) == 5 {
				req.Capabilities = splitList(args[4])
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			rep, err := c.ImportLDAPGroup(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			return printImport(cmd, rep, asJSON)
		},
	}
	cmd.Flags().StringVar(&exclude, "exclude-users", "", "comma-separated directory users not to import")
	cmd.Flags().StringVar(&req.SearchBase, "search-base", "", "base DN of the group search (default: the server's)")
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newLDAPListAttributesCmd(g *globals) *cobra.Command {
	var (
		serverType, objectType string
		asJSON                 bool
	)
	cmd := &cobra.Command{
		Use:   "list-attributes",
		Short: "List the LDAP attribute mappings",
		Long: `List which LDAP attributes hold a user's username, names and email, or a
group's name and members, per server type and object type (blank: every
object). Custom marks values that replace the default.`,
		Example: "  gatehouse ldap list-attributes --server-type OPEN_LDAP --object-type group",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListLDAPAttributes(cmd.Context(), serverType, objectType)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Server Type", "Object Type", "Attribute Name", "Custom", "Value")
			for _, a := range l.Items {
				ot, custom := a.ObjectType, ""
				if ot == "none" {
					ot = ""
				}
				if a.Custom {
					custom = "True"
				}
				t.add(a.ServerType, ot, a.AttributeName, custom, attributeValue(a))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&serverType, "server-type", "", "only OPEN_LDAP or ACTIVE_DIRECTORY")
	cmd.Flags().StringVar(&objectType, "object-type", "", "only user, group or none")
	jsonFlag(cmd, &asJSON)
	return cmd
}

// attributeValue renders a mapping's value as the seed does: a name, or
// a list like ['uid', 'cn'].
func attributeValue(a api.LDAPAttribute) string {
	if !a.List {
		return strings.Join(a.Value, ",")
	}
	q := make([]string, len(a.Value))
	for i, v := range a.Value {
		q[i] = "'" + v + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func newLDAPUpdateAttributeCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "update-attribute <server_type> <object_type> <attribute_name> <value>",
		Short: "Set an LDAP attribute mapping",
		Long: `Set which LDAP attributes hold a property: one name, or a comma-separated
list for list properties (class_list, members, member_uids, username,
email_address). Object type none sets an attribute of every object.`,
		Example: "  gatehouse ldap update-attribute OPEN_LDAP group members member,uniqueMember",
		Args:    exactArgs(4),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UpdateLDAPAttribute(cmd.Context(), args[0], args[1], args[2], splitList(args[3]))
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newLDAPResetAttributeCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "reset-attribute <server_type> <object_type> <attribute_name>",
		Short:   "Reset an LDAP attribute mapping to its default",
		Example: "  gatehouse ldap reset-attribute OPEN_LDAP group members",
		Args:    exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.ResetLDAPAttribute(cmd.Context(), args[0], args[1], args[2])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

// readCACert returns the PEM text of the --ca-cert file named, or "" for
// none.
func readCACert(name string) (string, error) {
	if name == "" {
		return "", nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("--ca-cert: %w", err)
	}
	return string(b), nil
}
