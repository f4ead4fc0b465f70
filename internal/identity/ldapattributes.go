package identity

import (
	"context"
	"errors"
	"regexp"
	"slices"

	"github.com/gatehouse-iam/gatehouse/internal/authsync"
	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
	"github.com/gatehouse-iam/gatehouse/internal/ldap"
)

// Attribute mappings: which LDAP attributes hold a username, a name, an
// email or a group's members, per server type and object type. Defaults
// come from package ldap; a superadmin replaces one with a custom value
// and resets it to its default.

// The actions on attribute mappings.
const (
	ActLDAPAttributeList   Action = "ldap.list_attributes"
	ActLDAPAttributeUpdate Action = "ldap.update_attribute"
	ActLDAPAttributeReset  Action = "ldap.reset_attribute"
)

// LDAPAttributeView is one attribute mapping in effect.
type LDAPAttributeView struct {
	ldap.Attribute
	Custom bool // Value replaces the default
}

// ldapAttributeName is an LDAP attribute description (RFC 4512): a name
// or a numeric OID.
var ldapAttributeName = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)+)$`)

// checkAttributeKey returns the default mapping a server type, object
// type and name select, or a *FieldError.
func checkAttributeKey(serverType, objectType, name string) (ldap.Attribute, error) {
	if _, err := ldap.ParseServerType(serverType); err != nil {
		return ldap.Attribute{}, gatehouse.Invalid("server_type", "%v", err)
	}
	if !slices.Contains([]string{ldap.ObjectUser, ldap.ObjectGroup, ldap.ObjectNone}, objectType) {
		return ldap.Attribute{}, gatehouse.Invalid("object_type", "must be user, group or none (got %q)", objectType)
	}
	def, ok := ldap.Default(serverType, objectType, name)
	if !ok {
		return def, gatehouse.Invalid("attribute_name", "%s has no attribute %s for object type %s: see 'gatehouse ldap list-attributes --server-type %s'",
			serverType, name, objectType, serverType)
	}
	return def, nil
}

// ListLDAPAttributes returns the mappings in effect, by server type,
// object type and name; only those of serverType and objectType when set.
func (s *Service) ListLDAPAttributes(ctx context.Context, p *Principal, serverType, objectType string) ([]LDAPAttributeView, error) {
	if serverType != "" {
		if _, err := ldap.ParseServerType(serverType); err != nil {
			return nil, gatehouse.Invalid("server_type", "%v", err)
		}
	}
	if objectType != "" && !slices.Contains([]string{ldap.ObjectUser, ldap.ObjectGroup, ldap.ObjectNone}, objectType) {
		return nil, gatehouse.Invalid("object_type", "must be user, group or none (got %q)", objectType)
	}
	var custom []gatehouse.LDAPAttribute
	err := s.view(ctx, p, ActLDAPAttributeList, "LDAP", "attributes", func(tx gatehouse.Tx) error {
		if err := s.authorize(p, ActLDAPAttributeList, Target{}); err != nil {
			return err
		}
		var err error
		custom, err = tx.LDAPAttributes(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []LDAPAttributeView
	for _, d := range ldap.Defaults {
		if serverType != "" && d.ServerType != serverType || objectType != "" && d.ObjectType != objectType {
			continue
		}
		v := LDAPAttributeView{Attribute: d}
		for _, c := range custom {
			if c.ServerType == d.ServerType && c.ObjectType == d.ObjectType && c.Name == d.Name {
				v.Value, v.Custom = c.Value, true
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// UpdateLDAPAttribute sets a custom value for one mapping: one attribute
// name, or several for list-valued mappings.
func (s *Service) UpdateLDAPAttribute(ctx context.Context, p *Principal, serverType, objectType, name string, value []string) (string, error) {
	obj := serverType + "/" + objectType + "/" + name
	def, err := checkAttributeKey(serverType, objectType, name)
	if err == nil {
		err = checkAttributeValue(def, value)
	}
	if err != nil {
		return "", s.Reject(ctx, p, ActLDAPAttributeUpdate, "LDAP", obj, err)
	}
	err = s.Change(ctx, p, ActLDAPAttributeUpdate, "LDAP", obj, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorize(p, ActLDAPAttributeUpdate, Target{}); err != nil {
			return nil, err
		}
		err := tx.PutLDAPAttribute(ctx, gatehouse.LDAPAttribute{ServerType: serverType, ObjectType: objectType, Name: name, Value: value})
		return map[string]any{"value": value}, err
	})
	if err != nil {
		return "", err
	}
	return "Successfully updated one or more LDAP attributes", nil
}

func checkAttributeValue(def ldap.Attribute, value []string) error {
	if len(value) == 0 {
		return gatehouse.Invalid("value", "is required: one LDAP attribute name, or a comma-separated list for %s", def.Name)
	}
	if len(value) > 1 && !def.List {
		return gatehouse.Invalid("value", "%s takes one LDAP attribute name, not a list", def.Name)
	}
	for _, v := range value {
		if !ldapAttributeName.MatchString(v) {
			return gatehouse.Invalid("value", "%q is not an LDAP attribute name (a letter, then letters, digits and -, or an OID)", v)
		}
	}
	return nil
}

// ResetLDAPAttribute returns one mapping to its default.
func (s *Service) ResetLDAPAttribute(ctx context.Context, p *Principal, serverType, objectType, name string) (string, error) {
	obj := serverType + "/" + objectType + "/" + name
	def, err := checkAttributeKey(serverType, objectType, name)
	if err != nil {
		return "", s.Reject(ctx, p, ActLDAPAttributeReset, "LDAP", obj, err)
	}
	err = s.Change(ctx, p, ActLDAPAttributeReset, "LDAP", obj, func(tx gatehouse.Tx, c *authsync.Changes) (map[string]any, error) {
		if err := s.authorize(p, ActLDAPAttributeReset, Target{}); err != nil {
			return nil, err
		}
		err := tx.DeleteLDAPAttribute(ctx, serverType, objectType, name)
		if errors.Is(err, gatehouse.ErrNotFound) {
			err = nil // already the default
		}
		return map[string]any{"value": def.Value}, err
	})
	if err != nil {
		return "", err
	}
	return "Successfully updated one or more LDAP attributes", nil
}
