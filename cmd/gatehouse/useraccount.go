package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

// This file holds the user commands that change the state of an account
// rather than its details: unlock, disable, enable, activate, deactivate,
// setup and unsetup.

func newUserUnlockCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "unlock <username>",
		Short: "Unlock a user locked out after failed logins",
		Long: `Unlock a user whom failed logins locked out: after lockout.threshold
failed logins in a row a user cannot log in for lockout.duration, even with
the right password ('gatehouse settings get' shows both). Unlocking also
clears the count of failed logins. 'gatehouse user list --full' shows who is
locked and until when.

A superadmin, or a tenantadmin of a tenant the user belongs to, may unlock.`,
		Example: "  gatehouse user unlock user1",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UnlockUser(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newUserDisableCmd(g *globals) *cobra.Command {
	return userStateCmd(g, "disable", "Disable a user",
		`Disable a user: they cannot log in, and every token they hold stops
working at once (and stays refused after they are enabled again). Nobody
disables themself. Disabled users are listed with 'gatehouse user list --all'.

A superadmin, or a tenantadmin acting on a user who belongs to their tenant
alone, may disable.`,
		func(c *client.Client, cmd *cobra.Command, name string) (*api.MessageResponse, error) {
			return c.DisableUser(cmd.Context(), name)
		})
}

func newUserEnableCmd(g *globals) *cobra.Command {
	return userStateCmd(g, "enable", "Enable a disabled user",
		`Let a disabled user log in again.

A superadmin, or a tenantadmin acting on a user who belongs to their tenant
alone, may enable.`,
		func(c *client.Client, cmd *cobra.Command, name string) (*api.MessageResponse, error) {
			return c.EnableUser(cmd.Context(), name)
		})
}

func newUserActivateCmd(g *globals) *cobra.Command {
	return userStateCmd(g, "activate", "Activate an inactive user",
		`Activate an inactive user. Inactive users log in and read what they may
read, but create, change and delete nothing. Users created by import or at
their first login start inactive when the setting users.new_active is false;
'gatehouse user deactivate' makes a user inactive.

A superadmin, or a tenantadmin acting on a user who belongs to their tenant
alone, may activate anyone else; this bypasses the agreements that gate
activation. Users activate themselves once they were set up ('gatehouse
user setup') and have signed every required agreement ('gatehouse
agreement list', 'gatehouse agreement sign').`,
		func(c *client.Client, cmd *cobra.Command, name string) (*api.MessageResponse, error) {
			return c.ActivateUser(cmd.Context(), name)
		})
}

func newUserDeactivateCmd(g *globals) *cobra.Command {
	return userStateCmd(g, "deactivate", "Make a user inactive",
		`Make a user inactive: they still log in and read, but create, change and
delete nothing, and they cannot activate themselves again until set up
('gatehouse user setup'). To lock a user out, use 'gatehouse user unsetup'
or 'gatehouse user disable'. Nobody deactivates themself.

A superadmin, or a tenantadmin acting on a user who belongs to their tenant
alone, may deactivate.`,
		func(c *client.Client, cmd *cobra.Command, name string) (*api.MessageResponse, error) {
			return c.DeactivateUser(cmd.Context(), name)
		})
}

func newUserSetupCmd(g *globals) *cobra.Command {
	return userStateCmd(g, "setup", "Set a user up in the default tenant",
		`Set a user up: add them to the tenant of the setting users.default_tenant
with role user and its default capabilities (unless they are a member
already), and let them activate themselves once they have signed every
required agreement. It does not activate them.

A superadmin may set anyone up; a tenantadmin logged into the default
tenant, users who belong to it alone.`,
		func(c *client.Client, cmd *cobra.Command, name string) (*api.MessageResponse, error) {
			return c.SetupUser(cmd.Context(), name)
		})
}

func newUserUnsetupCmd(g *globals) *cobra.Command {
	return userStateCmd(g, "unsetup", "Remove a user from every tenant and deactivate them",
		`Undo setup and lock the user out: end every membership of theirs (with its
capabilities; their namespaces and objects stay theirs, for a later merge),
deactivate them and revoke all their tokens. Without a tenant they cannot
log in. Nobody unsets themself up.

A superadmin, or a tenantadmin acting on a user who belongs to their tenant
alone, may unsetup.`,
		func(c *client.Client, cmd *cobra.Command, name string) (*api.MessageResponse, error) {
			return c.UnsetupUser(cmd.Context(), name)
		})
}

// userStateCmd returns the command "user <verb> <username>", which sends
// one request and prints the server's message.
func userStateCmd(g *globals, verb, short, long string, send func(*client.Client, *cobra.Command, string) (*api.MessageResponse, error)) *cobra.Command {
	return &cobra.Command{
		Use:     verb + " <username>",
		Short:   short,
		Long:    long,
		Example: "  gatehouse user " + verb + " user1",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := send(c, cmd, args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

// formatOptionalTime formats t for --full, or "" when t is nil.
func formatOptionalTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return formatTime(*t)
}
