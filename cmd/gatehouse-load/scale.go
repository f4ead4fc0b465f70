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
// or objects one transaction of the scale seeder writes.
const scaleBatch = 5000

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
	var st gatehouse.Store
	var err error
	if *dbURL != "" {
		st, err = postgres.Open(ctx, *dbURL, postgres.Options{}, slog.New(slog.DiscardHandler))
	} else {
		st, err = sqlite.Open(ctx, filepath.Join(*data, "gatehouse.db"), slog.New(slog.DiscardHandler))
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
	for lo := 0; lo < *users; lo += scaleBatch {
		hi := min(lo+scaleBatch, *users)
		err := st.Update(ctx, func(tx gatehouse.Tx) error {
			for i := lo; i < hi; i++ {
				u := gatehouse.User{Name: gatehouse.UserName(fmt.Sprintf("u%07d", i)),
					FirstName: firstNames[i%len(firstNames)], LastName: fmt.Sprintf("%s%d", lastNames[i%len(lastNames)], i/len(lastNames)),
					Email: fmt.Sprintf("u%07d@example.com", i), Authentication: gatehouse.AuthLocal,
					PasswordHash: hash, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
				if err := tx.CreateUser(ctx, &u); err != nil {
					return err
				}
				uids[i] = u.ID
				for k := range 2 {
					ti := scaleTenant(i, k, *tenants)
					if k == 1 && ti == scaleTenant(i, 0, *tenants) {
						break
					}
					ns := gatehouse.PrimaryNamespace(tids[ti], u.ID)
					if err := tx.CreateNamespace(ctx, gatehouse.Namespace{Name: ns, TenantID: tids[ti], OwnerID: u.ID, Primary: true, CreatedAt: now}); err != nil {
						return err
					}
					role := gatehouse.RoleUser
					if i%100 == k {
						role = gatehouse.RoleTenantadmin
					}
					m := gatehouse.Membership{UserID: u.ID, TenantID: tids[ti], Role: role,
						Capabilities: []string{"AllUserCapabilities", capNames[i%len(capNames)]}, Namespace: ns, CreatedAt: now}
					if err := tx.AddMembership(ctx, m); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("users %d-%d: %w", lo, hi-1, err)
		}
	}
	step(fmt.Sprintf("%d users, memberships, namespaces", *users), t0)

	// Objects, owned by users in one of their tenants.
	t0 = time.Now()
	for lo := 0; lo < *objects; lo += scaleBatch {
		hi := min(lo+scaleBatch, *objects)
		err := st.Update(ctx, func(tx gatehouse.Tx) error {
			for j := lo; j < hi; j++ {
				i := (j * 7919) % *users
				o := gatehouse.Object{Type: "VM", ID: fmt.Sprintf("vm-%07d", j), Name: fmt.Sprintf("machine %d", j),
					TenantID: tids[scaleTenant(i, j%2, *tenants)], OwnerID: uids[i], CreatedAt: now}
				if err := tx.CreateObject(ctx, o); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
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
