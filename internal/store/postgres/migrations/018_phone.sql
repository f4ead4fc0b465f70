-- phone: the user's phone number (Triton's user form: "Customer's phone
-- number, not validated"). Free text; not searched, so search_text and its
-- trigram indexes are unchanged.

ALTER TABLE users ADD COLUMN phone text NOT NULL DEFAULT '';
