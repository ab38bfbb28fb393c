//! Git repositories for the tests: made with the `git` command line, a fixed identity.

use std::path::Path;
use std::process::Command;
use tributary_test_support::command::output_of;

/// Runs git in `dir` with a fixed identity; panics on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    output_of(
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "Ada Lovelace")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada Lovelace")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com"),
    )
    .trim()
    .to_string()
}

/// A repository with `commits` commits over two authors, a branch and a merge.
pub fn make_repository(dir: &Path, commits: usize) {
    git(dir, &["init", "-q", "-b", "main"]);
    for i in 0..commits {
        let file = dir.join(format!("src/mod{}.rs", i % 7));
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        let mut text = std::fs::read_to_string(&file).unwrap_or_default();
        text.push_str(&format!("pub fn f{i}() -> usize {{ {i} }}\n"));
        std::fs::write(&file, text).expect("write");
        git(dir, &["add", "."]);
        if i % 5 == 0 {
            let out = Command::new("git")
                .args(["commit", "-q", "-m", &format!("change {i}")])
                .current_dir(dir)
                .env("GIT_AUTHOR_NAME", "Grace Hopper")
                .env("GIT_AUTHOR_EMAIL", "grace@example.com")
                .env("GIT_COMMITTER_NAME", "Grace Hopper")
                .env("GIT_COMMITTER_EMAIL", "grace@example.com")
                .env(
                    "GIT_AUTHOR_DATE",
                    format!("2026-01-{:02}T12:00:00Z", 1 + i % 28),
                )
                .output()
                .expect("git");
            assert!(out.status.success());
        } else {
            git(dir, &["commit", "-q", "-m", &format!("change {i}")]);
        }
        if i == commits / 2 {
            git(dir, &["checkout", "-q", "-b", "feature"]);
            std::fs::write(dir.join("FEATURE.md"), "feature\n").expect("write");
            git(dir, &["add", "."]);
            git(dir, &["commit", "-q", "-m", "feature work"]);
            git(dir, &["checkout", "-q", "main"]);
        }
    }
    git(
        dir,
        &["merge", "-q", "--no-ff", "-m", "merge feature", "feature"],
    );
}

pub fn rev_list_count(dir: &Path) -> i64 {
    git(dir, &["rev-list", "--all", "--count"])
        .parse()
        .expect("count")
}

/// A new repository at `dir` (created) whose one commit, `message`, holds `files`; returns
/// the commit's sha.
pub fn init_repository(dir: &Path, files: &[(&str, &str)], message: &str) -> String {
    std::fs::create_dir_all(dir).expect("mkdir");
    git(dir, &["init", "-q", "-b", "main"]);
    write_files(dir, files);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

/// Writes `files` (path, text) under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
}
