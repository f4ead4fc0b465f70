package main

import (
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

func newCheckCmd(g *globals) *cobra.Command {
	var req api.CheckRequest
	cmd := &cobra.Command{
		Use:   "check <operation> <object_type> [<object_id>]",
		Short: "Ask whether a user may do an operation",
		Long: `Ask the server whether you, or the user named by --as, may do an
operation on a type of objects (without an object id, as for create) or on one
object. It prints "yes" or "no".

--as and --as-tenant name another user and the tenant whose membership
counts. Asking on someone else's behalf needs the CheckPermissionsOnBehalf
capability, and a tenantadmin may ask only about their own tenant.

--explain adds how the answer was reached: the capability chain that
grants the operation ("capability: AllUserCapabilities -> ManageApplications"),
then the rule that allowed acting on the object ("rule: owner", tenantadmin,
superadmin, user-share or tenant-share) or why it was denied ("denied: ...").

Exit status: 0 yes, 1 no, 2 the check failed (an "error: ..." line says
why). A "no" prints no error.`,
		Example: `  gatehouse check create APPLICATION
  gatehouse check start APPLICATION app1 --as u1 --as-tenant t1 --explain
  gatehouse check view BUNDLE b1 && echo allowed`,
		Annotations: map[string]string{errorStatus: "2"},
		Args:        rangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Operation, req.ObjectType = args[0], args[1]
			if len(args) == 3 {
				req.ObjectID = args[2]
			}
			if (req.User == "") != (req.Tenant == "") {
				return errors.New("--as and --as-tenant go together: name both the user and the tenant to check for")
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			resp, err := c.Check(cmd.Context(), req)
			if err != nil {
				return err
			}
			if err := writeCheck(cmd.OutOrStdout(), resp, req.Explain); err != nil {
				return err
			}
			if !resp.Allowed {
				return exitStatus(1)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.User, "as", "", "check for this user instead of yourself (with --as-tenant)")
	f.StringVar(&req.Tenant, "as-tenant", "", "tenant in which to check for the --as user")
	f.BoolVar(&req.Explain, "explain", false, "say how the answer was reached")
	return cmd
}

// writeCheck prints the answer to a check, "yes" or "no", and with explain
// the lines of its explanation.
func writeCheck(w io.Writer, resp *api.CheckResponse, explain bool) error {
	var b strings.Builder
	if resp.Allowed {
		b.WriteString("yes\n")
	} else {
		b.WriteString("no\n")
	}
	if e := resp.Explanation; explain && e != nil {
		if len(e.Chain) > 0 {
			b.WriteString("capability: " + strings.Join(e.Chain, " -> ") + "\n")
		}
		if e.Rule != "" {
			b.WriteString("rule: " + oneLine(e.Rule) + "\n")
		}
		if e.Denied != "" {
			b.WriteString("denied: " + oneLine(e.Denied) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
