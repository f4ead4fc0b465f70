-- 009_audit_chain: the audit trail's hash chain. prev_hash is the hex
-- SHA-256 of the previous record's canonical encoding, hash that of this
-- record's (which covers prev_hash); both empty in records written before.

ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash      TEXT NOT NULL DEFAULT '';
