package console_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
	"github.com/gatehouse-iam/gatehouse/internal/server"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/slapd"
)

// browser is the one headless Chromium of this test binary; each test
// opens its own browser context (its own cookies) in it.
var browser context.Context

// artifacts is where screenshots go: $GATEHOUSE_ARTIFACTS, else a
// directory under the system's temporary directory that outlives the test.
var artifacts = cmp(os.Getenv("GATEHOUSE_ARTIFACTS"), filepath.Join(os.TempDir(), "gatehouse-console-artifacts"))

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	path, err := exec.LookPath("chromium")
	if err != nil {
		fmt.Fprintln(os.Stderr, "console tests drive Debian's Chromium: install it with 'apt-get install -y chromium' (make test does)")
		return 1
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-dev-shm-usage", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "start chromium:", err)
		return 1
	}
	browser = ctx
	return slapd.Main(m) // stops the shared slapd the LDAP pages' test starts
}

// env is a running server, an admin API client and a browser tab of its
// own.
type env struct {
	t     *testing.T
	url   string
	admin *client.Client
	tab   context.Context
	shots string
	n     int // screenshots taken
}

// newEnv starts a server on a fresh data directory, as `gatehouse serve`
// does, and opens a tab in a new browser context.
func newEnv(t *testing.T) *env {
	t.Helper()
	t.Parallel() // each test has its own server and browser context
	srv, err := server.Start(context.Background(), server.Config{Listen: "127.0.0.1:0", DataDir: t.TempDir(),
		AdminPassword: testenv.AdminPassword, Argon2: &testenv.Cheap, Out: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c := client.New(srv.URL(), "", nil)
	s, err := c.Login(context.Background(), api.LoginRequest{Username: "admin", Password: testenv.AdminPassword, Tenant: "Administrators"})
	if err != nil {
		t.Fatal(err)
	}
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	// The first run opens the tab and binds it to its context: it must have
	// no timeout, or the tab closes when the timeout's context ends.
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, url: srv.URL(), admin: c.WithToken(s.Token), tab: tab,
		shots: filepath.Join(artifacts, regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(t.Name(), "_"))}
	if err := os.RemoveAll(e.shots); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(e.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", e.shots)
	t.Cleanup(func() {
		if t.Failed() {
			e.shot("failure")
		}
		cancel()
	})
	return e
}

// timeout bounds each browser step, so a broken page fails instead of
// hanging the test binary.
const timeout = 20 * time.Second

// step returns the context of one browser step, bounded by timeout.
func (e *env) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(e.tab, timeout)
}

// do runs browser steps, failing the test on error.
func (e *env) do(steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		e.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](e *env, expr string) T {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		e.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// open navigates to a console path, waits for its heading and takes a
// screenshot; it returns the HTTP status of the page.
func (e *env) open(path string) int64 {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(e.url+path))
	if err != nil {
		e.t.Fatalf("open %s: %v", path, err)
	}
	e.do(chromedp.WaitVisible(chromedp.CSS("main h1")))
	e.shot(path)
	return resp.Status
}

// submit clicks a button that sends a form and waits for the next page.
func (e *env) submit(button string) {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
		e.t.Fatalf("click %s: %v", button, err)
	}
	e.do(chromedp.WaitVisible(chromedp.CSS("main h1")))
	e.shot("after " + button)
}

// text returns the visible text of the first element sel matches.
func (e *env) text(sel string) string {
	e.t.Helper()
	return eval[string](e, fmt.Sprintf(`document.querySelector(%q)?.innerText ?? "(no %s)"`, sel, sel))
}

// wantText fails unless the element sel matches shows want.
func (e *env) wantText(sel, want string) {
	e.t.Helper()
	if got := e.text(sel); !strings.Contains(got, want) {
		e.t.Errorf("%s shows %q, want it to contain %q", sel, got, want)
	}
}

// retype replaces the value of the input with the id by typing text.
func (e *env) retype(id, text string) {
	e.t.Helper()
	eval[chromedp.Void](e, fmt.Sprintf(`document.getElementById(%q).value = ""`, id))
	e.do(chromedp.SendKeys(chromedp.ID(id), text))
}

// choose picks the option with value of the select with the id, as a
// keyboard user would: focus it and type the option's first letters.
func (e *env) choose(id, value string) {
	e.t.Helper()
	e.do(chromedp.Focus(chromedp.ID(id)), chromedp.KeyEvent(value))
	if got := eval[string](e, fmt.Sprintf(`document.getElementById(%q).value`, id)); got != value {
		e.t.Fatalf("select %s holds %q after typing %q", id, got, value)
	}
}

// login logs into the console through its login form.
func (e *env) login(user, password, tenant string) {
	e.t.Helper()
	e.open("/console/login")
	e.do(chromedp.SendKeys(chromedp.ID("f-username"), user),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.SendKeys(chromedp.ID("f-tenant"), tenant))
	e.submit(`main button[type="submit"]`)
}

// shot saves a screenshot of the whole page.
func (e *env) shot(name string) {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		e.t.Logf("screenshot %s: %v", name, err)
		return
	}
	e.n++
	file := fmt.Sprintf("%02d-%s.png", e.n, strings.Trim(regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(name, "-"), "-"))
	if err := os.WriteFile(filepath.Join(e.shots, file), png, 0o644); err != nil {
		e.t.Logf("screenshot %s: %v", name, err)
	}
}

// cookies returns the browser's cookies for the console.
func (e *env) cookies() []*network.Cookie {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{e.url + "/console/"}})
	if err != nil {
		e.t.Fatal(err)
	}
	return res.Cookies
}

// addUser adds a user through the API.
func (e *env) addUser(name, tenant, role, first string) {
	e.t.Helper()
	if _, err := e.admin.AddUser(context.Background(), api.UserAddRequest{Username: name, Tenant: tenant, Role: role,
		Password: userPassword, FirstName: first, Email: name + "@example.com"}); err != nil {
		e.t.Fatal(err)
	}
}

// addTenant adds a tenant through the API.
func (e *env) addTenant(name string) {
	e.t.Helper()
	if _, err := e.admin.AddTenant(context.Background(), api.TenantAddRequest{Name: name}); err != nil {
		e.t.Fatal(err)
	}
}

// userPassword is the password of every user the tests add.
const userPassword = "a-long-user-password-7"
