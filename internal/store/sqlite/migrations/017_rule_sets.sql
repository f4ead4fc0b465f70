-- 017_rule_sets: every version of the policy rule sets operators store
-- for platform services; a rollback adds a version.

CREATE TABLE rule_sets (
	service    TEXT    NOT NULL,
	version    INTEGER NOT NULL,
	document   TEXT    NOT NULL,
	created_by TEXT    NOT NULL,
	created_at INTEGER,
	PRIMARY KEY (service, version)
);
