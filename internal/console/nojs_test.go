package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

// The core flows work with JavaScript off: filters are plain GET forms,
// every action a POST form.
func TestWithoutJavaScript(t *testing.T) {
	e := newEnv(t)
	e.addTenant("t1")
	e.addUser("hal", "Administrators", "user", "Hal")
	e.addUser("ivy", "Administrators", "user", "Ivy")
	ctx, cancel := e.step()
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/users")
	// Column headings are links: they sort without a script.
	e.submit(`#user-results th a[href="/console/users?sort=-id"]`)
	e.wantSorted("ID", "descending")
	if first := e.text("#user-results tbody tr:first-child td:nth-child(2)"); first != "ivy" {
		t.Errorf("sorted by id, descending, the first row is %q", first)
	}
	e.open("/console/users")
	e.do(chromedp.SendKeys(chromedp.ID("user-filter"), "hal"))
	// With JavaScript on, the script would take this submit and not reload.
	e.submit(`form[role=search] button[type="submit"]`)
	if got := eval[string](e, `location.search`); got != "?q=hal" {
		t.Errorf("the filter form went to %q", got)
	}
	if rows := e.text("#user-results tbody"); !strings.Contains(rows, "hal") || strings.Contains(rows, "ivy") {
		t.Errorf("filter hal without JavaScript shows:\n%s", rows)
	}

	e.open("/console/tenants/t1")
	e.do(chromedp.SendKeys(chromedp.ID("user-filter"), "ivy"))
	e.submit(`form[data-fragment="users"] button[type="submit"]`)
	e.submit(`button[aria-label="Add ivy"]`)
	e.wantText("main .flash", "ivy")
	e.wantText("#tenant-members", "ivy")
}
