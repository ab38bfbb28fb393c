-- What the enricher made of each commit: one row per commit. A model's answer replaces the
-- offline classifier's; the offline classifier's never replaces a model's.
CREATE TABLE commit_enrichments (
    repository      text        NOT NULL,
    sha             text        NOT NULL,
    event_id        text        NOT NULL,
    committed_at    timestamptz NOT NULL,
    category        text        NOT NULL,
    summary         text        NOT NULL,
    risk            integer     NOT NULL CHECK (risk BETWEEN 0 AND 100),
    risk_reasons    jsonb       NOT NULL,
    model           text        NOT NULL,
    prompt_version  text        NOT NULL,
    offline         boolean     NOT NULL,
    fallback_reason text,
    PRIMARY KEY (repository, sha)
);
CREATE INDEX commit_enrichments_sha ON commit_enrichments (sha);
CREATE INDEX commit_enrichments_time ON commit_enrichments (repository, committed_at);
