-- 002_access: custom capabilities, registered object types, platform
-- objects, shares and service account API keys.
--
-- The conventions of 001_init hold: times are INTEGER Unix nanoseconds in
-- UTC (NULL for the zero time), booleans INTEGER 0 or 1, ordered lists of
-- strings JSON arrays.

CREATE TABLE capabilities (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	name         TEXT    NOT NULL UNIQUE,
	description  TEXT    NOT NULL DEFAULT '',
	hidden       INTEGER NOT NULL DEFAULT 0,
	tenant_roles TEXT    NOT NULL DEFAULT '[]',
	providers    TEXT    NOT NULL DEFAULT '[]',
	entries      TEXT    NOT NULL DEFAULT '[]',
	created_at   INTEGER,
	updated_at   INTEGER
);

CREATE TABLE object_types (
	name       TEXT    NOT NULL PRIMARY KEY,
	operations TEXT    NOT NULL DEFAULT '[]',
	created_at INTEGER
);

-- The primary key (type, id) also serves queries by type.
CREATE TABLE objects (
	type       TEXT    NOT NULL,
	id         TEXT    NOT NULL,
	name       TEXT    NOT NULL DEFAULT '',
	tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
	owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
	created_at INTEGER,
	PRIMARY KEY (type, id)
);

CREATE INDEX objects_tenant ON objects (tenant_id, type, id);
CREATE INDEX objects_owner ON objects (owner_id, type, id);

-- A share grants operations on one object to one tenant or one user:
-- exactly one of tenant_id and user_id is set. There is no foreign key to
-- objects, because shares of namespaces refer to the namespaces table;
-- DeleteObject deletes the object's shares itself. created_by has no
-- foreign key either: it records who made the share, like audit.actor_id.
CREATE TABLE shares (
	object_type TEXT    NOT NULL,
	object_id   TEXT    NOT NULL,
	tenant_id   INTEGER REFERENCES tenants (id) ON DELETE RESTRICT,
	user_id     INTEGER REFERENCES users (id) ON DELETE RESTRICT,
	operations  TEXT    NOT NULL DEFAULT '[]',
	created_by  INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER,
	CHECK ((tenant_id IS NULL) <> (user_id IS NULL))
);

-- One share per object and tenant, and per object and user. These also
-- serve queries by object.
CREATE UNIQUE INDEX shares_object_tenant ON shares (object_type, object_id, tenant_id) WHERE tenant_id IS NOT NULL;
CREATE UNIQUE INDEX shares_object_user ON shares (object_type, object_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX shares_object ON shares (object_type, object_id);
CREATE INDEX shares_tenant ON shares (tenant_id, object_type, object_id) WHERE tenant_id IS NOT NULL;
CREATE INDEX shares_user ON shares (user_id, object_type, object_id) WHERE user_id IS NOT NULL;

CREATE TABLE api_keys (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion order, to break ties
	id         TEXT    NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
	tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
	hash       TEXT    NOT NULL,
	expires_at INTEGER,
	created_at INTEGER
);

CREATE INDEX api_keys_user ON api_keys (user_id, created_at, seq);
CREATE INDEX api_keys_created ON api_keys (created_at, seq);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
