package main

import (
	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/aperture"
)

// newPolicyCmd is the group of Aperture policy commands.
func newPolicyCmd(g *globals) *cobra.Command {
	return newGroupCmd("policy", "Add, update, remove and list the Aperture policies of an account, or evaluate policies offline",
		newPolicyAddCmd(g), newPolicyUpdateCmd(g), newPolicyRemoveCmd(g), newPolicyListCmd(g), newPolicyEvalCmd())
}

func newPolicyEvalCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "eval",
		Short: "Evaluate Aperture policies offline, one JSON request per line",
		Long: `Read JSON Lines on standard input, each a request:

  {"id": ..., "policies": ["CAN listmachines and getmachine", ...],
   "action": "getmachine", "resource": "m1", "principal": "mark",
   "conditions": {"sourceip": "10.0.0.1", "date": {"$date": "2026-11-23T13:00:00Z"}}}

and print one answer per line:

  {"id": ..., "parse": [null | {"error": KIND, "message": ...} per policy],
   "allowed": true|false}

or, when the evaluation fails, "eval_error": {"error": KIND, "message": ...}
instead of "allowed". Policies that do not parse are dropped before the
evaluation, as Triton does. "principal" is optional. Condition types follow
Triton's aperture-config: sourceip is an ip, date/day/time are dates
({"$date": RFC 3339}), activeRoles an array of strings, method, owner and
user-agent strings, fromjob and overwrite booleans; a rule may name another
type with name::type. No server is needed.`,
		Example: `  echo '{"id":1,"policies":["CAN getmachine"],"action":"getmachine","resource":"m1","conditions":{}}' | gatehouse policy eval`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return aperture.WriteAnswers(cmd.OutOrStdout(), cmd.InOrStdin())
		},
	}
}
