-- Schemas by id: the same schema registered under several subjects keeps one id.
CREATE TABLE schemas (
    id          serial PRIMARY KEY,
    schema_type text NOT NULL DEFAULT 'AVRO',
    normalized  text NOT NULL,
    schema      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (schema_type, normalized)
);

-- The versions of each subject.
CREATE TABLE subject_versions (
    subject    text NOT NULL,
    version    integer NOT NULL,
    schema_id  integer NOT NULL REFERENCES schemas (id),
    deleted    boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, version)
);
CREATE INDEX subject_versions_schema ON subject_versions (schema_id);

-- Compatibility levels: the global one under subject '' and per-subject overrides.
CREATE TABLE compatibility (
    subject text PRIMARY KEY,
    level   text NOT NULL
);
