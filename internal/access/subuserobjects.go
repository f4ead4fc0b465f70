package access

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

// subuserRegistration returns the tenant and owner of an object that
// sub-user p registers, and the roles to tag it with. As in Triton, a
// sub-user creates objects on behalf of its account: in that tenant
// alone, owned by its account owner ('gatehouse tenant update
// --account-owner'), and tagged with the sub-user's active roles, so that
// it may act on them as their rules allow. Aperture decides whether it may
// create objects of the type at all (a request about the type is about
// the account, which each of its roles covers).
func (s *Service) subuserRegistration(ctx context.Context, tx gatehouse.Tx, p *identity.Principal, in *ObjectInput) (gatehouse.Tenant, gatehouse.User, []string, error) {
	var owner gatehouse.User
	account, err := tx.TenantByID(ctx, p.User.Account)
	if err != nil {
		return account, owner, nil, fmt.Errorf("account of sub-user %s: %w", p.User.Name, err)
	}
	if in.Tenant != "" && in.Tenant != account.Name {
		return account, owner, nil, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: sub-user %s registers objects only in its account, tenant %s", ActObjectAdd, p.User.Name, account.Name)
	}
	if err := p.CheckWrite(ActObjectAdd); err != nil {
		return account, owner, nil, err
	}
	g, err := s.grantOf(ctx, tx, &p.User)
	if err != nil {
		return account, owner, nil, err
	}
	why, err := s.subuserDecide(ctx, tx, &p.User, g, in.Type, authz.OpCreate, "")
	if err != nil {
		return account, owner, nil, err
	}
	if why != "" {
		return account, owner, nil, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s on %s: %s", ActObjectAdd, in.Type, why)
	}
	switch {
	case account.AccountOwner == 0:
		return account, owner, nil, gatehouse.Errorf(gatehouse.ErrConflict, "tenant %s has no account owner, to whom the objects its sub-users register belong: an administrator sets one with 'gatehouse tenant update %s --account-owner USER'", account.Name, account.Name)
	case in.Owner != "" && in.Owner != account.AccountOwnerName:
		return account, owner, nil, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: objects a sub-user registers belong to the account owner, %s: leave the owner out, or name %s", ActObjectAdd, account.AccountOwnerName, account.AccountOwnerName)
	}
	if owner, err = tx.UserByID(ctx, account.AccountOwner); err != nil {
		return account, owner, nil, fmt.Errorf("account owner of tenant %s: %w", account.Name, err)
	}
	return account, owner, g.names, nil
}
