package transfer_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/internal/secret"
	"github.com/gatehouse-iam/gatehouse/internal/server"
	"github.com/gatehouse-iam/gatehouse/internal/store/transfer"
	"github.com/gatehouse-iam/gatehouse/internal/testenv/openshiftd"
	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const password = "a-long-password-1"

var cheap = &identity.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// start starts a server on cfg with test settings, closed when t ends.
func start(t *testing.T, cfg server.Config) *server.Server {
	t.Helper()
	cfg.Listen, cfg.AdminPassword, cfg.Argon2, cfg.Out = "127.0.0.1:0", "admin-password-1", cheap, io.Discard
	cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := server.Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// login logs user into tenant on s and returns a client with the token.
func login(t *testing.T, s *server.Server, user, pw, tenant string) *client.Client {
	t.Helper()
	c := client.New(s.URL(), "", nil)
	resp, err := c.Login(t.Context(), api.LoginRequest{Username: user, Password: pw, Tenant: tenant})
	if err != nil {
		t.Fatalf("log %s into %s: %v", user, tenant, err)
	}
	return c.WithToken(resp.Token)
}

// mustOK returns a function that fails t if the call it is given failed.
func mustOK(t *testing.T) func(any, error) {
	return func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// fill gives the server at s records of every kind, through its API.
func fill(t *testing.T, s *server.Server) {
	ctx := t.Context()
	must := mustOK(t)
	admin := login(t, s, "admin", "admin-password-1", "Administrators")
	must(admin.AddTenant(ctx, api.TenantAddRequest{Name: "t1", Description: "first"}))
	must(admin.AddTenant(ctx, api.TenantAddRequest{Name: "gone"}))
	must(admin.RemoveTenant(ctx, "gone")) // its id is never to be reused
	must(admin.AddCapability(ctx, api.CapabilityAddRequest{Name: "Runner", Description: "runs", TenantRoles: []string{"user"},
		Entries: []string{"APPLICATION:view", "APPLICATION:start"}}))
	must(admin.AddUser(ctx, api.UserAddRequest{Username: "alice", Tenant: "t1", Role: "user", Password: password,
		FirstName: "Alice", LastName: "Ärger", Email: "alice@example.com", Company: "Ärger & Söhne", Phone: "+49 30 1234-56", Capabilities: []string{"Runner"}}))
	must(admin.AddUser(ctx, api.UserAddRequest{Username: "bob", Tenant: "t1", Role: "tenantadmin", Password: password}))
	must(admin.AddUser(ctx, api.UserAddRequest{Username: "leaver", Tenant: "t1", Role: "user", Password: password}))
	must(admin.RemoveUsers(ctx, api.UserRemoveRequest{Usernames: []string{"leaver"}}))
	must(admin.AddSubuser(ctx, api.SubuserAddRequest{Account: "t1", Login: "mark", Password: password}))
	must(admin.AddPolicy(ctx, api.PolicyAddRequest{Account: "t1", Name: "read", Rules: []string{"CAN view", "CAN list WHEN sourceip = 10.0.0.0/8"}}))
	must(admin.AddRole(ctx, api.RoleAddRequest{Account: "t1", Name: "readers", Policies: []string{"read"}, Members: []string{"mark"}, DefaultMembers: []string{"mark"}}))
	must(admin.AddObjectType(ctx, api.ObjectTypeRequest{Name: "BUCKET", Operations: []string{"fill"}}))
	must(admin.AddObject(ctx, api.ObjectAddRequest{Type: "APPLICATION", ID: "app1", Name: "app one", Tenant: "t1", Owner: "alice"}))
	must(admin.SetRoleTags(ctx, "APPLICATION", "app1", []string{"readers"}))
	must(admin.AddShare(ctx, "APPLICATION", "app1", api.ShareRequest{User: "bob", Operations: []string{"view"}}))
	must(admin.AddLimit(ctx, api.LimitAddRequest{Tenant: "t1", User: "alice", Zone: "z1", ObjectType: "BUCKET", Resource: "memory", Value: 4096, OS: "linux"}))
	must(admin.AddObject(ctx, api.ObjectAddRequest{Type: "BUCKET", ID: "b1", Tenant: "t1", Owner: "alice",
		Zone: "z1", Memory: 1024, Disk: 10, Image: "img", OS: "linux"}))
	must(admin.AddServiceAccount(ctx, api.ServiceAccountRequest{Name: "ci", Tenant: "t1", Role: "user"}))
	must(admin.SetSetting(ctx, "lockout.threshold", "9"))
	key, err := os.ReadFile("../../identity/testdata/ed25519.pub")
	if err != nil {
		t.Fatal(err)
	}
	must(admin.AddSSHKey(ctx, "alice", "laptop", string(key)))
	cluster := openshiftd.Start(t)
	must(admin.ConfigureOpenShift(ctx, api.OpenShiftConfigureRequest{APIURL: cluster.URL, Token: openshiftd.Token, CACert: string(cluster.CACert)}))
	must(admin.ImportOpenShiftUsers(ctx, api.OpenShiftImportUsersRequest{Users: []string{"user1"}, Tenant: "t1", Role: "user"}))
	alice := login(t, s, "alice", password, "t1")
	must(alice.ChangePassword(ctx, api.PasswordChangeRequest{CurrentPassword: password, Password: "another-long-password-2"}))
	client.New(s.URL(), "", nil).Login(ctx, api.LoginRequest{Username: "bob", Password: "wrong", Tenant: "t1"}) // a failure on record
}

func TestCopy(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	src := start(t, server.Config{DataDir: dir})
	fill(t, src)
	before := login(t, src, "admin", "admin-password-1", "Administrators")
	users, err := before.ListUsers(ctx, client.UserListOptions{All: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	trail, err := before.ListAudit(ctx, client.AuditListOptions{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}

	url := pgtest.NewDatabase(t)
	report, err := transfer.Copy(ctx, filepath.Join(dir, "gatehouse.db"), url, nil)
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	counts := map[string]int64{}
	for _, tc := range report.Tables {
		counts[tc.Table] = tc.Rows
	}
	for table, atLeast := range map[string]int64{"users": 5, "tenants": 2, "memberships": 4, "namespaces": 3, "signing_keys": 1,
		"audit": 10, "capabilities": 1, "object_types": 1, "objects": 2, "shares": 1, "limits": 1, "api_keys": 1, "settings": 1,
		"password_history": 1, "tokens": 3, "ssh_keys": 1, "openshift_config": 1, "openshift_links": 1} {
		if counts[table] < atLeast {
			t.Errorf("copied %d rows of %s, want at least %d", counts[table], table, atLeast)
		}
	}
	if report.Audit.BrokenID != 0 || report.Audit.Records < 10 {
		t.Errorf("audit verification on the target: %+v", report.Audit)
	}

	// A server on the copy, with the data directory's master key, is the
	// same server.
	keyFile := filepath.Join(dir, secret.KeyFileName)
	dst := start(t, server.Config{DataDir: t.TempDir(), DatabaseURL: url, MasterKeyFile: keyFile})
	admin := login(t, dst, "admin", "admin-password-1", "Administrators")
	login(t, dst, "alice", "another-long-password-2", "t1")
	// The sealed OpenShift token opens on the copy, and user1 still
	// logs in with their OpenShift password.
	var listed []string
	err = admin.ListOpenShiftUsers(ctx, []string{"user1"}, func(u api.OpenShiftUser) error { listed = append(listed, u.Username); return nil })
	if err != nil || len(listed) != 1 {
		t.Errorf("OpenShift users listed on the copy: %q, %v", listed, err)
	}
	login(t, dst, "user1", openshiftd.Password("user1"), "t1")
	subs, err := admin.ListSubusers(ctx, "t1")
	if err != nil || len(subs.Items) != 1 || subs.Items[0].Login != "mark" {
		t.Errorf("sub-users of t1 after the copy: %+v, %v; want mark", subs, err)
	}
	mark := login(t, dst, "t1/mark", password, "t1")
	if c, err := mark.Check(ctx, api.CheckRequest{Operation: "view", ObjectType: "APPLICATION", ObjectID: "app1"}); err != nil || !c.Allowed {
		t.Errorf("mark's role-tagged view of app1 after the copy: %+v, %v; want allowed", c, err)
	}
	roles, err := admin.ListRoles(ctx, "t1")
	if err != nil || len(roles.Items) != 1 || !slices.Equal(roles.Items[0].Policies, []string{"read"}) || !slices.Equal(roles.Items[0].DefaultMembers, []string{"mark"}) {
		t.Errorf("roles of t1 after the copy: %+v, %v; want readers", roles, err)
	}
	policies, err := admin.ListPolicies(ctx, "t1")
	if err != nil || len(policies.Items) != 1 || len(policies.Items[0].Rules) != 2 {
		t.Errorf("policies of t1 after the copy: %+v, %v; want read with 2 rules", policies, err)
	}
	after, err := admin.ListUsers(ctx, client.UserListOptions{All: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Items) != len(users.Items) {
		t.Fatalf("%d users after, %d before", len(after.Items), len(users.Items))
	}
	for i := range users.Items {
		a, b := after.Items[i], users.Items[i]
		if a.ID != b.ID || a.Username != b.Username || a.Company != b.Company || a.Phone != b.Phone {
			t.Errorf("user %d: %s (%d, %q, %q) after, %s (%d, %q, %q) before", i, a.Username, a.ID, a.Company, a.Phone,
				b.Username, b.ID, b.Company, b.Phone)
		}
	}
	// The copy's search text holds the company.
	byCompany, err := admin.ListUsers(ctx, client.UserListOptions{Search: "söhne"})
	if err != nil || len(byCompany.Items) != 1 || byCompany.Items[0].Username != "alice" {
		t.Errorf("search söhne on the copy: %+v, %v", byCompany, err)
	}
	v, err := admin.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Intact || v.Records < int64(len(trail.Items)) {
		t.Errorf("audit verify on the copy: %+v, want intact with at least %d records", v, len(trail.Items))
	}
	check, err := admin.Check(ctx, api.CheckRequest{Operation: "start", ObjectType: "APPLICATION", User: "alice", Tenant: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	if !check.Allowed {
		t.Error("alice's custom capability did not survive the copy")
	}
	usage, err := admin.LimitUsage(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	if len(usage.Items) != 1 || usage.Items[0].User != "alice" || usage.Items[0].OS != "linux" || usage.Items[0].Used != 1024 {
		t.Errorf("limits after the copy: %+v, want alice's with 1024 MiB in use", usage.Items)
	}
	found, err := admin.ListUsers(ctx, client.UserListOptions{Search: "ärg"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Items) != 1 || found.Items[0].Username != "alice" {
		t.Errorf("search for ärg after the copy: %+v", found.Items)
	}
	// New ids go past every id the source handed out.
	mustOK(t)(admin.AddTenant(ctx, api.TenantAddRequest{Name: "t2"}))
	tenants, err := admin.ListTenants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tn := range tenants.Items {
		if tn.Name == "t2" && tn.ID <= 3 {
			t.Errorf("new tenant got id %d, which the source handed out", tn.ID)
		}
	}

	// A second copy into the now non-empty target is refused.
	_, err = transfer.Copy(ctx, filepath.Join(dir, "gatehouse.db"), url, nil)
	if !errors.Is(err, transfer.ErrNotEmpty) || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("copy into a non-empty target: %v, want ErrNotEmpty", err)
	}
}

// TestCopyRefusesUnknownTable checks that records the target has no table
// for stop the copy, and that the target is left empty.
func TestCopyRefusesUnknownTable(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	start(t, server.Config{DataDir: dir}).Close()
	path := filepath.Join(dir, "gatehouse.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE gadgets (name TEXT); INSERT INTO gadgets VALUES ('x')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	url := pgtest.NewDatabase(t)
	_, err = transfer.Copy(ctx, path, url, nil)
	if err == nil || !strings.Contains(err.Error(), "gadgets") {
		t.Fatalf("Copy = %v, want an error naming the table gadgets", err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var users int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&users); err != nil || users != 0 {
		t.Errorf("after a failed copy the target has %d users (%v), want none", users, err)
	}
}
