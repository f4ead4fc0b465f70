package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newLDAPSyncCmd(g *globals) *cobra.Command {
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "sync <ldap_server_name>",
		Short: "Bring Gatehouse in step with an LDAP server",
		Long: `Bring the users of a directory server (imported from it, or authenticating
against it) in step with the directory: first name, last name and email are
refreshed from their entry; users no longer in the directory are disabled
(reason "not in directory SERVER"), and enabled again when they come back;
the tenants of groups imported with import-group get the groups' new
members (with the role and capabilities of the import) and lose the members
the group brought who left it. One line per change. The sync is one
transaction: a directory error, or a listing cut short by a limit, changes
nothing. --dry-run prints the same changes and makes none.`,
		Example: "  gatehouse ldap sync ldap1 --dry-run\n  gatehouse ldap sync ldap1",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			rep, err := c.SyncLDAP(cmd.Context(), args[0], dryRun)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return printJSON(out, rep)
			}
			for _, ch := range rep.Changes {
				if _, err := fmt.Fprintf(out, "%s %s: %s\n", ch.Kind, ch.Username, ch.Detail); err != nil {
					return err
				}
			}
			_, err = fmt.Fprintln(out, rep.Message)
			return err
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the changes the sync would make, and make none")
	jsonFlag(cmd, &asJSON)
	return cmd
}
