//! Reading a repository with libgit2: ref tips, the commits between tips, and each commit's
//! changed files (against its first parent) with line counts and blob ids.

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Patch, Repository, Sort};
use std::collections::HashSet;
use tributary_schemas::{event_id, language, BlobObserved, CommitObserved, FileChange};

/// Why reading the repository failed.
#[derive(Debug, thiserror::Error)]
#[error("git: {0}")]
pub struct WalkError(#[from] pub git2::Error);

/// A commit with the blobs it introduced that were not seen before in this walk.
#[derive(Debug, Clone)]
pub struct CommitWithBlobs {
    /// The commit.
    pub commit: CommitObserved,
    /// New blobs.
    pub blobs: Vec<BlobObserved>,
}

/// Every ref (`refs/*` and `HEAD`) that resolves to a commit, with that commit: what
/// `git rev-list --all` starts from.
pub fn ref_tips(repo: &Repository) -> Result<Vec<(String, Oid)>, WalkError> {
    let mut tips = Vec::new();
    for r in repo.references()? {
        let r = r?;
        let Some(name) = r.name().map(str::to_string) else {
            continue;
        };
        if let Ok(commit) = r.peel_to_commit() {
            tips.push((name, commit.id()));
        }
    }
    if let Ok(head) = repo.head() {
        if let Ok(commit) = head.peel_to_commit() {
            tips.push(("HEAD".to_string(), commit.id()));
        }
    }
    tips.sort();
    tips.dedup();
    Ok(tips)
}

/// The commits reachable from `tips` but not from `hide`, parents before children.
pub fn commits_between(
    repo: &Repository,
    tips: &[Oid],
    hide: &[Oid],
) -> Result<Vec<Oid>, WalkError> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    for t in tips {
        walk.push(*t)?;
    }
    for h in hide {
        // A hidden tip that no longer exists (gc after a force-push) hides nothing.
        if repo.find_commit(*h).is_ok() {
            walk.hide(*h)?;
        }
    }
    Ok(walk.collect::<Result<Vec<_>, _>>()?)
}

fn status_name(delta: Delta) -> &'static str {
    match delta {
        Delta::Added => "added",
        Delta::Deleted => "deleted",
        Delta::Renamed => "renamed",
        Delta::Copied => "copied",
        Delta::Typechange => "typechange",
        _ => "modified",
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The most bytes of paths a commit event lists (with [`FILE_ENTRY_OVERHEAD`] per entry): with
/// the message cap this keeps a commit event well inside the default record budget
/// (`tributary_runtime::budget`) whatever the paths' lengths, on top of the count cap
/// (`TRIBUTARY_MAX_COMMIT_FILES`).
pub const MAX_FILE_LIST_BYTES: usize = 2 * 1024 * 1024;

/// What a file entry costs in a commit event besides its paths (status, counts, blob id,
/// language), an upper bound.
pub const FILE_ENTRY_OVERHEAD: usize = 96;

/// The most bytes of a commit message an event carries; a longer message is cut at a character
/// boundary and ends with a line saying how long it was.
pub const MAX_COMMIT_MESSAGE_BYTES: usize = 512 * 1024;

/// The largest commit event [`read_commit`] can build, for the start-up budget check.
pub const MAX_COMMIT_EVENT_BYTES: usize =
    MAX_FILE_LIST_BYTES + MAX_COMMIT_MESSAGE_BYTES + 64 * 1024;

/// `message` cut to [`MAX_COMMIT_MESSAGE_BYTES`] at a character boundary, with a marker line.
fn capped_message(message: String) -> String {
    if message.len() <= MAX_COMMIT_MESSAGE_BYTES {
        return message;
    }
    let mut end = MAX_COMMIT_MESSAGE_BYTES;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n[message cut by tributary: {} bytes in all]\n",
        &message[..end],
        message.len()
    )
}

/// The blobs a walk has emitted: each once, and once more at a README path if it was first
/// emitted at another (`git mv docs/intro.md README.md`), so that the README is known as one
/// (a blob event carries the path it was first seen at).
#[derive(Debug, Default)]
pub struct SeenBlobs {
    blobs: HashSet<Oid>,
    readmes: HashSet<Oid>,
}

impl SeenBlobs {
    /// Whether blob `id` at `path` is to be emitted, noting that it is.
    pub fn first(&mut self, id: Oid, path: &str) -> bool {
        let new_blob = self.blobs.insert(id);
        let new_readme = language::readme_rank(path).is_some() && self.readmes.insert(id);
        new_blob || new_readme
    }
}

