package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/console"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/testenv"
)

// BenchmarkUsersPage measures the server time of the user list over
// 100,000 users (the target: under 50 ms for the first page),
// from the session cookie to the last byte of HTML.
func BenchmarkUsersPage(b *testing.B) {
	env := testenv.New(b)
	seedUsers(b, env, 100_000)
	con, err := console.New(env.Identity, env.Access, env.Logger, false)
	if err != nil {
		b.Fatal(err)
	}
	h := con.Handler()
	s, err := env.Identity.Login(context.Background(), identity.LoginInput{Username: "admin", Password: testenv.AdminPassword})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct{ name, path string }{
		{"first page", "/console/users"},
		{"later page", "/console/users?after=50000"},
		{"sorted by name", "/console/users?sort=name"},
		{"filter as you type", "/console/users?q=user0424&fragment=results"},
		{"filter by email", "/console/users?q=user77777%40exa&fragment=results"},
		{"filter short", "/console/users?q=ab&fragment=results"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			req.AddCookie(&http.Cookie{Name: "gatehouse_session", Value: s.Token})
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<table") {
					b.Fatalf("GET %s: %d\n%s", tc.path, w.Code, w.Body)
				}
			}
		})
	}
}

// seedUsers adds n users to a tenant in one transaction, straight into
// the store (as `gatehouse-load seed` does), with one hash for all.
func seedUsers(b testing.TB, env *testenv.Env, n int) {
	b.Helper()
	ctx := context.Background()
	hash, err := identity.HashPassword(testenv.Cheap, "seeded-password-1")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	err = env.Store.Update(ctx, func(tx gatehouse.Tx) error {
		t := gatehouse.Tenant{Name: "load", CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateTenant(ctx, &t); err != nil {
			return err
		}
		for i := range n {
			u := gatehouse.User{Name: gatehouse.UserName(fmt.Sprintf("user%06d", i)), FirstName: fmt.Sprintf("First%d", i),
				LastName: fmt.Sprintf("Last%d", i), Email: fmt.Sprintf("user%d@example.com", i), Authentication: gatehouse.AuthLocal,
				PasswordHash: hash, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			ns := gatehouse.PrimaryNamespace(t.ID, u.ID)
			if err := tx.CreateNamespace(ctx, gatehouse.Namespace{Name: ns, TenantID: t.ID, OwnerID: u.ID, Primary: true, CreatedAt: now}); err != nil {
				return err
			}
			m := gatehouse.Membership{UserID: u.ID, TenantID: t.ID, Role: gatehouse.RoleUser,
				Capabilities: []string{"AllUserCapabilities"}, Namespace: ns, CreatedAt: now}
			if err := tx.AddMembership(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
