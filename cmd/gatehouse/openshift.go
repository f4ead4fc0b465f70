package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// newOpenShiftCmd returns `gatehouse openshift`: the OpenShift cluster,
// its users and groups, and imports.
func newOpenShiftCmd(g *globals) *cobra.Command {
	return newGroupCmd("openshift", "Configure the OpenShift cluster, list its users and groups, and import them",
		newOpenShiftConfigureCmd(g), newOpenShiftShowCmd(g), newOpenShiftListUsersCmd(g), newOpenShiftListGroupsCmd(g),
		newOpenShiftImportUsersCmd(g), newOpenShiftImportGroupCmd(g),
	)
}

func newOpenShiftConfigureCmd(g *globals) *cobra.Command {
	var (
		req    api.OpenShiftConfigureRequest
		caFile string
	)
	cmd := &cobra.Command{
		Use:   "configure --api-url URL --token TOKEN [--ca-cert FILE]",
		Short: "Set the OpenShift cluster users are listed, imported and authenticated from",
		Long: `Set the OpenShift cluster: its API server's URL and the bearer token of an
account that may list users and groups (such as a cluster-reader's; 'oc whoami -t'
prints yours). The API server is asked for a user with the token before
anything is saved: an unreachable server, a TLS certificate that does not
verify or a refused token is reported and nothing is saved. The token is
kept sealed with the server's master key and never shown again.

--ca-cert names the PEM file of the CA that signed the API and OAuth
servers' certificates (default: the system's roots). Configuring again
replaces the cluster.`,
		Example: "  gatehouse openshift configure --api-url https://api.ocp.example.com:6443 --token sha256~xxxx --ca-cert ca.pem",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if req.APIURL == "" || req.Token == "" {
				return fmt.Errorf("--api-url and --token are required: the cluster's API server and a token that may list users")
			}
			var err error
			if req.CACert, err = readCACert(caFile); err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.ConfigureOpenShift(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.APIURL, "api-url", "", "the API server's URL, such as https://api.ocp.example.com:6443")
	f.StringVar(&req.Token, "token", "", "bearer token of an account that may list users and groups")
	f.StringVar(&caFile, "ca-cert", "", "PEM file of the CA that signed the cluster's certificates")
	return cmd
}

func newOpenShiftShowCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show",
		Short:   "Show the OpenShift cluster",
		Long:    "Show the OpenShift cluster's API URL and CA. The token is never shown.",
		Example: "  gatehouse openshift show",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			cfg, err := c.ShowOpenShift(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), cfg)
			}
			ca := "system roots"
			if cfg.CACert != "" {
				ca = "custom"
			}
			t := newTable("API URL", "CA", "Updated")
			t.add(cfg.APIURL, ca, cfg.UpdatedAt.UTC().Format("2006-01-02 15:04:05"))
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

// listFlags are the flags of a listing that prints a table or JSON: the
// directory listing's, without --raw.
func listFlags(asJSON bool) *ldapListFlags { return &ldapListFlags{asJSON: asJSON} }

func newOpenShiftListUsersCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list-users [<users>]",
		Short: "List OpenShift users",
		Long: `List the OpenShift users, or those named (a comma-separated list, all of
whom must exist), with their UIDs and groups.`,
		Example: "  gatehouse openshift list-users\n  gatehouse openshift list-users admin1,user1 --json",
		Args:    rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var users []string
			if len(args) == 1 {
				users = splitList(args[0])
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			return printListing(cmd.OutOrStdout(), listFlags(asJSON), []string{"Username", "UID", "Full Name", "Groups"},
				func(fn func(api.OpenShiftUser) error) error { return c.ListOpenShiftUsers(cmd.Context(), users, fn) },
				func(u api.OpenShiftUser) (string, map[string][]string, []string) {
					return "", nil, []string{u.Username, u.UID, u.FullName, strings.Join(u.Groups, ",")}
				},
				func(items []api.OpenShiftUser) any { return api.OpenShiftUserList{Items: items} })
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newOpenShiftListGroupsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list-groups [<groups>]",
		Short: "List OpenShift groups and their users",
		Long: `List the OpenShift groups, or those named (a comma-separated list, all of
which must exist), with their UIDs and users.`,
		Example: "  gatehouse openshift list-groups\n  gatehouse openshift list-groups robin-users --json",
		Args:    rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var groups []string
			if len(args) == 1 {
				groups = splitList(args[0])
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			return printListing(cmd.OutOrStdout(), listFlags(asJSON), []string{"Name", "UID", "Users"},
				func(fn func(api.OpenShiftGroup) error) error { return c.ListOpenShiftGroups(cmd.Context(), groups, fn) },
				func(gr api.OpenShiftGroup) (string, map[string][]string, []string) {
					return "", nil, []string{gr.Name, gr.UID, strings.Join(gr.Users, ",")}
				},
				func(items []api.OpenShiftGroup) any { return api.OpenShiftGroupList{Items: items} })
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newOpenShiftImportUsersCmd(g *globals) *cobra.Command {
	var (
		req    api.OpenShiftImportUsersRequest
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "import-users <users> <tenant> <tenant_role> [<user_capabilities>]",
		Short: "Import OpenShift users",
		Long: `Import OpenShift users (a comma-separated list) into a tenant with a role
and, optionally, capabilities (default: every capability of the role;
NoCapabilities for none). Full names come along; the users log in with
their OpenShift password. Every named user must exist in OpenShift, and the
import is all or nothing. An OpenShift name with characters Gatehouse does
not allow is imported under a valid name, the OpenShift name recorded.
Importing again a user whose OpenShift user was deleted and created again
under the same name (a new UID, so their logins are refused) relinks the
account to the new UID: check first that it is the same person.`,
		Example: "  gatehouse openshift import-users admin1 t1 tenantadmin",
		Args:    rangeArgs(3, 4),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Users, req.Tenant, req.Role = splitList(args[0]), args[1], args[2]
			if len(args) == 4 {
				req.Capabilities = splitList(args[3])
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			rep, err := c.ImportOpenShiftUsers(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printImport(cmd, rep, asJSON)
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newOpenShiftImportGroupCmd(g *globals) *cobra.Command {
	var (
		req     api.OpenShiftImportGroupRequest
		exclude string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "import-group <group> <tenant> <tenant_role> [<user_capabilities>]",
		Short: "Import the users of an OpenShift group",
		Long: `Import every user of an OpenShift group into a tenant with a role, but those
named by --exclude-users. Each member's outcome is reported: imported,
already present, relinked (deleted and created again in OpenShift: the
account is linked to the new UID), excluded, or skipped with the reason.
The import is all or nothing.`,
		Example: "  gatehouse openshift import-group robin-users t2 user --exclude-users robin,admin1",
		Args:    rangeArgs(3, 4),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Group, req.Tenant, req.Role, req.ExcludeUsers = args[0], args[1], args[2], splitList(exclude)
			if len(args) == 4 {
				req.Capabilities = splitList(args[3])
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			rep, err := c.ImportOpenShiftGroup(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printImport(cmd, rep, asJSON)
		},
	}
	cmd.Flags().StringVar(&exclude, "exclude-users", "", "comma-separated OpenShift users not to import")
	jsonFlag(cmd, &asJSON)
	return cmd
}
