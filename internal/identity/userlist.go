package identity

import (
	"context"
	"time"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Page sizes of user listings.
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// UserView is a user with their memberships, as listings show them.
type UserView struct {
	User        gatehouse.User
	Memberships []gatehouse.Membership
	// LockedUntil is when the user's lockout ends; the zero time when they
	// are not locked out.
	LockedUntil time.Time
}

// Current returns the membership of the user's current tenant (that of
// their last login, else their first), or nil if they belong to none.
func (v *UserView) Current() *gatehouse.Membership {
	for i := range v.Memberships {
		if v.Memberships[i].TenantID == v.User.LastTenantID {
			return &v.Memberships[i]
		}
	}
	if len(v.Memberships) > 0 {
		return &v.Memberships[0]
	}
	return nil
}

// UserListQuery selects users to list.
type UserListQuery struct {
	Search string // part of a username, id, name or email
	All    bool   // include hidden, disabled and deleted users
	Sort   gatehouse.UserSort
	Desc   bool
	// After starts the page after this user in the order of Sort and
	// Desc: the id the previous page returned to continue after.
	After gatehouse.UserID
	Limit int // 0: DefaultPageSize
}

// ListUsers returns a page of the users p may see (all for a superadmin,
// the members of their tenant for a tenantadmin) and the id to continue
// after, or 0 on the last page.
func (s *Service) ListUsers(ctx context.Context, p *Principal, q UserListQuery) ([]UserView, gatehouse.UserID, error) {
	switch {
	case q.Limit < 0 || q.Limit > MaxPageSize:
		return nil, 0, gatehouse.Invalid("limit", "must be between 1 and %d", MaxPageSize)
	case q.Limit == 0:
		q.Limit = DefaultPageSize
	case len(q.Search) > 256:
		return nil, 0, gatehouse.Invalid("search", "must be at most 256 bytes")
	}
	var out []UserView
	err := s.view(ctx, p, ActUserList, "USER", "", func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActUserList, Target{Tenant: p.Tenant.ID}); err != nil {
			return err
		}
		sq := gatehouse.UserQuery{Search: q.Search, All: q.All, Sort: q.Sort, Desc: q.Desc, AfterID: q.After, Limit: q.Limit}
		if !p.SeesAll() {
			ms, err := tx.MembershipsOfTenant(ctx, p.Tenant.ID)
			if err != nil {
				return err
			}
			for _, m := range ms {
				sq.IDs = append(sq.IDs, m.UserID)
			}
			if len(sq.IDs) == 0 {
				return nil
			}
		}
		users, err := tx.ListUsers(ctx, sq)
		if err != nil {
			return err
		}
		out, err = withMemberships(ctx, tx, users)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	now := s.Now()
	for i := range out {
		out[i].LockedUntil = lockedUntil(&out[i].User, now)
	}
	var next gatehouse.UserID
	if len(out) == q.Limit {
		next = out[len(out)-1].User.ID
	}
	return out, next, nil
}

// GetUser returns the live user named name, if p may see them.
func (s *Service) GetUser(ctx context.Context, p *Principal, name gatehouse.UserName) (*UserView, error) {
	var v *UserView
	err := s.view(ctx, p, ActUserView, "USER", string(name), func(tx gatehouse.Tx) error {
		uv, t, err := loadUserView(ctx, tx, name)
		if err != nil {
			return err
		}
		if err := s.authorize(p, ActUserView, t); err != nil {
			return err
		}
		uv.LockedUntil = lockedUntil(&uv.User, s.Now())
		v = &uv
		return nil
	})
	return v, err
}

// withMemberships pairs each user with their memberships.
func withMemberships(ctx context.Context, tx gatehouse.Tx, users []gatehouse.User) ([]UserView, error) {
	ids := make([]gatehouse.UserID, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	ms, err := tx.MembershipsOfUsers(ctx, ids)
	if err != nil {
		return nil, err
	}
	byUser := make(map[gatehouse.UserID][]gatehouse.Membership, len(users))
	for _, m := range ms {
		byUser[m.UserID] = append(byUser[m.UserID], m)
	}
	out := make([]UserView, len(users))
	for i, u := range users {
		out[i] = UserView{User: u, Memberships: byUser[u.ID]}
	}
	return out, nil
}
