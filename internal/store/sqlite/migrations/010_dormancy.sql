-- 010_dormancy: why a user is disabled, and when an administrator last
-- enabled them (Unix nanoseconds, NULL for never), so that dormancy counts
-- from a re-enabling and not only from the last login.

ALTER TABLE users ADD COLUMN disabled_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN enabled_at INTEGER;

UPDATE users SET disabled_reason = 'by an administrator' WHERE disabled = 1;

