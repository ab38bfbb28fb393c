-- The projection's consumer offsets, committed in the same transaction as the rows they cover
-- (`tributary_postgres::PgStore`). IF NOT EXISTS: the table was created ad hoc by the
-- projection loop before it was a migration.
CREATE TABLE IF NOT EXISTS projection_offsets (
    projection text NOT NULL,
    topic text NOT NULL,
    partition integer NOT NULL,
    next_offset bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, topic, partition)
);
