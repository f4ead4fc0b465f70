package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-iam/gatehouse/internal/api"
)

// maxAgreementFile bounds what 'agreement add' reads; the server refuses
// texts longer than 256 KiB.
const maxAgreementFile = 256 << 10

func newAgreementCmd(g *globals) *cobra.Command {
	return newGroupCmd("agreement", "Publish and sign user agreements",
		newAgreementAddCmd(g), newAgreementListCmd(g), newAgreementShowCmd(g), newAgreementRemoveCmd(g),
		newAgreementSignCmd(g), newAgreementSignaturesCmd(g))
}

func newAgreementAddCmd(g *globals) *cobra.Command {
	var req api.AgreementAddRequest
	var file string
	cmd := &cobra.Command{
		Use:   "add <name> --file F [--required] [--apply-to-existing]",
		Short: "Publish a user agreement",
		Long: `Publish an agreement for users to sign, its text read from --file (- for
standard input). A --required agreement must be signed before an inactive
user activates themself. With --apply-to-existing (required agreements only)
every active user must sign it too, existing or added later: until they do,
their login says so and they may only read. An administrator's 'gatehouse
user activate' bypasses the agreements that gate activation, not those.

Superadmins only.`,
		Example: `  gatehouse agreement add terms --file terms.txt --required
  gatehouse agreement add aup --file aup.txt --required --apply-to-existing`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				return fmt.Errorf("--file is required: the file holding the agreement's text")
			}
			text, err := readInput(cmd, file, "agreement", maxAgreementFile, "agreements are at most 256 KiB")
			if err != nil {
				return err
			}
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			req.Name, req.Text = args[0], text
			m, err := c.AddAgreement(cmd.Context(), req)
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
	f := cmd.Flags()
	f.StringVar(&file, "file", "", "file holding the agreement's text (- for standard input)")
	f.BoolVar(&req.Required, "required", false, "must be signed before an inactive user activates themself")
	f.BoolVar(&req.ApplyToExisting, "apply-to-existing", false, "every active user must sign it too before changing anything")
	return cmd
}

func newAgreementListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List user agreements and whether you signed them",
		Example: "  gatehouse agreement list",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			l, err := c.ListAgreements(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Name", "Required", "Applies To", "Published", "Signed")
			for _, a := range l.Items {
				t.add(a.Name, yesNo(a.Required), appliesTo(a), formatTime(a.CreatedAt), formatOptionalTime(a.SignedAt))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

// appliesTo says whom agreement a binds.
func appliesTo(a api.Agreement) string {
	switch {
	case a.ApplyToExisting:
		return "everyone"
	case a.Required:
		return "activation"
	}
	return "nobody"
}

func newAgreementShowCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show <name>",
		Short:   "Show a user agreement's text",
		Example: "  gatehouse agreement show terms",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			a, err := c.GetAgreement(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), a)
			}
			w := cmd.OutOrStdout()
			signed := "not yet: sign with 'gatehouse agreement sign " + a.Name + "'"
			if a.SignedAt != nil {
				signed = formatTime(*a.SignedAt)
			}
			err = writeFields(w, "", [][2]string{
				{"Agreement", a.Name}, {"Required", yesNo(a.Required)}, {"Applies To", appliesTo(*a)},
				{"Published", formatTime(a.CreatedAt)}, {"Signed", signed},
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(w, "\n%s\n", strings.TrimRight(a.Text, "\n"))
			return err
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func newAgreementRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "remove <name>",
		Short:   "Remove a user agreement and its signatures",
		Long:    "Remove an agreement and its signatures: nobody need sign it any more. Superadmins only.",
		Example: "  gatehouse agreement remove terms",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.RemoveAgreement(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newAgreementSignCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "sign <name>",
		Short: "Sign a user agreement as the logged-in user",
		Long: `Sign an agreement as the logged-in user, inactive users included. Read it
first with 'gatehouse agreement show <name>'. Signing twice is refused.`,
		Example: "  gatehouse agreement sign terms",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			m, err := c.SignAgreement(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return printMessage(cmd, m)
		},
	}
}

func newAgreementSignaturesCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "signatures [<username>]",
		Short: "List signatures of user agreements",
		Long: `List who signed which agreement, and when: the signatures of one user
(yourself, or, for a superadmin or a tenantadmin of one of their tenants,
anyone), or without a username everyone's for a superadmin and your own for
anyone else.`,
		Example: `  gatehouse agreement signatures
  gatehouse agreement signatures user1`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := g.session(cmd)
			if err != nil {
				return err
			}
			user := ""
			if len(args) == 1 {
				user = args[0]
			}
			l, err := c.ListSignatures(cmd.Context(), user)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), l)
			}
			t := newTable("Username", "Agreement", "Signed")
			for _, s := range l.Items {
				t.add(s.Username, s.Agreement, formatTime(s.SignedAt))
			}
			return t.write(cmd.OutOrStdout())
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}
