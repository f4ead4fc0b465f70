-- 021_ldap_groups: the directory groups imported into a tenant, with
-- the users whose membership each brought, for 'gatehouse ldap sync'.
-- capabilities and exclude are JSON lists.

CREATE TABLE ldap_groups (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	server_id    INTEGER NOT NULL REFERENCES ldap_servers (id) ON DELETE CASCADE,
	dn           TEXT    NOT NULL,
	name         TEXT    NOT NULL,
	tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	role         TEXT    NOT NULL,
	capabilities TEXT    NOT NULL,
	exclude      TEXT    NOT NULL,
	UNIQUE (server_id, dn, tenant_id)
);

CREATE TABLE ldap_group_members (
	group_id INTEGER NOT NULL REFERENCES ldap_groups (id) ON DELETE CASCADE,
	user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (group_id, user_id)
);
