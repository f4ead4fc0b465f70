// Package pgtest gives tests real PostgreSQL databases. A test binary that
// needs them calls Main from its TestMain; each test then asks NewDatabase
// for a fresh, empty database of its own.
//
// When GATEHOUSE_TEST_POSTGRES is set (a postgres:// URL of a role that may
// create databases), the databases are made on that server. Otherwise Main
// creates a throwaway cluster with Debian's initdb in a temporary directory,
// starts it on a free loopback port, and removes it when the tests end. The
// server programs refuse to run as root, so as root they run as the
// `postgres` system user (created by Debian's server package). Missing
// programs fail the tests: nothing is skipped.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable that points the tests at an
// existing server instead of a throwaway cluster.
const EnvURL = "GATEHOUSE_TEST_POSTGRES"

// server is the URL of the server the tests use, set by Main.
var server *url.URL

// shared is true when the server is GATEHOUSE_TEST_POSTGRES's, which
// outlives the tests: they drop the databases they make.
var shared bool

// seq numbers the databases this process makes.
var seq atomic.Int64

// Main runs the tests of m against a PostgreSQL server and exits with their
// status: the server named by GATEHOUSE_TEST_POSTGRES, or a throwaway
// cluster that Main starts first and stops after.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if env := os.Getenv(EnvURL); env != "" {
		u, err := url.Parse(env)
		if err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %s: %v\n", EnvURL, err)
			return 2
		}
		server, shared = u, true
		defer dropTemplate()
		return m.Run()
	}
	c, err := startCluster()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: start a throwaway PostgreSQL cluster: %v\n", err)
		return 2
	}
	defer c.stop()
	server = c.url
	return m.Run()
}

// dropTemplate drops the template database, if one was made, from a server
// that outlives the tests.
func dropTemplate() {
	if template.name == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := admin(ctx, `DROP DATABASE IF EXISTS `+template.name+` WITH (FORCE)`); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: drop template database %s: %v\n", template.name, err)
	}
}

// URL returns the URL of database name on the test server.
func URL(name string) string {
	u := *server
	u.Path = "/" + name
	return u.String()
}

// template is the database that NewMigratedDatabase copies, made once.
var template struct {
	once sync.Once
	name string
	err  error
}

// newName returns a database name no other test uses.
func newName() string {
	return fmt.Sprintf("gatehouse_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, seq.Add(1))
}

// admin runs sql on the server's postgres database.
func admin(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// NewDatabase creates an empty database for t and returns its URL. The
// database is dropped when t ends, or with the throwaway cluster. The test binary must run Main.
func NewDatabase(t testing.TB) string {
	t.Helper()
	return newDatabase(t, "template0")
}

// NewMigratedDatabase is NewDatabase for a database that migrate has
// prepared. The first call runs migrate on a template database, which
// this and every later call of the test binary copy: a copy is much
// faster than a migration. Every call must pass the same migrate.
func NewMigratedDatabase(t testing.TB, migrate func(ctx context.Context, url string) error) string {
	t.Helper()
	template.once.Do(func() {
		name := newDatabaseName(t, "template0")
		if err := migrate(t.Context(), URL(name)); err != nil {
			template.err = fmt.Errorf("migrate template database %s: %w", name, err)
		}
		template.name = name
	})
	if template.err != nil {
		t.Fatalf("pgtest: %v", template.err)
	}
	return newDatabase(t, template.name)
}

// newDatabaseName creates a database from template, to be dropped when the
// test binary's cluster goes, and returns its name.
func newDatabaseName(t testing.TB, from string) string {
	t.Helper()
	if server == nil {
		t.Fatal("pgtest: no PostgreSQL server: the test binary's TestMain must call pgtest.Main")
	}
	name := newName()
	if err := admin(t.Context(), `CREATE DATABASE `+name+` TEMPLATE `+from+` ENCODING 'UTF8'`); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	return name
}

// newDatabase creates a database from template for t, dropped when t ends.
func newDatabase(t testing.TB, from string) string {
	t.Helper()
	name := newDatabaseName(t, from)
	if !shared {
		// The throwaway cluster goes at the end, with every database;
		// dropping each one would cost a checkpoint.
		return URL(name)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := admin(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return URL(name)
}
