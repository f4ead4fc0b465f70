-- rule_sets: every version of the policy rule sets operators store for
-- platform services; a rollback adds a version.

CREATE TABLE rule_sets (
	service    text        NOT NULL,
	version    integer     NOT NULL,
	document   text        NOT NULL,
	created_by text        NOT NULL,
	created_at timestamptz,
	PRIMARY KEY (service, version)
);
