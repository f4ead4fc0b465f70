package access_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// vm returns the input registering VM id for owner in t1.
func vm(id, owner, zone string, memory int64, os string) access.ObjectInput {
	return access.ObjectInput{Type: "VM", ID: id, Tenant: "t1", Owner: gatehouse.UserName(owner), Zone: zone, Memory: memory, OS: os}
}

// limitEnv is newEnv with the object type VM registered.
func limitEnv(t testing.TB) (*env, *identity.Principal) {
	e := newEnv(t)
	a := e.admin()
	e.must(e.acc.RegisterObjectType(e.ctx, a, "VM", nil))
	return e, a
}

// refused checks that err is a limit refusal (ErrConflict) with msg, and
// that the store is as before.
func (e *env) refused(err error, msg string, before any) {
	e.t.Helper()
	if !errors.Is(err, gatehouse.ErrConflict) || !strings.Contains(err.Error(), msg) {
		e.t.Fatalf("err = %v, want a conflict saying %q", err, msg)
	}
	if !reflect.DeepEqual(before, e.state()) {
		e.t.Fatal("a refused change changed the store")
	}
}

func TestLimitsRefuseWhatGoesOver(t *testing.T) {
	e, a := limitEnv(t)
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 2}))
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", User: "u1", Zone: "z1", ObjectType: "VM", Resource: "memory", Value: 2048}))
	e.must(e.acc.AddObject(e.ctx, a, vm("vm1", "u1", "z1", 1024, "")))
	e.must(e.acc.AddObject(e.ctx, a, vm("vm2", "u2", "z1", 512, "")))

	before := e.state()
	_, err := e.acc.AddObject(e.ctx, a, vm("vm3", "u2", "z1", 512, ""))
	e.refused(err, "limit 1 (tenant t1, zone z1, VM count 2) reached: 2 in use", before)
	// Other zones are not limited.
	e.must(e.acc.AddObject(e.ctx, a, vm("vm9", "u2", "z2", 512, "")))

	e.must(e.acc.RemoveLimit(e.ctx, a, 1))
	e.must(e.acc.AddObject(e.ctx, a, vm("vm3", "u1", "z1", 1024, "")))
	before = e.state()
	_, err = e.acc.AddObject(e.ctx, a, vm("vm4", "u1", "z1", 1, ""))
	e.refused(err, "limit 2 (tenant t1, user u1, zone z1, VM memory 2048 MiB) would be exceeded: 2048 MiB in use, 1 MiB more asked", before)
	_, err = e.acc.ResizeObject(e.ctx, a, access.ResizeInput{Type: "VM", ID: "vm3", Memory: ptr[int64](1025)})
	e.refused(err, "2048 MiB in use, 1 MiB more asked", before)
	e.must(e.acc.ResizeObject(e.ctx, a, access.ResizeInput{Type: "VM", ID: "vm3", Memory: ptr[int64](512)}))
	e.must(e.acc.ResizeObject(e.ctx, a, access.ResizeInput{Type: "VM", ID: "vm3", Memory: ptr[int64](1024), Disk: ptr[int64](100)}))
	// u2 is not limited by u1's limit.
	e.must(e.acc.AddObject(e.ctx, a, vm("vm5", "u2", "z1", 4096, "")))

	// A blocked OS.
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: -1, OS: "windows"}))
	before = e.state()
	_, err = e.acc.AddObject(e.ctx, a, vm("w1", "u2", "z1", 1, "windows"))
	e.refused(err, "limit 3 (tenant t1, zone z1, VM count blocked, os windows): provisioning is blocked, 0 in use", before)
	e.must(e.acc.AddObject(e.ctx, a, vm("l1", "u2", "z1", 1, "linux")))

	ls, err := e.acc.ListLimitUsage(e.ctx, a, "t1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("%d %s %d/%d", l.ID, l.Resource, l.Used, l.Value))
	}
	if want := []string{"2 memory 2048/2048", "3 count 0/-1"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("usage = %q, want %q", got, want)
	}

	recs, _, err := e.id.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "object.add", Outcome: gatehouse.OutcomeFailure})
	if err != nil || len(recs) != 3 || !strings.Contains(recs[2].Reason, "limit 1 (tenant t1, zone z1, VM count 2) reached: 2 in use") {
		t.Fatalf("audited refusals = %+v, %v", recs, err)
	}
	recs, _, err = e.id.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "object.resize", Outcome: gatehouse.OutcomeFailure})
	if err != nil || len(recs) != 1 {
		t.Fatalf("audited resize refusals = %+v, %v", recs, err)
	}
}

