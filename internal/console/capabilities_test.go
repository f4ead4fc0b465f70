package console_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/client"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

func TestCustomCapabilityEditor(t *testing.T) {
	e := newEnv(t)
	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/capabilities?group=Application")
	e.submit(`a[href="/console/capabilities/CreateApplications"]`)
	// The provider tree goes down through ManageApplications.
	e.wantText("main ul.tree", "ManageApplications")
	e.wantText("main ul.tree ul", "ViewApplications")
	e.wantText("main section[aria-labelledby=effective]", "APPLICATION:create")
	e.wantText("main section[aria-labelledby=effective]", "APPLICATION:start") // from ManageApplications

	e.open("/console/capabilities")
	e.do(chromedp.SendKeys(chromedp.ID("f-name"), "BackupOperators"),
		chromedp.SendKeys(chromedp.ID("f-description"), "Back up and restore"),
		chromedp.SendKeys(chromedp.ID("f-providers"), "ViewBackups"),
		chromedp.SendKeys(chromedp.ID("f-capability_entries"), "BACKUP:create\nBACKUP:nonsense"))
	e.submit(`#add-capability button[type="submit"]`)
	e.wantText("#f-capability_entries-error", "object type BACKUP has no operation")
	if got := eval[string](e, `document.getElementById("f-providers").value`); got != "ViewBackups" {
		t.Errorf("the refused form lost its providers: %q", got)
	}

	e.retype("f-capability_entries", "BACKUP:create")
	e.submit(`#add-capability button[type="submit"]`)
	e.wantText("main .flash", "Custom User Capability 'BackupOperators' successfully added")
	e.wantText("main ul.tree", "ViewBackups")
	e.wantText("main section[aria-labelledby=effective]", "BACKUP:create")

	e.retype("f-capability_entries", "BACKUP:create BACKUP:delete")
	e.submit(`form[action="/console/capabilities/BackupOperators"] button[type="submit"]`)
	e.wantText("main .flash", "User Capability 'BackupOperators' has been updated")
	caps, err := e.admin.ListCapabilities(t.Context(), client.CapabilityListOptions{Names: []string{"BackupOperators"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(caps.Items) != 1 || len(caps.Items[0].Entries) != 2 {
		t.Errorf("the API shows BackupOperators as %+v", caps.Items)
	}

	e.submit(`form[action="/console/capabilities/BackupOperators/remove"] button`)
	e.wantText("main .flash", "Deleted User Capability 'BackupOperators'")
	if !eval[bool](e, `document.getElementById("cap-BackupOperators") === null`) {
		t.Error("the removed capability is still listed")
	}
}