/// Reads one commit: its metadata, its changed files and the blobs not in `seen` (which it
/// extends). `source` is `backfill`, `poll` or `push`. The file list stops after `max_files`
/// entries or [`MAX_FILE_LIST_BYTES`], whichever comes first; the commit then says how many files
/// it changed in all (`files_total`). Every changed file's blob is still read and emitted, so
/// analysis covers the whole commit.
pub fn read_commit(
    repo: &Repository,
    repository: &str,
    oid: Oid,
    source: &str,
    max_blob_bytes: usize,
    max_files: usize,
    seen: &mut SeenBlobs,
) -> Result<CommitWithBlobs, WalkError> {
    let commit = repo.find_commit(oid)?;
    let tree = commit.tree()?;
    let parent_tree = match commit.parents().next() {
        Some(p) => Some(p.tree()?),
        None => None,
    };
    let mut opts = DiffOptions::new();
    opts.ignore_submodules(true);
    let mut diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;

    let changed = diff.deltas().len();
    let mut files = Vec::with_capacity(changed.min(max_files));
    let mut listed_bytes = 0usize;
    let mut cut = false;
    let mut blobs = Vec::new();
    for (idx, delta) in diff.deltas().enumerate() {
        let new_file = delta.new_file();
        let old_file = delta.old_file();
        let path = new_file
            .path_bytes()
            .or_else(|| old_file.path_bytes())
            .map(lossy)
            .unwrap_or_default();
        let old_path = match delta.status() {
            Delta::Renamed | Delta::Copied => old_file.path_bytes().map(lossy),
            _ => None,
        };
        let (mut additions, mut deletions, mut binary) =
            (0usize, 0usize, delta.flags().is_binary());
        match Patch::from_diff(&diff, idx)? {
            Some(patch) => {
                let (_, a, d) = patch.line_stats()?;
                additions = a;
                deletions = d;
                binary |= patch.delta().flags().is_binary();
            }
            None => binary = true,
        }
        let blob_id =
            (delta.status() != Delta::Deleted && !new_file.id().is_zero()).then(|| new_file.id());
        let lang = language::detect(&path).map(str::to_string);
        if let Some(id) = blob_id {
            if seen.first(id, &path) {
                if let Ok(blob) = repo.find_blob(id) {
                    let size = blob.size();
                    let is_binary = blob.is_binary();
                    let truncated = size > max_blob_bytes;
                    blobs.push(BlobObserved {
                        event_id: event_id::blob(&id.to_string()),
                        blob_id: id.to_string(),
                        repository: repository.to_string(),
                        path: path.clone(),
                        language: lang.clone(),
                        size: i64::try_from(size).unwrap_or(i64::MAX),
                        binary: is_binary,
                        truncated,
                        content: (!is_binary && !truncated).then(|| blob.content().to_vec()),
                    });
                }
            }
        }
        let entry_bytes =
            FILE_ENTRY_OVERHEAD + path.len() + old_path.as_ref().map_or(0, String::len);
        if cut || files.len() >= max_files || listed_bytes + entry_bytes > MAX_FILE_LIST_BYTES {
            cut = true;
            continue;
        }
        listed_bytes += entry_bytes;
        files.push(FileChange {
            path,
            old_path,
            status: status_name(delta.status()).to_string(),
            additions: i32::try_from(additions).unwrap_or(i32::MAX),
            deletions: i32::try_from(deletions).unwrap_or(i32::MAX),
            binary,
            blob_id: blob_id.map(|id| id.to_string()),
            language: lang,
        });
    }

    let author = commit.author();
    let committer = commit.committer();
    let sha = oid.to_string();
    Ok(CommitWithBlobs {
        commit: CommitObserved {
            event_id: event_id::commit(repository, &sha),
            repository: repository.to_string(),
            tree: tree.id().to_string(),
            parents: commit.parent_ids().map(|p| p.to_string()).collect(),
            author_name: lossy(author.name_bytes()),
            author_email: lossy(author.email_bytes()),
            authored_at: author.when().seconds() * 1000,
            author_tz_offset_minutes: author.when().offset_minutes(),
            committer_name: lossy(committer.name_bytes()),
            committer_email: lossy(committer.email_bytes()),
            committed_at: committer.when().seconds() * 1000,
            message: capped_message(lossy(commit.message_bytes())),
            files,
            source: source.to_string(),
            committer_tz_offset_minutes: Some(committer.when().offset_minutes()),
            files_total: cut.then(|| i32::try_from(changed).unwrap_or(i32::MAX)),
            sha,
        },
        blobs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "Ada")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn reads_changes_line_counts_renames_and_blobs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        std::fs::write(d.join("a.rs"), "fn a() {}\nfn b() {}\n").expect("write");
        std::fs::write(d.join("big.txt"), "x".repeat(100)).expect("write");
        git(d, &["add", "."]);
        git(d, &["commit", "-q", "-m", "first"]);
        std::fs::write(d.join("a.rs"), "fn a() {}\nfn c() {}\nfn d() {}\n").expect("write");
        git(d, &["mv", "big.txt", "moved.txt"]);
        git(d, &["commit", "-q", "-am", "second"]);

        let repo = Repository::open(d).expect("open");
        let tips = ref_tips(&repo).expect("tips");
        assert!(tips.iter().any(|(n, _)| n == "refs/heads/main"));
        let oids = commits_between(&repo, &[tips[0].1], &[]).expect("walk");
        assert_eq!(oids.len(), 2);
        let mut seen = SeenBlobs::default();
        let first =
            read_commit(&repo, "o/r", oids[0], "backfill", 50, 100, &mut seen).expect("first");
        assert_eq!(first.commit.message, "first\n");
        assert!(first.commit.parents.is_empty());
        assert_eq!(first.commit.files.len(), 2);
        let big = first
            .blobs
            .iter()
            .find(|b| b.path == "big.txt")
            .expect("blob");
        assert!(big.truncated && big.content.is_none() && big.size == 100);
        let small = first.blobs.iter().find(|b| b.path == "a.rs").expect("blob");
        assert_eq!(small.language.as_deref(), Some("rust"));
        assert_eq!(
            small.content.as_deref(),
            Some(&b"fn a() {}\nfn b() {}\n"[..])
        );

        let second =
            read_commit(&repo, "o/r", oids[1], "backfill", 50, 100, &mut seen).expect("second");
        let a = second
            .commit
            .files
            .iter()
            .find(|f| f.path == "a.rs")
            .expect("a.rs");
        assert_eq!(
            (a.status.as_str(), a.additions, a.deletions),
            ("modified", 2, 1)
        );
        let moved = second
            .commit
            .files
            .iter()
            .find(|f| f.path == "moved.txt")
            .expect("moved");
        assert_eq!(moved.status, "renamed");
        assert_eq!(moved.old_path.as_deref(), Some("big.txt"));
        // The renamed blob was already emitted by the first commit.
        assert_eq!(second.blobs.len(), 1);

        // Moved to a README path: emitted once more, with that path (a blob event carries
        // the path it was first seen at, and the read model keeps README blobs by path);
        // moved back, not again.
        git(d, &["mv", "moved.txt", "README.md"]);
        git(d, &["commit", "-q", "-m", "third"]);
        let repo = Repository::open(d).expect("open");
        let head = repo.head().expect("head").target().expect("oid");
        let third = read_commit(&repo, "o/r", head, "backfill", 50, 100, &mut seen).expect("third");
        let paths: Vec<&str> = third.blobs.iter().map(|b| b.path.as_str()).collect();
        assert_eq!(paths, vec!["README.md"]);
        assert_eq!(third.blobs[0].blob_id, big.blob_id);
        git(d, &["mv", "README.md", "docs.txt"]);
        git(d, &["commit", "-q", "-m", "fourth"]);
        let head = repo.head().expect("head").target().expect("oid");
        let fourth =
            read_commit(&repo, "o/r", head, "backfill", 50, 100, &mut seen).expect("fourth");
        assert!(fourth.blobs.is_empty());
        assert_eq!(second.commit.files_total, None);
        assert_eq!(
            second.commit.event_id,
            event_id::commit("o/r", &oids[1].to_string())
        );
    }

    #[test]
    fn a_commit_over_the_file_cap_lists_the_first_files_and_counts_them_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        for i in 0..25 {
            std::fs::write(d.join(format!("f{i:02}.txt")), format!("{i}\n")).expect("write");
        }
        git(d, &["add", "."]);
        git(d, &["commit", "-q", "-m", "many"]);
        let repo = Repository::open(d).expect("open");
        let tips = ref_tips(&repo).expect("tips");
        let oids = commits_between(&repo, &[tips[0].1], &[]).expect("walk");
        let mut seen = SeenBlobs::default();
        let c = read_commit(&repo, "o/r", oids[0], "backfill", 50, 10, &mut seen).expect("read");
        assert_eq!(c.commit.files.len(), 10);
        assert_eq!(c.commit.files_total, Some(25));
        // Every blob is still emitted: analysis sees the whole commit.
        assert_eq!(c.blobs.len(), 25);
        let mut seen = SeenBlobs::default();
        let whole =
            read_commit(&repo, "o/r", oids[0], "backfill", 50, 25, &mut seen).expect("read");
        assert_eq!(
            (whole.commit.files.len(), whole.commit.files_total),
            (25, None)
        );
    }

    #[test]
    fn a_huge_message_is_cut_at_a_character_boundary_with_a_marker() {
        let long = "é".repeat(MAX_COMMIT_MESSAGE_BYTES);
        let cut = capped_message(long.clone());
        assert!(cut.len() < MAX_COMMIT_MESSAGE_BYTES + 100);
        assert!(cut.ends_with(&format!("{} bytes in all]\n", long.len())));
        assert_eq!(capped_message("short".into()), "short");
    }
}
