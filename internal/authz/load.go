package authz

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Source is what Load reads: a narrow view of a store transaction, which
// gatehouse.Tx satisfies.
type Source interface {
	ListCapabilities(ctx context.Context) ([]gatehouse.CapabilityRecord, error)
	ListObjectTypes(ctx context.Context) ([]gatehouse.ObjectTypeRecord, error)
	ListTenants(ctx context.Context) ([]gatehouse.Tenant, error)
	MembershipsOfTenant(ctx context.Context, t gatehouse.TenantID) ([]gatehouse.Membership, error)
	ListObjects(ctx context.Context, q gatehouse.ObjectQuery) ([]gatehouse.Object, error)
	ListNamespaces(ctx context.Context, q gatehouse.NamespaceQuery) ([]gatehouse.Namespace, error)
	ListShares(ctx context.Context, q gatehouse.ShareQuery) ([]gatehouse.Share, error)
	TenantByName(ctx context.Context, name gatehouse.TenantName) (gatehouse.Tenant, error)
}

var _ Source = gatehouse.Tx(nil)

// NamespaceType is the object type of namespaces. Load indexes each
// namespace as an object of this type whose id is the namespace's name.
const NamespaceType ObjectType = "NAMESPACE"

// NamespaceObject presents a namespace as the object of type NamespaceType
// whose id is the namespace's name.
func NamespaceObject(ns gatehouse.Namespace) gatehouse.Object {
	return gatehouse.Object{Type: string(NamespaceType), ID: string(ns.Name), Name: string(ns.Name),
		TenantID: ns.TenantID, OwnerID: ns.OwnerID, CreatedAt: ns.CreatedAt,
		TenantName: ns.TenantName, OwnerName: ns.OwnerName}
}

// BuildCatalog returns the catalog of an installation: the built-in
// capabilities, then the stored custom capabilities (custom) in group
// Custom, over the built-in registry with the object types platforms
// registered (types) added. The error says which record is wrong.
func BuildCatalog(custom []gatehouse.CapabilityRecord, types []gatehouse.ObjectTypeRecord) (*Catalog, error) {
	reg := BuiltinRegistry()
	for _, t := range types {
		ops := make([]Operation, len(t.Operations))
		for i, op := range t.Operations {
			ops[i] = Operation(op)
		}
		if err := reg.Register(ObjectType(t.Name), ops...); err != nil {
			return nil, fmt.Errorf("object type %q: %w", t.Name, err)
		}
	}
	caps := BuiltinCapabilities()
	for _, r := range custom {
		cp := Capability{
			ID: r.ID, Name: r.Name, Group: GroupCustom, Description: r.Description, Hidden: r.Hidden,
			TenantRoles: r.TenantRoles, Providers: r.Providers,
		}
		for _, s := range r.Entries {
			en, err := ParseEntry(s)
			if err != nil {
				return nil, fmt.Errorf("user capability %q: %w", r.Name, err)
			}
			cp.Entries = append(cp.Entries, en)
		}
		caps = append(caps, cp)
	}
	c, err := New(reg, caps)
	if err != nil {
		return nil, fmt.Errorf("build the capability catalog: %w", err)
	}
	return c, nil
}

// Load builds an engine from src: the catalog (BuildCatalog), every
// tenant's memberships, every object and namespace with its shares. A
// store without an Administrators tenant has no superadmin powers.
// Shares of objects that do not exist are left out.
func Load(ctx context.Context, src Source) (*Engine, error) {
	e, err := load(ctx, src)
	if err != nil {
		return nil, fmt.Errorf("load the authorization index: %w", err)
	}
	return e, nil
}

// LoadCatalog returns an engine over the catalog of src (BuildCatalog)
// holding no members and no objects: a caller loads those as it needs
// them (SetMemberships, SetObject), as authsync.Syncer does.
func LoadCatalog(ctx context.Context, src Source) (*Engine, error) {
	e, err := loadCatalog(ctx, src)
	if err != nil {
		return nil, fmt.Errorf("load the capability catalog: %w", err)
	}
	return e, nil
}

func loadCatalog(ctx context.Context, src Source) (*Engine, error) {
	custom, err := src.ListCapabilities(ctx)
	if err != nil {
		return nil, err
	}
	types, err := src.ListObjectTypes(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := BuildCatalog(custom, types)
	if err != nil {
		return nil, err
	}
	var admins gatehouse.TenantID
	switch t, err := src.TenantByName(ctx, gatehouse.AdministratorsTenant); {
	case err == nil:
		admins = t.ID
	case !errors.Is(err, gatehouse.ErrNotFound):
		return nil, err
	}
	return NewEngine(cat, admins), nil
}

func load(ctx context.Context, src Source) (*Engine, error) {
	e, err := loadCatalog(ctx, src)
	if err != nil {
		return nil, err
	}
	tenants, err := src.ListTenants(ctx)
	if err != nil {
		return nil, err
	}
	byUser := map[gatehouse.UserID][]gatehouse.Membership{}
	var users []gatehouse.UserID
	for _, t := range tenants {
		ms, err := src.MembershipsOfTenant(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if _, ok := byUser[m.UserID]; !ok {
				users = append(users, m.UserID)
			}
			byUser[m.UserID] = append(byUser[m.UserID], m)
		}
	}
	for _, u := range users {
		e.SetMemberships(u, byUser[u])
	}

	objs, err := src.ListObjects(ctx, gatehouse.ObjectQuery{})
	if err != nil {
		return nil, err
	}
	nss, err := src.ListNamespaces(ctx, gatehouse.NamespaceQuery{})
	if err != nil {
		return nil, err
	}
	for _, ns := range nss {
		objs = append(objs, NamespaceObject(ns))
	}
	shares, err := src.ListShares(ctx, gatehouse.ShareQuery{})
	if err != nil {
		return nil, err
	}
	byObject := map[objKey][]gatehouse.Share{}
	for _, s := range shares {
		k := objKey{s.ObjectType, s.ObjectID}
		byObject[k] = append(byObject[k], s)
	}
	for _, o := range objs {
		e.SetObject(o, byObject[objKey{o.Type, o.ID}])
	}
	return e, nil
}
