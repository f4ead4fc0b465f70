// Package testenv builds real Gatehouse services for tests: a fresh SQLite
// file, a token issuer, the identity and access use cases and the
// authorization index, bootstrapped with the superadmin admin. No mocks.
package testenv

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/secret"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/internal/token"
)

// AdminPassword is the password of admin in every Env.
const AdminPassword = "admin-password-1"

// Cheap is an argon2id cost that keeps tests fast; production uses
// identity.DefaultArgon2.
var Cheap = identity.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// Env is a set of services over one fresh store.
type Env struct {
	Store    *gatehouse.CountingStore
	Tokens   *token.Issuer
	Identity *identity.Service
	Access   *access.Service
	Logger   *slog.Logger
}

// New returns services over a fresh SQLite file in t's temporary
// directory, closed when t ends, with passwords hashed at Cheap cost.
func New(t testing.TB) *Env {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "gatehouse.db"), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st := gatehouse.CountWrites(db) // as the server does, so principals are cached
	iss, err := token.NewIssuer(ctx, st, time.Hour, logger)
	if err != nil {
		t.Fatal(err)
	}
	id, err := identity.New(st, iss, logger)
	if err != nil {
		t.Fatal(err)
	}
	id.Argon2 = Cheap
	if id.Secrets, err = secret.Parse(secret.Generate()); err != nil {
		t.Fatal(err)
	}
	if _, err := id.Bootstrap(ctx, AdminPassword); err != nil {
		t.Fatal(err)
	}
	if id.Sync, err = authsync.New(ctx, st); err != nil {
		t.Fatal(err)
	}
	return &Env{Store: st, Tokens: iss, Identity: id, Access: access.New(st, id.Sync, id, logger), Logger: logger}
}
