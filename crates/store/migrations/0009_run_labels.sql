-- Schema version 9: runs can be starred and tagged (the Train panel's leaderboard filters and
-- marks them).

ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';

-- The ModelDesk version that ran each run (older runs: unknown).
ALTER TABLE runs ADD COLUMN code_version TEXT;
