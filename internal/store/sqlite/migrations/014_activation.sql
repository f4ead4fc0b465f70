-- 014_activation: activation and user agreements, as in Arvados. An
-- inactive user reads but changes nothing; an invited (set up) one may
-- activate themself once every required agreement is signed. Agreements
-- are texts users sign; removing one removes its signatures.

ALTER TABLE users ADD COLUMN inactive INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN invited INTEGER NOT NULL DEFAULT 0;

CREATE TABLE agreements (
	id                INTEGER PRIMARY KEY,
	name              TEXT    NOT NULL UNIQUE,
	text              TEXT    NOT NULL,
	required          INTEGER NOT NULL,
	apply_to_existing INTEGER NOT NULL,
	created_at        INTEGER
);

CREATE TABLE agreement_signatures (
	agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	signed_at    INTEGER,
	PRIMARY KEY (user_id, agreement_id)
);
