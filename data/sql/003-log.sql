-- accord store schema 3: the party's notification log (RFC 9162 tree).
-- Entries are the exact canonical bytes hashed into the tree; log_hash
-- keeps each complete subtree's hash (level, index), about two per entry,
-- so that proofs need no recomputation; every signed checkpoint is kept.
-- An append writes entries, hashes and its checkpoint in one transaction.
CREATE TABLE log_entry (
	seq INTEGER PRIMARY KEY,    -- 0-based position in the log
	time TEXT NOT NULL,         -- RFC 3339 UTC, as in the entry
	type TEXT NOT NULL,
	entry BLOB NOT NULL         -- canonical JSON, the leaf's data
);
CREATE INDEX log_entry_type ON log_entry (type, seq);

CREATE TABLE log_hash (
	level INTEGER NOT NULL,
	idx INTEGER NOT NULL,
	hash BLOB NOT NULL,
	PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE log_checkpoint (
	size INTEGER PRIMARY KEY,
	note TEXT NOT NULL,         -- the signed note (C2SP)
	created_at TEXT NOT NULL
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
