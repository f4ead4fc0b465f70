-- 024_aperture: Triton's Aperture policies and roles per account (tenant),
-- and the role tags of objects. Lists are JSON arrays.

CREATE TABLE aperture_policies (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	name        TEXT    NOT NULL,
	description TEXT    NOT NULL DEFAULT '',
	rules       TEXT    NOT NULL DEFAULT '[]',
	created_at  INTEGER,
	updated_at  INTEGER,
	UNIQUE (tenant_id, name)
);

CREATE TABLE account_roles (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	name            TEXT    NOT NULL,
	policies        TEXT    NOT NULL DEFAULT '[]',
	members         TEXT    NOT NULL DEFAULT '[]',
	default_members TEXT    NOT NULL DEFAULT '[]',
	created_at      INTEGER,
	updated_at      INTEGER,
	UNIQUE (tenant_id, name)
);

CREATE TABLE object_role_tags (
	object_type TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	roles       TEXT NOT NULL,
	PRIMARY KEY (object_type, object_id),
	FOREIGN KEY (object_type, object_id) REFERENCES objects (type, id) ON DELETE CASCADE
);
