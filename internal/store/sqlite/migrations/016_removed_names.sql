-- 016_removed_names: a new user's name is checked against removed users'
-- names, thousands at once in an LDAP import; index them as live names
-- are (PostgreSQL has had this index from the start).

CREATE INDEX users_removed_name ON users (name) WHERE deleted = 1;
