-- 012_user_sort: an index for each order of user listings but id order
-- (sort.go), over the keys the listing compares, then the id. The
-- collation "C" lower-cases ASCII letters only and compares bytes, as
-- SQLite's lower() and BINARY collation do.

CREATE INDEX users_sort_username ON users (lower(name COLLATE "C"), id);
CREATE INDEX users_sort_name ON users (lower(first_name COLLATE "C"), lower(last_name COLLATE "C"), id);
CREATE INDEX users_sort_email ON users (lower(email COLLATE "C"), id);
