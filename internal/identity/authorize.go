package identity

import (
	"github.com/gatehouse-iam/gatehouse/internal/authz"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// Action names something a caller asks to do. Actions double as audit
// record actions.
type Action string

// The actions of the identity use cases.
const (
	ActUserList         Action = "user.list"
	ActUserView         Action = "user.view"
	ActUserAdd          Action = "user.add"
	ActUserUpdate       Action = "user.update"
	ActUserRemove       Action = "user.remove"
	ActTokenRevoke      Action = "token.revoke"
	ActTenantList       Action = "tenant.list"
	ActTenantView       Action = "tenant.view"
	ActTenantAdd        Action = "tenant.add"
	ActTenantUpdate     Action = "tenant.update"
	ActTenantRemove     Action = "tenant.remove"
	ActMemberList       Action = "member.list"
	ActMemberAdd        Action = "member.add"
	ActMemberUpdateRole Action = "member.update_role"
	ActMemberRemove     Action = "member.remove"
	ActMemberCapability Action = "member.capabilities"
	ActNamespaceList    Action = "namespace.list"
	ActAuditList        Action = "audit.list"
)

// Target describes what an action is applied to. Only the fields an action
// needs are set.
type Target struct {
	// Tenant is the tenant acted on or in.
	Tenant gatehouse.TenantID
	// User is the user acted on, and UserTenants that user's roles by tenant.
	User        *gatehouse.User
	UserTenants map[gatehouse.TenantID]gatehouse.Role
	// Role is the role being granted, for user.add, member.add and
	// member.update_role.
	Role gatehouse.Role
}

// permissionOf maps each action to the capability entry it needs.
var permissionOf = map[Action]authz.Entry{
	ActUserList: {Type: "USER", Op: authz.OpView},
	ActUserView: {Type: "USER", Op: authz.OpView},
	ActUserAdd:  {Type: "USER", Op: authz.OpCreate},
	// A tenantadmin manages their account's sub-users with the entry
	// that manages its members.
	ActSubuserAdd:    {Type: "TENANT", Op: authz.OpUpdate},
	ActSubuserUpdate: {Type: "TENANT", Op: authz.OpUpdate},
	ActSubuserRemove: {Type: "TENANT", Op: authz.OpUpdate},
	ActSubuserList:   {Type: "TENANT", Op: authz.OpView},
	// Policies and roles are managed as the account's sub-users are.
	ActPolicyAdd:           {Type: "TENANT", Op: authz.OpUpdate},
	ActPolicyUpdate:        {Type: "TENANT", Op: authz.OpUpdate},
	ActPolicyRemove:        {Type: "TENANT", Op: authz.OpUpdate},
	ActPolicyList:          {Type: "TENANT", Op: authz.OpView},
	ActRoleAdd:             {Type: "TENANT", Op: authz.OpUpdate},
	ActRoleUpdate:          {Type: "TENANT", Op: authz.OpUpdate},
	ActRoleRemove:          {Type: "TENANT", Op: authz.OpUpdate},
	ActRoleList:            {Type: "TENANT", Op: authz.OpView},
	ActUserUpdate:          {Type: "USER", Op: authz.OpUpdate},
	ActUserRemove:          {Type: "USER", Op: authz.OpDelete},
	ActTokenRevoke:         {Type: "USER", Op: authz.OpUpdate},
	ActTokenList:           {Type: "USER", Op: authz.OpView},
	ActKeyAdd:              {Type: "USER", Op: authz.OpUpdate},
	ActKeyList:             {Type: "USER", Op: authz.OpUpdate},
	ActKeyRemove:           {Type: "USER", Op: authz.OpUpdate},
	ActUserDisable:         {Type: "USER", Op: authz.OpUpdate},
	ActUserEnable:          {Type: "USER", Op: authz.OpUpdate},
	ActTenantList:          {Type: "TENANT", Op: authz.OpView},
	ActTenantView:          {Type: "TENANT", Op: authz.OpView},
	ActTenantAdd:           {Type: "TENANT", Op: authz.OpCreate},
	ActTenantUpdate:        {Type: "TENANT", Op: authz.OpUpdate},
	ActTenantRemove:        {Type: "TENANT", Op: authz.OpDelete},
	ActMemberList:          {Type: "TENANT", Op: authz.OpView},
	ActMemberAdd:           {Type: "TENANT", Op: authz.OpUpdate},
	ActMemberRemove:        {Type: "TENANT", Op: authz.OpUpdate},
	ActMemberUpdateRole:    {Type: "USER", Op: "update_role"},
	ActMemberCapability:    {Type: "USER_CAPABILITY", Op: "assign"},
	ActNamespaceList:       {Type: "NAMESPACE", Op: authz.OpView},
	ActAuditList:           {Type: "USER_AUDIT", Op: authz.OpView},
	ActLDAPServerAdd:       {Type: "LDAP", Op: authz.OpCreate},
	ActLDAPServerRemove:    {Type: "LDAP", Op: authz.OpDelete},
	ActLDAPServerList:      {Type: "LDAP", Op: authz.OpView},
	ActLDAPListUsers:       {Type: "LDAP", Op: authz.OpView},
	ActLDAPListGroups:      {Type: "LDAP", Op: authz.OpView},
	ActLDAPImport:          {Type: "USER", Op: authz.OpCreate},
	ActLDAPSync:            {Type: "USER", Op: authz.OpCreate},
	ActLDAPAttributeList:   {Type: "LDAP", Op: authz.OpView},
	ActLDAPAttributeUpdate: {Type: "LDAP", Op: authz.OpUpdate},
	ActLDAPAttributeReset:  {Type: "LDAP", Op: authz.OpUpdate},
	ActOpenShiftConfigure:  {Type: "OPEN_SHIFT", Op: authz.OpUpdate},
	ActOpenShiftShow:       {Type: "OPEN_SHIFT", Op: authz.OpView},
	ActOpenShiftListUsers:  {Type: "OPEN_SHIFT", Op: authz.OpView},
	ActOpenShiftListGroups: {Type: "OPEN_SHIFT", Op: authz.OpView},
	ActOpenShiftImport:     {Type: "USER", Op: authz.OpCreate},
	ActAuditVerify:         {Type: "USER_AUDIT", Op: authz.OpView},
	ActAuditExport:         {Type: "USER_AUDIT", Op: authz.OpView},
	ActAuditPrune:          {Type: "USER_AUDIT", Op: authz.OpDelete},
	ActSettingsView:        {Type: "SYSTEM", Op: authz.OpView},
	ActSettingsSet:         {Type: "SYSTEM", Op: authz.OpUpdate},
	ActRulesView:           {Type: "SYSTEM", Op: authz.OpView},
	ActRulesSet:            {Type: "SYSTEM", Op: authz.OpUpdate},
	// The catalog has no unlock operation, and USER:update (ManageUsers)
	// is for superadmins only; tenantadmins unlock their members with the
	// entry that manages a member's standing in a tenant.
	ActUserUnlock: {Type: "USER", Op: "update_role"},
	// Activation and setup change a user's standing, as unlock does.
	ActUserActivate:   {Type: "USER", Op: "update_role"},
	ActUserDeactivate: {Type: "USER", Op: "update_role"},
	ActUserSetup:      {Type: "USER", Op: "update_role"},
	ActUserUnsetup:    {Type: "USER", Op: "update_role"},
	ActSignatureList:  {Type: "USER", Op: authz.OpView},
	// Publishing agreements is configuring the system, as settings are.
	ActAgreementAdd:    {Type: "SYSTEM", Op: authz.OpUpdate},
	ActAgreementRemove: {Type: "SYSTEM", Op: authz.OpUpdate},
	// Listing the groups imported from a directory server is listing its
	// groups; forgetting one undoes part of an import.
	ActLDAPListImportedGroups: {Type: "LDAP", Op: authz.OpView},
	ActLDAPForgetGroup:        {Type: "USER", Op: authz.OpCreate},
}

// authorize decides whether p may do act to t. It is the one place where
// the identity use cases decide permissions. Two checks must pass:
//
// The capability check: the capabilities assigned to p in the tenant they
// are logged into must grant the entry of act (permissionOf), as the
// authorization index computes it. Acting on one's own account (viewing or
// updating oneself, listing or revoking one's tokens, managing one's SSH
// keys, viewing one's tenant) needs no capability.
//
// The instance check, by role in the tenant p is logged into:
//   - a superadmin logged into Administrators may act on everything;
//   - a read-only operator (Principal.ReadOnlyOperator) may do on
//     everything the actions whose entry is a view;
//   - a tenantadmin acts on the tenant they are logged into: they list and
//     view and unlock its members and their signatures, add users to it
//     and change their roles (never to or from superadmin), and update,
//     revoke, disable, enable, activate, deactivate, unsetup, remove or
//     manage the SSH keys of users who belong to no other tenant, and set
//     them up when their tenant is users.default_tenant;
//   - anyone else acts only on themself.
//
// A read-only principal (inactive, or with agreements to sign; see
// Principal.ReadOnly) is refused every action but reads and revoking their
// own tokens, before either check.
//
// When the operator has set the identity rule set, its rule for act
// (RuleName) must allow too (operatorRules).
//
// It returns nil or an error matching gatehouse.ErrForbidden.
func (s *Service) authorize(p *Principal, act Action, t Target) error {
	if err := builtin(p, act, t, s.allowed); err != nil {
		return err
	}
	return s.operatorRules(p, act, t)
}

// selfActions are what anyone may do on their own account.
var selfActions = map[Action]bool{
	ActUserView: true, ActUserUpdate: true, ActTokenList: true, ActTokenRevoke: true,
	ActKeyAdd: true, ActKeyList: true, ActKeyRemove: true, ActSignatureList: true,
}

// builtin is the built-in decision of authorize, with allowed as its
// capability check.
func builtin(p *Principal, act Action, t Target, allowed func(*Principal, Action) error) error {
	self := t.User != nil && t.User.ID == p.User.ID
	if !readActions[act] && !(self && act == ActTokenRevoke) {
		if err := p.CheckWrite(act); err != nil {
			return err
		}
	}
	switch {
	case self && selfActions[act]:
		return nil
	case act == ActTenantView && t.Tenant == p.Tenant.ID:
		return nil
	}
	if err := allowed(p, act); err != nil {
		return err
	}
	if p.IsSuperadmin() || p.ReadOnlyOperator() && permissionOf[act].Op == authz.OpView {
		return nil
	}
	if p.Role() != gatehouse.RoleTenantadmin {
		return denied(act, "only a superadmin logged into %s or a tenantadmin may do this", gatehouse.AdministratorsTenant)
	}
	own := p.Tenant.ID
	switch act {
	case ActUserList, ActMemberList, ActNamespaceList, ActTenantView, ActTenantUpdate, ActSubuserList,
		ActPolicyAdd, ActPolicyUpdate, ActPolicyRemove, ActPolicyList, ActRoleAdd, ActRoleUpdate, ActRoleRemove, ActRoleList:
		if t.Tenant == own {
			return nil
		}
	case ActUserView, ActUserUnlock, ActSignatureList:
		if _, ok := t.UserTenants[own]; ok {
			return nil
		}
	case ActUserAdd, ActSubuserAdd, ActMemberAdd, ActMemberUpdateRole, ActMemberRemove, ActMemberCapability:
		if t.Tenant != own {
			return denied(act, "a tenantadmin manages only the members of tenant %s", p.Tenant.Name)
		}
		if t.Role == gatehouse.RoleSuperadmin || t.UserTenants[own] == gatehouse.RoleSuperadmin {
			return denied(act, "only a superadmin may grant or change the superadmin role")
		}
		return nil
	case ActSubuserUpdate, ActSubuserRemove:
		if t.User != nil && t.User.Account == own {
			return nil
		}
		return denied(act, "a tenantadmin manages only the sub-users of tenant %s", p.Tenant.Name)
	case ActUserSetup:
		if t.Tenant == own && exclusiveMember(t.UserTenants, own) {
			return nil
		}
		return denied(act, "a tenantadmin may set up only users who belong to tenant %s alone, when it is the default tenant", p.Tenant.Name)
	case ActUserUpdate, ActTokenRevoke, ActUserRemove, ActUserDisable, ActUserEnable, ActKeyAdd, ActKeyList, ActKeyRemove,
		ActUserActivate, ActUserDeactivate, ActUserUnsetup:
		if exclusiveMember(t.UserTenants, own) {
			return nil
		}
		return denied(act, "a tenantadmin may change only users who belong to tenant %s alone", p.Tenant.Name)
	}
	return denied(act, "only a superadmin logged into %s may do this", gatehouse.AdministratorsTenant)
}

// allowed is the capability check of authorize.
func (s *Service) allowed(p *Principal, act Action) error {
	e, ok := permissionOf[act]
	if !ok {
		return denied(act, "no capability grants it")
	}
	eng := s.EngineFor(p)
	subj, ok := eng.Subject(p.User.ID, p.Tenant.ID)
	if !ok || !eng.Allowed(&subj, e.Type, e.Op) {
		return denied(act, "none of your capabilities in tenant %s grants %s", p.Tenant.Name, e)
	}
	return nil
}

// exclusiveMember reports whether tenants holds tenant t and no other.
func exclusiveMember(tenants map[gatehouse.TenantID]gatehouse.Role, t gatehouse.TenantID) bool {
	_, ok := tenants[t]
	return ok && len(tenants) == 1
}

func denied(act Action, format string, args ...any) error {
	return gatehouse.Errorf(gatehouse.ErrForbidden, "permission denied for "+string(act)+": "+format, args...)
}
