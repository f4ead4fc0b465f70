-- 020_user_sort: an index for each order of user listings but id order
-- (sort.go), over the lower-cased keys the listing compares, then the id.

CREATE INDEX users_sort_username ON users (lower(name), id);
CREATE INDEX users_sort_name ON users (lower(first_name), lower(last_name), id);
CREATE INDEX users_sort_email ON users (lower(email), id);
