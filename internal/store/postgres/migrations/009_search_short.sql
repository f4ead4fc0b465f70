-- 009_search_short: an index for search terms of one or two characters,
-- which the trigram index cannot serve. It indexes the search text with
-- every character tripled ("ab" becomes "aaabbb"): a text contains a term
-- exactly when its tripled text contains the tripled term, and a term of
-- one or two characters, tripled, is made of trigrams.

CREATE FUNCTION gatehouse_triple(t text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ SELECT regexp_replace(t, '(.)', '\1\1\1', 'g') $$;

CREATE INDEX users_search_short ON users USING gin (gatehouse_triple(search_text) gin_trgm_ops);
