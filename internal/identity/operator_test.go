package identity_test

import (
	"errors"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func TestReadOnlyOperator(t *testing.T) {
	e := newEnv(t)
	a := e.setup()
	for _, bad := range []identity.AddUserInput{
		{Username: "op", Operator: "superuser", Password: "passphrase-of-op"},
		{Username: "op", Operator: identity.OperatorReadOnly, Tenant: "t1", Role: "user", Password: "passphrase-of-op"},
	} {
		if _, err := e.svc.AddUser(e.ctx, a, bad); !errors.Is(err, gatehouse.ErrInvalid) {
			t.Errorf("AddUser(%+v) = %v, want invalid", bad, err)
		}
	}
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "op", Operator: identity.OperatorReadOnly, Password: "passphrase-of-op"}))
	e.must(e.svc.AddUser(e.ctx, a, identity.AddUserInput{Username: "op2", Operator: identity.OperatorFull, Password: "passphrase-of-op2"}))
	op := e.login("op", "passphrase-of-op", string(gatehouse.AdministratorsTenant))
	if !op.ReadOnlyOperator() || op.IsSuperadmin() {
		t.Fatalf("op: read-only operator %v, superadmin %v", op.ReadOnlyOperator(), op.IsSuperadmin())
	}
	if full := e.login("op2", "passphrase-of-op2", string(gatehouse.AdministratorsTenant)); !full.IsSuperadmin() {
		t.Fatal("a full operator is not a superadmin")
	}

	// They see every user and tenant...
	users, _, err := e.svc.ListUsers(e.ctx, op, identity.UserListQuery{})
	if err != nil || len(users) != 7 {
		t.Fatalf("operator's user list: %d users, %v; want all 7", len(users), err)
	}
	if _, err := e.svc.GetUser(e.ctx, op, "u3"); err != nil {
		t.Errorf("operator viewing u3 of t2: %v", err)
	}
	tenants, err := e.svc.ListTenants(e.ctx, op)
	if err != nil || len(tenants) != 3 {
		t.Fatalf("operator's tenant list: %d tenants, %v; want 3", len(tenants), err)
	}
	// ... and change nothing.
	if _, err := e.svc.AddUser(e.ctx, op, identity.AddUserInput{Username: "x", Tenant: "t1", Role: "user", Password: "passphrase-of-x"}); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("operator adding a user: %v", err)
	}
	if _, err := e.svc.DisableUser(e.ctx, op, "u1"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("operator disabling a user: %v", err)
	}
	if _, err := e.svc.AddTenant(e.ctx, op, "t9", ""); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("operator adding a tenant: %v", err)
	}
	if _, err := e.svc.SetSetting(e.ctx, op, "lockout.threshold", "3"); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("operator changing a setting: %v", err)
	}
	// Nobody but a superadmin grants ReadOnlyOperator.
	ta := e.login("ta1", "passphrase-of-ta1", "t1")
	if _, err := e.svc.AddUser(e.ctx, ta, identity.AddUserInput{Username: "y", Tenant: "t1", Role: "user", Capabilities: []string{"ReadOnlyOperator"}, Password: "passphrase-of-y"}); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Errorf("tenantadmin granting ReadOnlyOperator: %v", err)
	}
}
