-- 018_openshift: the one OpenShift cluster (its bearer token sealed with
-- the master key) and the links of users to their OpenShift users.

CREATE TABLE openshift_config (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	api_url    TEXT    NOT NULL,
	ca_cert    TEXT    NOT NULL,
	token      BLOB    NOT NULL,
	updated_at INTEGER
);

CREATE TABLE openshift_links (
	user_id        INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	openshift_name TEXT    NOT NULL,
	uid            TEXT    NOT NULL
);
