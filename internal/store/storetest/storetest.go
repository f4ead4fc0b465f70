// Package storetest is the conformance suite for gatehouse.Store backends.
// A backend's test calls Run with a function that returns a new, empty,
// migrated store; Run checks every contract stated in the doc comments of
// gatehouse.Store and gatehouse.Tx, one subtest per behaviour, so that the
// rest of Gatehouse can rely on any backend in the same way.
//
// Where a contract leaves room, the suite pins the sensible reading, so that
// all backends agree:
//   - Times round-trip with time.Equal at microsecond precision, whatever
//     their location; the zero time round-trips as the zero time.
//   - UserQuery.IDs filters when it is non-nil: an empty, non-nil IDs
//     selects no user. UserQuery.Name selects only a live (not deleted) user
//     and, unless All is set, only a visible one.
//   - UserQuery.Search compares lower-cased text (Unicode-aware), and never
//     matches across two fields.
//   - UpdateTenant also writes UpdatedAt and returns ErrConflict for a
//     taken name, ErrNotFound for an account owner that does not exist.
//     Update methods leave CreatedAt alone.
//   - CreateNamespace and AddMembership return ErrNotFound when the user or
//     tenant they refer to does not exist.
//   - Tenant ids are never reused, even after DeleteTenant.
//   - Revoking a token again keeps the later expiry time.
//   - UpdateCapability also writes UpdatedAt; capability ids increase.
//   - PutObjectType and PutShare, replacing a record, write only its
//     operations: CreatedAt (and a share's CreatedBy) stay those of the
//     first Put.
//   - CreateObject, UpdateObject, PutShare and CreateAPIKey return
//     ErrNotFound when the tenant or user they refer to does not exist.
//     PutShare does not check that the object exists (namespaces are kept
//     apart), and returns ErrInvalid unless exactly one of TenantID and
//     UserID is set. DeleteShare with both or neither set finds no share:
//     ErrNotFound.
//   - DeleteObject removes the shares of that type and id only.
//   - ObjectQuery.Limit below 1 does not limit. ShareQuery fields combine
//     with AND, so TenantID and UserID together select nothing. Among the
//     shares of one object, tenant shares come in tenant id order, then
//     user shares in user id order.
//   - ListAPIKeys lists keys created at the same time in creation order.
//   - DeleteTenant also returns ErrConflict while objects, shares or API
//     keys refer to the tenant.
//   - Objects of a removed (soft-deleted) user stay, with the owner's name.
//   - CreateLimit returns ErrNotFound when the tenant or user does not
//     exist; DeleteTenant deletes the tenant's limits. ObjectUsage matches
//     Zone exactly (an empty zone selects objects stating none), and two
//     Updates checking it against a cap at once never both pass it.
//   - AuditQuery.Since is inclusive and Until exclusive.
//   - Empty capabilities and changes may read back as nil or empty.
//   - View works while an Update is open and sees the last commit; View
//     either refuses writes or drops them.
//
// Files: storetest.go holds Run and the helpers; the other files hold the
// tests for one kind of record each (objects.go also those for object
// types), and tx.go those for transactions.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Run runs the conformance suite. newStore must return an empty store with
// the backend's migrations applied; it is called once per subtest. Run
// closes each store when its subtest ends.
func Run(t *testing.T, newStore func(t *testing.T) gatehouse.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s gatehouse.Store)
	}{
		{"CreateUser", testCreateUser},
		{"CreateUserConflict", testCreateUserConflict},
		{"UserNotFound", testUserNotFound},
		{"UpdateUser", testUpdateUser},
		{"UpdateUserErrors", testUpdateUserErrors},
		{"DeletedUserNameReuse", testDeletedUserNameReuse},
		{"DormantUsers", testDormantUsers},
		{"RemovedUsersNamed", testRemovedUsersNamed},
		{"ListUsers", testListUsers},
		{"ListUsersPages", testListUsersPages},
		{"ListUsersSearch", testListUsersSearch},
		{"ListUsersSearchIDs", testListUsersSearchIDs},
		{"ListUsersSearchMany", testListUsersSearchMany},
		{"ListUsersSearchAfterUpdate", testListUsersSearchAfterUpdate},
		{"ListUsersSort", testListUsersSort},
		{"CreateTenant", testCreateTenant},
		{"TenantErrors", testTenantErrors},
		{"UpdateTenant", testUpdateTenant},
		{"DeleteTenant", testDeleteTenant},
		{"DeleteTenantInUse", testDeleteTenantInUse},
		{"TenantAccountOwner", testTenantAccountOwner},
		{"AddMembership", testAddMembership},
		{"AddMembershipErrors", testAddMembershipErrors},
		{"UpdateMembership", testUpdateMembership},
		{"RemoveMembership", testRemoveMembership},
		{"MembershipsOfUsers", testMembershipsOfUsers},
		{"MembershipsOfTenant", testMembershipsOfTenant},
		{"CreateNamespace", testCreateNamespace},
		{"NamespaceErrors", testNamespaceErrors},
		{"UpdateNamespace", testUpdateNamespace},
		{"DeleteNamespace", testDeleteNamespace},
		{"ListNamespaces", testListNamespaces},
		{"SigningKeys", testSigningKeys},
		{"TokenRevocations", testTokenRevocations},
		{"PurgeRevocations", testPurgeRevocations},
		{"CreateCapability", testCreateCapability},
		{"UpdateCapability", testUpdateCapability},
		{"DeleteCapability", testDeleteCapability},
		{"PutObjectType", testPutObjectType},
		{"CreateObject", testCreateObject},
		{"ObjectErrors", testObjectErrors},
		{"UpdateObject", testUpdateObject},
		{"DeleteObject", testDeleteObject},
		{"ListObjects", testListObjects},
		{"ObjectOfRemovedUser", testObjectOfRemovedUser},
		{"CreateLimit", testCreateLimit},
		{"LimitErrors", testLimitErrors},
		{"DeleteLimit", testDeleteLimit},
		{"ObjectUsage", testObjectUsage},
		{"LimitHoldsUnderConcurrency", testLimitHoldsUnderConcurrency},
		{"PutShare", testPutShare},
		{"PutShareErrors", testPutShareErrors},
		{"DeleteShare", testDeleteShare},
		{"DeleteNamespaceDeletesShares", testDeleteNamespaceDeletesShares},
		{"ListShares", testListShares},
		{"CreateAPIKey", testCreateAPIKey},
		{"APIKeyErrors", testAPIKeyErrors},
		{"ListAPIKeys", testListAPIKeys},
		{"Settings", testSettings},
		{"RuleSets", testRuleSets},
		{"AperturePolicies", testAperturePolicies},
		{"AccountRoles", testAccountRoles},
		{"RoleTags", testRoleTags},
		{"PasswordHistory", testPasswordHistory},
		{"Tokens", testTokens},
		{"SSHKeys", testSSHKeys},
		{"LDAPServers", testLDAPServers},
		{"LDAPLinks", testLDAPLinks},
		{"LDAPAttributes", testLDAPAttributes},
		{"OpenShiftConfig", testOpenShiftConfig},
		{"OpenShiftLinks", testOpenShiftLinks},
		{"LDAPGroups", testLDAPGroups},
		{"Agreements", testAgreements},
		{"AgreementSignatures", testAgreementSignatures},
		{"AppendAudit", testAppendAudit},
		{"AuditChain", testAuditChain},
		{"AuditPrune", testAuditPrune},
		{"ListAudit", testListAudit},
		{"UpdateRollsBack", testUpdateRollsBack},
		{"UpdateRollsBackOnPanic", testUpdateRollsBackOnPanic},
		{"UpdateRollsBackAfterStoreError", testUpdateRollsBackAfterStoreError},
		{"ViewCannotWrite", testViewCannotWrite},
		{"ViewDoesNotWaitForUpdate", testViewDoesNotWaitForUpdate},
		{"ConcurrentUpdates", testConcurrentUpdates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

// Times used by the tests: microsecond precision, in a zone other than UTC
// so that a backend has to convert.
var (
	zone = time.FixedZone("UTC+2", 2*60*60)
	t0   = time.Date(2025, 3, 14, 15, 9, 26, 535897000, zone)
)

// at returns t0 plus d.
func at(d time.Duration) time.Time { return t0.Add(d) }

// update runs fn in s.Update.
func update(t *testing.T, s gatehouse.Store, fn func(ctx context.Context, tx gatehouse.Tx) error) error {
	t.Helper()
	ctx := t.Context()
	return s.Update(ctx, func(tx gatehouse.Tx) error { return fn(ctx, tx) })
}

// mustUpdate runs fn in s.Update and fails the test if it returns an error.
func mustUpdate(t *testing.T, s gatehouse.Store, fn func(ctx context.Context, tx gatehouse.Tx) error) {
	t.Helper()
	if err := update(t, s, fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in s.View and returns what it returned.
func view[T any](t *testing.T, s gatehouse.Store, fn func(ctx context.Context, tx gatehouse.Tx) (T, error)) (T, error) {
	t.Helper()
	ctx := t.Context()
	var v T
	err := s.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		v, err = fn(ctx, tx)
		return err
	})
	return v, err
}

// mustView runs fn in s.View and fails the test if it returns an error.
func mustView[T any](t *testing.T, s gatehouse.Store, fn func(ctx context.Context, tx gatehouse.Tx) (T, error)) T {
	t.Helper()
	v, err := view(t, s, fn)
	if err != nil {
		t.Fatalf("View: %v", err)
	}
	return v
}

// wantErr reports a test error unless errors.Is(err, want); a nil want
// expects no error.
func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("%s: unexpected error %v", what, err)
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

// newUser returns a user named name with every field set.
func newUser(name string) gatehouse.User {
	return gatehouse.User{
		Name:              gatehouse.UserName(name),
		FirstName:         "First",
		LastName:          "Last",
		Email:             name + "@example.com",
		Authentication:    gatehouse.AuthLocal,
		PasswordHash:      "$argon2id$v=19$m=65536,t=1,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
		PasswordChangedAt: at(-time.Hour),
		TokenGeneration:   1,
		FailedLogins:      2,
		LockedUntil:       at(30 * time.Minute),
		LastLoginAt:       at(-time.Minute),
		Inactive:          true,
		Invited:           true,
		CreatedAt:         t0,
		UpdatedAt:         t0,
	}
}

// createUser stores u and returns it with its new ID.
func createUser(t *testing.T, s gatehouse.Store, u gatehouse.User) gatehouse.User {
	t.Helper()
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateUser(ctx, &u) })
	return u
}

