-- 007_tokens: the record of every login token issued: its JWT id, user,
-- tenant and token generation, when it was issued and expires, the address
-- the login came from, and when it was last used (Unix nanoseconds, NULL
-- until first used). A live token also has no revocation and the user's
-- current generation.

CREATE TABLE tokens (
	id           TEXT    NOT NULL PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
	generation   INTEGER NOT NULL,
	issued_at    INTEGER,
	expires_at   INTEGER,
	source       TEXT    NOT NULL DEFAULT '',
	last_used_at INTEGER
);

CREATE INDEX tokens_user ON tokens (user_id, issued_at);
CREATE INDEX tokens_expires ON tokens (expires_at);
