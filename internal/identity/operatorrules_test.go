package identity

import (
	"fmt"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

func TestRuleName(t *testing.T) {
	for act, want := range map[Action]string{ActUserAdd: "identity:user:add", ActMemberUpdateRole: "identity:member:update_role", ActRulesSet: "identity:rules:set"} {
		if got := RuleName(act); got != want {
			t.Errorf("RuleName(%s) = %q, want %q", act, got, want)
		}
	}
}

// TestDefaultRulesAllowWhatBuiltinAllows holds the default identity rules
// to the built-in checks: for every action, caller and target, the
// default rule allows whatever the built-in decision does, so that setting
// the default file changes nothing. With every capability granted, only
// the roles decide.
func TestDefaultRulesAllowWhatBuiltinAllows(t *testing.T) {
	set, err := rules.LoadFile(DefaultRules())
	if err != nil {
		t.Fatalf("the default rules do not load: %v", err)
	}
	admins := gatehouse.Tenant{ID: 1, Name: gatehouse.AdministratorsTenant}
	t1, t2 := gatehouse.Tenant{ID: 2, Name: "t1"}, gatehouse.Tenant{ID: 3, Name: "t2"}
	principal := func(id gatehouse.UserID, tn gatehouse.Tenant, role gatehouse.Role, caps ...string) (*Principal, []string) {
		p := &Principal{User: gatehouse.User{ID: id, Name: gatehouse.UserName(fmt.Sprint("u", id))}, Tenant: tn,
			Membership: gatehouse.Membership{UserID: id, TenantID: tn.ID, Role: role}}
		p.operator = len(caps) > 0 && caps[0] == authz.ReadOnlyOperator
		return p, caps
	}
	type caller struct {
		name string
		p    *Principal
		caps []string
	}
	var callers []caller
	for _, c := range []struct {
		name string
		id   gatehouse.UserID
		tn   gatehouse.Tenant
		role gatehouse.Role
		caps []string
	}{
		{"superadmin", 1, admins, gatehouse.RoleSuperadmin, nil},
		{"operator", 2, admins, gatehouse.RoleUser, []string{authz.ReadOnlyOperator}},
		{"tenantadmin", 3, t1, gatehouse.RoleTenantadmin, nil},
		{"tenantadmin of another tenant", 6, t2, gatehouse.RoleTenantadmin, nil},
		{"user", 4, t1, gatehouse.RoleUser, nil},
		{"superadmin outside Administrators", 5, t1, gatehouse.RoleSuperadmin, nil},
	} {
		p, caps := principal(c.id, c.tn, c.role, c.caps...)
		callers = append(callers, caller{c.name, p, caps})
	}
	member := func(id gatehouse.UserID, roles map[gatehouse.TenantID]gatehouse.Role) (*gatehouse.User, map[gatehouse.TenantID]gatehouse.Role) {
		return &gatehouse.User{ID: id, Name: gatehouse.UserName(fmt.Sprint("u", id))}, roles
	}
	var targets []Target
	for _, tn := range []gatehouse.TenantID{0, 1, 2, 3} {
		for _, u := range []gatehouse.UserID{0, 3, 4, 9} {
			for _, role := range []gatehouse.Role{"", gatehouse.RoleUser, gatehouse.RoleSuperadmin} {
				tg := Target{Tenant: tn, Role: role}
				if u != 0 {
					tg.User, tg.UserTenants = member(u, map[gatehouse.TenantID]gatehouse.Role{2: gatehouse.RoleUser})
				}
				targets = append(targets, tg)
			}
		}
	}
	everything := func(string, string) bool { return true }
	allowAll := func(*Principal, Action) error { return nil }
	checked := 0
	for act := range permissionOf {
		for _, c := range callers {
			creds := credentialsOf(c.p, c.caps)
			for _, tg := range targets {
				if !openActions[act] && builtin(c.p, act, tg, allowAll) != nil {
					continue
				}
				if systemActions[act] && requireSuperadmin(c.p, act) != nil {
					continue
				}
				checked++
				ok, _, err := set.Decide(RuleName(act), ruleTarget(tg), creds, everything, false)
				if err != nil || !ok {
					t.Errorf("%s: built in, the %s may do it to %+v; the default rule %s denies (%v)", act, c.name, tg, RuleName(act), err)
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d allowed cases checked", checked)
	}
	// Without the capability entry, the default rules deny every action
	// but those on oneself.
	nothing := func(string, string) bool { return false }
	p, caps := principal(1, admins, gatehouse.RoleSuperadmin)
	if ok, _, _ := set.Decide(RuleName(ActUserAdd), ruleTarget(Target{Tenant: 2}), credentialsOf(p, caps), nothing, false); ok {
		t.Error("the default rules let a superadmin without USER:create add users")
	}
	if ok, _, _ := set.Decide(RuleName(ActUserView), ruleTarget(Target{User: &p.User}), credentialsOf(p, caps), nothing, false); !ok {
		t.Error("the default rules keep a user from viewing themself")
	}
}
