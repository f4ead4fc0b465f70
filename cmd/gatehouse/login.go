package main

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

func newLoginCmd(g *globals) *cobra.Command {
	var req api.LoginRequest
	cmd := &cobra.Command{
		Use:   "login <username>",
		Short: "Log into a tenant",
		Long: `Log a user into a tenant and keep the token in the config directory
(GATEHOUSE_CONFIG_DIR, default ~/.gatehouse) for the commands that follow.

The password comes from --password, else GATEHOUSE_PASSWORD, else a prompt.
Without --tenant the user logs into the tenant of their previous login.
--namespace changes the current namespace; only the user's namespace in the
tenant is accepted.`,
		Example: `  gatehouse login admin --tenant Administrators
  GATEHOUSE_PASSWORD=secret gatehouse login user1 --tenant t1`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, cfg, err := g.anonymous(cmd)
			if err != nil {
				return err
			}
			req.Username = args[0]
			if req.Password, err = loginPassword.read(cmd); err != nil {
				return err
			}
			resp, err := c.Login(cmd.Context(), req)
			if err != nil {
				return err
			}
			*cfg = config{Server: c.BaseURL(), Token: resp.Token, Username: resp.Username, Tenant: resp.Tenant}
			if err := cfg.save(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "User %s is logged into %s tenant\n", resp.Username, resp.Tenant)
			return err
		},
	}
	cmd.Flags().String("password", "", "the user's password (default $GATEHOUSE_PASSWORD, else a prompt)")
	cmd.Flags().StringVar(&req.Tenant, "tenant", "", "tenant to log into (default: the tenant of the previous login)")
	cmd.Flags().StringVar(&req.Namespace, "namespace", "", "current namespace: the user's namespace in the tenant")
	return cmd
}

func newLogoutCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Log out and revoke the token",
		Long: `Revoke the current token on the server and forget it. With
GATEHOUSE_TOKEN set, that token is revoked and the stored login is kept.`,
		Example: "  gatehouse logout",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, cfg, err := g.session(cmd)
			if err != nil {
				return err
			}
			// A token the server refuses is as good as logged out.
			if _, err := c.Logout(cmd.Context()); err != nil && !client.IsStatus(err, http.StatusUnauthorized) {
				return err
			}
			if os.Getenv("GATEHOUSE_TOKEN") == "" {
				cfg.Token = ""
				if err := cfg.save(); err != nil {
					return err
				}
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "Logged out")
			return err
		},
	}
}

func newWhoamiCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "whoami",
		Short:   "Show the current user and tenant",
		Long:    "Show who the current token belongs to: user, tenant, role, namespace and capabilities.",
		Example: "  gatehouse whoami\n  gatehouse whoami --json",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			w, err := c.WhoAmI(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), w)
			}
			return writeFields(cmd.OutOrStdout(), "", [][2]string{
				{"Username", w.Username},
				{"User ID", strconv.FormatInt(w.UserID, 10)},
				{"Tenant", w.Tenant},
				{"Role", w.Role},
				{"Namespace", w.Namespace},
				{"Tenants", strings.Join(w.Tenants, ", ")},
				{"Capabilities", strings.Join(w.Capabilities, ", ")},
				{"Expires", formatTime(w.ExpiresAt)},
			})
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newPasswordCmd(g *globals) *cobra.Command {
	change := &cobra.Command{
		Use:   "change",
		Short: "Change the current user's password",
		Long: `Change the password of the logged-in user. The current password comes
from --current-password, else GATEHOUSE_CURRENT_PASSWORD, else a prompt; the
new one from --password, else GATEHOUSE_PASSWORD, else a prompt (twice).
The server answers with a new token, which replaces the stored one.`,
		Example: `  gatehouse password change
  gatehouse password change --current-password old --password new`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, cfg, err := g.session(cmd)
			if err != nil {
				return err
			}
			var req api.PasswordChangeRequest
			if req.CurrentPassword, err = currentPassword.read(cmd); err != nil {
				return err
			}
			if req.Password, err = newPassword.read(cmd); err != nil {
				return err
			}
			resp, err := c.ChangePassword(cmd.Context(), req)
			if err != nil {
				return err
			}
			cfg.Server, cfg.Token = c.BaseURL(), resp.Token
			if resp.Username != "" {
				cfg.Username, cfg.Tenant = resp.Username, resp.Tenant
			}
			if err := cfg.save(); err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "Password for current user has been updated")
			return err
		},
	}
	change.Flags().String("current-password", "", "the current password (default $GATEHOUSE_CURRENT_PASSWORD, else a prompt)")
	change.Flags().String("password", "", "the new password (default $GATEHOUSE_PASSWORD, else a prompt)")
	return newGroupCmd("password", "Change passwords", change)
}
