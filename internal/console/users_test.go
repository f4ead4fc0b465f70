package console_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

func TestCreateUser(t *testing.T) {
	e := newEnv(t)
	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/users")
	e.submit(`a[href="/console/users/new"]`)
	e.wantText("main h1", "Create user")

	e.do(chromedp.SendKeys(chromedp.ID("f-username"), "bad name!"),
		chromedp.SendKeys(chromedp.ID("f-first_name"), "Carol"),
		chromedp.SendKeys(chromedp.ID("f-email"), "carol@example.com"),
		chromedp.SendKeys(chromedp.ID("f-company"), "Carol & Co"),
		chromedp.SendKeys(chromedp.ID("f-phone"), "+44 20 7946 0958"),
		chromedp.SendKeys(chromedp.ID("f-password"), userPassword))
	e.submit(`main form button[type="submit"]`)
	e.wantText("#f-username-error", "must be 1-")
	e.wantText("#f-username-error", "a-z, A-Z, 0-9")
	if got := eval[string](e, `document.getElementById("f-username").getAttribute("aria-invalid")`); got != "true" {
		t.Errorf("the refused username has aria-invalid %q, want true", got)
	}
	if got := eval[string](e, `document.getElementById("f-first_name").value`); got != "Carol" {
		t.Errorf("the form lost the first name: %q", got)
	}
	if _, err := e.admin.GetUser(t.Context(), "bad name!"); err == nil {
		t.Error("a refused user was created")
	}

	e.retype("f-username", "carol")
	e.do(chromedp.SendKeys(chromedp.ID("f-password"), userPassword))
	e.submit(`main form button[type="submit"]`)
	e.wantText("main .flash", "Successfully added user 'carol'")
	e.wantText("main h1", "User carol")
	e.wantText("main .attrs", "carol@example.com")
	u, err := e.admin.GetUser(t.Context(), "carol")
	if err != nil {
		t.Fatal(err)
	}
	if u.FirstName != "Carol" || u.Company != "Carol & Co" || u.Phone != "+44 20 7946 0958" {
		t.Errorf("carol's first name is %q, her company %q, her phone %q", u.FirstName, u.Company, u.Phone)
	}
	e.wantText("main .attrs", "Carol & Co")
	e.wantText("main .attrs", "+44 20 7946 0958")

	e.submit(`a[href="/console/users/carol/edit"]`)
	if got := eval[string](e, `document.getElementById("f-phone").value`); got != "+44 20 7946 0958" {
		t.Errorf("the edit form shows the phone as %q", got)
	}
	e.retype("f-email", "not an address")
	e.submit(`main form button[type="submit"]`)
	e.wantText("#f-email-error", "must be a plain address")

	// A phone too long is refused, naming the field; nothing changes.
	e.retype("f-email", "carol@example.com")
	e.retype("f-phone", strings.Repeat("9", 65))
	e.submit(`main form button[type="submit"]`)
	e.wantText("#f-phone-error", "at most 64 characters")
	if u, err := e.admin.GetUser(t.Context(), "carol"); err != nil || u.Phone != "+44 20 7946 0958" {
		t.Errorf("after a refused phone, carol's phone is %q (%v)", u.Phone, err)
	}
	e.retype("f-phone", "0800 123 456")
	e.submit(`main form button[type="submit"]`)
	e.wantText("main .attrs", "0800 123 456")
}

