-- 026_phone: the user's phone number (Triton's user form: "Customer's
-- phone number, not validated"). Free text; not searched, so the search
-- text and its index are unchanged.

ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
