-- 015_audit_checkpoints: checkpoints of the audit trail. Pruning old
-- records writes one, signed, with the last pruned record's id and hash,
-- so that the records kept still verify. unchained is the last record
-- written before the hash chain began (migration 009): records up to it
-- may lack a hash; any later record without one is broken.

CREATE TABLE audit_checkpoints (
	id         INTEGER PRIMARY KEY,
	last_id    INTEGER NOT NULL,
	last_hash  TEXT    NOT NULL,
	pruned     INTEGER NOT NULL,
	unchained  INTEGER NOT NULL,
	created_at INTEGER NOT NULL, -- Unix nanoseconds
	key_id     TEXT    NOT NULL,
	signature  BLOB    NOT NULL
);

-- A trail older than the chain gets an unsigned checkpoint that prunes
-- nothing and marks where the chain began.
INSERT INTO audit_checkpoints (last_id, last_hash, pruned, unchained, created_at, key_id, signature)
SELECT 0, '', 0, b, CAST(strftime('%s', 'now') AS INTEGER) * 1000000000, '', X''
FROM (SELECT COALESCE((SELECT MIN(id) - 1 FROM audit WHERE hash <> ''), (SELECT MAX(id) FROM audit), 0) AS b)
WHERE b > 0;
