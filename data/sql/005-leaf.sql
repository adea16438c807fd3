-- accord store schema 5: each entry's leaf hash (level 0 of the tree) is
-- kept in the entry's own row rather than as a row of log_hash, which
-- then holds the interior subtree hashes only: an append writes about
-- one hash row per entry instead of two.
DROP TRIGGER log_entry_no_update;
DROP TRIGGER log_hash_no_delete;

ALTER TABLE log_entry ADD COLUMN leaf BLOB;
UPDATE log_entry SET leaf = (SELECT hash FROM log_hash h
	WHERE h.log = log_entry.log AND h.level = 0 AND h.idx = log_entry.seq);
DELETE FROM log_hash WHERE level = 0 AND EXISTS (SELECT 1 FROM log_entry e
	WHERE e.log = log_hash.log AND e.seq = log_hash.idx);

CREATE TRIGGER log_entry_no_update BEFORE UPDATE ON log_entry
BEGIN
	SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_hash_no_delete BEFORE DELETE ON log_hash
BEGIN
	SELECT RAISE(ABORT, 'the log is append-only');
END;
