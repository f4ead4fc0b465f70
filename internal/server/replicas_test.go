package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gatehouse-iam/gatehouse/internal/api"
	"github.com/gatehouse-iam/gatehouse/internal/client"
	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/internal/secret"
)

// propagation is how soon a write on one replica must show on another.
const propagation = time.Second

// eventually polls cond until it holds, failing t if it does not within
// propagation.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(propagation)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen on the other replica within %v", what, propagation)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// login logs user into tenant on s and returns a client with the token.
func login(t *testing.T, s *Server, user, password, tenant string) *client.Client {
	t.Helper()
	c := client.New(s.URL(), "", nil)
	resp, err := c.Login(t.Context(), api.LoginRequest{Username: user, Password: password, Tenant: tenant})
	if err != nil {
		t.Fatalf("log %s into %s on %s: %v", user, tenant, s.URL(), err)
	}
	return c.WithToken(resp.Token)
}

// TestReplicas runs two servers over one PostgreSQL database and checks
// that they behave as one.
func TestReplicas(t *testing.T) {
	ctx := t.Context()
	url, key := pgtest.NewDatabase(t), secret.Generate()
	a := startPostgres(t, url, key)
	b := startPostgres(t, url, key)
	adminA := login(t, a, "admin", "admin-password-1", "Administrators")
	adminB := login(t, b, "admin", "admin-password-1", "Administrators")

	t.Run("created on A, logs in on B", func(t *testing.T) {
		if _, err := adminA.AddTenant(ctx, api.TenantAddRequest{Name: "t1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := adminA.AddUser(ctx, api.UserAddRequest{Username: "alice", Tenant: "t1", Role: "user", Password: "a-long-password-1"}); err != nil {
			t.Fatal(err)
		}
		login(t, b, "alice", "a-long-password-1", "t1")
	})

	t.Run("revoked on A, refused on B", func(t *testing.T) {
		onB := client.New(b.URL(), "", nil).WithToken(tokenOf(t, a, "alice"))
		// Twice: the first use records itself (a write on B), the second
		// leaves B with the principal cached.
		for range 2 {
			if _, err := onB.WhoAmI(ctx); err != nil {
				t.Fatalf("B refuses a live token: %v", err)
			}
		}
		if _, err := adminA.RevokeTokens(ctx, "alice"); err != nil {
			t.Fatal(err)
		}
		eventually(t, "revocation", func() bool {
			_, err := onB.WhoAmI(ctx)
			return client.IsStatus(err, 401)
		})
	})

	t.Run("capability changed on A, checked on B", func(t *testing.T) {
		if _, err := adminA.AddCapability(ctx, api.CapabilityAddRequest{Name: "Runner", Description: "runs applications",
			TenantRoles: []string{"user"}, Entries: []string{"APPLICATION:view"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := adminA.AddUser(ctx, api.UserAddRequest{Username: "carol", Tenant: "t1", Role: "user",
			Capabilities: []string{"Runner"}, Password: "a-long-password-1"}); err != nil {
			t.Fatal(err)
		}
		check := func(op string) bool {
			resp, err := adminB.Check(ctx, api.CheckRequest{Operation: op, ObjectType: "APPLICATION", User: "carol", Tenant: "t1"})
			if err != nil {
				t.Fatalf("check on B: %v", err)
			}
			return resp.Allowed
		}
		eventually(t, "the new member's capability", func() bool { return check("view") })
		if check("create") {
			t.Fatal("carol may create applications before Runner lets her")
		}
		if _, err := adminA.AddCapabilityEntries(ctx, "Runner", []string{"APPLICATION:create"}); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the capability's new entry", func() bool { return check("create") })
	})

	t.Run("same username on both at once", func(t *testing.T) {
		var (
			wg   sync.WaitGroup
			errs [2]error
			ok   int
		)
		start := make(chan struct{})
		for i, c := range []*client.Client{adminA, adminB} {
			wg.Go(func() {
				<-start
				_, errs[i] = c.AddUser(ctx, api.UserAddRequest{Username: "dave", Tenant: "t1", Role: "user", Password: "a-long-password-1"})
			})
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !client.IsStatus(err, 409):
				t.Errorf("the losing add: %v, want 409", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d of two concurrent adds of dave succeeded (%v), want exactly one", ok, errs)
		}
	})
}

// tokenOf logs user into t1 on s and returns the token.
func tokenOf(t *testing.T, s *Server, user string) string {
	t.Helper()
	resp, err := client.New(s.URL(), "", nil).Login(context.Background(), api.LoginRequest{Username: user, Password: "a-long-password-1", Tenant: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Token
}

func TestReplicaWithAnotherMasterKeyRefusesToStart(t *testing.T) {
	url := pgtest.NewDatabase(t)
	startPostgres(t, url, secret.Generate())
	_, err := Start(context.Background(), Config{Listen: "127.0.0.1:0", DataDir: t.TempDir(), DatabaseURL: url,
		MasterKey: secret.Generate(), Argon2: cheap, Out: io.Discard, Logger: slog.New(slog.DiscardHandler)})
	if !errors.Is(err, secret.ErrWrongKey) {
		t.Fatalf("Start with another master key = %v, want secret.ErrWrongKey", err)
	}
	if !strings.Contains(err.Error(), "GATEHOUSE_MASTER_KEY") {
		t.Errorf("error %q does not say where the key comes from", err)
	}
}

// TestReplicaReloadsAfterLostConnection cuts the connections the replicas
// listen on: they reconnect and reload, so a change made meanwhile still
// shows.
func TestReplicaReloadsAfterLostConnection(t *testing.T) {
	ctx := t.Context()
	url, key := pgtest.NewDatabase(t), secret.Generate()
	a := startPostgres(t, url, key)
	b := startPostgres(t, url, key)
	adminA := login(t, a, "admin", "admin-password-1", "Administrators")
	adminB := login(t, b, "admin", "admin-password-1", "Administrators")
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var cut int
	err = conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN %'`).Scan(&cut)
	if err != nil || cut != 2 {
		t.Fatalf("cut %d listening connections (%v), want 2", cut, err)
	}
	if _, err := adminA.AddTenant(ctx, api.TenantAddRequest{Name: "t1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := adminA.AddUser(ctx, api.UserAddRequest{Username: "erin", Tenant: "t1", Role: "user", Password: "a-long-password-1"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a member added while B was reconnecting", func() bool {
		resp, err := adminB.Check(ctx, api.CheckRequest{Operation: "view", ObjectType: "APPLICATION", User: "erin", Tenant: "t1"})
		return err == nil && resp.Allowed
	})
}
