package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func newServiceAccountCmd(g *globals) *cobra.Command {
	return newGroupCmd("service-account", "Manage service accounts and their API keys",
		newServiceAccountAddCmd(g), newServiceAccountListCmd(g), newServiceAccountAddKeyCmd(g), newServiceAccountRevokeKeyCmd(g))
}

// keyWarning is printed on stderr with every new API key.
const keyWarning = "warning: this is the only time the key is shown: store it now; pass it in GATEHOUSE_TOKEN or as a bearer token to authenticate\n"

// checkExpires checks an --expires duration before it is sent.
func checkExpires(s string) error {
	if s == "" {
		return nil
	}
	if d, err := time.ParseDuration(s); err != nil || d <= 0 {
		return fmt.Errorf("invalid --expires %q: pass a positive duration such as 720h", s)
	}
	return nil
}

// writeNewKey prints a new API key, its secret on the last line, and the
// warning that it is shown only now.
func writeNewKey(cmd *cobra.Command, k *api.NewKey, asJSON bool) error {
	out := cmd.OutOrStdout()
	var err error
	if asJSON {
		err = printJSON(out, k)
	} else {
		err = writeFields(out, "", [][2]string{
			{"Service Account", k.Name},
			{"Key ID", k.KeyID},
			{"Expires", formatTime(k.ExpiresAt)},
			{"Key", k.Key},
		})
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(cmd.ErrOrStderr(), keyWarning)
	return err
}

func newServiceAccountAddCmd(g *globals) *cobra.Command {
	var req api.ServiceAccountRequest
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add <name> <tenant> <tenant_role> [<capabilities>]",
		Short: "Add a service account and its first API key",
		Long: `Add a service account: a hidden user, member of one tenant with a role
and, optionally, comma-separated user capabilities (default: those of the
role), that authenticates with API keys instead of a password. The first
key is printed once, and cannot be shown again; it expires after --expires
(default 2160h, 90 days).`,
		Example: `  gatehouse service-account add ci t1 user ManageApplications --expires 720h
  GATEHOUSE_TOKEN=<key> gatehouse check start APPLICATION app1 --as u1 --as-tenant t1`,
		Args: rangeArgs(3, 4),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkExpires(req.ExpiresIn); err != nil {
				return err
			}
			req.Name, req.Tenant, req.Role = args[0], args[1], args[2]
			if len(args) == 4 {
				req.Capabilities = splitList(args[3])
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			k, err := c.AddServiceAccount(cmd.Context(), req)
			if err != nil {
				return err
			}
			return writeNewKey(cmd, k, asJSON)
		},
	}
	cmd.Flags().StringVar(&req.ExpiresIn, "expires", "", "lifetime of the key, such as 720h (default 2160h)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON body")
	return cmd
}

func newServiceAccountListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List service accounts and their keys",
		Example: "  gatehouse service-account list\n  gatehouse service-account list --json",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListServiceAccounts(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			return serviceAccountTable(l.Items).write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

// serviceAccountTable returns service accounts with the ids of their keys.
func serviceAccountTable(accounts []api.ServiceAccount) *table {
	t := newTable("Name", "Tenant", "Role", "Capabilities", "Keys")
	for _, a := range accounts {
		keys := make([]string, len(a.Keys))
		for i, k := range a.Keys {
			keys[i] = k.ID
		}
		t.add(a.Name, a.Tenant, a.Role, strings.Join(a.Capabilities, ","), strings.Join(keys, ","))
	}
	return t
}

func newServiceAccountAddKeyCmd(g *globals) *cobra.Command {
	var req api.KeyRequest
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "add-key <name>",
		Short: "Give a service account another API key",
		Long: `Give a service account another API key, to replace one before it
expires. The key is printed once, and cannot be shown again.`,
		Example: "  gatehouse service-account add-key ci --expires 720h",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkExpires(req.ExpiresIn); err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			k, err := c.AddKey(cmd.Context(), args[0], req)
			if err != nil {
				return err
			}
			return writeNewKey(cmd, k, asJSON)
		},
	}
	cmd.Flags().StringVar(&req.ExpiresIn, "expires", "", "lifetime of the key, such as 720h (default 2160h)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON body")
	return cmd
}

func newServiceAccountRevokeKeyCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "revoke-key <name> <key_id>",
		Short:   "Revoke an API key of a service account",
		Long:    "Revoke an API key: from now on it is refused with 401.",
		Example: "  gatehouse service-account revoke-key ci k1",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RevokeKey(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}
