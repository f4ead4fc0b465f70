// Command gatehouse is the Gatehouse identity and access-management server
// and its command-line client, in one binary.
//
// "gatehouse serve" runs the server. Every other command is a client of its
// REST API (/api/v1): it finds the server from --server or GATEHOUSE_SERVER,
// authenticates with the token that "gatehouse login" keeps in the config
// directory (GATEHOUSE_CONFIG_DIR, default ~/.gatehouse) or with
// GATEHOUSE_TOKEN, and prints what the server answered.
//
// Output rules, for every command:
//   - Success messages and listings go to stdout; prompts go to stderr.
//   - A change prints the server's message verbatim, with one newline.
//   - Every listing takes --json and then prints the API's body, indented.
//   - A failure prints one line, "error: " and a lower-case message that
//     says what went wrong and then what to do, on stderr, and exits 1.
//     "check" is the exception: it answers with its status (0 yes, 1 no),
//     so its failures exit 2.
//
// Files: main.go (root command, errors), config.go (config file, server and
// token), prompt.go (passwords, confirmation), table.go and output.go
// (printing), then one file per command group: login.go, user.go, token.go,
// tenant.go, namespace.go, audit.go, capabilities.go, objects.go (object
// types and objects), share.go, check.go, serviceaccount.go, settings.go,
// rules.go (offline rule evaluation), rulesserver.go (services' rule sets);
// serve.go is the server.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	status := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(status)
}

// run executes the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	var status exitStatus
	if errors.As(err, &status) {
		return int(status)
	}
	fmt.Fprintf(root.ErrOrStderr(), "error: %s\n", errorLine(err))
	if cmd != nil {
		if n, err := strconv.Atoi(cmd.Annotations[errorStatus]); err == nil {
			return n
		}
	}
	return 1
}

// exitStatus is an error that ends the program with that status and prints
// nothing: an answer, such as check's "no", rather than a failure.
type exitStatus int

func (s exitStatus) Error() string { return "exit status " + strconv.Itoa(int(s)) }

// errorStatus is the annotation of a command whose failures exit with a
// status other than 1, because 1 means something else for it.
const errorStatus = "gatehouse/error-status"

// newRootCmd returns the gatehouse command with all its subcommands.
func newRootCmd() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "gatehouse",
		Short: "Identity and access management for multi-tenant platforms",
		Long: `Gatehouse knows the people of a multi-tenant platform, the tenants they
belong to, what each of them may do, and what they did.

"gatehouse serve" runs the server. The other commands talk to it: log in
with "gatehouse login <username>", then manage users, tenants, namespaces,
user capabilities, objects and their shares, ask "gatehouse check" whether
someone may do something, and read the audit trail.

Environment:
  GATEHOUSE_SERVER      server URL (default ` + defaultServer + `)
  GATEHOUSE_CONFIG_DIR  where the login token is kept (default ~/.gatehouse)
  GATEHOUSE_TOKEN       token to use instead of the stored one
  GATEHOUSE_PASSWORD    password to use instead of prompting`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE:          runGroup,
	}
	root.PersistentFlags().StringVar(&g.server, "server", envOr("GATEHOUSE_SERVER", defaultServer),
		"URL of the gatehouse server (env GATEHOUSE_SERVER)")
	root.PersistentFlags().StringSliceVar(&g.roles, "role", nil,
		"for a sub-user: act with only these of your roles, comma-separated (header X-Gatehouse-Roles), instead of those active by default")
	root.SetFlagErrorFunc(flagError)
	root.SetHelpCommand(newHelpCmd())
	root.AddCommand(
		newServeCmd(),
		newMigrateCmd(),
		newLoginCmd(g),
		newLogoutCmd(g),
		newWhoamiCmd(g),
		newPasswordCmd(g),
		newUserCmd(g),
		newSubuserCmd(g),
		newTokenCmd(g),
		newRateLimitCmd(g),
		newTenantCmd(g),
		newNamespaceCmd(g),
		newAuditCmd(g),
		newCapabilitiesCmd(g),
		newObjectTypeCmd(g),
		newObjectCmd(g),
		newLimitCmd(g),
		newObjectShareCmd(g),
		newCheckCmd(g),
		newServiceAccountCmd(g),
		newSettingsCmd(g),
		newLDAPCmd(g),
		newOpenShiftCmd(g),
		newPolicyCmd(g),
		newRoleCmd(g),
		newRulesCmd(g),
		newAgreementCmd(g),
	)
	return root
}

// newGroupCmd returns a command that holds subcommands and does nothing
// itself.
func newGroupCmd(use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE:  runGroup,
	}
	cmd.AddCommand(subs...)
	return cmd
}

// runGroup runs a command that only holds subcommands: without arguments
// it prints the help, and an argument is an unknown subcommand.
func runGroup(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance == 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return fmt.Errorf("%s: run '%s --help' for a list of commands", msg, cmd.CommandPath())
}

// exactArgs checks that a command has n positional arguments.
func exactArgs(n int) cobra.PositionalArgs { return rangeArgs(n, n) }

// rangeArgs checks that a command has min to max positional arguments.
func rangeArgs(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < min:
			return fmt.Errorf("missing arguments: usage: %s", cmd.UseLine())
		case len(args) > max:
			return fmt.Errorf("too many arguments: usage: %s", cmd.UseLine())
		}
		return nil
	}
}

// errorLine returns the one line printed after "error: " for err, adding
// what to do where the error alone does not say.
func errorLine(err error) string {
	msg := err.Error()
	var ue *url.Error
	switch {
	case errors.Is(err, context.Canceled):
		msg = "interrupted"
	case errors.As(err, &ue):
		msg = fmt.Sprintf("cannot reach the server at %s: %v: check that it is running and that --server or GATEHOUSE_SERVER points to it",
			origin(ue.URL), ue.Err)
	}
	return oneLine(msg)
}

// oneLine joins the non-empty lines of s with spaces.
func oneLine(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, " ")
}

// origin returns the scheme and host of a URL, or the URL itself if it does
// not parse.
func origin(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	return u.Scheme + "://" + u.Host
}

// envOr returns the value of the environment variable key, or def when it is
// unset or empty.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
