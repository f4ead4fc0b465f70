-- 022_company: the user's company (Triton's operator portal searches by
-- it), which joins the search text after the email: every text gains the
-- empty company's separator, as searchText now writes it.

ALTER TABLE users ADD COLUMN company TEXT NOT NULL DEFAULT '';

UPDATE user_search SET text = text || char(31);
