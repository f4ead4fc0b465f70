package authsync_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/store/sqlite"
)

// TestLazyIndexAnswersAsTheWholeIndex fills a store, then checks that a
// Syncer started over it, loading users and objects as they are asked
// about, answers every question as an engine loaded whole does.
func TestLazyIndexAnswersAsTheWholeIndex(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "g.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var users []gatehouse.UserID
	var tenants []gatehouse.TenantID
	var refs []authsync.ObjectRef
	err = st.Update(ctx, func(tx gatehouse.Tx) error {
		for _, name := range []gatehouse.TenantName{gatehouse.AdministratorsTenant, "t1", "t2"} {
			tn := gatehouse.Tenant{Name: name}
			if err := tx.CreateTenant(ctx, &tn); err != nil {
				return err
			}
			tenants = append(tenants, tn.ID)
		}
		roles := []gatehouse.Role{gatehouse.RoleSuperadmin, gatehouse.RoleTenantadmin, gatehouse.RoleUser, gatehouse.RoleUser, gatehouse.RoleUser}
		for i, role := range roles {
			u := gatehouse.User{Name: gatehouse.UserName(fmt.Sprintf("u%d", i))}
			if err := tx.CreateUser(ctx, &u); err != nil {
				return err
			}
			users = append(users, u.ID)
			tn := tenants[1+i%2]
			if role == gatehouse.RoleSuperadmin {
				tn = tenants[0]
			}
			ns := gatehouse.PrimaryNamespace(tn, u.ID)
			if err := tx.CreateNamespace(ctx, gatehouse.Namespace{Name: ns, TenantID: tn, OwnerID: u.ID, Primary: true}); err != nil {
				return err
			}
			refs = append(refs, authsync.ObjectRef{Type: string(authz.NamespaceType), ID: string(ns)})
			if err := tx.AddMembership(ctx, gatehouse.Membership{UserID: u.ID, TenantID: tn, Role: role, Namespace: ns}); err != nil {
				return err
			}
		}
		// u3, a member of t2, is a member of t1 too.
		if err := tx.AddMembership(ctx, gatehouse.Membership{UserID: users[3], TenantID: tenants[1], Role: gatehouse.RoleUser}); err != nil {
			return err
		}
		for i := range 6 {
			o := gatehouse.Object{Type: "APPLICATION", ID: fmt.Sprintf("app%d", i), TenantID: tenants[1+i%2], OwnerID: users[1+i%4]}
			if o.TenantID != tenants[1] && (o.OwnerID == users[1] || o.OwnerID == users[3]) {
				o.TenantID = tenants[1]
			}
			if err := tx.CreateObject(ctx, o); err != nil {
				return err
			}
			refs = append(refs, authsync.ObjectRef{Type: o.Type, ID: o.ID})
		}
		for _, sh := range []gatehouse.Share{
			{ObjectType: "APPLICATION", ObjectID: "app0", UserID: users[2], Operations: []string{"view"}},
			{ObjectType: "APPLICATION", ObjectID: "app1", TenantID: tenants[1], Operations: []string{"view", "update"}},
			{ObjectType: "APPLICATION", ObjectID: "app2", UserID: users[4], Operations: []string{"delete"}},
		} {
			if err := tx.PutShare(ctx, sh); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	refs = append(refs, authsync.ObjectRef{Type: "APPLICATION", ID: "no-such-app"})

	var whole *authz.Engine
	if err := st.View(ctx, func(tx gatehouse.Tx) error { whole, err = authz.Load(ctx, tx); return err }); err != nil {
		t.Fatal(err)
	}
	lazy, err := authsync.New(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if lazy.Engine().HasUser(users[0]) || lazy.Engine().HasObject("APPLICATION", "app0") {
		t.Fatal("a new Syncer's index holds users or objects before they are asked about")
	}
	questions := 0
	for _, u := range users {
		eng, err := lazy.EnsureUsers(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		for _, tn := range tenants {
			ws, wok := whole.Subject(u, tn)
			ls, lok := eng.Subject(u, tn)
			if wok != lok {
				t.Fatalf("Subject(%d, %d): whole %v, lazy %v", u, tn, wok, lok)
			}
			if !wok {
				continue
			}
			for _, ref := range refs {
				eng, err := lazy.EnsureObjects(ctx, ref)
				if err != nil {
					t.Fatal(err)
				}
				for _, op := range []authz.Operation{authz.OpView, authz.OpUpdate, authz.OpDelete} {
					typ := authz.ObjectType(ref.Type)
					if w, l := whole.Check(&ws, typ, op, ref.ID), eng.Check(&ls, typ, op, ref.ID); w != l {
						t.Errorf("Check(user %d in tenant %d, %s %s/%s): whole %v, lazy %v", u, tn, op, ref.Type, ref.ID, w, l)
					}
					questions++
				}
			}
		}
	}
	if questions < 100 {
		t.Fatalf("only %d questions asked", questions)
	}
	if lazy.Engine().HasObject("APPLICATION", "no-such-app") {
		t.Error("the index holds an object that does not exist")
	}
}
