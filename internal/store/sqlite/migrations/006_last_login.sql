-- 006_last_login: when each user last logged in (Unix nanoseconds, NULL
-- for never).

ALTER TABLE users ADD COLUMN last_login_at INTEGER;
