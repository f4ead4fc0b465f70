-- 007_activation: activation and user agreements, as in Arvados. An
-- inactive user reads but changes nothing; an invited (set up) one may
-- activate themself once every required agreement is signed. Agreements
-- are texts users sign; removing one removes its signatures.

ALTER TABLE users ADD COLUMN inactive boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN invited boolean NOT NULL DEFAULT false;

CREATE TABLE agreements (
	id                bigserial PRIMARY KEY,
	name              text      NOT NULL UNIQUE,
	text              text      NOT NULL,
	required          boolean   NOT NULL,
	apply_to_existing boolean   NOT NULL,
	created_at        timestamptz
);

CREATE TABLE agreement_signatures (
	agreement_id bigint NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	signed_at    timestamptz,
	PRIMARY KEY (user_id, agreement_id)
);
