package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

func newRulesCmd(g *globals) *cobra.Command {
	return newGroupCmd("rules", "OpenStack-style policy rules: services' rule sets, offline evaluation",
		newRulesSetCmd(g),
		newRulesShowCmd(g),
		newRulesHistoryCmd(g),
		newRulesRollbackCmd(g),
		newRulesCheckCmd(g),
		newRulesDefaultCmd(),
		newRulesEvalCmd(),
		newRulesTestCmd(),
	)
}

func newRulesDefaultCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "default",
		Short: "Print the built-in rules of Gatehouse's own operations as a rule file",
		Long: `Print how Gatehouse authorizes its own operations, as a rule file of the
identity rule set an operator can edit and store with 'gatehouse rules set
<file> --service identity'. Each operation has a rule, named
identity:<action> (identity:user:add, identity:tenant:view, ...): the
capability entry it needs (perm:TYPE:op) and the roles that may do it
(superadmin, operator for views, tenantadmin), or that the caller acts on
themself (self, own_tenant). The operations on objects
(identity:object:add, identity:object:remove, identity:object_share:add,
...) require the capability entry of the operation on the object's type,
perm:%(object_type)s:%(operation)s, or a sub-user (is_subuser), whom the
Aperture rules of its roles decide for; their rules see the object's
object_type, object_id, tenant_id and project_id, owner_id and user_id
(its owner) and operation. Checks are identity:check (target object_type,
operation, object_id) and identity:check:on_behalf (target user_id,
username, tenant_id).

A stored identity rule set applies in addition to the built-in checks: it
can forbid more, never allow more. Stored unchanged, this file changes
nothing; the per-object limits of tenantadmins (the members of their own
tenant, users who belong to it alone) and of read-only users stay built
in. An operation whose rule the file does not define, when it has no
"default" rule either, is decided by the built-in checks alone; the rules
of identity:rules:set and identity:rules:view are never applied, so that a
superadmin can always repair the rule set.`,
		Example: `  gatehouse rules default > identity.json
  gatehouse rules set identity.json --service identity`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := cmd.OutOrStdout().Write(identity.DefaultRules(access.DefaultRules()...))
			return err
		},
	}
}

func newRulesEvalCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "eval",
		Short: "Evaluate rule cases read as JSON Lines, offline",
		Long: `Evaluate rules written in OpenStack's policy language exactly as
oslo.policy does, without a server. Each line of stdin is one case:

  {"id": ..., "rules": {NAME: RULE, ...}, "rule": NAME | "inline": RULE,
   "target": {...}, "creds": {...}, "default_rule": NAME-or-null}

"rule" names the rule to check; "inline" gives one instead. "default_rule"
is the rule used for undefined names: absent means "default", null means
none. Each case prints one line, {"id": ..., "allowed": true|false}, or
{"id": ..., "error": "..."} where oslo.policy raises an exception.`,
		Example: `  echo '{"id": 1, "rules": {"admin": "role:admin"}, "rule": "admin", "creds": {"roles": ["Admin"]}}' | gatehouse rules eval`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return evalLines(cmd.InOrStdin(), cmd.OutOrStdout())
		},
	}
}

// evalLines answers every non-blank line of in on out.
func evalLines(in io.Reader, out io.Writer) error {
	r := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			w.Write(rules.EvalLine(line))
			w.WriteByte('\n')
		}
		if err == io.EOF {
			return w.Flush()
		}
		if err != nil {
			return fmt.Errorf("read cases: %w", err)
		}
	}
}

func newRulesTestCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "test <file>",
		Short: "Run an operator's assertions against a rule file",
		Long: `Check a rule file against assertions: each names a rule (or gives one
inline), a target and credentials, and the expected answer, true (allowed),
false (denied) or "error" (oslo.policy raises). The file is JSON:

  {"rules": {NAME: RULE, ...} | "rules_file": "policy.json",
   "default_rule": "default",
   "assertions": [
     {"name": "members start their own servers", "rule": "compute:start",
      "target": {"project_id": "p1"},
      "creds": {"roles": ["member"], "project_id": "p1"}, "expected": true}]}

"rules_file" (JSON or YAML) is read relative to the test file. The rules are loaded as the
server loads them: cycles of rule references are refused, and rules
oslo.policy would silently deny are reported as warnings on stderr.

It prints every failed assertion and a summary. Exit status: 0 when all
pass, 1 when one fails, 2 when the file cannot be used.`,
		Example:     `  gatehouse rules test policy-tests.json`,
		Annotations: map[string]string{errorStatus: "2"},
		Args:        exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			failed, err := runRuleTests(args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if failed > 0 {
				return exitStatus(1)
			}
			return nil
		},
	}
}

