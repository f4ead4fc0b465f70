package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// settingsHelp describes every setting, for the help of the settings
// commands.
const settingsHelp = `Settings and their defaults:
  lockout.threshold    6     failed logins in a row that lock an account (0: never)
  lockout.duration     30m   how long a locked account stays locked
  password.min_length  12    fewest characters in a new password (8 or more)
  password.max_length  128   most characters in a new password (64 to 256)
  password.quality     ""    empty (no rule, as NIST SP 800-63B advises), letter-digit
                             (a letter and a digit), or a Go regular expression
                             new passwords must match
  password.history     4     how many previous passwords a new one may not repeat
  password.max_age     0     how long a password lasts before it must be changed (0: for ever)
  password.min_age     0     how long before users may change their password again
  users.new_active     true  whether new users may log in at once
  users.dormant_after  0     how long an account may go unused before the server
                             disables it (0: never; else at least 1d); superadmins
                             are exempt, and 'user enable' restarts the count
  login.rate           30    login attempts a minute from one address, per server (0: no limit)
  ratelimit.user       0     API requests a second one user may make, per server, in
                             bursts of up to 2 seconds' worth (0: no limit); superadmins
                             are exempt; 'gatehouse ratelimit list' shows who is limited
  ratelimit.tenant     0     API requests a second the members of a tenant may make
                             together, per server (0: no limit)

Durations are in Go syntax (90s, 30m, 1h30m) or whole days (90d). Only a
superadmin logged into Administrators reads or changes the settings.`

func newSettingsCmd(g *globals) *cobra.Command {
	var asJSON bool
	get := &cobra.Command{
		Use:   "get [name]",
		Short: "Show the security settings",
		Long: `Show every security setting with its value and default, or with a name,
print that setting's value alone.

` + settingsHelp,
		Example: `  gatehouse settings get
  gatehouse settings get lockout.threshold`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListSettings(cmd.Context())
			if err != nil {
				return err
			}
			if len(args) == 1 {
				for _, s := range l.Items {
					if s.Name == args[0] {
						if asJSON {
							return printJSON(cmd.OutOrStdout(), s)
						}
						_, err := fmt.Fprintln(cmd.OutOrStdout(), s.Value)
						return err
					}
				}
				return fmt.Errorf("unknown setting %q: run 'gatehouse settings get' to list them", args[0])
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Name", "Value", "Default")
			for _, s := range l.Items {
				t.add(s.Name, s.Value, s.Default)
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(get, &asJSON)
	set := &cobra.Command{
		Use:   "set <name> <value>",
		Short: "Change a security setting",
		Long: `Change one security setting. The change is audited; an invalid value
changes nothing.

` + settingsHelp,
		Example: `  gatehouse settings set lockout.threshold 9
  gatehouse settings set password.max_age 90d
  gatehouse settings set password.quality letter-digit
  gatehouse settings set password.quality ''`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.SetSetting(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	return newGroupCmd("settings", "Show and change the security settings", get, set)
}
