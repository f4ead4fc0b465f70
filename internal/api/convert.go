package api

import (
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/identity"
)

func userOut(v *identity.UserView) User {
	u := v.User
	out := User{
		ID: int64(u.ID), Username: string(u.Name), FirstName: u.FirstName, LastName: u.LastName,
		FullName: u.FullName(), Email: u.Email, Company: u.Company, Phone: u.Phone, Tenants: []UserTenant{}, Authentication: u.Authentication,
		Hidden: u.Hidden, Disabled: u.Disabled, DisabledReason: u.DisabledReason, Deleted: u.Deleted,
		Active: !u.Inactive, Invited: u.Invited, CreatedAt: u.CreatedAt,
	}
	if !u.LastLoginAt.IsZero() {
		last := u.LastLoginAt
		out.LastLoginAt = &last
	}
	if !v.LockedUntil.IsZero() {
		until := v.LockedUntil
		out.Locked, out.LockedUntil = true, &until
	}
	for _, m := range v.Memberships {
		out.Tenants = append(out.Tenants, UserTenant{Name: string(m.TenantName), TenantRole: string(m.Role),
			Capabilities: nonNil(m.Capabilities), Namespace: string(m.Namespace)})
	}
	if c := v.Current(); c != nil {
		out.CurrentTenant, out.CurrentRole, out.CurrentNamespace = string(c.TenantName), string(c.Role), string(c.Namespace)
	}
	return out
}

func memberOut(m gatehouse.Membership) Member {
	return Member{Username: string(m.UserName), UserID: int64(m.UserID), Role: string(m.Role),
		Capabilities: nonNil(m.Capabilities), Namespace: string(m.Namespace)}
}

func tenantOut(v identity.TenantView) Tenant {
	return Tenant{ID: int64(v.Tenant.ID), Name: string(v.Tenant.Name), Description: v.Tenant.Description,
		Members: v.Members, AccountOwner: string(v.Tenant.AccountOwnerName), CreatedAt: v.Tenant.CreatedAt}
}

func namespaceOut(ns gatehouse.Namespace) Namespace {
	return Namespace{Name: string(ns.Name), Tenant: string(ns.TenantName), Owner: string(ns.OwnerName),
		Primary: ns.Primary, CreatedAt: ns.CreatedAt}
}

func auditOut(r gatehouse.AuditRecord) AuditRecord {
	return AuditRecord{ID: r.ID, Time: r.Time, Actor: string(r.ActorName), ActorID: int64(r.ActorID),
		ActorTenant: string(r.ActorTenant), Action: r.Action, ObjectType: r.ObjectType, ObjectID: r.ObjectID,
		Source: r.Source, Outcome: r.Outcome, Reason: r.Reason, Changes: r.Changes, RequestID: r.RequestID,
		PrevHash: r.PrevHash, Hash: r.Hash}
}

func sessionOut(s *identity.Session) LoginResponse {
	out := LoginResponse{Token: s.Token, TokenTimestamp: s.ExpiresAt.Unix(), ExpiresAt: s.ExpiresAt,
		Username: string(s.User.Name), Tenant: string(s.Tenant.Name), Role: string(s.Role),
		Tenants: []string{}, Namespace: string(s.Namespace), Active: !s.User.Inactive, PendingAgreements: nonNil(s.Pending)}
	for _, t := range s.Tenants {
		out.Tenants = append(out.Tenants, string(t))
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// userNames converts wire names to domain names.
func userNames(ss []string) []gatehouse.UserName {
	out := make([]gatehouse.UserName, len(ss))
	for i, s := range ss {
		out[i] = gatehouse.UserName(s)
	}
	return out
}

// importReportOut is the wire form of an LDAP or OpenShift import's report.
func importReportOut(rep *identity.ImportReport) ImportReport {
	out := ImportReport{Message: rep.Message, Outcomes: make([]ImportOutcome, len(rep.Outcomes)),
		NestedGroups: nonNil(rep.Nested), Cycles: nonNil(rep.Cycles)}
	for i, o := range rep.Outcomes {
		out.Outcomes[i] = ImportOutcome{Name: o.Name, Username: string(o.Username), DN: o.DN, Outcome: o.Outcome, Reason: o.Reason}
	}
	return out
}
