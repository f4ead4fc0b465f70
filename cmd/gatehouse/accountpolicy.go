package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func newPolicyAddCmd(g *globals) *cobra.Command {
	var req api.PolicyAddRequest
	cmd := &cobra.Command{
		Use:   "add <name> --rule <rule> [--rule <rule>...]",
		Short: "Add an Aperture policy to an account",
		Long: `Add a policy, as Triton's, to the account (tenant) you are logged into as
its tenantadmin, or, for a superadmin, to --account. A policy is a list of
Aperture rules ("<principals> CAN <actions> <resources> WHEN <conditions>");
roles grant policies to sub-users. Every rule must parse: a rule that does
not, or that names a condition of an unknown type, is refused with the
parser's message. Conditions: date, day, time, sourceip, method,
user-agent, activeRoles, owner, and name::type for others.`,
		Example: `  gatehouse policy add read --rule "CAN view" --description "see the account's objects"
  gatehouse policy add office --rule 'CAN start and stop WHEN sourceip = 10.0.0.0/8 AND day in (Monday, Friday)'`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Name = args[0]
			if len(req.Rules) == 0 {
				return errors.New("a policy needs at least one --rule")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.AddPolicy(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	cmd.Flags().StringArrayVar(&req.Rules, "rule", nil, "an Aperture rule (repeat for more)")
	cmd.Flags().StringVar(&req.Description, "description", "", "what the policy is for")
	accountFlag(cmd, &req.Account)
	return cmd
}

func newPolicyUpdateCmd(g *globals) *cobra.Command {
	var (
		account string
		req     api.PolicyUpdateRequest
	)
	cmd := &cobra.Command{
		Use:     "update <name> [--rule <rule>...] [--description <text>]",
		Short:   "Change the rules or the description of a policy",
		Long:    "Change a policy of the account. --rule, given, replaces all the rules.",
		Example: `  gatehouse policy update read --rule "CAN view" --rule "CAN list"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if d := cmd.Flags().Lookup("description"); d.Changed {
				v := d.Value.String()
				req.Description = &v
			}
			if req.Rules == nil && req.Description == nil {
				return errors.New("nothing to update: pass --rule or --description")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.UpdatePolicy(cmd.Context(), account, args[0], req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	cmd.Flags().StringArrayVar(&req.Rules, "rule", nil, "an Aperture rule (repeat for more); replaces the rules")
	cmd.Flags().String("description", "", "what the policy is for")
	accountFlag(cmd, &account)
	return cmd
}

func newPolicyRemoveCmd(g *globals) *cobra.Command {
	var account string
	cmd := &cobra.Command{
		Use:     "remove <name>",
		Short:   "Remove a policy, and take it out of the roles that grant it",
		Example: `  gatehouse policy remove read`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemovePolicy(cmd.Context(), account, args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	accountFlag(cmd, &account)
	return cmd
}

func newPolicyListCmd(g *globals) *cobra.Command {
	var (
		account string
		asJSON  bool
	)
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the policies of an account",
		Example: `  gatehouse policy list --json`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListPolicies(cmd.Context(), account)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("ID", "Name", "Description", "Rules")
			for _, p := range l.Items {
				t.add(strconv.FormatInt(p.ID, 10), p.Name, p.Description, strings.Join(p.Rules, "; "))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	accountFlag(cmd, &account)
	jsonFlag(cmd, &asJSON)
	return cmd
}
