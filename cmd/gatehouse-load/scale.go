package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/store/postgres"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
)

// scaleBatch is how many users (with their memberships and namespaces)
// or objects one transaction of the scale seeder writes; pgScaleBatch is
// how many on PostgreSQL, where they go in with COPY.
const (
	scaleBatch   = 5000
	pgScaleBatch = 20000
)

// scaleWriter writes the rows of one batch of the scale world: a
// postgres.Loader (COPY), or txWriter over the Tx methods. Users sets
// the id of each user it adds.
type scaleWriter interface {
	Users(ctx context.Context, users []gatehouse.User) error
	Namespaces(ctx context.Context, nss []gatehouse.Namespace) error
	Memberships(ctx context.Context, ms []gatehouse.Membership) error
	Objects(ctx context.Context, objs []gatehouse.Object) error
}

// txWriter writes a batch row by row through a store transaction.
type txWriter struct{ tx gatehouse.Tx }

func (w txWriter) Users(ctx context.Context, users []gatehouse.User) error {
	for i := range users {
		if err := w.tx.CreateUser(ctx, &users[i]); err != nil {
			return err
		}
	}
	return nil
}

func (w txWriter) Namespaces(ctx context.Context, nss []gatehouse.Namespace) error {
	for _, ns := range nss {
		if err := w.tx.CreateNamespace(ctx, ns); err != nil {
			return err
		}
	}
	return nil
}

