package access

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
	"github.com/gatehouse-iam/gatehouse/internal/rules"
)

// OnBehalf is the entry a caller needs to ask checks about other users (the
// CheckPermissionsOnBehalf capability grants it).
var OnBehalf = authz.Entry{Type: "PERMISSION_CHECK", Op: "on_behalf"}

// MaxBatch is the most checks one batch may hold.
const MaxBatch = 10000

// Query is one question: may the subject do Operation on ObjectType (and on
// the object ObjectID, when given)?
type Query struct {
	Operation  string
	ObjectType string
	ObjectID   string
}

// As names the user (and tenant) a check is asked about; empty: the caller.
type As struct {
	User   gatehouse.UserName
	Tenant gatehouse.TenantName
}

// Result answers one Query.
type Result struct {
	Allowed     bool
	Explanation *authz.Explanation // when asked for
}

// Check answers q for the subject as names, explaining the answer when
// explain is set. A read-only subject (inactive, or with agreements to
// sign) is refused every operation that writes (authz.IsWrite).
func (s *Service) Check(ctx context.Context, p *identity.Principal, as As, q Query, explain bool) (Result, error) {
	subj, err := s.checkSubject(ctx, p, as)
	if err != nil {
		return Result{}, err
	}
	typ, op, err := parseQuery(s.engine().Catalog().Registry(), q)
	if err != nil {
		return Result{}, err
	}
	if err := s.ruled(ctx, p, ActCheck, q.ObjectType, q.ObjectID, func() rules.Value { return queryTarget(q) }); err != nil {
		return Result{}, err
	}
	eng, err := s.Sync.EnsureObjects(ctx, authsync.ObjectRef{Type: q.ObjectType, ID: q.ObjectID})
	if err != nil {
		return Result{}, err
	}
	denied := ""
	switch {
	case !subj.member:
		denied = "the user is not a member of the tenant"
	case subj.readOnly != "" && authz.IsWrite(op):
		denied = subj.readOnly + ", so may only view"
	}
	if denied != "" {
		r := Result{}
		if explain {
			r.Explanation = &authz.Explanation{Denied: denied}
		}
		return r, nil
	}
	if subj.sub != nil {
		return s.subuserCheck(ctx, subj.sub, q, op, explain)
	}
	if explain {
		x := eng.Explain(&subj.Subject, typ, op, q.ObjectID)
		x.Denied = s.nameIDs(ctx, x.Denied)
		return Result{Allowed: x.Allowed, Explanation: &x}, nil
	}
	return Result{Allowed: eng.Check(&subj.Subject, typ, op, q.ObjectID)}, nil
}

// CheckBatch answers many queries about one subject; out[i] answers qs[i].
func (s *Service) CheckBatch(ctx context.Context, p *identity.Principal, as As, qs []Query) ([]bool, error) {
	if len(qs) == 0 || len(qs) > MaxBatch {
		return nil, gatehouse.Invalid("checks", "must hold 1 to %d checks (got %d)", MaxBatch, len(qs))
	}
	subj, err := s.checkSubject(ctx, p, as)
	if err != nil {
		return nil, err
	}
	reg := s.engine().Catalog().Registry()
	type parsed struct {
		typ authz.ObjectType
		op  authz.Operation
	}
	ps := make([]parsed, len(qs))
	refs := make([]authsync.ObjectRef, 0, len(qs))
	for i, q := range qs {
		typ, op, err := parseQuery(reg, q)
		if err != nil {
			var fe *gatehouse.FieldError
			if errors.As(err, &fe) {
				return nil, gatehouse.Invalid("checks", "check %d: %s", i, fe.Error())
			}
			return nil, err
		}
		if err := s.ruled(ctx, p, ActCheck, q.ObjectType, q.ObjectID, func() rules.Value { return queryTarget(q) }); err != nil {
			return nil, fmt.Errorf("check %d: %w", i, err)
		}
		ps[i] = parsed{typ, op}
		if q.ObjectID != "" {
			refs = append(refs, authsync.ObjectRef{Type: q.ObjectType, ID: q.ObjectID})
		}
	}
	eng, err := s.Sync.EnsureObjects(ctx, refs...)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(qs))
	for i, q := range qs {
		out[i] = subj.member && (subj.readOnly == "" || !authz.IsWrite(ps[i].op)) && eng.Check(&subj.Subject, ps[i].typ, ps[i].op, q.ObjectID)
	}
	if subj.sub != nil && subj.member {
		return out, s.Store.View(ctx, func(tx gatehouse.Tx) error {
			g, err := s.grantOf(ctx, tx, subj.sub)
			if err != nil {
				return err
			}
			for i, q := range qs {
				if subj.readOnly != "" && authz.IsWrite(ps[i].op) {
					continue
				}
				why, err := s.subuserDecide(ctx, tx, subj.sub, g, q.ObjectType, ps[i].op, q.ObjectID)
				if err != nil && !errors.Is(err, gatehouse.ErrNotFound) {
					return err
				}
				out[i] = err == nil && why == ""
			}
			return nil
		})
	}
	return out, nil
}

// checkedSubject is whom a check is about.
type checkedSubject struct {
	authz.Subject
	member   bool   // whether the user is a member of the tenant
	readOnly string // why the user may only read; "" if they may write
	// sub is the user when a sub-user, whom Aperture authorizes.
	sub *gatehouse.User
}

