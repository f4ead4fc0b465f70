-- 004_password_history: the password hashes users had before their
-- current one, so that a new password cannot repeat a recent one
-- (password.history). Rows go with their user.

CREATE TABLE password_history (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	hash       TEXT    NOT NULL,
	created_at INTEGER
);

CREATE INDEX password_history_user ON password_history (user_id, seq);
