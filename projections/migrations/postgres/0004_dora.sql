-- DORA: each successful deployment in order per (repository, environment), and the changes it
-- shipped by git ancestry. Derived by the projection, in the transaction that projects the
-- facts (deployments, statuses, commits, pull requests), so arrival order does not matter.

CREATE TABLE dora_deployments (
    deployment_id          bigint      PRIMARY KEY REFERENCES deployments (deployment_id),
    repository             text        NOT NULL,
    environment            text        NOT NULL,
    sha                    text        NOT NULL,
    -- The first `success` status.
    deployed_at            timestamptz NOT NULL,
    -- The successful deployment before it in the same environment; NULL for the first one,
    -- which is the baseline (its changes have no known start and are not counted).
    previous_deployment_id bigint,
    -- False until every commit between it and the previous one has been projected.
    changes_complete       boolean     NOT NULL DEFAULT false
);
CREATE INDEX dora_deployments_time ON dora_deployments (repository, environment, deployed_at);

-- A change: a commit reachable from the deployment and not from the previous one. For the merge
-- commit of a pull request (merge, squash or rebase), the change starts at the pull request's
-- first commit.
CREATE TABLE dora_changes (
    deployment_id   bigint      NOT NULL REFERENCES dora_deployments (deployment_id) ON DELETE CASCADE,
    repository      text        NOT NULL,
    sha             text        NOT NULL,
    author_email    text        NOT NULL,
    first_commit_at timestamptz NOT NULL,
    pull_request    bigint,
    PRIMARY KEY (deployment_id, sha)
);
CREATE INDEX dora_changes_sha ON dora_changes (repository, sha);
