-- 013_limits: provisioning limits, per tenant or per user in a tenant, per
-- zone and object type, optionally for one image or OS. A limit caps the
-- number of objects (resource 'count'), their total memory ('memory', MiB)
-- or disk ('disk', GiB); value 0 is unlimited, -1 blocked. user_id is NULL
-- for a limit on the whole tenant. Limits go with their tenant or user.

CREATE TABLE limits (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	user_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,
	zone        TEXT    NOT NULL,
	object_type TEXT    NOT NULL,
	image       TEXT    NOT NULL DEFAULT '',
	os          TEXT    NOT NULL DEFAULT '',
	resource    TEXT    NOT NULL CHECK (resource IN ('count', 'memory', 'disk')),
	value       INTEGER NOT NULL CHECK (value >= -1),
	created_at  INTEGER
);

-- One limit per scope and resource.
CREATE UNIQUE INDEX limits_scope ON limits (tenant_id, COALESCE(user_id, 0), zone, object_type, image, os, resource);

-- ObjectUsage sums the objects of one tenant, zone and type.
CREATE INDEX objects_usage ON objects (tenant_id, zone, type);
