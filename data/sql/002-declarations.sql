-- accord store schema 2: trusted keys of the other parties, and the
-- party's own declarations, immutable once made.
CREATE TABLE trusted_key (
	party TEXT PRIMARY KEY,
	vkey TEXT NOT NULL,
	added_at TEXT NOT NULL
);

CREATE TABLE declaration (
	id TEXT PRIMARY KEY,        -- base64 SHA-256 of the signed header
	party TEXT NOT NULL,
	as_of TEXT NOT NULL,
	mode TEXT NOT NULL CHECK (mode IN ('full', 'escrow')),
	supersedes TEXT REFERENCES declaration (id),
	created_at TEXT NOT NULL,
	package BLOB NOT NULL,      -- the package as given to the other party
	items BLOB NOT NULL         -- canonical items in leaf order (private)
);
CREATE INDEX declaration_as_of ON declaration (as_of);

CREATE TRIGGER declaration_no_update BEFORE UPDATE ON declaration
BEGIN
	SELECT RAISE(ABORT, 'declarations are immutable');
END;
CREATE TRIGGER declaration_no_delete BEFORE DELETE ON declaration
BEGIN
	SELECT RAISE(ABORT, 'declarations are immutable');
END;
