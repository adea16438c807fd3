-- accord store schema 2 (PostgreSQL): trusted keys of the other parties,
-- and the party's own declarations, immutable once made. One trigger
-- function refuses changes to every immutable table, with its message.
CREATE TABLE trusted_key (
	party text PRIMARY KEY,
	vkey text NOT NULL,
	added_at text NOT NULL
);

CREATE TABLE declaration (
	id text PRIMARY KEY,        -- base64 SHA-256 of the signed header
	seq int8 GENERATED ALWAYS AS IDENTITY UNIQUE, -- insertion order
	party text NOT NULL,
	as_of text NOT NULL,
	mode text NOT NULL CHECK (mode IN ('full', 'escrow')),
	supersedes text REFERENCES declaration (id),
	created_at text NOT NULL,
	package bytea NOT NULL,     -- the package as given to the other party
	items bytea NOT NULL        -- canonical items in leaf order (private)
);
CREATE INDEX declaration_as_of ON declaration (as_of);

CREATE FUNCTION accord_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', TG_ARGV[0];
END
$$;

CREATE TRIGGER declaration_immutable
    BEFORE UPDATE OR DELETE ON declaration
    FOR EACH ROW EXECUTE FUNCTION accord_refuse('declarations are immutable');
CREATE TRIGGER declaration_no_truncate BEFORE TRUNCATE ON declaration
    FOR EACH STATEMENT EXECUTE FUNCTION
    accord_refuse('declarations are immutable');
