-- The text of README files (README, README.md, README.markdown, README.rst, README.txt at any
-- depth), by blob: what the documentation page opens with. Only these blobs are kept; every
-- other file's content stays on the `blobs` topic. Content-addressed like `file_analyses`: which
-- blob a path holds at a commit comes from commit_files.
CREATE TABLE readme_blobs (
    blob_id   text PRIMARY KEY,
    text      text NOT NULL,
    -- The README was longer than the projection keeps: `text` is its beginning.
    truncated boolean NOT NULL
);
