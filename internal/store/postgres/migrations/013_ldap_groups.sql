-- 013_ldap_groups: the directory groups imported into a tenant, with
-- the users whose membership each brought, for 'gatehouse ldap sync'.

CREATE TABLE ldap_groups (
	id           bigserial PRIMARY KEY,
	server_id    bigint    NOT NULL REFERENCES ldap_servers (id) ON DELETE CASCADE,
	dn           text      NOT NULL,
	name         text      NOT NULL,
	tenant_id    bigint    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	role         text      NOT NULL,
	capabilities text[]    NOT NULL,
	exclude      text[]    NOT NULL,
	UNIQUE (server_id, dn, tenant_id)
);

CREATE TABLE ldap_group_members (
	group_id bigint NOT NULL REFERENCES ldap_groups (id) ON DELETE CASCADE,
	user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (group_id, user_id)
);
