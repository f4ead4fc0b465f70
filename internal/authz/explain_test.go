package authz

import (
	"slices"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

func TestExplain(t *testing.T) {
	e := newFixture(t)
	for _, tc := range []struct {
		name   string
		user   string
		tenant gatehouse.TenantID
		typ    ObjectType
		op     Operation
		id     string
		want   Explanation
	}{
		{"type-level, shortest chain", "carol", tAcme, "APPLICATION", "view", "",
			Explanation{Allowed: true, Chain: []string{AllTenantAdminCapabilities, "ViewApplications"}}},
		{"tenantadmin", "carol", tAcme, "APPLICATION", "start", "a1",
			Explanation{Allowed: true, Chain: []string{AllTenantAdminCapabilities, "ManageApplications"}, Rule: RuleTenantAdmin}},
		{"owner, chain through two providers", "alice", tAcme, "APPLICATION", "start", "a1",
			Explanation{Allowed: true, Chain: []string{AllUserCapabilities, "CloneApplications", "ManageApplications"}, Rule: RuleOwner}},
		{"superadmin, through AllCapabilities", "root", tAdmins, "APPLICATION", "delete", "a3",
			Explanation{Allowed: true, Chain: []string{AllSuperAdminCapabilities, AllCapabilities}, Rule: RuleSuperadmin}},
		{"assigned capability grants it itself", "frank", tAcme, "APPLICATION", "view", "",
			Explanation{Allowed: true, Chain: []string{"ViewApplications"}}},
		{"user share", "bob", tAcme, "NAMESPACE", "deploy_app", "ns1",
			Explanation{Allowed: true, Chain: []string{AllUserCapabilities, "UseNamespaces"}, Rule: RuleUserShare}},
		{"tenant share to all members", "alice", tAcme, "BUNDLE", "view", "b1",
			Explanation{Allowed: true, Chain: []string{AllUserCapabilities, "ViewBundles"}, Rule: RuleTenantShare}},
		{"tenant share to tenantadmins", "carol", tAcme, "STORAGE_REPO", "push", "r1",
			Explanation{Allowed: true, Chain: []string{AllTenantAdminCapabilities, "UseStorageRepos"}, Rule: RuleTenantShare}},

		{"no capability", "frank", tAcme, "APPLICATION", "start", "",
			Explanation{Denied: "no assigned capability grants APPLICATION:start"}},
		{"NoCapabilities, before the object is looked at", "erin", tAcme, "APPLICATION", "view", "a1",
			Explanation{Denied: "no assigned capability grants APPLICATION:view"}},
		{"unknown type", "root", tAdmins, "NOPE", "view", "",
			Explanation{Denied: "no assigned capability grants NOPE:view (there is no object type NOPE)"}},
		{"unknown operation", "root", tAdmins, "APPLICATION", "fly", "",
			Explanation{Denied: "no assigned capability grants APPLICATION:fly (object type APPLICATION has no operation fly)"}},
		{"not a member", "carol", tGlobex, "APPLICATION", "view", "",
			Explanation{Denied: "user 12 is not a member of tenant 3"}},
		{"no such object", "alice", tAcme, "APPLICATION", "view", "zz",
			Explanation{Chain: []string{AllUserCapabilities, "ViewApplications"}, Denied: "object APPLICATION/zz does not exist"}},
		{"owner logged into another tenant", "alice", tGlobex, "APPLICATION", "view", "a1",
			Explanation{Chain: []string{AllUserCapabilities, "ViewApplications"},
				Denied: "you own the object, but it belongs to tenant 2, you are logged into tenant 3 and it is not shared with you or your tenant"}},
		{"another user's object", "frank", tAcme, "APPLICATION", "view", "a1",
			Explanation{Chain: []string{"ViewApplications"},
				Denied: "object is owned by user 10, your role in tenant 2 is user and it is not shared with you or your tenant"}},
		{"shared for another operation", "bob", tAcme, "APPLICATION", "start", "a1",
			Explanation{Chain: []string{AllUserCapabilities, "CloneApplications", "ManageApplications"},
				Denied: "object is owned by user 10, your role in tenant 2 is user and it is shared with you for view, not start"}},
		{"shared with a user of another tenant", "gina", tGlobex, "APPLICATION", "start", "a1",
			Explanation{Chain: []string{AllUserCapabilities, "CloneApplications", "ManageApplications"},
				Denied: "object belongs to tenant 2, you are logged into tenant 3 and it is shared with you, but only in tenant 2"}},
		{"tenant share, plain user", "alice", tAcme, "STORAGE_REPO", "view", "r1",
			Explanation{Chain: []string{AllUserCapabilities, "ViewStorageRepos"},
				Denied: "object belongs to tenant 3, you are logged into tenant 2 and it is shared with your tenant for view, but only tenantadmins get access to STORAGE_REPO objects shared with their tenant"}},
		{"tenant share for other operations", "carol", tAcme, "STORAGE_REPO", "update", "r1",
			Explanation{Chain: []string{AllTenantAdminCapabilities, "ManageStorageRepos"},
				Denied: "object belongs to tenant 3, you are logged into tenant 2 and it is shared with your tenant for view, push, not update"}},
		{"superadmin logged into another tenant", "root", tGlobex, "APPLICATION", "view", "a1",
			Explanation{Chain: []string{AllUserCapabilities, "ViewApplications"},
				Denied: "object belongs to tenant 2, you are logged into tenant 3 and it is not shared with you or your tenant"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Subject{User: fixtureUsers[tc.user], Tenant: tc.tenant}
			got := e.Explain(&s, tc.typ, tc.op, tc.id)
			if got.Allowed != tc.want.Allowed || !slices.Equal(got.Chain, tc.want.Chain) || got.Rule != tc.want.Rule || got.Denied != tc.want.Denied {
				t.Errorf("Explain(%s@%d, %s:%s, %q)\n got %#v\nwant %#v", tc.user, tc.tenant, tc.typ, tc.op, tc.id, got, tc.want)
			}
			if check := e.Check(&s, tc.typ, tc.op, tc.id); check != got.Allowed {
				t.Errorf("Check = %v, Explain.Allowed = %v", check, got.Allowed)
			}
		})
	}
}

// TestExplainSeveralShares: a denial lists every share that falls short.
func TestExplainSeveralShares(t *testing.T) {
	e := newFixture(t)
	bob := fixtureUsers["bob"]
	e.SetObject(gatehouse.Object{Type: "STORAGE_REPO", ID: "r2", TenantID: tAcme, OwnerID: fixtureUsers["alice"]}, []gatehouse.Share{
		{UserID: bob, Operations: []string{"view"}},
		{TenantID: tAcme, Operations: []string{"push", "scan"}},
	})
	s := mustSubject(t, e, "bob", tAcme)
	got := e.Explain(&s, "STORAGE_REPO", "push", "r2")
	want := "object is owned by user 10, your role in tenant 2 is user and it is shared with you for view, not push; " +
		"it is shared with your tenant for push, but only tenantadmins get access to STORAGE_REPO objects shared with their tenant"
	if got.Allowed || got.Denied != want {
		t.Errorf("Explain = %#v\nwant denied %q", got, want)
	}
}

func TestExplainNilSubject(t *testing.T) {
	e := newFixture(t)
	if got := e.Explain(nil, "APPLICATION", "view", ""); got.Allowed || got.Denied != "no subject" {
		t.Errorf("Explain(nil) = %#v", got)
	}
}

// TestExplainFirstAssigned: the chain starts at the first assigned
// capability that leads to the entry, even if a later one is shorter.
func TestExplainFirstAssigned(t *testing.T) {
	e := NewEngine(Builtin(), tAdmins)
	e.SetMemberships(5, []gatehouse.Membership{{TenantID: tAcme, Role: gatehouse.RoleUser,
		Capabilities: []string{"ViewTags", "Ghost", "CreateApplications", "ViewApplications"}}})
	s, _ := e.Subject(5, tAcme)
	got := e.Explain(&s, "APPLICATION", "view", "")
	if want := []string{"CreateApplications", "ManageApplications", "ViewApplications"}; !got.Allowed || !slices.Equal(got.Chain, want) {
		t.Errorf("Explain = %#v, want chain %v", got, want)
	}
}
