package server

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
)

func TestRulesFileReload(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "identity.yaml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{Listen: "127.0.0.1:0", DataDir: filepath.Join(dir, "data"), Out: io.Discard, Argon2: cheap, AdminPassword: "admin-Passw0rd-1",
		Logger: slog.New(slog.DiscardHandler), RulesFiles: []RulesFile{{Path: file}}}

	// A broken file keeps the server from starting, saying why.
	write("# identity\n\"identity:tenant:list\": \"!\"\nbroken: role:x and\n")
	if _, err := Start(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), `line 3: rule "broken": rule "role:x and" does not parse`) {
		t.Fatalf("Start with a broken rules file = %v", err)
	}

	write("# identity\n\"identity:tenant:list\": \"!\"\n")
	s, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	c := client.New(s.URL(), "", nil)
	lr, err := c.Login(ctx, api.LoginRequest{Username: "admin", Password: "admin-Passw0rd-1", Tenant: "Administrators"})
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithToken(lr.Token)
	versions := func() int {
		t.Helper()
		h, err := c.RulesHistory(ctx, "identity")
		if err != nil {
			t.Fatal(err)
		}
		return len(h.Items)
	}
	if _, err := c.ListTenants(ctx); err == nil || !strings.Contains(err.Error(), "identity:tenant:list") {
		t.Fatalf("tenant list under the file's rules = %v", err)
	}

	// Unchanged content stores nothing; a broken change is refused whole,
	// logged and audited (as the broken file at start was), and the rules
	// in force stay.
	s.rules.check(ctx)
	write("\"identity:tenant:list\": \"@\"\nbad: @\n")
	s.rules.check(ctx)
	if n := versions(); n != 1 {
		t.Fatalf("%d versions after a broken change, want 1", n)
	}
	recs, err := c.ListAudit(ctx, client.AuditListOptions{Action: "rules.file", Outcome: "failure"})
	if err != nil || len(recs.Items) != 2 || !strings.Contains(recs.Items[0].Reason, "line 2: a plain value cannot start with '@'") ||
		!strings.Contains(recs.Items[1].Reason, "line 3: rule \"broken\"") {
		t.Fatalf("refusal audit = %+v, %v", recs, err)
	}
	if _, err := c.ListTenants(ctx); err == nil {
		t.Fatal("a refused file changed the rules")
	}

	// A good change applies at once.
	write("\"identity:tenant:list\": \"@\"\n")
	s.rules.check(ctx)
	if n := versions(); n != 2 {
		t.Fatalf("%d versions after a good change, want 2", n)
	}
	if _, err := c.ListTenants(ctx); err != nil {
		t.Fatalf("tenant list after the change: %v", err)
	}
	recs, err = c.ListAudit(ctx, client.AuditListOptions{Action: "rules.file", Outcome: "success"})
	if err != nil || len(recs.Items) != 2 {
		t.Fatalf("applied files audit = %+v, %v", recs, err)
	}
}
