package identity

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// AdminUser is the name of the superadmin created on first start.
const AdminUser gatehouse.UserName = "admin"

// Bootstrap prepares an empty store, before the authorization index is
// loaded: it creates the Administrators tenant
// and the superadmin admin with password (a random one when password is
// empty). It does nothing if the Administrators tenant exists. It returns
// the generated password, or "" if it generated none or did nothing.
func (s *Service) Bootstrap(ctx context.Context, password string) (generated string, err error) {
	if password == "" {
		generated = rand.Text()
		password = generated
	} else {
		st, err := s.Settings(ctx)
		if err != nil {
			return "", err
		}
		if err := st.CheckPassword("GATEHOUSE_ADMIN_PASSWORD", password); err != nil {
			return "", err
		}
	}
	hash, err := HashPassword(s.Argon2, password)
	if err != nil {
		return "", err
	}
	created := false
	err = s.Store.Update(ctx, func(tx gatehouse.Tx) error {
		_, err := tx.TenantByName(ctx, gatehouse.AdministratorsTenant)
		if err == nil {
			return nil
		}
		if !errors.Is(err, gatehouse.ErrNotFound) {
			return err
		}
		now := s.Now().UTC()
		t := gatehouse.Tenant{Name: gatehouse.AdministratorsTenant, Description: "Superadmins of this Gatehouse", CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateTenant(ctx, &t); err != nil {
			return err
		}
		u := gatehouse.User{Name: AdminUser, Authentication: gatehouse.AuthLocal, PasswordHash: hash,
			PasswordChangedAt: now, LastTenantID: t.ID, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		var c authsync.Changes // the index is loaded after bootstrap
		ns, err := s.bindNamespace(ctx, tx, &c, t, u.ID, "")
		if err != nil {
			return err
		}
		m := gatehouse.Membership{UserID: u.ID, TenantID: t.ID, Role: gatehouse.RoleSuperadmin,
			Capabilities: []string{authz.RoleDefault(gatehouse.RoleSuperadmin)}, Namespace: ns, CreatedAt: now}
		if err := tx.AddMembership(ctx, m); err != nil {
			return err
		}
		created = true
		return s.record(ctx, tx, nil, gatehouse.AuditRecord{Action: "bootstrap", ObjectType: "USER", ObjectID: string(u.Name),
			ActorName: "gatehouse", Changes: map[string]any{"tenant": t.Name, "username": u.Name, "role": m.Role}})
	})
	if err != nil {
		return "", fmt.Errorf("bootstrap: %w", err)
	}
	if !created {
		return "", nil
	}
	return generated, nil
}
