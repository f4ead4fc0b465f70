package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// serviceFlag adds the --service flag that names a service's rule set.
func serviceFlag(cmd *cobra.Command, service *string) {
	cmd.Flags().StringVar(service, "service", "", "the platform service whose rule set this is, as compute (required)")
}

func needService(service string) error {
	if service == "" {
		return fmt.Errorf("name the rule set with --service, as --service compute")
	}
	return nil
}

func newRulesSetCmd(g *globals) *cobra.Command {
	var service string
	cmd := &cobra.Command{
		Use:   "set <file>",
		Short: "Store a service's rule set",
		Long: `Store a rule file (a JSON object of rule names to rules, as OpenStack's
policy.json) as the next version of a service's rule set. The server checks
the whole file first and stores nothing if any rule has a problem, listing
each with its line. The change is audited; decisions use the new rules at
once.`,
		Example: `  gatehouse rules set compute-policy.json --service compute`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needService(service); err != nil {
				return err
			}
			doc, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("read rules: %w", err)
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			info, err := c.SetRules(cmd.Context(), service, doc)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Stored the rules of service %s as version %d\n", info.Service, info.Version)
			return err
		},
	}
	serviceFlag(cmd, &service)
	return cmd
}

func newRulesShowCmd(g *globals) *cobra.Command {
	var service string
	var version int
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Print a service's rule set",
		Long:  `Print the rule file of a service's latest rule set, or of --version.`,
		Example: `  gatehouse rules show --service compute
  gatehouse rules show --service compute --version 2`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needService(service); err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			rs, err := c.Rules(cmd.Context(), service, version)
			if err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), rs.Document)
			return err
		},
	}
	serviceFlag(cmd, &service)
	cmd.Flags().IntVar(&version, "version", 0, "the version to print (default the latest)")
	return cmd
}

func newRulesHistoryCmd(g *globals) *cobra.Command {
	var service string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "history",
		Short:   "List the versions of a service's rule set",
		Example: `  gatehouse rules history --service compute`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needService(service); err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			h, err := c.RulesHistory(cmd.Context(), service)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), h)
			}
			t := newTable("Version", "Stored By", "Stored At")
			for _, v := range h.Items {
				t.add(strconv.Itoa(v.Version), v.CreatedBy, v.CreatedAt)
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	serviceFlag(cmd, &service)
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newRulesRollbackCmd(g *globals) *cobra.Command {
	var service string
	cmd := &cobra.Command{
		Use:   "rollback <version>",
		Short: "Store an earlier version of a service's rule set again",
		Long: `Store an earlier version of a service's rule set again, as its next
version. The change is audited.`,
		Example: `  gatehouse rules rollback 2 --service compute`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needService(service); err != nil {
				return err
			}
			v, err := strconv.Atoi(args[0])
			if err != nil || v < 1 {
				return fmt.Errorf("version %q is not a version number: see 'gatehouse rules history --service %s'", args[0], service)
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			info, err := c.RollbackRules(cmd.Context(), service, v)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Stored version %d of the rules of service %s again as version %d\n", v, info.Service, info.Version)
			return err
		},
	}
	serviceFlag(cmd, &service)
	return cmd
}

func newRulesCheckCmd(g *globals) *cobra.Command {
	var service, target string
	cmd := &cobra.Command{
		Use:   "check <rule>",
		Short: "Ask a service's rule set whether you may do something",
		Long: `Ask the server to decide a rule of a service's rule set for you, with the
credentials of your login (user_id, username, tenant_id, project_id,
tenant_name, roles, is_admin), on the target given as a JSON object. It
prints "yes" or "no", and where oslo.policy would raise, why.

Exit status: 0 yes, 1 no, 2 the check failed.`,
		Example:     `  gatehouse rules check compute:start --service compute --target '{"project_id": 3}'`,
		Annotations: map[string]string{errorStatus: "2"},
		Args:        exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needService(service); err != nil {
				return err
			}
			var tv json.RawMessage
			if target != "" {
				v, err := rules.ParseJSON([]byte(target))
				if err != nil || v.Kind() != rules.Object {
					return fmt.Errorf("--target %s is not a JSON object: give one, as '{\"project_id\": \"p1\"}'", target)
				}
				tv = json.RawMessage(target)
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			resp, err := c.CheckRule(cmd.Context(), service, args[0], tv)
			if err != nil {
				return err
			}
			if !resp.Allowed {
				fmt.Fprintln(cmd.OutOrStdout(), "no")
				if resp.Error != "" {
					fmt.Fprintf(cmd.OutOrStdout(), "error: %s\n", resp.Error)
				}
				return exitStatus(1)
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "yes")
			return err
		},
	}
	serviceFlag(cmd, &service)
	cmd.Flags().StringVar(&target, "target", "", "what the operation acts on, a JSON object (default {})")
	return cmd
}
