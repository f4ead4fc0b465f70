package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

func TestMembershipEditor(t *testing.T) {
	e := newEnv(t)
	e.addTenant("t1")
	e.addTenant("t2")
	e.addUser("bob", "t2", "user", "Bob")
	e.addUser("betty", "t2", "user", "Betty")
	e.addUser("tom", "t1", "user", "Tom")
	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/tenants")
	e.submit(`a[href="/console/tenants/t1"]`)
	e.wantText("main h1", "Members of t1")
	e.wantText("#tenant-members", "tom")

	// Each column filters on its own.
	e.do(chromedp.SendKeys(chromedp.ID("user-filter"), "bob"))
	e.do(chromedp.WaitVisible(chromedp.CSS(`#all-users ul[data-query="bob"]`)))
	if got := e.text("#all-users"); !strings.Contains(got, "bob") || strings.Contains(got, "betty") || strings.Contains(got, "tom") {
		t.Errorf("all users filtered by bob shows:\n%s", got)
	}
	e.do(chromedp.SendKeys(chromedp.ID("member-filter"), "zz"))
	e.do(chromedp.WaitVisible(chromedp.CSS(`#tenant-members ul[data-query="zz"]`)))
	e.wantText("#tenant-members", "No members match.")
	e.shot("both columns filtered")

	e.submit(`button[aria-label="Add bob"]`)
	e.wantText("main .flash", "bob")
	e.wantText("#tenant-members", "bob")
	if got := e.text("#all-users"); strings.Contains(got, "bob") {
		t.Errorf("bob is still offered to be added:\n%s", got)
	}

	e.choose("role-bob", "tenantadmin")
	e.submit(`button[aria-label="Change role of bob"]`)
	e.wantText("main .flash", "bob")
	if got := eval[string](e, `document.getElementById("role-bob").value`); got != "tenantadmin" {
		t.Errorf("bob's role shows %q after the change", got)
	}
	ms, err := e.admin.ListMembers(t.Context(), "t1")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range ms.Items {
		if m.Username == "bob" {
			found = true
			if m.Role != "tenantadmin" {
				t.Errorf("the API says bob is %s in t1", m.Role)
			}
		}
	}
	if !found {
		t.Error("the API does not list bob in t1")
	}

	// Capabilities per member: give bob one limited to his role, take
	// away his default.
	e.choose("cap-bob", "ShareNamespaces")
	e.submit(`button[aria-label="Give bob the capability"]`)
	e.wantText("main .flash", "bob")
	e.submit(`button[aria-label="Remove capability AllTenantAdminCapabilities from bob"]`)
	after, err := e.admin.ListMembers(t.Context(), "t1")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range after.Items {
		if m.Username == "bob" && strings.Join(m.Capabilities, ",") != "ShareNamespaces" {
			t.Errorf("bob's capabilities in t1 are %v, want [ShareNamespaces]", m.Capabilities)
		}
	}

	e.submit(`button[aria-label="Remove tom"]`)
	if got := e.text("#tenant-members"); strings.Contains(got, "tom") {
		t.Errorf("tom is still a member:\n%s", got)
	}
}
