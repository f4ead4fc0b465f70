package identity

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// ActUserMerge is the action of merging one user into another.
const ActUserMerge Action = "user.merge"

// MergeInput names the user whose belongings move (OldUser) and the user
// who receives them (NewUser).
type MergeInput struct {
	OldUser, NewUser gatehouse.UserName
	// DryRun reports what would move and changes nothing.
	DryRun bool
}

// MergeReport lists what a merge moved, or would move in a dry run.
type MergeReport struct {
	OldUser, NewUser gatehouse.UserName
	DryRun           bool
	// Memberships are the tenant memberships moved, as "tenant (role)";
	// Ended are the old user's memberships in tenants the new user was
	// already a member of.
	Memberships, Ended []string
	// Namespaces and Objects (TYPE/ID) are those whose owner changed.
	Namespaces, Objects []string
	// Shares are the shares granted to the old user now granted to the
	// new one, as TYPE/ID.
	Shares []string
	// AccountOwnerOf are the tenants whose account owner (Triton's User
	// account, owner of what its sub-users register) the new user
	// becomes in the old user's place.
	AccountOwnerOf []string
}

// MergeUsers moves what OldUser owns to NewUser: their platform objects and
// namespaces, the shares granted to them, and their tenant memberships in
// tenants NewUser is not a member of (with role and capabilities); their
// other memberships end. Then it disables OldUser and revokes their
// tokens. Passwords, SSH keys and
// tokens never move. It all happens in one transaction, audited as one
// change; a dry run reports the same and changes nothing. Only a
// superadmin merges users: a merge crosses tenants.
func (s *Service) MergeUsers(ctx context.Context, p *Principal, in MergeInput) (MergeReport, error) {
	objID := string(in.OldUser) + "->" + string(in.NewUser)
	if err := validateMerge(p, in); err != nil {
		return MergeReport{}, s.Reject(ctx, p, ActUserMerge, "USER", objID, err)
	}
	var rep MergeReport
	if in.DryRun {
		err := s.view(ctx, p, ActUserMerge, "USER", objID, func(tx gatehouse.Tx) error {
			var err error
			rep, err = s.merge(ctx, tx, p, in, nil)
			return err
		})
		return rep, err
	}
	var old gatehouse.UserID
	err := s.Change(ctx, p, ActUserMerge, "USER", objID, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		var err error
		if rep, err = s.merge(ctx, tx, p, in, c); err != nil {
			return nil, err
		}
		old = c.Users[0]
		return map[string]any{
			"old_user": rep.OldUser, "new_user": rep.NewUser, "memberships": rep.Memberships,
			"ended_memberships": rep.Ended, "namespaces": rep.Namespaces, "objects": rep.Objects,
			"shares": rep.Shares, "account_owner_of": rep.AccountOwnerOf, "disabled": true,
		}, nil
	})
	if err != nil {
		return MergeReport{}, err
	}
	s.Tokens.Forget(old)
	return rep, nil
}

// validateMerge checks in before any reading.
func validateMerge(p *Principal, in MergeInput) error {
	for _, f := range []struct {
		field string
		name  gatehouse.UserName
	}{{"old_user", in.OldUser}, {"new_user", in.NewUser}} {
		if err := f.name.Validate(); err != nil {
			return gatehouse.AsField(err, f.field)
		}
	}
	if in.OldUser == in.NewUser {
		return gatehouse.Invalid("new_user", "cannot merge user %s into themself", in.OldUser)
	}
	if in.OldUser == p.User.Name {
		return gatehouse.Invalid("old_user", "you cannot merge yourself into another user: ask another superadmin")
	}
	return nil
}

