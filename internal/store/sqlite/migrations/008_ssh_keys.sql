-- 008_ssh_keys: users' public SSH keys, each under a name unique for its
-- user; a user holds a key (by SHA-256 fingerprint) once.

CREATE TABLE ssh_keys (
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name        TEXT    NOT NULL,
	type        TEXT    NOT NULL,
	fingerprint TEXT    NOT NULL,
	public_key  TEXT    NOT NULL,
	created_at  INTEGER,
	PRIMARY KEY (user_id, name),
	UNIQUE (user_id, fingerprint)
);
