package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/internal/gatehouse"
)

// ldapServerColumns are the columns scanLDAPServer reads, in order.
const ldapServerColumns = `id, name, type, host, port, security, ca_cert, bind_dn, bind_password,
	search_base, user_base, group_base, netbios, created_at`

func scanLDAPServer(s scanner) (gatehouse.LDAPServer, error) {
	var l gatehouse.LDAPServer
	err := s.Scan(&l.ID, &l.Name, &l.Type, &l.Host, &l.Port, &l.Security, &l.CACert, &l.BindDN, &l.BindPassword,
		&l.SearchBase, &l.UserBase, &l.GroupBase, &l.NetBIOS, timeDest{&l.CreatedAt})
	return l, err
}

// CreateLDAPServer implements gatehouse.LDAPStore.
func (tx *tx) CreateLDAPServer(ctx context.Context, s *gatehouse.LDAPServer) error {
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO ldap_servers (name, type, host, port, security, ca_cert, bind_dn, bind_password,
		search_base, user_base, group_base, netbios, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Name, s.Type, s.Host, s.Port, s.Security, s.CACert, s.BindDN, s.BindPassword,
		s.SearchBase, s.UserBase, s.GroupBase, s.NetBIOS, timeValue(s.CreatedAt))
	if err != nil {
		return fmt.Errorf("add ldap server %q: %w", s.Name, kind(err, nil))
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("add ldap server %q: %w", s.Name, err)
	}
	s.ID = gatehouse.LDAPServerID(id)
	return nil
}

// LDAPServerByName implements gatehouse.LDAPStore.
func (tx *tx) LDAPServerByName(ctx context.Context, name string) (gatehouse.LDAPServer, error) {
	l, err := scanLDAPServer(tx.tx.QueryRowContext(ctx, `SELECT `+ldapServerColumns+` FROM ldap_servers WHERE name = ?`, name))
	if err != nil {
		return l, fmt.Errorf("ldap server %q: %w", name, kind(err, nil))
	}
	return l, nil
}

// LDAPServerByID implements gatehouse.LDAPStore.
func (tx *tx) LDAPServerByID(ctx context.Context, id gatehouse.LDAPServerID) (gatehouse.LDAPServer, error) {
	l, err := scanLDAPServer(tx.tx.QueryRowContext(ctx, `SELECT `+ldapServerColumns+` FROM ldap_servers WHERE id = ?`, id))
	if err != nil {
		return l, fmt.Errorf("ldap server %d: %w", id, kind(err, nil))
	}
	return l, nil
}

// LDAPServers implements gatehouse.LDAPStore.
func (tx *tx) LDAPServers(ctx context.Context) ([]gatehouse.LDAPServer, error) {
	ls, err := queryAll(ctx, tx.tx, scanLDAPServer, `SELECT `+ldapServerColumns+` FROM ldap_servers ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("ldap servers: %w", err)
	}
	return ls, nil
}

// DeleteLDAPServer implements gatehouse.LDAPStore.
func (tx *tx) DeleteLDAPServer(ctx context.Context, id gatehouse.LDAPServerID) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM ldap_servers WHERE id = ?`, id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("remove ldap server %d: %w", id, err)
	}
	return nil
}

// PutLDAPLink implements gatehouse.LDAPStore.
func (tx *tx) PutLDAPLink(ctx context.Context, l gatehouse.LDAPLink) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO ldap_links (user_id, server_id, dn, directory_name, entry_id) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET server_id = excluded.server_id, dn = excluded.dn, directory_name = excluded.directory_name,
			entry_id = excluded.entry_id`,
		l.UserID, l.ServerID, l.DN, l.DirectoryName, l.EntryID)
	if err != nil {
		return fmt.Errorf("link user %d to ldap server %d: %w", l.UserID, l.ServerID, kind(err, gatehouse.ErrNotFound))
	}
	return nil
}

func scanLDAPLink(s scanner) (gatehouse.LDAPLink, error) {
	var l gatehouse.LDAPLink
	err := s.Scan(&l.UserID, &l.ServerID, &l.DN, &l.DirectoryName, &l.EntryID)
	return l, err
}

// LDAPLinkOf implements gatehouse.LDAPStore.
func (tx *tx) LDAPLinkOf(ctx context.Context, u gatehouse.UserID) (gatehouse.LDAPLink, error) {
	l, err := scanLDAPLink(tx.tx.QueryRowContext(ctx, `SELECT user_id, server_id, dn, directory_name, entry_id FROM ldap_links WHERE user_id = ?`, u))
	if err != nil {
		return l, fmt.Errorf("ldap link of user %d: %w", u, kind(err, nil))
	}
	return l, nil
}

// LDAPLinks implements gatehouse.LDAPStore.
func (tx *tx) LDAPLinks(ctx context.Context, id gatehouse.LDAPServerID) ([]gatehouse.LDAPLink, error) {
	ls, err := queryAll(ctx, tx.tx, scanLDAPLink, `SELECT user_id, server_id, dn, directory_name, entry_id FROM ldap_links
		WHERE server_id = ? ORDER BY user_id`, id)
	if err != nil {
		return nil, fmt.Errorf("ldap links of server %d: %w", id, err)
	}
	return ls, nil
}

// LDAPAttributes implements gatehouse.LDAPStore.
func (tx *tx) LDAPAttributes(ctx context.Context) ([]gatehouse.LDAPAttribute, error) {
	as, err := queryAll(ctx, tx.tx, func(s scanner) (gatehouse.LDAPAttribute, error) {
		var a gatehouse.LDAPAttribute
		var value string
		if err := s.Scan(&a.ServerType, &a.ObjectType, &a.Name, &value); err != nil {
			return a, err
		}
		return a, json.Unmarshal([]byte(value), &a.Value)
	}, `SELECT server_type, object_type, name, value FROM ldap_attributes ORDER BY server_type, object_type, name`)
	if err != nil {
		return nil, fmt.Errorf("ldap attributes: %w", err)
	}
	return as, nil
}

// PutLDAPAttribute implements gatehouse.LDAPStore.
func (tx *tx) PutLDAPAttribute(ctx context.Context, a gatehouse.LDAPAttribute) error {
	value, err := json.Marshal(a.Value)
	if err != nil {
		return err
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO ldap_attributes (server_type, object_type, name, value) VALUES (?, ?, ?, ?)
		ON CONFLICT (server_type, object_type, name) DO UPDATE SET value = excluded.value`, a.ServerType, a.ObjectType, a.Name, string(value))
	if err != nil {
		return fmt.Errorf("set ldap attribute %s/%s/%s: %w", a.ServerType, a.ObjectType, a.Name, err)
	}
	return nil
}

// DeleteLDAPAttribute implements gatehouse.LDAPStore.
func (tx *tx) DeleteLDAPAttribute(ctx context.Context, serverType, objectType, name string) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM ldap_attributes WHERE server_type = ? AND object_type = ? AND name = ?`,
		serverType, objectType, name)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("reset ldap attribute %s/%s/%s: %w", serverType, objectType, name, err)
	}
	return nil
}
