// Package testenv builds real Gatehouse services for tests: a fresh store
// (a SQLite file, or a PostgreSQL database when GATEHOUSE_TEST_STORE is
// postgres), a token issuer, the identity and access use cases and the
// authorization index, bootstrapped with the superadmin admin. No mocks.
package testenv

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/access"
	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/internal/secret"
	"github.com/gatehouse-iam/gatehouse/internal/store/postgres"
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

// EnvStore names the environment variable that selects the store of every
// Env: sqlite (the default), or postgres: a database of its own on the
// test binary's PostgreSQL server, for which its TestMain calls Main.
const EnvStore = "GATEHOUSE_TEST_STORE"

// Main runs the tests of m, on a PostgreSQL server (see pgtest.Main) when
// EnvStore selects postgres. A test binary whose tests build Envs calls
// it from TestMain, so that they can run on either backend.
func Main(m *testing.M) {
	switch b := os.Getenv(EnvStore); b {
	case "", "sqlite":
		os.Exit(m.Run())
	case "postgres":
		pgtest.Main(m)
	default:
		fmt.Fprintf(os.Stderr, "testenv: %s=%q: use sqlite or postgres\n", EnvStore, b)
		os.Exit(2)
	}
}

// openStore opens a fresh, empty store of the backend EnvStore selects.
func openStore(ctx context.Context, t testing.TB, logger *slog.Logger) (gatehouse.Store, error) {
	if os.Getenv(EnvStore) == "postgres" {
		return postgres.Open(ctx, pgtest.NewMigratedDatabase(t, migratePostgres), postgres.Options{}, logger)
	}
	return sqlite.Open(ctx, filepath.Join(t.TempDir(), "gatehouse.db"), logger)
}

// migratePostgres applies the migrations to the database at url, as
// opening it does.
func migratePostgres(ctx context.Context, url string) error {
	db, err := postgres.Open(ctx, url, postgres.Options{}, nil)
	if err != nil {
		return err
	}
	return db.Close()
}

// New returns services over a fresh store (see EnvStore), closed when t
// ends, with passwords hashed at Cheap cost.
func New(t testing.TB) *Env {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := openStore(ctx, t, logger)
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