func TestLimitsNeedTheAttributesTheyCount(t *testing.T) {
	e, a := limitEnv(t)
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "memory", Value: 4096}))
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z2", ObjectType: "VM", Resource: "count", Value: 5, Image: "ubuntu"}))
	// An unlimited limit asks for nothing.
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z3", ObjectType: "APPLICATION", Resource: "disk", Value: 0}))
	e.must(e.acc.AddObject(e.ctx, a, access.ObjectInput{Type: "APPLICATION", ID: "app", Tenant: "t1", Owner: "u1"}))
	tests := []struct {
		name  string
		in    access.ObjectInput
		field string
	}{
		{"no zone", vm("v", "u1", "", 1, ""), "zone"},
		{"no memory", vm("v", "u1", "z1", 0, ""), "memory"},
		{"no image", vm("v", "u1", "z2", 0, ""), "image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.state()
			_, err := e.acc.AddObject(e.ctx, a, tt.in)
			var fe *gatehouse.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(fe.Rule, "is required: limit") {
				t.Fatalf("err = %v, want %s required by a limit", err, tt.field)
			}
			if !reflect.DeepEqual(before, e.state()) {
				t.Fatal("a refused registration changed the store")
			}
		})
	}
	in := vm("v", "u1", "z2", 0, "")
	in.Image = "debian"
	e.must(e.acc.AddObject(e.ctx, a, in))
}

func TestLimitBadInputChangesNothing(t *testing.T) {
	e, a := limitEnv(t)
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 3}))
	ok := access.LimitInput{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "disk", Value: 10}
	with := func(f func(*access.LimitInput)) access.LimitInput {
		in := ok
		f(&in)
		return in
	}
	ta := e.login("ta1", "t1")
	tests := []struct {
		name  string
		p     *identity.Principal
		in    access.LimitInput
		kind  error
		field string
	}{
		{"unknown object type", a, with(func(in *access.LimitInput) { in.ObjectType = "SPACESHIP" }), gatehouse.ErrInvalid, "object_type"},
		{"namespaces", a, with(func(in *access.LimitInput) { in.ObjectType = "NAMESPACE" }), gatehouse.ErrInvalid, "object_type"},
		{"zone with a slash", a, with(func(in *access.LimitInput) { in.Zone = "us/east" }), gatehouse.ErrInvalid, "zone"},
		{"no zone", a, with(func(in *access.LimitInput) { in.Zone = "" }), gatehouse.ErrInvalid, "zone"},
		{"value below -1", a, with(func(in *access.LimitInput) { in.Value = -2 }), gatehouse.ErrInvalid, "value"},
		{"unknown resource", a, with(func(in *access.LimitInput) { in.Resource = "cpu" }), gatehouse.ErrInvalid, "resource"},
		{"image and os", a, with(func(in *access.LimitInput) { in.Image, in.OS = "ubuntu", "linux" }), gatehouse.ErrInvalid, "os"},
		{"user not in the tenant", a, with(func(in *access.LimitInput) { in.User = "u3" }), gatehouse.ErrInvalid, "user"},
		{"unknown user", a, with(func(in *access.LimitInput) { in.User = "ghost" }), gatehouse.ErrNotFound, ""},
		{"unknown tenant", a, with(func(in *access.LimitInput) { in.Tenant = "nope" }), gatehouse.ErrNotFound, ""},
		{"same scope and resource", a, with(func(in *access.LimitInput) { in.Resource = "count" }), gatehouse.ErrConflict, ""},
		{"tenantadmin", ta, ok, gatehouse.ErrForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, limits := e.state(), e.limits(a)
			_, err := e.acc.AddLimit(e.ctx, tt.p, tt.in)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			var fe *gatehouse.FieldError
			if tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field) {
				t.Fatalf("err = %v, want a field error on %s", err, tt.field)
			}
			if !reflect.DeepEqual(before, e.state()) || !reflect.DeepEqual(limits, e.limits(a)) {
				t.Fatal("a refused limit changed the store")
			}
		})
	}
	if _, err := e.acc.RemoveLimit(e.ctx, ta, 1); !errors.Is(err, gatehouse.ErrForbidden) {
		t.Fatalf("tenantadmin removes a limit: %v", err)
	}
	if _, err := e.acc.RemoveLimit(e.ctx, a, 99); !errors.Is(err, gatehouse.ErrNotFound) {
		t.Fatalf("remove an unknown limit: %v", err)
	}
	recs, _, err := e.id.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "limit.add"})
	if err != nil || len(recs) != len(tests)+1 {
		t.Fatalf("limit.add audit records = %d, %v; want %d", len(recs), err, len(tests)+1)
	}
}

