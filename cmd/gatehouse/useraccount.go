package main

import (
	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// This file holds the user commands that change the state of an account
// rather than its details: unlock.

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

// lockedUntil returns, for user list --full, when u's lockout ends, or ""
// when u is not locked.
func lockedUntil(u api.User) string {
	if u.LockedUntil == nil {
		return ""
	}
	return formatTime(*u.LockedUntil)
}
