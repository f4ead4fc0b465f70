package main

import "github.com/spf13/cobra"

func newTokenCmd(g *globals) *cobra.Command {
	revoke := &cobra.Command{
		Use:   "revoke <username>",
		Short: "Revoke every token of a user",
		Long: `Revoke every token issued to a user. The server refuses them from then
on; the user logs in again to get a new one.`,
		Example: "  gatehouse token revoke user1",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RevokeTokens(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	return newGroupCmd("token", "Manage login tokens", revoke)
}
