-- accord store schema 3 (PostgreSQL): the party's notification log
-- (RFC 9162 tree). Entries are the exact canonical bytes hashed into the
-- tree; log_hash keeps each complete subtree's hash (level, index), about
-- two per entry, so that proofs need no recomputation; every signed
-- checkpoint is kept. An append writes entries, hashes and its checkpoint
-- in one transaction.
CREATE TABLE log_entry (
	seq int8 PRIMARY KEY,       -- 0-based position in the log
	time text NOT NULL,         -- RFC 3339 UTC, as in the entry
	type text NOT NULL,
	entry bytea NOT NULL        -- canonical JSON, the leaf's data
);
CREATE INDEX log_entry_type ON log_entry (type, seq);

CREATE TABLE log_hash (
	level int8 NOT NULL,
	idx int8 NOT NULL,
	hash bytea NOT NULL,
	PRIMARY KEY (level, idx)
);

CREATE TABLE log_checkpoint (
	size int8 PRIMARY KEY,
	note text NOT NULL,         -- the signed note (C2SP)
	created_at text NOT NULL
);

CREATE TRIGGER log_entry_append_only BEFORE UPDATE OR DELETE ON log_entry
    FOR EACH ROW EXECUTE FUNCTION accord_refuse('the log is append-only');
CREATE TRIGGER log_entry_no_truncate BEFORE TRUNCATE ON log_entry
    FOR EACH STATEMENT EXECUTE FUNCTION
    accord_refuse('the log is append-only');
CREATE TRIGGER log_hash_append_only BEFORE UPDATE OR DELETE ON log_hash
    FOR EACH ROW EXECUTE FUNCTION accord_refuse('the log is append-only');
CREATE TRIGGER log_hash_no_truncate BEFORE TRUNCATE ON log_hash
    FOR EACH STATEMENT EXECUTE FUNCTION
    accord_refuse('the log is append-only');
CREATE TRIGGER log_checkpoint_immutable
    BEFORE UPDATE OR DELETE ON log_checkpoint
    FOR EACH ROW EXECUTE FUNCTION accord_refuse('checkpoints are immutable');
CREATE TRIGGER log_checkpoint_no_truncate BEFORE TRUNCATE ON log_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION
    accord_refuse('checkpoints are immutable');
