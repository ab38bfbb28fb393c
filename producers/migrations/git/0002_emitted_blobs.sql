-- Blobs already emitted to `blobs` (content-addressed: by blob id, whatever the repository), so
-- that polling and push fetches never emit the same content twice.
CREATE TABLE emitted_blobs (
    blob_id text PRIMARY KEY
);