func TestLimitListing(t *testing.T) {
	e, a := limitEnv(t)
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 3}))
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t2", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 3}))
	ta := e.login("ta1", "t1")
	for _, tt := range []struct {
		name   string
		p      *identity.Principal
		tenant gatehouse.TenantName
		want   int
		err    error
	}{
		{"superadmin, every tenant", a, "", 2, nil},
		{"superadmin, one tenant", a, "t2", 1, nil},
		{"superadmin, unknown tenant", a, "nope", 0, gatehouse.ErrNotFound},
		{"tenantadmin, own tenant", ta, "", 1, nil},
		{"tenantadmin, named own tenant", ta, "t1", 1, nil},
		{"tenantadmin, another tenant", ta, "t2", 0, gatehouse.ErrForbidden},
		{"user", e.login("u1", "t1"), "", 0, gatehouse.ErrForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ls, err := e.acc.ListLimitUsage(e.ctx, tt.p, tt.tenant)
			if !errors.Is(err, tt.err) || len(ls) != tt.want {
				t.Fatalf("got %d limits, %v; want %d, %v", len(ls), err, tt.want, tt.err)
			}
		})
	}
	recs, _, err := e.id.ListAudit(e.ctx, a, gatehouse.AuditQuery{Action: "limit.list", Outcome: gatehouse.OutcomeDenied})
	if err != nil || len(recs) != 2 {
		t.Fatalf("denied listings audited: %d, %v", len(recs), err)
	}
}

// TestConcurrentRegistrationsStayUnderTheCap registers many objects at
// once against a count limit: exactly the cap of them succeed.
func TestConcurrentRegistrationsStayUnderTheCap(t *testing.T) {
	e, a := limitEnv(t)
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 3}))
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			_, err := e.acc.AddObject(e.ctx, a, vm(fmt.Sprintf("vm%d", i), "u1", "z1", 1, ""))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, gatehouse.ErrConflict):
			t.Errorf("AddObject: %v", err)
		}
	}
	ls, err := e.acc.ListLimitUsage(e.ctx, a, "t1")
	if ok != 3 || err != nil || ls[0].Used != 3 {
		t.Fatalf("%d registrations succeeded, usage %+v, %v; want 3", ok, ls, err)
	}
}

// limits returns every limit.
func (e *env) limits(a *identity.Principal) []access.LimitUsage {
	e.t.Helper()
	ls, err := e.acc.ListLimitUsage(e.ctx, a, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return ls
}

func TestChangeOwnerChecksTheNewOwnersLimits(t *testing.T) {
	e, a := limitEnv(t)
	e.must(e.acc.RegisterObjectType(e.ctx, a, "VM", []string{"change_owner"}))
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", User: "u2", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 1}))
	e.must(e.acc.AddLimit(e.ctx, a, access.LimitInput{Tenant: "t1", Zone: "z1", ObjectType: "VM", Resource: "count", Value: 2}))
	e.must(e.acc.AddObject(e.ctx, a, vm("a", "u1", "z1", 1, "")))
	e.must(e.acc.AddObject(e.ctx, a, vm("b", "u1", "z1", 1, "")))
	// The tenant's objects stay as many: its full count does not stop a move.
	e.must(e.acc.ChangeOwner(e.ctx, a, "VM", "a", "u2"))
	before := e.state()
	_, err := e.acc.ChangeOwner(e.ctx, a, "VM", "b", "u2")
	e.refused(err, "limit 1 (tenant t1, user u2, zone z1, VM count 1) reached: 1 in use", before)
	e.must(e.acc.ChangeOwner(e.ctx, a, "VM", "a", "u1"))
	e.must(e.acc.ChangeOwner(e.ctx, a, "VM", "b", "u2"))
}
