package identity_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// TestTenantAccountOwner sets, refuses and clears the account owner of a
// tenant: a member who is not a sub-user, set by a superadmin or the
// tenant's tenantadmin, audited in the change.
func TestTenantAccountOwner(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	e.must(e.svc.AddSubuser(e.ctx, ta, identity.SubuserInput{Login: "mark", Password: "passphrase-of-mark"}))
	owner := func(n gatehouse.UserName) identity.TenantUpdate { return identity.TenantUpdate{AccountOwner: &n} }

	e.must(e.svc.UpdateTenant(e.ctx, a, "t1", owner("u1")))
	v, err := e.svc.GetTenant(e.ctx, a, "t1")
	if err != nil || v.Tenant.AccountOwnerName != "u1" || v.Tenant.Description != "first" {
		t.Fatalf("t1 after setting its account owner: %+v, %v", v, err)
	}
	recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "tenant.update", Limit: 1})
	if err != nil || len(recs) != 1 || recs[0].Changes["account_owner"] != "u1" {
		t.Fatalf("audit of tenant.update = %+v, %v", recs, err)
	}

	u1 := e.login("u1", "passphrase-of-u1", "t1")
	tests := []struct {
		name    string
		p       *identity.Principal
		tenant  gatehouse.TenantName
		owner   gatehouse.UserName
		kind    error
		field   string
		outcome string
		message string
	}{
		{"unknown user", a, "t1", "nosuch", gatehouse.ErrInvalid, "account_owner", gatehouse.OutcomeFailure, "user nosuch does not exist"},
		{"not a member", a, "t1", "u3", gatehouse.ErrInvalid, "account_owner", gatehouse.OutcomeFailure, "user u3 is not a member of tenant t1"},
		{"a sub-user", a, "t1", "t1/mark", gatehouse.ErrInvalid, "account_owner", gatehouse.OutcomeFailure, "t1/mark is a sub-user"},
		{"not a username", a, "t1", "no spaces", gatehouse.ErrInvalid, "account_owner", gatehouse.OutcomeFailure, "must be 1-64 characters"},
		{"an ordinary user", u1, "t1", "u2", gatehouse.ErrForbidden, "", gatehouse.OutcomeDenied, "permission denied"},
		{"a tenantadmin of another tenant", ta, "t2", "u3", gatehouse.ErrForbidden, "", gatehouse.OutcomeDenied, "permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot()
			_, err := e.svc.UpdateTenant(e.ctx, tt.p, tt.tenant, owner(tt.owner))
			var fe *gatehouse.FieldError
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.message) || tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field) {
				t.Fatalf("got %v, want %v on field %q saying %q", err, tt.kind, tt.field, tt.message)
			}
			if !reflect.DeepEqual(before, e.snapshot()) {
				t.Fatal("refused change changed the store")
			}
			recs, _, err := e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "tenant.update", Limit: 1})
			if err != nil || len(recs) != 1 || recs[0].Outcome != tt.outcome || recs[0].ObjectID != string(tt.tenant) {
				t.Fatalf("audit of the refusal = %+v, %v", recs, err)
			}
		})
	}

	// The tenant's tenantadmin may set it; "" clears it.
	e.must(e.svc.UpdateTenant(e.ctx, ta, "t1", owner("ta1")))
	if v, _ := e.svc.GetTenant(e.ctx, a, "t1"); v.Tenant.AccountOwnerName != "ta1" {
		t.Fatalf("account owner set by the tenantadmin = %q", v.Tenant.AccountOwnerName)
	}
	e.must(e.svc.UpdateTenant(e.ctx, a, "t1", owner("")))
	if v, _ := e.svc.GetTenant(e.ctx, a, "t1"); v.Tenant.AccountOwner != 0 || v.Tenant.AccountOwnerName != "" {
		t.Fatalf("cleared account owner = %d %q", v.Tenant.AccountOwner, v.Tenant.AccountOwnerName)
	}
	if _, err := e.svc.UpdateTenant(e.ctx, a, "t1", identity.TenantUpdate{}); !errors.Is(err, gatehouse.ErrInvalid) {
		t.Fatalf("update changing nothing: %v", err)
	}

	// Removing the owner's membership leaves the tenant without one.
	e.must(e.svc.UpdateTenant(e.ctx, a, "t1", owner("u2")))
	e.must(e.svc.RemoveMembers(e.ctx, a, "t1", []gatehouse.UserName{"u2"}, "", false))
	if v, _ := e.svc.GetTenant(e.ctx, a, "t1"); v.Tenant.AccountOwner != 0 {
		t.Fatalf("account owner after leaving the tenant = %q", v.Tenant.AccountOwnerName)
	}
	recs, _, err = e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "member.remove", Limit: 1})
	if err != nil || len(recs) != 1 || recs[0].Changes["account_owner"] != "" {
		t.Fatalf("audit of the owner leaving = %+v, %v", recs, err)
	}

	// So does removing the owner altogether.
	e.must(e.svc.UpdateTenant(e.ctx, a, "t1", owner("u1")))
	e.must(e.svc.RemoveUsers(e.ctx, a, identity.RemoveUsersInput{Usernames: []gatehouse.UserName{"u1"}}))
	v, _ = e.svc.GetTenant(e.ctx, a, "t1")
	if v.Tenant.AccountOwner != 0 {
		t.Fatalf("account owner after its removal = %q", v.Tenant.AccountOwnerName)
	}
	recs, _, err = e.svc.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "user.remove", Limit: 1})
	if key := fmt.Sprintf("account_owner_of.%d", v.Tenant.ID); err != nil || len(recs) != 1 || recs[0].Changes[key] != "t1" {
		t.Fatalf("audit of the owner's removal = %+v, %v", recs, err)
	}
}