func (w txWriter) Memberships(ctx context.Context, ms []gatehouse.Membership) error {
	for _, m := range ms {
		if err := w.tx.AddMembership(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (w txWriter) Objects(ctx context.Context, objs []gatehouse.Object) error {
	for _, o := range objs {
		if err := w.tx.CreateObject(ctx, o); err != nil {
			return err
		}
	}
	return nil
}

// scale fills a stopped, bootstrapped server's store with the world of
// issue 6's scale benchmark: users, tenants, about two memberships per
// user (each with its primary namespace), custom capabilities and platform
// objects. Users are u0000000...; tenant of membership k of user i is
// (i + k*tenants/2) mod tenants, so every tenant gets about the same
// number of members; one member in a hundred is a tenantadmin.
func scale(args []string) error {
	fs := flag.NewFlagSet("scale", flag.ExitOnError)
	data := fs.String("data", "./gatehouse-data", "data directory of a stopped server, already bootstrapped (embedded store)")
	dbURL := fs.String("database", "", "a postgres:// URL instead of -data")
	users := fs.Int("users", 1_000_000, "users to add")
	tenants := fs.Int("tenants", 10_000, "tenants to add")
	caps := fs.Int("capabilities", 200, "custom capabilities to add")
	objects := fs.Int("objects", 1_000_000, "platform objects (type VM) to add")
	fs.Parse(args)
	ctx := context.Background()
	var (
		st   gatehouse.Store
		load func(func(scaleWriter) error) error
		err  error
	)
	batch := scaleBatch
	if *dbURL != "" {
		var db *postgres.DB
		db, err = postgres.Open(ctx, *dbURL, postgres.Options{}, slog.New(slog.DiscardHandler))
		st, batch = db, pgScaleBatch
		load = func(fn func(scaleWriter) error) error {
			return db.Load(ctx, func(l *postgres.Loader) error { return fn(l) })
		}
	} else {
		st, err = sqlite.Open(ctx, filepath.Join(*data, "gatehouse.db"), slog.New(slog.DiscardHandler))
		load = func(fn func(scaleWriter) error) error {
			return st.Update(ctx, func(tx gatehouse.Tx) error { return fn(txWriter{tx}) })
		}
	}
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := identity.HashPassword(identity.DefaultArgon2, "load-test-password")
	if err != nil {
		return err
	}
	start := time.Now()
	now := start.UTC()
	step := func(what string, t0 time.Time) {
		fmt.Printf("%-34s %s\n", what, time.Since(t0).Round(time.Millisecond))
	}

	// Tenants, the object type and the custom capabilities.
	t0 := time.Now()
	tids := make([]gatehouse.TenantID, *tenants)
	capNames := make([]string, *caps)
	err = st.Update(ctx, func(tx gatehouse.Tx) error {
		for i := range tids {
			t := gatehouse.Tenant{Name: gatehouse.TenantName(fmt.Sprintf("t%05d", i)), CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateTenant(ctx, &t); err != nil {
				return err
			}
			tids[i] = t.ID
		}
		if err := tx.PutObjectType(ctx, gatehouse.ObjectTypeRecord{Name: "VM", Operations: []string{"view", "create", "update", "delete", "start", "stop"}, CreatedAt: now}); err != nil {
			return err
		}
		ops := []string{"view", "create", "update", "delete", "start", "stop"}
		for i := range capNames {
			capNames[i] = fmt.Sprintf("Cap%03d", i)
			c := gatehouse.CapabilityRecord{Name: capNames[i], Description: "scale test capability",
				TenantRoles: []gatehouse.Role{gatehouse.RoleTenantadmin, gatehouse.RoleUser},
				Entries:     []string{"VM:view"}, CreatedAt: now, UpdatedAt: now}
			if op := ops[i%len(ops)]; op != "view" {
				c.Entries = append(c.Entries, "VM:"+op)
			}
			if i > 0 {
				c.Providers = []string{capNames[i-1]} // a provider chain, as inheritance
			}
			if err := tx.CreateCapability(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("tenants and capabilities: %w", err)
	}
	step(fmt.Sprintf("%d tenants, %d capabilities", *tenants, *caps), t0)

	// Users, two memberships each, each with its primary namespace.
	t0 = time.Now()
	uids := make([]gatehouse.UserID, *users)
	for lo := 0; lo < *users; lo += batch {
		hi := min(lo+batch, *users)
		us := make([]gatehouse.User, 0, hi-lo)
		for i := lo; i < hi; i++ {
			us = append(us, gatehouse.User{Name: gatehouse.UserName(fmt.Sprintf("u%07d", i)),
				FirstName: firstNames[i%len(firstNames)], LastName: fmt.Sprintf("%s%d", lastNames[i%len(lastNames)], i/len(lastNames)),
				Email: fmt.Sprintf("u%07d@example.com", i), Authentication: gatehouse.AuthLocal,
				PasswordHash: hash, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now})
		}
		err := load(func(w scaleWriter) error {
			if err := w.Users(ctx, us); err != nil {
				return err
			}
			var (
				nss []gatehouse.Namespace
				ms  []gatehouse.Membership
			)
			for i := lo; i < hi; i++ {
				u := us[i-lo]
				uids[i] = u.ID
				for k := range 2 {
					ti := scaleTenant(i, k, *tenants)
					if k == 1 && ti == scaleTenant(i, 0, *tenants) {
						break
					}
					ns := gatehouse.PrimaryNamespace(tids[ti], u.ID)
					nss = append(nss, gatehouse.Namespace{Name: ns, TenantID: tids[ti], OwnerID: u.ID, Primary: true, CreatedAt: now})
					role := gatehouse.RoleUser
					if i%100 == k {
						role = gatehouse.RoleTenantadmin
					}
					ms = append(ms, gatehouse.Membership{UserID: u.ID, TenantID: tids[ti], Role: role,
						Capabilities: []string{"AllUserCapabilities", capNames[i%len(capNames)]}, Namespace: ns, CreatedAt: now})
				}
			}
			if err := w.Namespaces(ctx, nss); err != nil {
				return err
			}
			return w.Memberships(ctx, ms)
		})
		if err != nil {
			return fmt.Errorf("users %d-%d: %w", lo, hi-1, err)
		}
	}
	step(fmt.Sprintf("%d users, memberships, namespaces", *users), t0)

	// Objects, owned by users in one of their tenants.
	t0 = time.Now()
	for lo := 0; lo < *objects; lo += batch {
		hi := min(lo+batch, *objects)
		objs := make([]gatehouse.Object, 0, hi-lo)
		for j := lo; j < hi; j++ {
			i := (j * 7919) % *users
			objs = append(objs, gatehouse.Object{Type: "VM", ID: fmt.Sprintf("vm-%07d", j), Name: fmt.Sprintf("machine %d", j),
				TenantID: tids[scaleTenant(i, j%2, *tenants)], OwnerID: uids[i], CreatedAt: now})
		}
		if err := load(func(w scaleWriter) error { return w.Objects(ctx, objs) }); err != nil {
			return fmt.Errorf("objects %d-%d: %w", lo, hi-1, err)
		}
	}
	step(fmt.Sprintf("%d objects", *objects), t0)
	step("total load time", start)
	fmt.Println("password of every user: load-test-password; users u0000000.., tenants t00000..; objects VM/vm-0000000..")
	return nil
}

// scaleTenant returns the index of user i's k-th tenant.
func scaleTenant(i, k, tenants int) int { return (i + k*(tenants/2+1)) % tenants }

var (
	firstNames = strings.Fields("Ada Alan Barbara Claude Donald Edsger Frances Grace Hedy John Katherine Leslie Margaret Niklaus Radia Shafi Tim Vint")
	lastNames  = strings.Fields("Lovelace Turing Liskov Shannon Knuth Dijkstra Allen Hopper Lamarr Backus Johnson Lamport Hamilton Wirth Perlman Goldwasser Berners Cerf")
)
