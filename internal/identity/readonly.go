package identity

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Read-only principals. As in Arvados, an inactive user logs in and reads
// what they may read, but creates, changes and deletes nothing; so does a
// user who has not signed a required agreement that binds them (see
// Pending). Of the identity actions, those in readActions read; all
// others write. A read-only user may still sign agreements, activate
// themself (ActivateUser), change their own password, revoke their own
// tokens and log out: these protect or complete their own account.

// readActions are the identity actions that change nothing.
var readActions = map[Action]bool{
	ActUserList: true, ActUserView: true, ActTokenList: true, ActKeyList: true,
	ActTenantList: true, ActTenantView: true, ActMemberList: true, ActNamespaceList: true,
	ActAuditList: true, ActAuditVerify: true, ActSettingsView: true, actServiceAccountList: true,
	ActAgreementList: true, ActSignatureList: true, ActSubuserList: true, ActPolicyList: true, ActRoleList: true,
}

// ReadOnly returns why p may only read, or "" if p may change things.
func (p *Principal) ReadOnly() string {
	switch {
	case p == nil:
		return ""
	case p.User.Inactive:
		return fmt.Sprintf("user %s is inactive", p.User.Name)
	case len(p.Pending) > 0:
		return fmt.Sprintf("user %s has not signed %s", p.User.Name, agreementList(p.Pending))
	}
	return ""
}

// CheckWrite returns nil if p may do act, a change, or an error matching
// gatehouse.ErrForbidden that says why not and what to do.
func (p *Principal) CheckWrite(act Action) error {
	why := p.ReadOnly()
	switch {
	case why == "":
		return nil
	case p.User.Inactive && p.User.Invited:
		return denied(act, "%s and may only read: sign the required agreements ('gatehouse agreement list'), then run 'gatehouse user activate %s'", why, p.User.Name)
	case p.User.Inactive:
		return denied(act, "%s and may only read: ask an administrator to set you up ('gatehouse user setup %s') or activate you", why, p.User.Name)
	}
	return denied(act, "%s and may only read until they do: %s", why, SignHint(p.Pending))
}

// SignHint says how to sign the agreements names: with the commands
// spelled out for one, with a placeholder for several.
func SignHint(names []string) string {
	if len(names) == 1 {
		return fmt.Sprintf("read it with 'gatehouse agreement show %s', then run 'gatehouse agreement sign %s'", names[0], names[0])
	}
	return "read each with 'gatehouse agreement show <name>', then run 'gatehouse agreement sign <name>'"
}

// agreementList names agreements in a message: "agreement a" or
// "agreements a, b".
func agreementList(names []string) string {
	if len(names) == 1 {
		return "agreement " + names[0]
	}
	return "agreements " + strings.Join(names, ", ")
}

// Pending returns the names of the required agreements u has not signed
// that bind them: every one while u is inactive (they gate activation),
// those applied to existing users while u is active. Service accounts
// sign nothing.
func Pending(ctx context.Context, tx gatehouse.Tx, u *gatehouse.User) ([]string, error) {
	if u.Authentication == AuthAPIKey {
		return nil, nil
	}
	as, err := tx.UnsignedAgreements(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range as {
		if u.Inactive || a.ApplyToExisting {
			out = append(out, a.Name)
		}
	}
	return out, nil
}
