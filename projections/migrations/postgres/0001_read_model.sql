-- The PostgreSQL read model. Every row is derived from the topics; drop the schema and replay
-- to rebuild it. Times are timestamptz (UTC).

CREATE TABLE repositories (
    full_name        text PRIMARY KEY,
    owner            text NOT NULL,
    name             text NOT NULL,
    first_seen_at    timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL
);

CREATE TABLE commits (
    repository      text NOT NULL REFERENCES repositories (full_name),
    sha             text NOT NULL,
    event_id        text NOT NULL,
    tree            text NOT NULL,
    parents         text[] NOT NULL,
    author_name     text NOT NULL,
    author_email    text NOT NULL,
    authored_at     timestamptz NOT NULL,
    committer_name  text NOT NULL,
    committer_email text NOT NULL,
    committed_at    timestamptz NOT NULL,
    message         text NOT NULL,
    additions       integer NOT NULL,
    deletions       integer NOT NULL,
    files_changed   integer NOT NULL,
    source          text NOT NULL,
    PRIMARY KEY (repository, sha)
);
CREATE INDEX commits_sha ON commits (sha);
CREATE INDEX commits_listing ON commits (repository, committed_at DESC, sha DESC);
CREATE INDEX commits_author ON commits (author_email);

CREATE TABLE commit_files (
    repository text NOT NULL,
    sha        text NOT NULL,
    path       text NOT NULL,
    old_path   text,
    status     text NOT NULL,
    additions  integer NOT NULL,
    deletions  integer NOT NULL,
    is_binary  boolean NOT NULL,
    blob_id    text,
    language   text,
    PRIMARY KEY (repository, sha, path),
    FOREIGN KEY (repository, sha) REFERENCES commits (repository, sha)
);
CREATE INDEX commit_files_path ON commit_files (repository, path);

CREATE TABLE contributors (
    repository      text NOT NULL REFERENCES repositories (full_name),
    email           text NOT NULL,
    name            text NOT NULL,
    commits         integer NOT NULL,
    first_commit_at timestamptz NOT NULL,
    last_commit_at  timestamptz NOT NULL,
    PRIMARY KEY (repository, email)
);

CREATE TABLE pushes (
    delivery_id  text PRIMARY KEY,
    event_id     text NOT NULL,
    repository   text NOT NULL REFERENCES repositories (full_name),
    ref          text NOT NULL,
    before_sha   text NOT NULL,
    after_sha    text NOT NULL,
    created      boolean NOT NULL,
    deleted      boolean NOT NULL,
    forced       boolean NOT NULL,
    pusher       text,
    commit_count integer NOT NULL,
    commit_shas  text[] NOT NULL,
    pushed_at    timestamptz NOT NULL
);
CREATE INDEX pushes_repository ON pushes (repository, pushed_at DESC);

CREATE TABLE pull_requests (
    repository       text NOT NULL REFERENCES repositories (full_name),
    number           bigint NOT NULL,
    title            text NOT NULL,
    state            text NOT NULL,
    author           text,
    merged           boolean NOT NULL,
    head_ref         text NOT NULL,
    head_sha         text NOT NULL,
    base_ref         text NOT NULL,
    merge_commit_sha text,
    additions        bigint,
    deletions        bigint,
    changed_files    bigint,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    closed_at        timestamptz,
    merged_at        timestamptz,
    last_action      text,
    PRIMARY KEY (repository, number)
);

CREATE TABLE deployments (
    deployment_id     bigint PRIMARY KEY,
    repository        text NOT NULL REFERENCES repositories (full_name),
    sha               text NOT NULL,
    ref               text NOT NULL,
    environment       text NOT NULL,
    task              text,
    creator           text,
    created_at        timestamptz NOT NULL,
    latest_state      text,
    latest_state_at   timestamptz
);
CREATE INDEX deployments_repository ON deployments (repository, created_at DESC);

CREATE TABLE deployment_statuses (
    status_id     bigint PRIMARY KEY,
    deployment_id bigint NOT NULL REFERENCES deployments (deployment_id),
    state         text NOT NULL,
    environment   text,
    description   text,
    created_at    timestamptz NOT NULL
);

CREATE TABLE issues (
    repository text NOT NULL REFERENCES repositories (full_name),
    number     bigint NOT NULL,
    title      text NOT NULL,
    state      text NOT NULL,
    author     text,
    labels     text[] NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    closed_at  timestamptz,
    last_action text,
    PRIMARY KEY (repository, number)
);

CREATE TABLE releases (
    release_id       bigint PRIMARY KEY,
    repository       text NOT NULL REFERENCES repositories (full_name),
    tag_name         text NOT NULL,
    name             text,
    target_commitish text,
    draft            boolean NOT NULL,
    prerelease       boolean NOT NULL,
    author           text,
    created_at       timestamptz NOT NULL,
    published_at     timestamptz,
    last_action      text
);

CREATE TABLE ref_events (
    event_id    text PRIMARY KEY,
    repository  text NOT NULL REFERENCES repositories (full_name),
    ref         text NOT NULL,
    ref_type    text NOT NULL,
    action      text NOT NULL,
    actor       text,
    occurred_at timestamptz NOT NULL
);

-- Every webhook delivery stored, modeled or not.
CREATE TABLE webhook_deliveries (
    delivery_id text PRIMARY KEY,
    event       text NOT NULL,
    action      text,
    repository  text,
    body_bytes  integer NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event);
