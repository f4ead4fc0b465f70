-- 002_dormancy: why a user is disabled, and when an administrator last
-- enabled them (NULL for never), so that dormancy counts from a
-- re-enabling and not only from the last login.

ALTER TABLE users ADD COLUMN disabled_reason text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN enabled_at timestamptz;

UPDATE users SET disabled_reason = 'by an administrator' WHERE disabled;

-- RemovedUsersNamed looks removed users up by name.
CREATE INDEX users_removed_name ON users (name) WHERE deleted;
