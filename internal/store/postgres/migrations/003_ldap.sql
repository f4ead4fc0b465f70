-- 003_ldap: directory servers (the bind password sealed with the master
-- key), the links of users to their directory entries, and custom
-- attribute mappings.

CREATE TABLE ldap_servers (
	id            bigserial   PRIMARY KEY,
	name          text        NOT NULL UNIQUE,
	type          text        NOT NULL,
	host          text        NOT NULL,
	port          integer     NOT NULL,
	security      text        NOT NULL,
	ca_cert       text        NOT NULL,
	bind_dn       text        NOT NULL,
	bind_password bytea       NOT NULL,
	search_base   text        NOT NULL,
	user_base     text        NOT NULL,
	group_base    text        NOT NULL,
	netbios       text        NOT NULL,
	created_at    timestamptz
);

CREATE TABLE ldap_links (
	user_id        bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	server_id      bigint NOT NULL REFERENCES ldap_servers (id) ON DELETE CASCADE,
	dn             text   NOT NULL,
	directory_name text   NOT NULL
);
CREATE INDEX ldap_links_server ON ldap_links (server_id, user_id);

CREATE TABLE ldap_attributes (
	server_type text   NOT NULL,
	object_type text   NOT NULL,
	name        text   NOT NULL,
	value       text[] NOT NULL,
	PRIMARY KEY (server_type, object_type, name)
);
