-- A commit whose list of changed files was cut at the producer's cap (TRIBUTARY_MAX_COMMIT_FILES):
-- commit_files holds the listed part, files_changed the commit's real count.
ALTER TABLE commits ADD COLUMN files_truncated boolean NOT NULL DEFAULT false;
-- A push whose list of commits the normalizer cut to fit the record budget: commit_shas holds
-- the listed part, commit_count every commit the delivery listed.
ALTER TABLE pushes ADD COLUMN commits_truncated boolean NOT NULL DEFAULT false;
