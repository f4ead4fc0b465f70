package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func newUserMergeCmd(g *globals) *cobra.Command {
	var req api.UserMergeRequest
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "merge --old-user <username> --new-user <username>",
		Short: "Move what one user owns to another, and disable the first",
		Long: `Merge a user into another, as when a person got a second account: the
old user's platform objects and namespaces, the shares granted to them, and
their memberships in tenants the new user is not a member of (with role and
capabilities) move to the new user; their other memberships end. Then the old user is disabled and their
tokens stop working. Passwords, SSH keys and tokens never move. All of it
happens in one transaction, or nothing does; --dry-run prints what would
move and changes nothing.

Only a superadmin may merge users.`,
		Example: "  gatehouse user merge --old-user jdoe2 --new-user jdoe --dry-run\n  gatehouse user merge --old-user jdoe2 --new-user jdoe",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if req.OldUser == "" || req.NewUser == "" {
				return fmt.Errorf("give both --old-user and --new-user")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			rep, err := c.MergeUsers(cmd.Context(), req)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), rep)
			}
			return writeMergeReport(cmd, rep)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.OldUser, "old-user", "", "the user whose belongings move; disabled afterwards")
	f.StringVar(&req.NewUser, "new-user", "", "the user who receives them")
	f.BoolVar(&req.DryRun, "dry-run", false, "print what would move and change nothing")
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}

// writeMergeReport prints what a merge moved, a line per kind.
func writeMergeReport(cmd *cobra.Command, rep *api.UserMergeReport) error {
	w := cmd.OutOrStdout()
	if rep.DryRun {
		fmt.Fprintf(w, "Dry run: merging user %s into %s would move:\n", rep.OldUser, rep.NewUser)
	} else {
		fmt.Fprintf(w, "Merged user %s into %s, moving:\n", rep.OldUser, rep.NewUser)
	}
	list := func(xs []string) string {
		if len(xs) == 0 {
			return "none"
		}
		return strings.Join(xs, ", ")
	}
	if err := writeFields(w, "  ", [][2]string{
		{"Memberships", list(rep.Memberships)},
		{"Namespaces", list(rep.Namespaces)},
		{"Objects", list(rep.Objects)},
		{"Shares", list(rep.Shares)},
	}); err != nil {
		return err
	}
	if len(rep.EndedMemberships) > 0 {
		fmt.Fprintf(w, "Ending, as %s is already a member: %s\n", rep.NewUser, list(rep.EndedMemberships))
	}
	switch {
	case len(rep.AccountOwnerOf) == 0:
	case rep.DryRun:
		fmt.Fprintf(w, "%s would become the account owner of: %s\n", rep.NewUser, list(rep.AccountOwnerOf))
	default:
		fmt.Fprintf(w, "%s is now the account owner of: %s\n", rep.NewUser, list(rep.AccountOwnerOf))
	}
	if rep.DryRun {
		fmt.Fprintf(w, "User %s would be disabled and their tokens revoked. Nothing was changed.\n", rep.OldUser)
	} else {
		fmt.Fprintf(w, "User %s is disabled and their tokens are revoked.\n", rep.OldUser)
	}
	return nil
}
