-- What the AST analyzer found, per blob (content-addressed: shared by every path and commit
-- that holds the same content). Which blob a path holds at a commit comes from commit_files.

CREATE TABLE file_analyses (
    blob_id          text PRIMARY KEY,
    event_id         text NOT NULL,
    analyzer_version text NOT NULL,
    language         text,
    skipped          text,
    error_count      integer NOT NULL,
    lines            integer NOT NULL,
    code_lines       integer NOT NULL,
    comment_lines    integer NOT NULL,
    blank_lines      integer NOT NULL,
    symbol_count     integer NOT NULL,
    total_complexity integer NOT NULL,
    max_complexity   integer NOT NULL
);

CREATE TABLE symbols (
    blob_id        text NOT NULL REFERENCES file_analyses (blob_id) ON DELETE CASCADE,
    idx            integer NOT NULL,
    kind           text NOT NULL,
    name           text NOT NULL,
    qualified_name text NOT NULL,
    start_line     integer NOT NULL,
    end_line       integer NOT NULL,
    parent_idx     integer,
    signature      text NOT NULL,
    doc            text,
    complexity     integer NOT NULL,
    body_hash      text,
    PRIMARY KEY (blob_id, idx)
);
CREATE INDEX symbols_name ON symbols (lower(name));

CREATE TABLE imports (
    blob_id text NOT NULL REFERENCES file_analyses (blob_id) ON DELETE CASCADE,
    idx     integer NOT NULL,
    module  text NOT NULL,
    PRIMARY KEY (blob_id, idx)
);

CREATE TABLE calls (
    blob_id    text NOT NULL REFERENCES file_analyses (blob_id) ON DELETE CASCADE,
    idx        integer NOT NULL,
    callee     text NOT NULL,
    line       integer NOT NULL,
    caller_idx integer,
    PRIMARY KEY (blob_id, idx)
);
CREATE INDEX calls_callee ON calls (callee);

CREATE INDEX commit_files_blob ON commit_files (blob_id);

-- Projection order of commits: a repository's commits share a partition and producers emit
-- parents before children, so this breaks ties between commits made in the same second.
ALTER TABLE commits ADD COLUMN seq bigserial;