// checkSubject resolves whom a check is about: the caller, or as.User in
// as.Tenant when the caller may ask on others' behalf.
func (s *Service) checkSubject(ctx context.Context, p *identity.Principal, as As) (checkedSubject, error) {
	eng := s.engine()
	if as.User == "" && as.Tenant == "" {
		subj, ok := s.Identity.EngineFor(p).Subject(p.User.ID, p.Tenant.ID)
		return checkedSubject{Subject: subj, member: ok, readOnly: p.ReadOnly(), sub: subuser(&p.User)}, nil
	}
	if as.User == "" || as.Tenant == "" {
		return checkedSubject{}, gatehouse.Invalid("tenant", "give both the user and the tenant to check on behalf of")
	}
	if err := s.permit(p, ActCheckOnBehalf, OnBehalf.Type, OnBehalf.Op); err != nil {
		return checkedSubject{}, err
	}
	var u gatehouse.User
	var t gatehouse.Tenant
	var pending []string
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		var err error
		if u, err = tx.UserByName(ctx, as.User); err != nil {
			return notFound(err, "user %s does not exist", as.User)
		}
		if t, err = tx.TenantByName(ctx, as.Tenant); err != nil {
			return notFound(err, "tenant %s does not exist", as.Tenant)
		}
		pending, err = identity.Pending(ctx, tx, &u)
		return err
	})
	if err != nil {
		return checkedSubject{}, err
	}
	if !p.IsSuperadmin() && !(p.Role() == gatehouse.RoleTenantadmin && p.Tenant.ID == t.ID) {
		return checkedSubject{}, gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for %s: you may ask only about members of tenant %s, which you administer", ActCheckOnBehalf, p.Tenant.Name)
	}
	if err := s.ruled(ctx, p, ActCheckOnBehalf, "USER", string(u.Name), func() rules.Value { return memberTarget(&u, t.ID) }); err != nil {
		return checkedSubject{}, err
	}
	if !u.Active() {
		return checkedSubject{}, nil
	}
	eng, err = s.Sync.EnsureUsers(ctx, u.ID)
	if err != nil {
		return checkedSubject{}, err
	}
	subj, ok := eng.Subject(u.ID, t.ID)
	them := identity.Principal{User: u, Pending: pending}
	return checkedSubject{Subject: subj, member: ok, readOnly: them.ReadOnly(), sub: subuser(&u)}, nil
}

// queryTarget is what a rule sees of a check: object_type, operation and
// object_id (when the check names an object).
func queryTarget(q Query) rules.Value {
	return fieldsTarget("object_type", q.ObjectType, "operation", q.Operation, "object_id", q.ObjectID)
}

// memberTarget is what a rule sees of a check on behalf of u in tenant t:
// user_id, username, tenant_id and project_id.
func memberTarget(u *gatehouse.User, t gatehouse.TenantID) rules.Value {
	tid := rules.IntValue(int64(t))
	return rules.ObjectValue([]string{"user_id", "username", "tenant_id", "project_id"},
		[]rules.Value{rules.IntValue(int64(u.ID)), rules.StringValue(string(u.Name)), tid, tid})
}

// parseQuery checks q's type and operation against reg.
func parseQuery(reg *authz.Registry, q Query) (authz.ObjectType, authz.Operation, error) {
	typ, op := authz.ObjectType(q.ObjectType), authz.Operation(q.Operation)
	if reg.Known(typ, op) && len(q.ObjectID) <= 256 {
		return typ, op, validObjectID("object_id", q.ObjectID, false)
	}
	ops := reg.Operations(typ)
	if ops == nil {
		return "", "", gatehouse.Invalid("object_type", "unknown object type %q: see 'gatehouse object-type list'", q.ObjectType)
	}
	if !slices.Contains(ops, op) {
		return "", "", gatehouse.Invalid("operation", "object type %s has no operation %q; valid operations: %s", typ, q.Operation, joinOps(ops))
	}
	if err := validObjectID("object_id", q.ObjectID, false); err != nil {
		return "", "", err
	}
	return typ, op, nil
}

func joinOps(ops []authz.Operation) string {
	ss := make([]string, len(ops))
	for i, o := range ops {
		ss[i] = string(o)
	}
	return strings.Join(ss, ", ")
}

// idRef finds the user and tenant ids the engine's explanations mention.
var idRef = regexp.MustCompile(`\b(user|tenant) (\d+)\b`)

// nameIDs replaces "user 4" and "tenant 2" in an explanation with their
// names, which is what people know them by.
func (s *Service) nameIDs(ctx context.Context, text string) string {
	if text == "" {
		return text
	}
	var out string
	err := s.Store.View(ctx, func(tx gatehouse.Tx) error {
		out = idRef.ReplaceAllStringFunc(text, func(m string) string {
			parts := idRef.FindStringSubmatch(m)
			id, err := strconv.ParseInt(parts[2], 10, 64)
			if err != nil {
				return m
			}
			if parts[1] == "user" {
				if u, err := tx.UserByID(ctx, gatehouse.UserID(id)); err == nil {
					return "user " + string(u.Name)
				}
			} else if t, err := tx.TenantByID(ctx, gatehouse.TenantID(id)); err == nil {
				return "tenant " + string(t.Name)
			}
			return m
		})
		return nil
	})
	if err != nil {
		return text
	}
	return out
}
