-- 014_company: the user's company (Triton's operator portal searches by
-- it), which joins the search text after the email: every text gains the
-- empty company's separator, as searchTail now writes it. The trigram
-- indexes users_search and users_search_short cover it with the rest.

ALTER TABLE users ADD COLUMN company text NOT NULL DEFAULT '';

UPDATE users SET search_text = search_text || E'\x1f';
