package main

import (
	"context"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/spf13/cobra"
)

func newTokenCmd(g *globals) *cobra.Command {
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [<username>]",
		Short: "List a user's live login tokens",
		Long: `List the live login tokens of a user, or your own without a username:
each token's id, tenant, when and from which address it was issued, when
it expires and when it was last used (noted at most once a minute). The
token you are using is marked with *. Anyone lists their own; a superadmin
anyone's.`,
		Example: `  gatehouse token list
  gatehouse token list user1 --json`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			var name string
			if len(args) == 1 {
				name = args[0]
			}
			l, err := c.ListTokens(cmd.Context(), name)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("ID", "Username", "Tenant", "Issued", "Expires", "Source", "Last Used")
			for _, x := range l.Items {
				id := x.ID
				if x.Current {
					id += " *"
				}
				var used time.Time
				if x.LastUsedAt != nil {
					used = *x.LastUsedAt
				}
				t.add(id, x.Username, x.Tenant, formatTime(x.IssuedAt), formatTime(x.ExpiresAt), x.Source, formatTime(used))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(list, &asJSON)

	var id string
	revoke := &cobra.Command{
		Use:   "revoke <username>",
		Short: "Revoke every token of a user, or one with --id",
		Long: `Revoke every token issued to a user, or with --id only the token with
that id (as 'gatehouse token list' shows it). The server refuses them from
then on; the user logs in again to get a new one. Anyone revokes their own
tokens one by one; a superadmin anyone's.`,
		Example: `  gatehouse token revoke user1
  gatehouse token revoke user1 --id QPO3a6Ff729MkA6RJPSuRA`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			revoke := c.RevokeTokens
			if cmd.Flags().Changed("id") {
				revoke = func(ctx context.Context, name string) (*api.MessageResponse, error) {
					return c.RevokeToken(ctx, name, id)
				}
			}
			m, err := revoke(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	revoke.Flags().StringVar(&id, "id", "", "revoke only the token with this id")
	return newGroupCmd("token", "Manage login tokens", list, revoke)
}
