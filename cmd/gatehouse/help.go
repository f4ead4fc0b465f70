package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// newHelpCmd returns "gatehouse help [command]". Unlike cobra's own, it
// refuses a topic that is not a command instead of printing the root's
// help and succeeding.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  `Print the help of a command: what it does, its arguments, examples and flags.`,
		Example: `  gatehouse help
  gatehouse help user add`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return fmt.Errorf("unknown help topic %q: run 'gatehouse --help' for a list of commands", strings.Join(args, " "))
			}
			return target.Help()
		},
	}
}
