-- Which dead letters were sent back to their source topics (`dlq redrive`), so that each is
-- resent once unless asked again. Schema `operations`. IF NOT EXISTS: the table was created
-- ad hoc before it was a migration.
CREATE TABLE IF NOT EXISTS dlq_redrives (
    topic_prefix   text NOT NULL,
    dead_letter_id text NOT NULL,
    redriven_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic_prefix, dead_letter_id)
);
