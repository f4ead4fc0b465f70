-- 019_audit_rowid: the audit table without AUTOINCREMENT. AUTOINCREMENT
-- made every append also rewrite a page of sqlite_sequence, a sixth of
-- the pages an append writes. Ids still never go back: AppendAudit gives
-- each record the id after both the newest record's and the newest
-- checkpoint's, so a trail pruned to nothing continues after the ids the
-- checkpoint covers.

CREATE TABLE audit_rowid (
	id           INTEGER PRIMARY KEY,
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
	request_id   TEXT    NOT NULL DEFAULT '',
	prev_hash    TEXT    NOT NULL DEFAULT '',
	hash         TEXT    NOT NULL DEFAULT ''
);

INSERT INTO audit_rowid (id, occurred_at, actor_id, actor_name, actor_tenant, action, object_type,
	object_id, source, outcome, reason, changes, request_id, prev_hash, hash)
SELECT id, occurred_at, actor_id, actor_name, actor_tenant, action, object_type,
	object_id, source, outcome, reason, changes, request_id, prev_hash, hash
FROM audit;

DROP TABLE audit;
ALTER TABLE audit_rowid RENAME TO audit;
CREATE INDEX audit_occurred_at ON audit (occurred_at);
CREATE INDEX audit_actor ON audit (actor_name);
CREATE INDEX audit_object ON audit (object_type, object_id);