// createTenant stores a tenant named name and returns it.
func createTenant(t *testing.T, s gatehouse.Store, name gatehouse.TenantName) gatehouse.Tenant {
	t.Helper()
	tn := gatehouse.Tenant{Name: name, Description: "the " + string(name) + " tenant", CreatedAt: t0, UpdatedAt: t0}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.CreateTenant(ctx, &tn) })
	return tn
}

// addMember makes u a member of tn with role and capabilities.
func addMember(t *testing.T, s gatehouse.Store, u gatehouse.UserID, tn gatehouse.TenantID, role gatehouse.Role, caps ...string) {
	t.Helper()
	m := gatehouse.Membership{UserID: u, TenantID: tn, Role: role, Capabilities: caps, CreatedAt: t0}
	mustUpdate(t, s, func(ctx context.Context, tx gatehouse.Tx) error { return tx.AddMembership(ctx, m) })
}

// checkEqual reports a test error unless got and want are equal once
// normalized: times in UTC without monotonic readings, empty slices and
// maps nil.
func checkEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	g, w := normalize(got), normalize(want)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

// normalize returns a copy of v with every time.Time converted to UTC (which
// also drops the monotonic reading) and every empty slice or map set to nil,
// recursively through structs and slices.
func normalize[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	normalizeValue(rv)
	return v
}

var timeType = reflect.TypeFor[time.Time]()

func normalizeValue(v reflect.Value) {
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(v.Interface().(time.Time).UTC()))
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				normalizeValue(v.Field(i))
			}
		}
	case v.Kind() == reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		// Copy so that the caller's slice is left alone.
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			normalizeValue(c.Index(i))
		}
		v.Set(c)
	case v.Kind() == reflect.Map:
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
		}
	}
}