func TestFilterUsers(t *testing.T) {
	e := newEnv(t)
	for i := range 12 {
		e.addUser(fmt.Sprintf("alice%02d", i), "Administrators", "user", "Alice")
		e.addUser(fmt.Sprintf("bob%02d", i), "Administrators", "user", "Robert")
	}
	e.addUser("zed", "Administrators", "user", "Zoltan")
	e.addUser("mal", "Administrators", "user", "<script>alert(1)</script>")
	if _, err := e.admin.AddUser(t.Context(), api.UserAddRequest{Username: "tri", Tenant: "Administrators", Role: "user",
		Password: userPassword, Company: "Joyent <b>Triton</b>"}); err != nil {
		t.Fatal(err)
	}
	e.login("admin", testenv.AdminPassword, "Administrators")
	e.open("/console/users")

	// Type as a person would; the list follows without a submit.
	start := time.Now()
	e.do(chromedp.SendKeys(chromedp.ID("user-filter"), "zolt"))
	e.do(chromedp.WaitVisible(chromedp.CSS(`#user-results table[data-query="zolt"]`)))
	elapsed := time.Since(start)
	latency := eval[string](e, `document.getElementById("user-results").dataset.latencyMs`)
	input := eval[string](e, `document.getElementById("user-results").dataset.inputLatencyMs`)
	t.Logf("filter as you type: %s from the first keystroke to the rendered rows; %s ms from the last keystroke (the debounce included); %s ms from request to rendered rows in the page", elapsed, input, latency)
	e.shot("filtered by zolt")
	rows := e.text("#user-results tbody")
	if !strings.Contains(rows, "zed") || strings.Contains(rows, "alice") || strings.Contains(rows, "bob") {
		t.Errorf("filter zolt shows:\n%s", rows)
	}
	if got := eval[string](e, `location.search`); got != "?q=zolt" {
		t.Errorf("the address bar holds %q, want ?q=zolt so that reload keeps the filter", got)
	}

	// By email, partially; and by id.
	e.retype("user-filter", "ob03@exa")
	e.do(chromedp.WaitVisible(chromedp.CSS(`#user-results table[data-query="ob03@exa"]`)))
	if rows := e.text("#user-results tbody"); !strings.Contains(rows, "bob03") || strings.Count(rows, "\n") > 1 {
		t.Errorf("filter ob03@exa shows:\n%s", rows)
	}

	// By company, partially; the company shows as text.
	e.retype("user-filter", "triton</")
	e.do(chromedp.WaitVisible(chromedp.CSS(`#user-results table[data-query="triton</"]`)))
	if rows := e.text("#user-results tbody"); !strings.Contains(rows, "tri") || strings.Count(rows, "\n") > 1 {
		t.Errorf("filter triton</ shows:\n%s", rows)
	}
	if got := e.text("#user-results tbody tr:first-child td:nth-child(5)"); got != "Joyent <b>Triton</b>" {
		t.Errorf("tri's company shows as %q", got)
	}
	if n := eval[int](e, `document.querySelectorAll("#user-results tbody b").length`); n != 0 {
		t.Errorf("the company became markup: %d <b> elements", n)
	}

	// Without JavaScript the same form reloads the page; paging goes on
	// after the last id shown.
	e.open("/console/users?q=alice")
	if n := eval[int](e, `document.querySelectorAll("#user-results tbody tr").length`); n != 12 {
		t.Errorf("filter alice shows %d rows, want 12", n)
	}
	// A first name of <script> is text on the page, not a script.
	e.open("/console/users?q=mal")
	if got := e.text("#user-results tbody tr:first-child td:nth-child(3)"); got != "<script>alert(1)</script>" {
		t.Errorf("mal's full name shows as %q", got)
	}
	if n := eval[int](e, `document.scripts.length`); n != 1 {
		t.Errorf("the page has %d scripts, want only console.js", n)
	}

	// The column headings sort the whole list, ascending then descending.
	e.open("/console/users")
	e.submit(`#user-results th a[href="/console/users?sort=username"]`)
	if first := e.text("#user-results tbody tr:first-child td:nth-child(2)"); first != "admin" {
		t.Errorf("sorted by username, the first row is %q", first)
	}
	if got := e.text("#user-results tbody tr:nth-child(2) td:nth-child(2)"); got != "alice00" {
		t.Errorf("sorted by username, the second row is %q", got)
	}
	e.wantSorted("Username", "ascending")
	e.submit(`#user-results th a[href="/console/users?sort=-username"]`)
	e.wantSorted("Username", "descending")
	if first := e.text("#user-results tbody tr:first-child td:nth-child(2)"); first != "zed" {
		t.Errorf("sorted by username, descending, the first row is %q", first)
	}
	// The filter keeps the order.
	e.retype("user-filter", "bob1")
	e.do(chromedp.WaitVisible(chromedp.CSS(`#user-results table[data-query="bob1"]`)))
	rows = e.text("#user-results tbody")
	if i, j := strings.Index(rows, "bob11"), strings.Index(rows, "bob10"); i < 0 || j < i || strings.Count(rows, "\n") > 1 {
		t.Errorf("filter bob1 sorted by -username shows:\n%s", rows)
	}
	if got := eval[string](e, `location.search`); got != "?q=bob1&sort=-username" {
		t.Errorf("the address bar holds %q, want ?q=bob1&sort=-username", got)
	}
}

// wantSorted fails unless the users table is sorted by the column
// headed heading, in the order aria-sort names, and by no other.
func (e *env) wantSorted(heading, order string) {
	e.t.Helper()
	got := eval[string](e, `Array.from(document.querySelectorAll("#user-results th[aria-sort]")).map(th => th.innerText + " " + th.getAttribute("aria-sort")).join("; ")`)
	if want := heading + " " + order; got != want {
		e.t.Errorf("the sorted headings are %q, want %q", got, want)
	}
}