// ruleTestFile is the file `gatehouse rules test` reads.
type ruleTestFile struct {
	Rules       *rules.Value    `json:"rules"`
	RulesFile   string          `json:"rules_file"`
	DefaultRule *rules.Value    `json:"default_rule"`
	Assertions  []ruleAssertion `json:"assertions"`
}

// ruleAssertion is one expected answer.
type ruleAssertion struct {
	Name     string          `json:"name"`
	Rule     *string         `json:"rule"`
	Inline   *rules.Value    `json:"inline"`
	Target   *rules.Value    `json:"target"`
	Creds    *rules.Value    `json:"creds"`
	Expected json.RawMessage `json:"expected"`
}

// runRuleTests runs the assertions of the file at path and returns how many
// failed.
func runRuleTests(path string, out, errOut io.Writer) (int, error) {
	f, err := readRuleTestFile(path)
	if err != nil {
		return 0, err
	}
	def := rules.StringValue("default")
	if f.DefaultRule != nil {
		def = *f.DefaultRule
	}
	set, err := rules.Load(*f.Rules, def)
	if err != nil {
		return 0, fmt.Errorf("%s: %w: fix the rules and run the tests again", path, err)
	}
	for _, p := range set.Problems() {
		fmt.Fprintf(errOut, "warning: %s\n", p)
	}
	empty := rules.ObjectValue(nil, nil)
	failed := 0
	for i, a := range f.Assertions {
		target, creds := empty, empty
		if a.Target != nil {
			target = *a.Target
		}
		if a.Creds != nil {
			creds = *a.Creds
		}
		var allowed bool
		var err error
		var what string
		if a.Inline != nil {
			what = "inline rule " + a.Inline.JSON()
			var r *rules.Rule
			if r, err = rules.ParseRule(*a.Inline); err == nil {
				allowed, err = set.EnforceRule(r, target, creds)
			}
		} else {
			allowed, err = set.Enforce(*a.Rule, target, creds)
			what = fmt.Sprintf("rule %q", *a.Rule)
		}
		got := fmt.Sprint(allowed)
		if err != nil {
			got = "error"
		}
		want := strings.Trim(string(a.Expected), `"`)
		if got == want {
			continue
		}
		failed++
		label := fmt.Sprintf("assertion %d", i+1)
		if a.Name != "" {
			label += fmt.Sprintf(" (%s)", a.Name)
		}
		detail := ""
		if err != nil {
			detail = ": " + err.Error()
		}
		fmt.Fprintf(out, "FAIL %s: %s: expected %s, got %s%s\n", label, what, want, got, detail)
	}
	if failed > 0 {
		fmt.Fprintf(out, "%d of %d assertions failed\n", failed, len(f.Assertions))
	} else {
		fmt.Fprintf(out, "ok: %d assertions passed\n", len(f.Assertions))
	}
	return failed, nil
}

// readRuleTestFile reads and checks a test file, reporting every problem.
func readRuleTestFile(path string) (*ruleTestFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read rule tests: %w", err)
	}
	var f ruleTestFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s is not a rule test file: %v: see 'gatehouse rules test --help'", path, err)
	}
	var problems []string
	switch {
	case f.Rules != nil && f.RulesFile != "":
		problems = append(problems, `give "rules" or "rules_file", not both`)
	case f.RulesFile != "":
		p := f.RulesFile
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(path), p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read rules_file: %w", err)
		}
		v, err := rules.ParseFile(data)
		if err != nil {
			return nil, fmt.Errorf("rules_file %s: %w", f.RulesFile, err)
		}
		f.Rules = &v
	case f.Rules == nil:
		problems = append(problems, `"rules" or "rules_file" is required`)
	}
	if len(f.Assertions) == 0 {
		problems = append(problems, `"assertions" lists no assertions`)
	}
	for i, a := range f.Assertions {
		if (a.Rule == nil) == (a.Inline == nil) {
			problems = append(problems, fmt.Sprintf(`assertion %d: give "rule" or "inline"`, i+1))
		}
		switch string(a.Expected) {
		case "true", "false", `"error"`:
		default:
			problems = append(problems, fmt.Sprintf(`assertion %d: "expected" must be true, false or "error"`, i+1))
		}
	}
	if problems != nil {
		return nil, fmt.Errorf("%s: %s", path, strings.Join(problems, "; "))
	}
	return &f, nil
}
