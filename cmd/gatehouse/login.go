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
	"github.com/gatehouse-iam/gatehouse/internal/identity"
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
			if _, err := fmt.Fprintf(cmd.OutOrStdout(), "User %s is logged into %s tenant\n", resp.Username, resp.Tenant); err != nil {
				return err
			}
			return printReadOnly(cmd, resp)
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
		Long:    "Show who the current token belongs to: user, tenant, role, namespace and capabilities;\nfor a sub-user, the roles active in the request instead of capabilities.",
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
			fields := [][2]string{
				{"Username", w.Username},
				{"User ID", strconv.FormatInt(w.UserID, 10)},
				{"Tenant", w.Tenant},
				{"Role", w.Role},
				{"Namespace", w.Namespace},
				{"Tenants", strings.Join(w.Tenants, ", ")},
				{"Capabilities", strings.Join(w.Capabilities, ", ")},
			}
			if w.Subuser { // Aperture, not capabilities, decides
				roles := strings.Join(w.ActiveRoles, ", ")
				if roles == "" {
					roles = "none (ask an administrator of the account to make you a default member of a role, or name one with --role)"
				}
				fields[len(fields)-1] = [2]string{"Active roles", roles}
			}
			return writeFields(cmd.OutOrStdout(), "", append(fields, [2]string{"Expires", formatTime(w.ExpiresAt)}))
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newPasswordCmd(g *globals) *cobra.Command {
	var user, tenant string
	change := &cobra.Command{
		Use:   "change",
		Short: "Change the current user's password",
		Long: `Change the password of the logged-in user. The current password comes
from --current-password, else GATEHOUSE_CURRENT_PASSWORD, else a prompt; the
new one from --password, else GATEHOUSE_PASSWORD, else a prompt (twice).
The server answers with a new token, which replaces the stored one.

A user whose password has expired (the setting password.max_age) cannot log
in: with --user they set a new password without logging in, and are then
logged in (into --tenant, else the tenant of their previous login).

The new password must follow the password policy ('gatehouse settings get'
shows it): by default at least 12 characters, not one of the 10,000 most
common passwords, and not one of the user's last 5.`,
		Example: `  gatehouse password change
  gatehouse password change --current-password old --password new
  gatehouse password change --user u1 --tenant t1`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			var c *client.Client
			var cfg *config
			var err error
			if user != "" {
				c, cfg, err = g.anonymous(cmd)
			} else {
				c, cfg, err = g.session(cmd)
			}
			if err != nil {
				return err
			}
			current, err := currentPassword.read(cmd)
			if err != nil {
				return err
			}
			next, err := newPassword.read(cmd)
			if err != nil {
				return err
			}
			var resp *api.LoginResponse
			if user != "" {
				resp, err = c.ChangeExpiredPassword(cmd.Context(), api.ExpiredPasswordRequest{
					Username: user, Password: current, NewPassword: next, Tenant: tenant})
			} else {
				resp, err = c.ChangePassword(cmd.Context(), api.PasswordChangeRequest{CurrentPassword: current, Password: next})
			}
			if err != nil {
				return err
			}
			if user != "" { // a login, as "gatehouse login" keeps it
				*cfg = config{Server: c.BaseURL(), Token: resp.Token, Username: resp.Username, Tenant: resp.Tenant}
			} else {
				cfg.Server, cfg.Token = c.BaseURL(), resp.Token
				if resp.Username != "" {
					cfg.Username, cfg.Tenant = resp.Username, resp.Tenant
				}
			}
			if err := cfg.save(); err != nil {
				return err
			}
			if user != "" {
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "Password of user %s has been updated; %s is logged into %s tenant\n", resp.Username, resp.Username, resp.Tenant)
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "Password for current user has been updated")
			return err
		},
	}
	change.Flags().String("current-password", "", "the current password (default $GATEHOUSE_CURRENT_PASSWORD, else a prompt)")
	change.Flags().String("password", "", "the new password (default $GATEHOUSE_PASSWORD, else a prompt)")
	change.Flags().StringVar(&user, "user", "", "change this user's expired password without logging in")
	change.Flags().StringVar(&tenant, "tenant", "", "with --user: the tenant to log into (default: the tenant of the previous login)")
	return newGroupCmd("password", "Change passwords", change)
}

// printReadOnly tells a user who logged in whether they may only read, and
// what to do about it.
func printReadOnly(cmd *cobra.Command, resp *api.LoginResponse) error {
	var err error
	switch {
	case !resp.Active:
		_, err = fmt.Fprintf(cmd.OutOrStdout(), "User %s is inactive and may only read: sign the required agreements ('gatehouse agreement list'), then run 'gatehouse user activate %s', or ask an administrator\n", resp.Username, resp.Username)
	case len(resp.PendingAgreements) > 0:
		_, err = fmt.Fprintf(cmd.OutOrStdout(), "User %s may only read until they sign %s: %s\n",
			resp.Username, strings.Join(resp.PendingAgreements, ", "), identity.SignHint(resp.PendingAgreements))
	}
	return err
}
