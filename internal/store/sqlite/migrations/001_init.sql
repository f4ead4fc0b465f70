-- 001_init: users, tenants, memberships, namespaces, signing keys, token
-- revocations and the audit trail.
--
-- Times are INTEGER Unix nanoseconds in UTC; NULL stands for the zero
-- time.Time. Booleans are INTEGER 0 or 1. Capabilities are a JSON array of
-- strings, audit changes a JSON object.

CREATE TABLE users (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	name                TEXT    NOT NULL,
	first_name          TEXT    NOT NULL DEFAULT '',
	last_name           TEXT    NOT NULL DEFAULT '',
	email               TEXT    NOT NULL DEFAULT '',
	authentication      TEXT    NOT NULL DEFAULT '',
	password_hash       TEXT    NOT NULL DEFAULT '',
	password_changed_at INTEGER,
	hidden              INTEGER NOT NULL DEFAULT 0,
	disabled            INTEGER NOT NULL DEFAULT 0,
	deleted             INTEGER NOT NULL DEFAULT 0,
	token_generation    INTEGER NOT NULL DEFAULT 0,
	last_tenant_id      INTEGER NOT NULL DEFAULT 0, -- no foreign key: a deleted tenant may linger here
	created_at          INTEGER,
	updated_at          INTEGER
);

-- A name belongs to at most one user that is not deleted.
CREATE UNIQUE INDEX users_live_name ON users (name) WHERE deleted = 0;

-- user_search holds, for each user, the lower-cased text that
-- UserQuery.Search looks in: "id\x1fname\x1ffull name\x1femail\x1f\x1f". The
-- backend writes it with the user. Searches use the trigram index below:
-- terms of three or more characters as phrases, shorter ones through the
-- vocabulary of trigrams that start with them, or, when those are many, by
-- scanning this narrow table.
CREATE TABLE user_search (
	user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	text    TEXT    NOT NULL
);

CREATE VIRTUAL TABLE user_search_fts USING fts5 (
	text,
	content = 'user_search',
	content_rowid = 'user_id',
	tokenize = 'trigram case_sensitive 1'
);

CREATE VIRTUAL TABLE user_search_vocab USING fts5vocab (user_search_fts, row);

CREATE TRIGGER user_search_insert AFTER INSERT ON user_search BEGIN
	INSERT INTO user_search_fts (rowid, text) VALUES (new.user_id, new.text);
END;

CREATE TRIGGER user_search_delete AFTER DELETE ON user_search BEGIN
	INSERT INTO user_search_fts (user_search_fts, rowid, text) VALUES ('delete', old.user_id, old.text);
END;

CREATE TRIGGER user_search_update AFTER UPDATE ON user_search BEGIN
	INSERT INTO user_search_fts (user_search_fts, rowid, text) VALUES ('delete', old.user_id, old.text);
	INSERT INTO user_search_fts (rowid, text) VALUES (new.user_id, new.text);
END;

CREATE TABLE tenants (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	name        TEXT    NOT NULL UNIQUE,
	description TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER,
	updated_at  INTEGER
);

CREATE TABLE memberships (
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
	tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
	role         TEXT    NOT NULL,
	capabilities TEXT    NOT NULL DEFAULT '[]',
	namespace    TEXT    NOT NULL DEFAULT '',
	created_at   INTEGER,
	PRIMARY KEY (user_id, tenant_id)
);

CREATE INDEX memberships_tenant ON memberships (tenant_id, user_id);

CREATE TABLE namespaces (
	name       TEXT    NOT NULL PRIMARY KEY,
	tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
	owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
	is_primary INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER
);

CREATE INDEX namespaces_tenant ON namespaces (tenant_id, name);
CREATE INDEX namespaces_owner ON namespaces (owner_id, name);

CREATE TABLE signing_keys (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion order, to break ties
	id         TEXT    NOT NULL UNIQUE,
	seed       BLOB    NOT NULL,
	created_at INTEGER
);

CREATE TABLE token_revocations (
	jti        TEXT    NOT NULL PRIMARY KEY,
	expires_at INTEGER
);

CREATE INDEX token_revocations_expires ON token_revocations (expires_at);

CREATE TABLE audit (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	occurred_at  INTEGER,
	actor_id     INTEGER NOT NULL DEFAULT 0,
	actor_name   TEXT    NOT NULL DEFAULT '',
	actor_tenant TEXT    NOT NULL DEFAULT '',
	action       TEXT    NOT NULL DEFAULT '',
	object_type  TEXT    NOT NULL DEFAULT '',
	object_id    TEXT    NOT NULL DEFAULT '',
	source       TEXT    NOT NULL DEFAULT '',
	outcome      TEXT    NOT NULL DEFAULT '',
	reason       TEXT    NOT NULL DEFAULT '',
	changes      TEXT, -- JSON object, NULL when there are none
	request_id   TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX audit_occurred_at ON audit (occurred_at);
CREATE INDEX audit_actor ON audit (actor_name);
CREATE INDEX audit_object ON audit (object_type, object_id);
