package postgres

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// loadWorld is a few users with memberships, namespaces and objects, for
// writing once through the Tx methods and once through a Loader.
type loadWorld struct {
	tenant gatehouse.TenantID
	now    time.Time
	users  []gatehouse.User
}

// newLoadWorld returns users with every column set, each a member of
// tenant with its primary namespace and owning one object.
func newLoadWorld(tenant gatehouse.TenantID) loadWorld {
	now := time.Date(2026, 11, 23, 10, 0, 0, 123456000, time.UTC)
	w := loadWorld{tenant: tenant, now: now}
	for i := range 3 {
		w.users = append(w.users, gatehouse.User{Name: gatehouse.UserName(fmt.Sprintf("bulk%d", i)),
			FirstName: "Grace", LastName: fmt.Sprintf("Hopper%d", i), Email: fmt.Sprintf("grace%d@example.com", i),
			Company: "Navy", Phone: fmt.Sprintf("+1 555 010%d", i),
			Authentication: gatehouse.AuthLocal, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA",
			PasswordChangedAt: now, Hidden: i == 1, Disabled: i == 2, DisabledReason: "test", TokenGeneration: 3,
			LastTenantID: tenant, FailedLogins: 2, LockedUntil: now.Add(time.Hour), LastLoginAt: now.Add(-time.Hour),
			EnabledAt: now, CreatedAt: now, UpdatedAt: now.Add(time.Minute), Inactive: i == 0, Invited: i == 2})
	}
	return w
}

// members returns the primary namespaces, memberships and objects of the
// users with ids, in order.
func (w loadWorld) members(ids []gatehouse.UserID) (nss []gatehouse.Namespace, ms []gatehouse.Membership, objs []gatehouse.Object) {
	for i, id := range ids {
		ns := gatehouse.PrimaryNamespace(w.tenant, id)
		nss = append(nss, gatehouse.Namespace{Name: ns, TenantID: w.tenant, OwnerID: id, Primary: true, CreatedAt: w.now})
		ms = append(ms, gatehouse.Membership{UserID: id, TenantID: w.tenant, Role: gatehouse.RoleUser,
			Capabilities: []string{"AllUserCapabilities", "Cap001"}, Namespace: ns, CreatedAt: w.now})
		objs = append(objs, gatehouse.Object{Type: "VM", ID: fmt.Sprintf("vm-%d", i), Name: "machine", TenantID: w.tenant,
			OwnerID: id, CreatedAt: w.now, Zone: "z1", Memory: 512, Disk: 10, Image: "debian", OS: "linux"})
	}
	return nss, ms, objs
}

// loadSetup creates the tenant and the object type the world needs.
func loadSetup(t *testing.T, db *DB) gatehouse.TenantID {
	t.Helper()
	ten := gatehouse.Tenant{Name: "t1"}
	err := db.Update(t.Context(), func(tx gatehouse.Tx) error {
		if err := tx.CreateTenant(t.Context(), &ten); err != nil {
			return err
		}
		return tx.PutObjectType(t.Context(), gatehouse.ObjectTypeRecord{Name: "VM", Operations: []string{"view"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	return ten.ID
}

// dumpTables returns every row of the tables a Loader writes, as JSON.
func dumpTables(t *testing.T, db *DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range []string{"users", "namespaces", "memberships", "objects"} {
		var rows string
		err := db.pool.QueryRow(t.Context(), `SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY to_jsonb(r)::text), '[]')::text FROM `+table+` r`).Scan(&rows)
		if err != nil {
			t.Fatal(err)
		}
		out[table] = rows
	}
	return out
}

// TestLoaderWritesWhatTxWrites writes the same world through the Tx
// methods into one database and through a Loader into another, and
// compares every row of both.
func TestLoaderWritesWhatTxWrites(t *testing.T) {
	ctx := t.Context()
	viaTx, viaLoader := openTest(t), openTest(t)

	w := newLoadWorld(loadSetup(t, viaTx))
	err := viaTx.Update(ctx, func(tx gatehouse.Tx) error {
		var ids []gatehouse.UserID
		for i := range w.users {
			u := w.users[i]
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			ids = append(ids, u.ID)
		}
		nss, ms, objs := w.members(ids)
		for i := range ids {
			if err := tx.CreateNamespace(ctx, nss[i]); err != nil {
				return err
			}
			if err := tx.AddMembership(ctx, ms[i]); err != nil {
				return err
			}
			if err := tx.CreateObject(ctx, objs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	w = newLoadWorld(loadSetup(t, viaLoader))
	users := w.users
	err = viaLoader.Load(ctx, func(l *Loader) error {
		if err := l.Users(ctx, users); err != nil {
			return err
		}
		var ids []gatehouse.UserID
		for _, u := range users {
			ids = append(ids, u.ID)
		}
		nss, ms, objs := w.members(ids)
		return errors.Join(l.Namespaces(ctx, nss), l.Memberships(ctx, ms), l.Objects(ctx, objs))
	})
	if err != nil {
		t.Fatal(err)
	}

	want, got := dumpTables(t, viaTx), dumpTables(t, viaLoader)
	for table := range want {
		if got[table] != want[table] {
			t.Errorf("%s written by the Loader:\n%s\nwritten by the Tx methods:\n%s", table, got[table], want[table])
		}
	}
	// The loaded users are found as created ones are.
	err = viaLoader.View(ctx, func(tx gatehouse.Tx) error {
		found, err := tx.ListUsers(ctx, gatehouse.UserQuery{Search: "hopper1", All: true})
		if err != nil {
			return err
		}
		if len(found) != 1 || found[0].Name != "bulk1" || found[0].ID != users[1].ID {
			return fmt.Errorf("search hopper1 found %+v, want bulk1 with id %d", found, users[1].ID)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// TestLoaderRefusesTakenName checks that a COPY with a taken name fails
// with ErrConflict and writes nothing.
func TestLoaderRefusesTakenName(t *testing.T) {
	ctx := t.Context()
	db := openTest(t)
	w := newLoadWorld(loadSetup(t, db))
	if err := db.Load(ctx, func(l *Loader) error { return l.Users(ctx, w.users[:1]) }); err != nil {
		t.Fatal(err)
	}
	err := db.Load(ctx, func(l *Loader) error { return l.Users(ctx, w.users) })
	if !errors.Is(err, gatehouse.ErrConflict) {
		t.Fatalf("loading bulk0 again: got %v, want ErrConflict", err)
	}
	if n := countUsers(ctx, t, db); n != 1 {
		t.Errorf("after the refused load: %d users, want 1", n)
	}
}

// countUsers returns how many rows users holds.
func countUsers(ctx context.Context, t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
