package console_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/testenv"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

func TestLDAPServers(t *testing.T) {
	ds := slapd.Shared(t)
	e := newEnv(t)
	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/ldap")
	e.do(chromedp.SendKeys(chromedp.ID("f-name"), "corp"),
		chromedp.SendKeys(chromedp.ID("f-hostname"), ds.Host),
		chromedp.SendKeys(chromedp.ID("f-username"), slapd.LDAPReaderDN),
		chromedp.SendKeys(chromedp.ID("f-password"), "not-the-password"),
		chromedp.SendKeys(chromedp.ID("f-search_base"), slapd.LDAPBase))
	e.retype("f-port", strconv.Itoa(ds.Port))
	e.submit(`#add-ldap button[type="submit"]`)
	e.wantText("#f-password-error", "the server refused the bind")
	if got := e.text("main table tbody"); !strings.Contains(got, "No LDAP servers.") {
		t.Errorf("a server that refused the bind was added:\n%s", got)
	}

	e.do(chromedp.SendKeys(chromedp.ID("f-password"), slapd.LDAPReaderPassword))
	e.submit(`#add-ldap button[type="submit"]`)
	e.wantText("main h1", "LDAP server corp")
	e.wantText("main section[aria-labelledby=ldap-users]", "einstein")
	e.wantText("main section[aria-labelledby=ldap-users] h2", "the first 100")

	e.do(chromedp.SendKeys(chromedp.ID("ldap-filter"), "(uid=ein*)"))
	e.submit(`form[role=search] button[type="submit"]`)
	if got := e.text("main section[aria-labelledby=ldap-users] tbody"); !strings.Contains(got, "einstein") || strings.Contains(got, "newton") {
		t.Errorf("users filtered by (uid=ein*):\n%s", got)
	}

	e.submit(`form[action="/console/ldap/corp/remove"] button`)
	e.wantText("main table tbody", "No LDAP servers.")
}