// merge plans the merge of in and, when c is not nil, carries it out in tx,
// naming what changed in c (the old user first).
func (s *Service) merge(ctx context.Context, tx gatehouse.Tx, p *Principal, in MergeInput, c *authsync.Changes) (MergeReport, error) {
	rep := MergeReport{OldUser: in.OldUser, NewUser: in.NewUser, DryRun: c == nil}
	if err := s.superadminOnly(p, ActUserMerge); err != nil {
		return rep, err
	}
	a, err := mergeParty(ctx, tx, "old_user", in.OldUser)
	if err != nil {
		return rep, err
	}
	b, err := mergeParty(ctx, tx, "new_user", in.NewUser)
	if err != nil {
		return rep, err
	}
	apply := func(f func() error) error {
		if c == nil {
			return nil
		}
		return f()
	}
	if c != nil {
		c.User(a.ID, b.ID)
	}
	ms, err := tx.MembershipsOfUsers(ctx, []gatehouse.UserID{a.ID, b.ID})
	if err != nil {
		return rep, err
	}
	bTenants := map[gatehouse.TenantID]bool{}
	for _, m := range ms {
		if m.UserID == b.ID {
			bTenants[m.TenantID] = true
		}
	}
	moved := map[gatehouse.TenantID]bool{}
	now := s.Now().UTC()

	// Namespaces first: a moved membership's primary namespace must be
	// the new user's before the membership names it.
	for _, m := range ms {
		if m.UserID == a.ID && !bTenants[m.TenantID] {
			moved[m.TenantID] = true
		}
	}
	nss, err := tx.ListNamespaces(ctx, gatehouse.NamespaceQuery{OwnerID: a.ID})
	if err != nil {
		return rep, err
	}
	for _, ns := range nss {
		rep.Namespaces = append(rep.Namespaces, string(ns.Name))
		err := apply(func() error {
			ns.OwnerID = b.ID
			ns.Primary = ns.Primary && moved[ns.TenantID]
			c.Namespace(ns.Name)
			return tx.UpdateNamespace(ctx, ns)
		})
		if err != nil {
			return rep, err
		}
	}
	// The new user, a member of every tenant the old one was once the
	// memberships move, becomes the account owner where the old one was;
	// ending the old user's memberships would otherwise clear it.
	var owned []gatehouse.Tenant
	for _, m := range ms {
		if m.UserID != a.ID {
			continue
		}
		t, err := tx.TenantByID(ctx, m.TenantID)
		if err != nil {
			return rep, err
		}
		if t.AccountOwner == a.ID {
			owned = append(owned, t)
			rep.AccountOwnerOf = append(rep.AccountOwnerOf, string(t.Name))
		}
	}
	for _, m := range ms {
		if m.UserID != a.ID {
			continue
		}
		desc := fmt.Sprintf("%s (%s)", m.TenantName, m.Role)
		if moved[m.TenantID] {
			rep.Memberships = append(rep.Memberships, desc)
		} else {
			rep.Ended = append(rep.Ended, desc)
		}
		err := apply(func() error {
			if err := tx.RemoveMembership(ctx, a.ID, m.TenantID); err != nil {
				return err
			}
			if !moved[m.TenantID] {
				return nil
			}
			m.UserID, m.CreatedAt = b.ID, now
			return tx.AddMembership(ctx, m)
		})
		if err != nil {
			return rep, err
		}
	}

	for _, t := range owned {
		err := apply(func() error {
			t.AccountOwner, t.UpdatedAt = b.ID, now
			return tx.UpdateTenant(ctx, t)
		})
		if err != nil {
			return rep, err
		}
	}

	objs, err := tx.ListObjects(ctx, gatehouse.ObjectQuery{OwnerID: a.ID})
	if err != nil {
		return rep, err
	}
	for _, o := range objs {
		rep.Objects = append(rep.Objects, o.Type+"/"+o.ID)
		err := apply(func() error {
			o.OwnerID = b.ID
			c.Object(o.Type, o.ID)
			return tx.UpdateObject(ctx, o)
		})
		if err != nil {
			return rep, err
		}
	}

	shares, err := tx.ListShares(ctx, gatehouse.ShareQuery{UserID: a.ID})
	if err != nil {
		return rep, err
	}
	for _, sh := range shares {
		rep.Shares = append(rep.Shares, sh.ObjectType+"/"+sh.ObjectID)
		err := apply(func() error { return moveShare(ctx, tx, c, sh, b.ID) })
		if err != nil {
			return rep, err
		}
	}

	err = apply(func() error {
		a.Disabled, a.DisabledReason = true, "merged into "+string(b.Name)
		a.TokenGeneration++
		a.UpdatedAt = now
		if err := tx.UpdateUser(ctx, a); err != nil {
			return err
		}
		return checkSuperadminRemains(ctx, tx, map[gatehouse.UserID]bool{a.ID: true})
	})
	return rep, err
}

// mergeParty returns the live user called name, one side of a merge;
// field names the side in errors.
func mergeParty(ctx context.Context, tx gatehouse.Tx, field string, name gatehouse.UserName) (gatehouse.User, error) {
	u, err := tx.UserByName(ctx, name)
	if !errors.Is(err, gatehouse.ErrNotFound) {
		return u, err
	}
	gone, gerr := tx.RemovedUsersNamed(ctx, name)
	if gerr != nil {
		return u, gerr
	}
	if len(gone) > 0 {
		return u, gatehouse.Invalid(field, "user %s was removed: merge only live users", name)
	}
	return u, gatehouse.Errorf(gatehouse.ErrNotFound, "user %s does not exist", name)
}

// moveShare gives the operations sh grants to user to, merging them into
// a share to already holds on the same object.
func moveShare(ctx context.Context, tx gatehouse.Tx, c *authsync.Changes, sh gatehouse.Share, to gatehouse.UserID) error {
	have, err := tx.ListShares(ctx, gatehouse.ShareQuery{ObjectType: sh.ObjectType, ObjectID: sh.ObjectID, UserID: to})
	if err != nil {
		return err
	}
	if err := tx.DeleteShare(ctx, sh.ObjectType, sh.ObjectID, 0, sh.UserID); err != nil {
		return err
	}
	ops := sh.Operations
	if len(have) > 0 {
		ops = append(slices.Clone(have[0].Operations), ops...)
		slices.Sort(ops)
		ops = slices.Compact(ops)
	}
	sh.UserID, sh.Operations = to, ops
	c.Object(sh.ObjectType, sh.ObjectID)
	return tx.PutShare(ctx, sh)
}
