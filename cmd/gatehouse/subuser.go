package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// newSubuserCmd is the group of sub-user commands.
func newSubuserCmd(g *globals) *cobra.Command {
	return newGroupCmd("subuser", "Add, update, remove and list the sub-users of an account (Triton)",
		newSubuserAddCmd(g), newSubuserUpdateCmd(g), newSubuserRemoveCmd(g), newSubuserListCmd(g))
}

// accountFlag declares --account, the tenant whose sub-users, policies or
// roles a command manages.
func accountFlag(cmd *cobra.Command, dst *string) {
	cmd.Flags().StringVar(dst, "account", "", "the account (tenant) meant (default: the tenant you are logged into)")
}

func newSubuserAddCmd(g *globals) *cobra.Command {
	var req api.SubuserAddRequest
	cmd := &cobra.Command{
		Use:   "add <login>",
		Short: "Add a sub-user to the account you are logged into",
		Long: `Add a sub-user, as in Triton, to the account (tenant) you are logged into
as its tenantadmin, or, for a superadmin, to --account. A sub-user belongs
to its account alone, with the role user, and is never an operator; what
it may do to the account's objects its Aperture roles say. Its login is
1-64 characters of a-z, A-Z, 0-9, '.', '-' and '_', unique only inside the
account: two accounts may each have a sub-user mark. It logs in as
<account>/<login>.

The password comes from --password, else GATEHOUSE_PASSWORD, else a prompt
(twice).`,
		Example: `  gatehouse subuser add mark --email mark@example.com
  gatehouse login t1/mark`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			req.Login = args[0]
			if req.Password, err = newPassword.read(cmd); err != nil {
				return err
			}
			m, err := c.AddSubuser(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.String("password", "", "the sub-user's password (default $GATEHOUSE_PASSWORD, else a prompt)")
	f.StringVar(&req.FirstName, "first-name", "", "first name")
	f.StringVar(&req.LastName, "last-name", "", "last name")
	f.StringVar(&req.Email, "email", "", "email address")
	accountFlag(cmd, &req.Account)
	return cmd
}

func newSubuserUpdateCmd(g *globals) *cobra.Command {
	var account string
	cmd := &cobra.Command{
		Use:     "update <login>",
		Short:   "Change a sub-user's password, name or email",
		Long:    "Change the attributes of a sub-user of the account. Only the options given are changed.",
		Example: `  gatehouse subuser update mark --first-name Mark -p n3w-secret-pass`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := userUpdateRequest(cmd)
			if err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UpdateSubuser(cmd.Context(), account, args[0], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	userUpdateFlags(cmd)
	accountFlag(cmd, &account)
	return cmd
}

func newSubuserRemoveCmd(g *globals) *cobra.Command {
	var account string
	cmd := &cobra.Command{
		Use:   "remove <login>",
		Short: "Remove a sub-user",
		Long: `Remove a sub-user of the account: its membership ends, its tokens stop
working, and its record is kept (as Triton keeps them for the record).`,
		Example: `  gatehouse subuser remove mark`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemoveSubuser(cmd.Context(), account, args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	accountFlag(cmd, &account)
	return cmd
}

func newSubuserListCmd(g *globals) *cobra.Command {
	var (
		account string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the sub-users of an account",
		Example: `  gatehouse subuser list
  gatehouse subuser list --account t1 --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListSubusers(cmd.Context(), account)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("ID", "Login", "Username", "Full Name", "Email", "Disabled", "Added")
			for _, s := range l.Items {
				name := strings.TrimSpace(s.FirstName + " " + s.LastName)
				t.add(strconv.FormatInt(s.ID, 10), s.Login, s.Username, name, s.Email, yesNo(s.Disabled), formatTime(s.CreatedAt))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	accountFlag(cmd, &account)
	jsonFlag(cmd, &asJSON)
	return cmd
}
