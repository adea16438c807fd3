-- accord store schema 1: workspace settings and the current inventory.
CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- The inventory as last imported: one row, replaced whole by each import.
CREATE TABLE inventory (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	party TEXT NOT NULL,
	as_of TEXT NOT NULL,
	items INTEGER NOT NULL,
	facilities INTEGER NOT NULL,
	sources TEXT NOT NULL,
	imported_at TEXT NOT NULL
);

CREATE TABLE facility (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	name TEXT,
	attrs TEXT
);

CREATE TABLE item (
	seq INTEGER PRIMARY KEY,
	uid TEXT NOT NULL,
	type TEXT NOT NULL,
	status TEXT NOT NULL,
	facility TEXT NOT NULL,
	warheads INTEGER,
	contained_in TEXT,
	name TEXT,
	attrs TEXT
);

-- Every import, in order: what was loaded and from where.
CREATE TABLE import_log (
	seq INTEGER PRIMARY KEY,
	imported_at TEXT NOT NULL,
	party TEXT NOT NULL,
	as_of TEXT NOT NULL,
	items INTEGER NOT NULL,
	sources TEXT NOT NULL
);
