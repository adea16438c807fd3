-- accord store schema 1 (PostgreSQL): workspace settings and the current
-- inventory. The same tables as ../001-inventory.sql; integers are int8.
CREATE TABLE meta (
	key text PRIMARY KEY,
	value text NOT NULL
);

-- The inventory as last imported: one row, replaced whole by each import.
CREATE TABLE inventory (
	id int8 PRIMARY KEY CHECK (id = 1),
	party text NOT NULL,
	as_of text NOT NULL,
	items int8 NOT NULL,
	facilities int8 NOT NULL,
	sources text NOT NULL,
	imported_at text NOT NULL
);

CREATE TABLE facility (
	seq int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id text NOT NULL UNIQUE,
	kind text NOT NULL,
	name text,
	attrs text
);

CREATE TABLE item (
	seq int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	uid text NOT NULL,
	type text NOT NULL,
	status text NOT NULL,
	facility text NOT NULL,
	warheads int8,
	contained_in text,
	name text,
	attrs text
);

-- Every import, in order: what was loaded and from where.
CREATE TABLE import_log (
	seq int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	imported_at text NOT NULL,
	party text NOT NULL,
	as_of text NOT NULL,
	items int8 NOT NULL,
	sources text NOT NULL
);
