package main

import (
	"strconv"

	"github.com/spf13/cobra"
)

func newRateLimitCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ratelimit",
		Short: "See who goes over the API rate limits",
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the users and tenants being rate limited",
		Long: `List the runs of API requests this server refused because a user or a
tenant went over its rate limit (the settings ratelimit.user and
ratelimit.tenant, in requests a second, 0 for none): those going on
(Active) and those that ended in the last ten minutes, latest first, with
how many requests were refused. The first refusal of each run is in the
audit trail (action ratelimit.exceeded). Limits are kept by each server
process. Superadmins are never limited; only they may list.`,
		Example: "  gatehouse settings set ratelimit.user 20\n  gatehouse ratelimit list",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.RateLimited(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Kind", "Name", "Limit/s", "Refused", "Since", "Last", "Active")
			for _, b := range l.Items {
				t.add(b.Kind, b.Name, strconv.Itoa(b.Limit), strconv.FormatInt(b.Refused, 10),
					formatTime(b.Since), formatTime(b.Last), pyBool(b.Active))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(list, &asJSON)
	cmd.AddCommand(list)
	return cmd
}
