package identity

import (
	"context"
	"errors"
	"strconv"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// ActRulesCheckAs is deciding rules with credentials given in the request
// rather than the caller's, which only service accounts may do.
const ActRulesCheckAs Action = "rules.check_as"

// credentialKeys are the members of the credentials a rule sees.
var credentialKeys = []string{"user_id", "username", "tenant_id", "project_id", "tenant_name", "role", "roles", "is_admin", "is_subuser", "capabilities"}

// credentials are what a rule sees of the caller: user_id, username,
// tenant_id (also as project_id), tenant_name, role and roles (the
// caller's role in the tenant they are logged into, alone and as a list),
// is_admin (a superadmin logged into Administrators), is_subuser (a
// sub-user of the account it is logged into, whom Aperture authorizes)
// and capabilities (the caller's effective capabilities there: those
// assigned and all they inherit); and the answers of "perm:TYPE:op" checks: whether the caller
// holds TYPE:op there. A caller who may only read (inactive, or with
// agreements to sign) holds no operation that writes.
func (s *Service) credentials(p *Principal) (rules.Value, rules.Perms) {
	var caps []string
	var perms rules.Perms = func(string, string) bool { return false }
	if s.Sync != nil {
		eng := s.EngineFor(p)
		if subj, ok := eng.Subject(p.User.ID, p.Tenant.ID); ok {
			caps = eng.Capabilities(&subj)
			perms = enginePerms(eng, subj, p.ReadOnly() != "")
		}
	}
	return credentialsOf(p, caps), perms
}

// credentialsOf returns the credentials of p holding the effective
// capabilities caps.
func credentialsOf(p *Principal, caps []string) rules.Value {
	cv := make([]rules.Value, len(caps))
	for i, c := range caps {
		cv[i] = rules.StringValue(c)
	}
	role := rules.StringValue(string(p.Role()))
	return rules.ObjectValue(credentialKeys, []rules.Value{
		rules.IntValue(int64(p.User.ID)), rules.StringValue(string(p.User.Name)),
		rules.IntValue(int64(p.Tenant.ID)), rules.IntValue(int64(p.Tenant.ID)),
		rules.StringValue(string(p.Tenant.Name)), role, rules.ListValue(role),
		rules.BoolValue(p.IsSuperadmin()), rules.BoolValue(p.User.Account != 0), rules.ListValue(cv...),
	})
}

// enginePerms answers perm checks for subj from the capability engine.
func enginePerms(eng *authz.Engine, subj authz.Subject, readOnly bool) rules.Perms {
	return func(typ, op string) bool {
		o := authz.Operation(op)
		return !(readOnly && authz.IsWrite(o)) && eng.Allowed(&subj, authz.ObjectType(typ), o)
	}
}

// givenCredentials checks that p, a service account, may decide with the
// credentials creds, and returns them with the answers of their perm
// checks: those of the user creds["user_id"] in the tenant
// creds["tenant_id"] (or creds["project_id"]), whatever creds say of
// permissions. Anyone else is refused with an error matching
// gatehouse.ErrForbidden, and the refusal audited.
func (s *Service) givenCredentials(ctx context.Context, p *Principal, service string, creds rules.Value) (rules.Value, rules.Perms, error) {
	if p.User.Authentication != AuthAPIKey {
		err := gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: only service accounts may give credentials; leave out creds to decide with your own", ActRulesCheckAs)
		s.recordOutcome(ctx, p, string(ActRulesCheckAs), "RULES", service, gatehouse.OutcomeDenied, err)
		return rules.Value{}, nil, err
	}
	if creds.Kind() != rules.Object {
		return rules.Value{}, nil, gatehouse.Invalid("creds", "must be a JSON object of credentials, as {\"user_id\": 7, \"tenant_id\": 2, \"roles\": [\"user\"]}")
	}
	none := func(string, string) bool { return false }
	uid, ok := credentialID(creds, "user_id")
	if !ok || s.Sync == nil {
		return creds, none, nil
	}
	tid, ok := credentialID(creds, "tenant_id")
	if !ok {
		if tid, ok = credentialID(creds, "project_id"); !ok {
			return creds, none, nil
		}
	}
	var u gatehouse.User
	var pending []string
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		if u, err = tx.UserByID(ctx, gatehouse.UserID(uid)); err != nil {
			return err
		}
		pending, err = Pending(ctx, tx, &u)
		return err
	})
	if errors.Is(err, gatehouse.ErrNotFound) {
		return creds, none, nil
	}
	if err != nil {
		return rules.Value{}, nil, err
	}
	if !u.Active() {
		return creds, none, nil
	}
	eng, err := s.Sync.EnsureUsers(ctx, u.ID)
	if err != nil {
		return rules.Value{}, nil, err
	}
	subj, ok := eng.Subject(u.ID, gatehouse.TenantID(tid))
	if !ok {
		return creds, none, nil
	}
	them := Principal{User: u, Pending: pending}
	return creds, enginePerms(eng, subj, them.ReadOnly() != ""), nil
}

// credentialID reads the id creds[key], a number or a string of digits.
func credentialID(creds rules.Value, key string) (int64, bool) {
	v, ok := creds.Get(key)
	if !ok || (v.Kind() != rules.Int && v.Kind() != rules.String) {
		return 0, false
	}
	id, err := strconv.ParseInt(v.Text(), 10, 64)
	return id, err == nil && id > 0
}
