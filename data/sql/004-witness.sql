-- accord store schema 4: mirrored logs and witnessing. Every log table
-- gains a `log` column: 0 is the workspace's own log, other ids name the
-- mirrors of other nodes' logs (table log, by origin line). Cosignatures,
-- peers, fork evidence and findings about mirrored entries are kept.
DROP TRIGGER log_entry_no_update;
DROP TRIGGER log_entry_no_delete;
DROP TRIGGER log_hash_no_update;
DROP TRIGGER log_hash_no_delete;
DROP TRIGGER log_checkpoint_no_update;
DROP TRIGGER log_checkpoint_no_delete;
DROP INDEX log_entry_type;

CREATE TABLE log (
	id INTEGER PRIMARY KEY,     -- from 1; 0 is the own log, not listed
	origin TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);

CREATE TABLE log_entry_v4 (
	log INTEGER NOT NULL,
	seq INTEGER NOT NULL,       -- 0-based position in the log
	time TEXT NOT NULL,         -- RFC 3339 UTC, as in the entry
	type TEXT NOT NULL,
	entry BLOB NOT NULL,        -- canonical JSON, the leaf's data
	PRIMARY KEY (log, seq)
) WITHOUT ROWID;
INSERT INTO log_entry_v4 SELECT 0, seq, time, type, entry FROM log_entry;
DROP TABLE log_entry;
ALTER TABLE log_entry_v4 RENAME TO log_entry;
CREATE INDEX log_entry_type ON log_entry (log, type, seq);

CREATE TABLE log_hash_v4 (
	log INTEGER NOT NULL,
	level INTEGER NOT NULL,
	idx INTEGER NOT NULL,
	hash BLOB NOT NULL,
	PRIMARY KEY (log, level, idx)
) WITHOUT ROWID;
INSERT INTO log_hash_v4 SELECT 0, level, idx, hash FROM log_hash;
DROP TABLE log_hash;
ALTER TABLE log_hash_v4 RENAME TO log_hash;

CREATE TABLE log_checkpoint_v4 (
	log INTEGER NOT NULL,
	size INTEGER NOT NULL,
	note TEXT NOT NULL,         -- the signed note (C2SP), its signer's lines
	created_at TEXT NOT NULL,
	PRIMARY KEY (log, size)
);
INSERT INTO log_checkpoint_v4 SELECT 0, size, note, created_at
    FROM log_checkpoint;
DROP TABLE log_checkpoint;
ALTER TABLE log_checkpoint_v4 RENAME TO log_checkpoint;

CREATE TABLE cosignature (
	log INTEGER NOT NULL,
	size INTEGER NOT NULL,
	witness TEXT NOT NULL,      -- the cosigner's key name
	line TEXT NOT NULL,         -- the signature line, without newline
	received_at TEXT NOT NULL,
	PRIMARY KEY (log, size, witness)
);

CREATE TABLE peer (
	name TEXT PRIMARY KEY,
	url TEXT NOT NULL,
	log INTEGER NOT NULL,
	halted TEXT NOT NULL DEFAULT '',
	added_at TEXT NOT NULL
);

CREATE TABLE fork (
	id INTEGER PRIMARY KEY,
	log INTEGER NOT NULL,
	kind TEXT NOT NULL,
	evidence TEXT NOT NULL,     -- accord-fork/1 JSON
	found_at TEXT NOT NULL
);

CREATE TABLE finding (
	log INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	message TEXT NOT NULL,
	found_at TEXT NOT NULL,
	PRIMARY KEY (log, seq)
);

CREATE TRIGGER log_entry_no_update BEFORE UPDATE ON log_entry
BEGIN
	SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_entry_no_delete BEFORE DELETE ON log_entry
BEGIN
	SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_hash_no_update BEFORE UPDATE ON log_hash
BEGIN
	SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_hash_no_delete BEFORE DELETE ON log_hash
BEGIN
	SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_checkpoint_no_update BEFORE UPDATE ON log_checkpoint
BEGIN
	SELECT RAISE(ABORT, 'checkpoints are immutable');
END;
CREATE TRIGGER log_checkpoint_no_delete BEFORE DELETE ON log_checkpoint
BEGIN
	SELECT RAISE(ABORT, 'checkpoints are immutable');
END;
CREATE TRIGGER cosignature_no_update BEFORE UPDATE ON cosignature
BEGIN
	SELECT RAISE(ABORT, 'cosignatures are immutable');
END;
CREATE TRIGGER fork_no_update BEFORE UPDATE ON fork
BEGIN
	SELECT RAISE(ABORT, 'fork evidence is immutable');
END;
CREATE TRIGGER fork_no_delete BEFORE DELETE ON fork
BEGIN
	SELECT RAISE(ABORT, 'fork evidence is immutable');
END;
