-- 011_openshift: the one OpenShift cluster (its bearer token sealed with
-- the master key) and the links of users to their OpenShift users.

CREATE TABLE openshift_config (
	id         integer     PRIMARY KEY CHECK (id = 1),
	api_url    text        NOT NULL,
	ca_cert    text        NOT NULL,
	token      bytea       NOT NULL,
	updated_at timestamptz
);

CREATE TABLE openshift_links (
	user_id        bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	openshift_name text   NOT NULL,
	uid            text   NOT NULL
);
