-- 005_audit_ns: the nanoseconds of an audit record's time below the
-- microsecond that timestamptz keeps, so that the time reads back exactly:
-- the hash chain covers it (records copied from SQLite, which keeps
-- nanoseconds, included).

ALTER TABLE audit ADD COLUMN occurred_ns smallint NOT NULL DEFAULT 0;
