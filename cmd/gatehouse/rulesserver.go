package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
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
		Long: `Store a rule file (an object of rule names to rules, in JSON as OpenStack's
policy.json or in YAML as its policy.yaml) as the next version of a
service's rule set. The service identity holds the rules of Gatehouse's
own operations (see 'gatehouse rules default'). The server checks
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
	var service, target, batch, creds string
	var explain bool
	cmd := &cobra.Command{
		Use:   "check <rule>",
		Short: "Ask a service's rule set whether you may do something",
		Long: `Ask the server to decide a rule of a service's rule set for you, with the
credentials of your login (user_id, username, tenant_id, project_id,
tenant_name, role, roles, is_admin, capabilities), on the target given as
a JSON object; "perm:TYPE:op" checks ask whether you hold TYPE:op in your
tenant. A service account (logged in with GATEHOUSE_TOKEN=its API key)
may give --creds instead, to decide for one of its users. It prints
"yes" or "no", and where oslo.policy would raise, why. With
--explain it then prints the evaluation tree: every check visited, one a
line, with its value ("not evaluated" for those an "and" or "or" did not
need) and the match it compared, as formatted from the target.

With --batch FILE ("-" for stdin) it sends many checks at once instead:
each line of FILE is a JSON object {"rule": NAME, "target": {...}}, and
each answer is printed as one JSON line, in order.

Exit status: 0 yes (or a batch answered), 1 no, 2 the check failed.`,
		Example: `  gatehouse rules check compute:start --service compute --target '{"project_id": 3}'
  gatehouse rules check compute:start --service compute --explain
  gatehouse rules check --batch checks.jsonl --service compute`,
		Annotations: map[string]string{errorStatus: "2"},
		Args: func(cmd *cobra.Command, args []string) error {
			if batch != "" && len(args) > 0 {
				return fmt.Errorf("give a rule or --batch, not both")
			}
			if batch != "" {
				return nil
			}
			return exactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needService(service); err != nil {
				return err
			}
			opts := client.RuleCheckOptions{Explain: explain}
			if creds != "" {
				if err := checkTarget("--creds", creds); err != nil {
					return err
				}
				opts.Creds = json.RawMessage(creds)
			}
			if batch != "" {
				return checkRuleBatch(cmd, g, service, batch, opts)
			}
			var tv json.RawMessage
			if target != "" {
				if err := checkTarget("--target", target); err != nil {
					return err
				}
				tv = json.RawMessage(target)
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			resp, err := c.CheckRule(cmd.Context(), service, client.RuleCheck{Rule: args[0], Target: tv}, opts)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			answer := "yes"
			if !resp.Allowed {
				answer = "no"
			}
			fmt.Fprintln(out, answer)
			if resp.Error != "" {
				fmt.Fprintf(out, "error: %s\n", resp.Error)
			}
			if resp.Explanation != nil {
				printExplanation(out, resp.Explanation, 0)
			}
			if !resp.Allowed {
				return exitStatus(1)
			}
			return nil
		},
	}
	serviceFlag(cmd, &service)
	cmd.Flags().StringVar(&target, "target", "", "what the operation acts on, a JSON object (default {})")
	cmd.Flags().BoolVar(&explain, "explain", false, "print the evaluation tree with each check's value")
	cmd.Flags().StringVar(&creds, "creds", "", "credentials to decide with, a JSON object (service accounts only)")
	cmd.Flags().StringVar(&batch, "batch", "", `send the checks of a JSON Lines file ("-" for stdin) at once`)
	return cmd
}

// checkTarget refuses a target (or credentials) that is not a JSON object.
func checkTarget(what, target string) error {
	v, err := rules.ParseJSON([]byte(target))
	if err != nil || v.Kind() != rules.Object {
		return fmt.Errorf("%s %s is not a JSON object: give one, as '{\"project_id\": \"p1\"}'", what, target)
	}
	return nil
}

// checkRuleBatch sends the checks of the JSON Lines file path at once and
// prints each answer as a JSON line.
func checkRuleBatch(cmd *cobra.Command, g *globals, service, path string, opts client.RuleCheckOptions) error {
	in := cmd.InOrStdin()
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("read checks: %w", err)
		}
		defer f.Close()
		in = f
	}
	var checks []client.RuleCheck
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var c client.RuleCheck
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil || c.Rule == "" {
			return fmt.Errorf("%s line %d: not a check: give {\"rule\": NAME, \"target\": {...}}", path, n)
		}
		if len(c.Target) > 0 {
			if err := checkTarget(fmt.Sprintf("%s line %d: target", path, n), string(c.Target)); err != nil {
				return err
			}
		}
		checks = append(checks, c)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read checks: %w", err)
	}
	c, _, err := g.session(cmd)
	if err != nil {
		return err
	}
	resp, err := c.CheckRules(cmd.Context(), service, checks, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(cmd.OutOrStdout())
	for _, r := range resp.Results {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// printExplanation prints an evaluation tree, one check a line, indented
// by depth.
func printExplanation(w io.Writer, x *api.RuleExplanation, depth int) {
	value := "not evaluated"
	if x.Evaluated {
		value = strconv.FormatBool(x.Value)
	}
	line := strings.Repeat("  ", depth) + x.Check + " = " + value
	if x.Rule != "" && "rule:"+x.Rule != x.Check {
		line += fmt.Sprintf(" (uses rule %q)", x.Rule)
	}
	if x.Match != "" && !strings.HasSuffix(x.Check, ":"+x.Match) {
		line += fmt.Sprintf(" (compared %q)", x.Match)
	}
	if x.Error != "" {
		line += " (error: " + x.Error + ")"
	}
	if x.Note != "" {
		line += " (" + x.Note + ")"
	}
	fmt.Fprintln(w, line)
	for i := range x.Checks {
		printExplanation(w, &x.Checks[i], depth+1)
	}
}
