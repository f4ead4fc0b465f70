package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

// This file holds the user commands that change the state of an account
// rather than its details: unlock, disable and enable.

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
		`Let a disabled user log in again. New users start disabled when the
setting users.new_active is false.

A superadmin, or a tenantadmin acting on a user who belongs to their tenant
alone, may enable.`,
		func(c *client.Client, cmd *cobra.Command, name string) (*api.MessageResponse, error) {
			return c.EnableUser(cmd.Context(), name)
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
