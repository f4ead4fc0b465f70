-- 003_settings: the security settings superadmins change at run time
-- (lockout, password policy, new users). Each row is one setting by name,
-- its value kept as the text the domain parses; a setting never set has no
-- row and takes its default in code.

CREATE TABLE settings (
	name  TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
);
