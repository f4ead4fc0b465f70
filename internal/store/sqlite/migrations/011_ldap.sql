-- 011_ldap: directory servers (the bind password sealed with the master
-- key), the links of users to their directory entries, and custom
-- attribute mappings (the value a JSON list of attribute names).

CREATE TABLE ldap_servers (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT    NOT NULL UNIQUE,
	type          TEXT    NOT NULL,
	host          TEXT    NOT NULL,
	port          INTEGER NOT NULL,
	security      TEXT    NOT NULL,
	ca_cert       TEXT    NOT NULL,
	bind_dn       TEXT    NOT NULL,
	bind_password BLOB    NOT NULL,
	search_base   TEXT    NOT NULL,
	user_base     TEXT    NOT NULL,
	group_base    TEXT    NOT NULL,
	netbios       TEXT    NOT NULL,
	created_at    INTEGER
);

CREATE TABLE ldap_links (
	user_id        INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	server_id      INTEGER NOT NULL REFERENCES ldap_servers (id) ON DELETE CASCADE,
	dn             TEXT    NOT NULL,
	directory_name TEXT    NOT NULL
);
CREATE INDEX ldap_links_server ON ldap_links (server_id, user_id);

CREATE TABLE ldap_attributes (
	server_type TEXT NOT NULL,
	object_type TEXT NOT NULL,
	name        TEXT NOT NULL,
	value       TEXT NOT NULL,
	PRIMARY KEY (server_type, object_type, name)
);
