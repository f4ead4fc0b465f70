-- 005_lockout: account lockout. failed_logins counts a user's failed
-- logins in a row; locked_until (Unix nanoseconds, NULL when not locked)
-- is when the lockout that the threshold set off ends.

ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until  INTEGER;
