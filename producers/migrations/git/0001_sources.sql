-- Repositories registered with the git producer, and the ref tips it last emitted up to.
CREATE TABLE repositories (
    name           text PRIMARY KEY,
    location       text NOT NULL,
    remote         boolean NOT NULL,
    added_at       timestamptz NOT NULL DEFAULT now(),
    last_synced_at timestamptz,
    last_error     text
);

CREATE TABLE ref_tips (
    repository text NOT NULL REFERENCES repositories (name) ON DELETE CASCADE,
    ref_name   text NOT NULL,
    sha        text NOT NULL,
    PRIMARY KEY (repository, ref_name)
);
