package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/internal/secret"
)

// startPostgres starts a server on the PostgreSQL database at url with
// master key key, closed when t ends.
func startPostgres(t *testing.T, url, key string) *Server {
	t.Helper()
	s, err := Start(context.Background(), Config{Listen: "127.0.0.1:0", DataDir: t.TempDir(), DatabaseURL: url,
		MasterKey: key, AdminPassword: "admin-password-1", Argon2: cheap, Out: io.Discard,
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestServeOnPostgres drives a server on PostgreSQL through its API: the
// admin logs in, adds a tenant and a user, and the user logs in.
func TestServeOnPostgres(t *testing.T) {
	ctx := t.Context()
	s := startPostgres(t, pgtest.NewDatabase(t), secret.Generate())
	admin := client.New(s.URL(), "", nil)
	login, err := admin.Login(ctx, api.LoginRequest{Username: "admin", Password: "admin-password-1", Tenant: "Administrators"})
	if err != nil {
		t.Fatalf("admin login: %v", err)
	}
	admin = admin.WithToken(login.Token)
	if _, err := admin.AddTenant(ctx, api.TenantAddRequest{Name: "t1"}); err != nil {
		t.Fatalf("tenant add: %v", err)
	}
	if _, err := admin.AddUser(ctx, api.UserAddRequest{Username: "alice", Tenant: "t1", Role: "user", Password: "a-long-password-1"}); err != nil {
		t.Fatalf("user add: %v", err)
	}
	if _, err := admin.AddUser(ctx, api.UserAddRequest{Username: "alice", Tenant: "t1", Role: "user", Password: "a-long-password-1"}); !client.IsStatus(err, 409) {
		t.Fatalf("adding alice again: %v, want 409", err)
	}
	user := client.New(s.URL(), "", nil)
	if _, err := user.Login(ctx, api.LoginRequest{Username: "alice", Password: "a-long-password-1", Tenant: "t1"}); err != nil {
		t.Fatalf("alice login: %v", err)
	}
	if _, err := user.Login(ctx, api.LoginRequest{Username: "alice", Password: "wrong-password-1", Tenant: "t1"}); !client.IsStatus(err, 401) {
		t.Fatalf("alice login with a wrong password: %v, want 401", err)
	}
}

func TestStartRefusesUnreachablePostgres(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = Start(context.Background(), Config{Listen: "127.0.0.1:0", DataDir: t.TempDir(),
		DatabaseURL: "postgres://gatehouse@" + addr + "/gatehouse?sslmode=disable&connect_timeout=2",
		MasterKey:   secret.Generate(), Logger: slog.New(slog.DiscardHandler)})
	if err == nil || !strings.Contains(err.Error(), "--database") || !strings.Contains(err.Error(), "cannot connect") {
		t.Fatalf("Start = %v, want an error saying the --database cannot be reached", err)
	}
}
