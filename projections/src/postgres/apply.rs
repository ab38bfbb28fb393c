//! One idempotent write per record type. Every statement is parameterized.

use chrono::{DateTime, TimeZone, Utc};
use sqlx::PgConnection;
use std::collections::{BTreeMap, HashSet};
use tributary_runtime::RecordError;
use tributary_schemas::{
    ActivityObserved, AnalysisProduced, CommitObserved, EnrichmentProduced, PushObserved,
    WebhookReceived,
};

fn ts(millis: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(millis)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

fn opt_ts(millis: Option<i64>) -> Option<DateTime<Utc>> {
    millis.map(ts)
}

/// Creates the repository row, or widens its first-seen / last-activity range to `[first, last]`.
async fn touch_repository_range(
    conn: &mut PgConnection,
    full_name: &str,
    first: i64,
    last: i64,
) -> Result<(), RecordError> {
    let (owner, name) = full_name.split_once('/').unwrap_or(("", full_name));
    sqlx::query(
        "INSERT INTO repositories (full_name, owner, name, first_seen_at, last_activity_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (full_name) DO UPDATE SET
           first_seen_at = LEAST(repositories.first_seen_at, EXCLUDED.first_seen_at),
           last_activity_at = GREATEST(repositories.last_activity_at, EXCLUDED.last_activity_at)",
    )
    .bind(full_name)
    .bind(owner)
    .bind(name)
    .bind(ts(first))
    .bind(ts(last))
    .execute(conn)
    .await?;
    Ok(())
}

/// Creates the repository row, or moves its last activity forward.
async fn touch_repository(
    conn: &mut PgConnection,
    full_name: &str,
    at: i64,
) -> Result<(), RecordError> {
    touch_repository_range(conn, full_name, at, at).await
}

/// A commit, its files, and its author's contributor row (counted once per commit).
pub async fn commit(conn: &mut PgConnection, c: &CommitObserved) -> Result<(), RecordError> {
    commits(conn, std::slice::from_ref(c)).await
}

/// Many commits in a few set-based statements: the hot path of backfills and replays. Same
/// effect as [`commit`] on each, in order.
pub async fn commits(conn: &mut PgConnection, batch: &[CommitObserved]) -> Result<(), RecordError> {
    // One row per (repository, sha): a duplicate inside the batch is a no-op, as it would be
    // one at a time.
    let mut seen = HashSet::new();
    let batch: Vec<&CommitObserved> = batch
        .iter()
        .filter(|c| seen.insert((c.repository.as_str(), c.sha.as_str())))
        .collect();
    if batch.is_empty() {
        return Ok(());
    }
    let mut ranges: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for c in &batch {
        let r = ranges
            .entry(&c.repository)
            .or_insert((c.committed_at, c.committed_at));
        r.0 = r.0.min(c.committed_at);
        r.1 = r.1.max(c.committed_at);
    }
    for (repository, (first, last)) in &ranges {
        touch_repository_range(conn, repository, *first, *last).await?;
    }

    let col =
        |f: fn(&CommitObserved) -> String| -> Vec<String> { batch.iter().map(|c| f(c)).collect() };
    let sum = |c: &CommitObserved, f: fn(&tributary_schemas::FileChange) -> i32| -> i32 {
        let total: i64 = c.files.iter().map(|x| i64::from(f(x))).sum();
        i32::try_from(total).unwrap_or(i32::MAX)
    };
    let inserted: Vec<(String, String)> = sqlx::query_as(
        "INSERT INTO commits (repository, sha, event_id, tree, parents, author_name, author_email,
            authored_at, committer_name, committer_email, committed_at, message, additions,
            deletions, files_changed, source, files_truncated)
         SELECT repository, sha, event_id, tree, string_to_array(parents, ' '), author_name,
            author_email, authored_at, committer_name, committer_email, committed_at, message,
            additions, deletions, files_changed, source, files_truncated
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
            $7::text[], $8::timestamptz[], $9::text[], $10::text[], $11::timestamptz[], $12::text[],
            $13::int[], $14::int[], $15::int[], $16::text[], $17::bool[])
            AS t(repository, sha, event_id, tree, parents, author_name, author_email, authored_at,
                 committer_name, committer_email, committed_at, message, additions, deletions,
                 files_changed, source, files_truncated)
         ON CONFLICT (repository, sha) DO NOTHING
         RETURNING repository, sha",
    )
    .bind(col(|c| c.repository.clone()))
    .bind(col(|c| c.sha.clone()))
    .bind(col(|c| c.event_id.clone()))
    .bind(col(|c| c.tree.clone()))
    .bind(col(|c| c.parents.join(" ")))
    .bind(col(|c| c.author_name.clone()))
    .bind(col(|c| c.author_email.clone()))
    .bind(batch.iter().map(|c| ts(c.authored_at)).collect::<Vec<_>>())
    .bind(col(|c| c.committer_name.clone()))
    .bind(col(|c| c.committer_email.clone()))
    .bind(batch.iter().map(|c| ts(c.committed_at)).collect::<Vec<_>>())
    .bind(col(|c| c.message.clone()))
    .bind(
        batch
            .iter()
            .map(|c| sum(c, |f| f.additions))
            .collect::<Vec<_>>(),
    )
    .bind(
        batch
            .iter()
            .map(|c| sum(c, |f| f.deletions))
            .collect::<Vec<_>>(),
    )
    .bind(
        batch
            .iter()
            // A cut file list counts the commit's real number of files.
            .map(|c| {
                c.files_total
                    .unwrap_or_else(|| i32::try_from(c.files.len()).unwrap_or(i32::MAX))
            })
            .collect::<Vec<_>>(),
    )
    .bind(col(|c| c.source.clone()))
    .bind(
        batch
            .iter()
            .map(|c| c.files_total.is_some())
            .collect::<Vec<_>>(),
    )
    .fetch_all(&mut *conn)
    .await?;
    let inserted: HashSet<(String, String)> = inserted.into_iter().collect();
    let new: Vec<&CommitObserved> = batch
        .into_iter()
        .filter(|c| inserted.contains(&(c.repository.clone(), c.sha.clone())))
        .collect();
    if new.is_empty() {
        return Ok(()); // all already projected
    }

    let files: Vec<(&CommitObserved, &tributary_schemas::FileChange)> = new
        .iter()
        .flat_map(|c| c.files.iter().map(move |f| (*c, f)))
        .collect();
    if !files.is_empty() {
        sqlx::query(
            "INSERT INTO commit_files (repository, sha, path, old_path, status, additions,
                deletions, is_binary, blob_id, language)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                $6::int[], $7::int[], $8::bool[], $9::text[], $10::text[])
             ON CONFLICT (repository, sha, path) DO NOTHING",
        )
        .bind(
            files
                .iter()
                .map(|(c, _)| c.repository.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(
            files
                .iter()
                .map(|(c, _)| c.sha.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(
            files
                .iter()
                .map(|(_, f)| f.path.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(
            files
                .iter()
                .map(|(_, f)| f.old_path.as_deref())
                .collect::<Vec<_>>(),
        )
        .bind(
            files
                .iter()
                .map(|(_, f)| f.status.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(files.iter().map(|(_, f)| f.additions).collect::<Vec<_>>())
        .bind(files.iter().map(|(_, f)| f.deletions).collect::<Vec<_>>())
        .bind(files.iter().map(|(_, f)| f.binary).collect::<Vec<_>>())
        .bind(
            files
                .iter()
                .map(|(_, f)| f.blob_id.as_deref())
                .collect::<Vec<_>>(),
        )
        .bind(
            files
                .iter()
                .map(|(_, f)| f.language.as_deref())
                .collect::<Vec<_>>(),
        )
        .execute(&mut *conn)
        .await?;
    }

    // Contributors: one row per (repository, email) in the batch, counting its new commits.
    struct Tally<'a> {
        name: &'a str,
        name_at: i64,
        commits: i32,
        first: i64,
        last: i64,
    }
    let mut tallies: BTreeMap<(&str, String), Tally<'_>> = BTreeMap::new();
    for c in &new {
        let t = tallies
            .entry((c.repository.as_str(), c.author_email.to_lowercase()))
            .or_insert(Tally {
                name: &c.author_name,
                name_at: c.authored_at,
                commits: 0,
                first: c.authored_at,
                last: c.authored_at,
            });
        t.commits += 1;
        t.first = t.first.min(c.authored_at);
        t.last = t.last.max(c.authored_at);
        if c.authored_at >= t.name_at {
            t.name = &c.author_name;
            t.name_at = c.authored_at;
        }
    }
    sqlx::query(
        "INSERT INTO contributors (repository, email, name, commits, first_commit_at, last_commit_at)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[],
            $6::timestamptz[])
         ON CONFLICT (repository, email) DO UPDATE SET
           commits = contributors.commits + EXCLUDED.commits,
           name = CASE WHEN EXCLUDED.last_commit_at >= contributors.last_commit_at
                       THEN EXCLUDED.name ELSE contributors.name END,
           first_commit_at = LEAST(contributors.first_commit_at, EXCLUDED.first_commit_at),
           last_commit_at = GREATEST(contributors.last_commit_at, EXCLUDED.last_commit_at)",
    )
    .bind(tallies.keys().map(|(r, _)| *r).collect::<Vec<_>>())
    .bind(tallies.keys().map(|(_, e)| e.as_str()).collect::<Vec<_>>())
    .bind(tallies.values().map(|t| t.name).collect::<Vec<_>>())
    .bind(tallies.values().map(|t| t.commits).collect::<Vec<_>>())
    .bind(tallies.values().map(|t| ts(t.first)).collect::<Vec<_>>())
    .bind(tallies.values().map(|t| ts(t.last)).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A push.
pub async fn push(conn: &mut PgConnection, p: &PushObserved) -> Result<(), RecordError> {
    touch_repository(conn, &p.repository, p.observed_at).await?;
    let shas: Vec<&str> = p.commits.iter().map(|c| c.sha.as_str()).collect();
    sqlx::query(
        "INSERT INTO pushes (delivery_id, event_id, repository, ref, before_sha, after_sha,
            created, deleted, forced, pusher, commit_count, commit_shas, pushed_at,
            commits_truncated)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
         ON CONFLICT (delivery_id) DO NOTHING",
    )
    .bind(&p.delivery_id)
    .bind(&p.event_id)
    .bind(&p.repository)
    .bind(&p.git_ref)
    .bind(&p.before)
    .bind(&p.after)
    .bind(p.created)
    .bind(p.deleted)
    .bind(p.forced)
    .bind(&p.pusher)
    // A cut list (`commits_total`) counts every commit the delivery listed.
    .bind(
        p.commits_total
            .unwrap_or_else(|| i32::try_from(shas.len()).unwrap_or(i32::MAX)),
    )
    .bind(&shas)
    .bind(ts(p.observed_at))
    .bind(p.commits_total.is_some())
    .execute(conn)
    .await?;
    Ok(())
}

/// Repository activity, by kind.
pub async fn activity(conn: &mut PgConnection, a: &ActivityObserved) -> Result<(), RecordError> {
    touch_repository(conn, &a.repository, a.occurred_at).await?;
    if let Some(pr) = &a.pull_request {
        sqlx::query(
            "INSERT INTO pull_requests (repository, number, title, state, author, merged, head_ref,
                head_sha, base_ref, merge_commit_sha, additions, deletions, changed_files,
                created_at, updated_at, closed_at, merged_at, last_action)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
             ON CONFLICT (repository, number) DO UPDATE SET
               title = EXCLUDED.title, state = EXCLUDED.state, merged = EXCLUDED.merged,
               head_ref = EXCLUDED.head_ref, head_sha = EXCLUDED.head_sha,
               base_ref = EXCLUDED.base_ref, merge_commit_sha = EXCLUDED.merge_commit_sha,
               additions = EXCLUDED.additions, deletions = EXCLUDED.deletions,
               changed_files = EXCLUDED.changed_files, updated_at = EXCLUDED.updated_at,
               closed_at = EXCLUDED.closed_at, merged_at = EXCLUDED.merged_at,
               last_action = EXCLUDED.last_action
             WHERE pull_requests.updated_at <= EXCLUDED.updated_at",
        )
        .bind(&a.repository)
        .bind(pr.number)
        .bind(&pr.title)
        .bind(&pr.state)
        .bind(&pr.author)
        .bind(pr.merged)
        .bind(&pr.head_ref)
        .bind(&pr.head_sha)
        .bind(&pr.base_ref)
        .bind(&pr.merge_commit_sha)
        .bind(pr.additions)
        .bind(pr.deletions)
        .bind(pr.changed_files)
        .bind(ts(pr.created_at))
        .bind(ts(pr.updated_at))
        .bind(opt_ts(pr.closed_at))
        .bind(opt_ts(pr.merged_at))
        .bind(&a.action)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(d) = &a.deployment {
        sqlx::query(
            "INSERT INTO deployments (deployment_id, repository, sha, ref, environment, task,
                creator, created_at)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
             ON CONFLICT (deployment_id) DO NOTHING",
        )
        .bind(d.id)
        .bind(&a.repository)
        .bind(&d.sha)
        .bind(&d.git_ref)
        .bind(&d.environment)
        .bind(&d.task)
        .bind(&d.creator)
        .bind(ts(d.created_at))
        .execute(&mut *conn)
        .await?;
    }
    if let Some(s) = &a.deployment_status {
        sqlx::query(
            "INSERT INTO deployment_statuses (status_id, deployment_id, state, environment,
                description, created_at)
             VALUES ($1,$2,$3,$4,$5,$6)
             ON CONFLICT (status_id) DO NOTHING",
        )
        .bind(s.id)
        .bind(s.deployment_id)
        .bind(&s.state)
        .bind(&s.environment)
        .bind(&s.description)
        .bind(ts(s.created_at))
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE deployments SET latest_state = $2, latest_state_at = $3
             WHERE deployment_id = $1 AND (latest_state_at IS NULL OR latest_state_at <= $3)",
        )
        .bind(s.deployment_id)
        .bind(&s.state)
        .bind(ts(s.created_at))
        .execute(&mut *conn)
        .await?;
    }
    if let Some(i) = &a.issue {
        sqlx::query(
            "INSERT INTO issues (repository, number, title, state, author, labels, created_at,
                updated_at, closed_at, last_action)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
             ON CONFLICT (repository, number) DO UPDATE SET
               title = EXCLUDED.title, state = EXCLUDED.state, labels = EXCLUDED.labels,
               updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at,
               last_action = EXCLUDED.last_action
             WHERE issues.updated_at <= EXCLUDED.updated_at",
        )
        .bind(&a.repository)
        .bind(i.number)
        .bind(&i.title)
        .bind(&i.state)
        .bind(&i.author)
        .bind(&i.labels)
        .bind(ts(i.created_at))
        .bind(ts(i.updated_at))
        .bind(opt_ts(i.closed_at))
        .bind(&a.action)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(r) = &a.release {
        sqlx::query(
            "INSERT INTO releases (release_id, repository, tag_name, name, target_commitish, draft,
                prerelease, author, created_at, published_at, last_action)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
             ON CONFLICT (release_id) DO UPDATE SET
               tag_name = EXCLUDED.tag_name, name = EXCLUDED.name, draft = EXCLUDED.draft,
               prerelease = EXCLUDED.prerelease, published_at = EXCLUDED.published_at,
               last_action = EXCLUDED.last_action",
        )
        .bind(r.id)
        .bind(&a.repository)
        .bind(&r.tag_name)
        .bind(&r.name)
        .bind(&r.target_commitish)
        .bind(r.draft)
        .bind(r.prerelease)
        .bind(&r.author)
        .bind(ts(r.created_at))
        .bind(opt_ts(r.published_at))
        .bind(&a.action)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(rc) = &a.ref_change {
        sqlx::query(
            "INSERT INTO ref_events (event_id, repository, ref, ref_type, action, actor, occurred_at)
             VALUES ($1,$2,$3,$4,$5,$6,$7)
             ON CONFLICT (event_id) DO NOTHING",
        )
        .bind(&a.event_id)
        .bind(&a.repository)
        .bind(&rc.git_ref)
        .bind(&rc.ref_type)
        .bind(a.action.as_deref().unwrap_or("created"))
        .bind(&a.actor)
        .bind(ts(a.occurred_at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A webhook delivery (every event type, modeled or not).
pub async fn webhook(conn: &mut PgConnection, w: &WebhookReceived) -> Result<(), RecordError> {
    // Only two fields are read from the body; an unparsable body is still a stored delivery.
    let body = w.payload().ok();
    let parsed: Option<serde_json::Value> =
        body.as_deref().and_then(|b| serde_json::from_slice(b).ok());
    let field = |path: &[&str]| -> Option<String> {
        let mut v = parsed.as_ref()?;
        for key in path {
            v = v.get(key)?;
        }
        v.as_str().map(str::to_string)
    };
    sqlx::query(
        "INSERT INTO webhook_deliveries (delivery_id, event, action, repository, body_bytes, received_at)
         VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (delivery_id) DO NOTHING",
    )
    .bind(&w.delivery_id)
    .bind(&w.event)
    .bind(field(&["action"]))
    .bind(field(&["repository", "full_name"]))
    // The size as received, not as stored (large bodies are stored compressed).
    .bind(i32::try_from(body.as_deref().map_or(w.body.len(), <[u8]>::len)).unwrap_or(i32::MAX))
    .bind(ts(w.received_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// The analysis of a blob. A newer analyzer version replaces an older one; the same version
/// again is a no-op.
pub async fn analysis(conn: &mut PgConnection, a: &AnalysisProduced) -> Result<(), RecordError> {
    let current: Option<String> =
        sqlx::query_scalar("SELECT event_id FROM file_analyses WHERE blob_id = $1")
            .bind(&a.blob_id)
            .fetch_optional(&mut *conn)
            .await?;
    if current.as_deref() == Some(a.event_id.as_str()) {
        return Ok(());
    }
    sqlx::query("DELETE FROM file_analyses WHERE blob_id = $1")
        .bind(&a.blob_id)
        .execute(&mut *conn)
        .await?;
    let total: i64 = a.symbols.iter().map(|s| i64::from(s.complexity)).sum();
    let max = a.symbols.iter().map(|s| s.complexity).max().unwrap_or(0);
    sqlx::query(
        "INSERT INTO file_analyses (blob_id, event_id, analyzer_version, language, skipped,
            error_count, lines, code_lines, comment_lines, blank_lines, symbol_count,
            total_complexity, max_complexity)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)",
    )
    .bind(&a.blob_id)
    .bind(&a.event_id)
    .bind(&a.analyzer_version)
    .bind(&a.language)
    .bind(&a.skipped)
    .bind(a.error_count)
    .bind(a.lines)
    .bind(a.code_lines)
    .bind(a.comment_lines)
    .bind(a.blank_lines)
    .bind(i32::try_from(a.symbols.len()).unwrap_or(i32::MAX))
    .bind(i32::try_from(total).unwrap_or(i32::MAX))
    .bind(max)
    .execute(&mut *conn)
    .await?;
    let idx = |n: usize| {
        (0..n)
            .map(|i| i32::try_from(i).unwrap_or(i32::MAX))
            .collect::<Vec<_>>()
    };
    if !a.symbols.is_empty() {
        let s = &a.symbols;
        sqlx::query(
            "INSERT INTO symbols (blob_id, idx, kind, name, qualified_name, start_line, end_line,
                parent_idx, signature, doc, complexity, body_hash)
             SELECT $1, * FROM UNNEST($2::int[], $3::text[], $4::text[], $5::text[], $6::int[],
                $7::int[], $8::int[], $9::text[], $10::text[], $11::int[], $12::text[])",
        )
        .bind(&a.blob_id)
        .bind(idx(s.len()))
        .bind(s.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.name.as_str()).collect::<Vec<_>>())
        .bind(
            s.iter()
                .map(|x| x.qualified_name.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(s.iter().map(|x| x.start_line).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.end_line).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.parent).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.signature.as_str()).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.doc.as_deref()).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.complexity).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.body_hash.as_deref()).collect::<Vec<_>>())
        .execute(&mut *conn)
        .await?;
    }
    if !a.imports.is_empty() {
        sqlx::query(
            "INSERT INTO imports (blob_id, idx, module)
             SELECT $1, * FROM UNNEST($2::int[], $3::text[])",
        )
        .bind(&a.blob_id)
        .bind(idx(a.imports.len()))
        .bind(&a.imports)
        .execute(&mut *conn)
        .await?;
    }
    if !a.calls.is_empty() {
        let c = &a.calls;
        sqlx::query(
            "INSERT INTO calls (blob_id, idx, callee, line, caller_idx, receiver, col)
             SELECT $1, * FROM UNNEST($2::int[], $3::text[], $4::int[], $5::int[], $6::text[],
                $7::int[])",
        )
        .bind(&a.blob_id)
        .bind(idx(c.len()))
        .bind(c.iter().map(|x| x.callee.as_str()).collect::<Vec<_>>())
        .bind(c.iter().map(|x| x.line).collect::<Vec<_>>())
        .bind(c.iter().map(|x| x.caller).collect::<Vec<_>>())
        .bind(c.iter().map(|x| x.receiver.as_deref()).collect::<Vec<_>>())
        .bind(c.iter().map(|x| x.column).collect::<Vec<_>>())
        .execute(&mut *conn)
        .await?;
    }
    if !a.bindings.is_empty() {
        let b = &a.bindings;
        sqlx::query(
            "INSERT INTO import_bindings (blob_id, idx, name, module, symbol)
             SELECT $1, * FROM UNNEST($2::int[], $3::text[], $4::text[], $5::text[])",
        )
        .bind(&a.blob_id)
        .bind(idx(b.len()))
        .bind(b.iter().map(|x| x.name.as_str()).collect::<Vec<_>>())
        .bind(b.iter().map(|x| x.module.as_str()).collect::<Vec<_>>())
        .bind(b.iter().map(|x| x.symbol.as_deref()).collect::<Vec<_>>())
        .execute(&mut *conn)
        .await?;
    }
    if !a.locals.is_empty() {
        let l = &a.locals;
        sqlx::query(
            "INSERT INTO typed_names (blob_id, idx, name, type_name, scope_idx)
             SELECT $1, * FROM UNNEST($2::int[], $3::text[], $4::text[], $5::int[])",
        )
        .bind(&a.blob_id)
        .bind(idx(l.len()))
        .bind(l.iter().map(|x| x.name.as_str()).collect::<Vec<_>>())
        .bind(l.iter().map(|x| x.type_name.as_str()).collect::<Vec<_>>())
        .bind(l.iter().map(|x| x.scope).collect::<Vec<_>>())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Projects a commit's enrichment: one row per commit, a model's answer preferred.
pub async fn enrichment(
    conn: &mut PgConnection,
    e: &EnrichmentProduced,
) -> Result<(), RecordError> {
    sqlx::query(
        "INSERT INTO commit_enrichments (repository, sha, event_id, committed_at, category,
             summary, risk, risk_reasons, model, prompt_version, offline, fallback_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (repository, sha) DO UPDATE SET
             event_id = EXCLUDED.event_id, committed_at = EXCLUDED.committed_at,
             category = EXCLUDED.category, summary = EXCLUDED.summary, risk = EXCLUDED.risk,
             risk_reasons = EXCLUDED.risk_reasons, model = EXCLUDED.model,
             prompt_version = EXCLUDED.prompt_version, offline = EXCLUDED.offline,
             fallback_reason = EXCLUDED.fallback_reason
         WHERE commit_enrichments.offline OR NOT EXCLUDED.offline",
    )
    .bind(&e.repository)
    .bind(&e.sha)
    .bind(&e.event_id)
    .bind(ts(e.committed_at))
    .bind(&e.category)
    .bind(&e.summary)
    .bind(e.risk.clamp(0, 100))
    .bind(serde_json::json!(e.risk_reasons))
    .bind(&e.model)
    .bind(&e.prompt_version)
    .bind(e.offline)
    .bind(&e.fallback_reason)
    .execute(conn)
    .await?;
    Ok(())
}
