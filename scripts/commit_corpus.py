#!/usr/bin/env python3
"""Builds a labeled corpus of real commit subjects from public Conventional Commits repositories.

Source: the git history of public GitHub repositories whose maintainers write commit subjects in
the Conventional Commits form (`type(scope)!: subject`). Each repository is read as a bare git
directory (for example a snapshot at /work/.mirror/<owner>+<name>/repo); only its HEAD (the
default branch) is walked, merges excluded:

    git --git-dir=D log --no-merges --no-renames --format=... --name-only HEAD

The commit type written by the author is the label; the classifier never sees it, because the
`type(scope)!:` prefix is stripped from the subject.

Label mapping (type and scope compared case-insensitively):
    feat -> feature       fix -> fix           docs -> docs        perf -> perf
    refactor -> refactor  test, tests -> test  build, ci -> build  chore -> chore
    except chore(release), chore(ci), any type with scope deps or deps-dev (Renovate's
    `fix(deps): ...`), and any subject that is a release (`chore(main): release 2.3.0`)
    -> build, and so is a plain `chore:` whose subject is a dependency update (`bump X from A
    to B`, `update dependency X to vN`, `lock file maintenance`): the project's taxonomy puts
    dependencies, releases and CI under `build`.
    Every other type (style, revert, wip, ...) and every non-conventional subject is dropped.

Per repository: subjects that are empty after stripping are skipped; exact duplicate stripped
subjects are dropped (the newest commit is kept); then the newest --max-per-repo commits are kept.

Output: TSV, one commit a line, `repo<TAB>label<TAB>subject<TAB>paths`, where paths are the changed
paths (at most --max-paths, space-separated, spaces in a path written as %20, tabs as %09).
Sorted by repo, then commit date newest first, then commit sha; deterministic for given HEADs.

Usage:
    scripts/commit_corpus.py [--max-per-repo N] [--max-paths N] [-o OUT] SPEC...
where each SPEC is `owner/name=GITDIR`, or a GITDIR of the form .../<owner>+<name>/repo from which
the name is inferred. The exact command that produced data/commits/conventional.tsv is in
data/commits/README.md. Python 3.11, standard library only.
"""

import argparse
import os
import re
import subprocess
import sys

TYPE_LABEL = {
    "feat": "feature",
    "fix": "fix",
    "docs": "docs",
    "perf": "perf",
    "refactor": "refactor",
    "test": "test",
    "tests": "test",
    "build": "build",
    "ci": "build",
    "chore": "chore",
}
BUILD_OVERRIDES = {
    ("chore", "deps"),
    ("chore", "deps-dev"),
    ("build", "deps"),
    ("chore", "release"),
    ("chore", "ci"),
}
# Dependency updates under any type (Renovate writes `fix(deps): ...`) are build work.
BUILD_SCOPES = {"deps", "deps-dev"}
# Release commits (`chore(main): release 2.3.0`, `chore: release v1.2`) are build work too.
RELEASE = re.compile(r"^release\b\s*(v?\d|[\w.-]+ v?\d)", re.I)
# An unscoped `chore:` that is a dependency update in the words bots and people use
# (`chore: bump lodash from 4.17.20 to 4.17.21`, `chore: update dependency x to v2`,
# `chore: lock file maintenance`) is build work as well.
DEPENDENCY_UPDATE = re.compile(
    r"^(bump|update|upgrade|pin)\b.*\b(from \S+ to|to v?\d|dependenc|deps?\b|digest|lock ?file)"
    r"|^lock file maintenance"
    r"|^(update|bump) (rust crate|module|github action|actions/|dependency)",
    re.I,
)
PREFIX = re.compile(r"^\s*([A-Za-z]+)(?:\(([^()]*)\))?(!)?:(.*)$", re.S)

REC = "\x1e"
FIELD = "\x1f"
LOG_FORMAT = f"{REC}%H{FIELD}%ct{FIELD}%s"


def label_of(subject):
    """Returns (label, stripped subject) or None when the subject is not kept."""
    m = PREFIX.match(subject)
    if not m:
        return None
    ctype = m.group(1).lower()
    scope = (m.group(2) or "").strip().lower()
    label = TYPE_LABEL.get(ctype)
    if label is None:
        return None
    rest = re.sub(r"[\t\r\n\v\f]", " ", m.group(4)).strip()
    if not rest:
        return None
    if (ctype, scope) in BUILD_OVERRIDES or scope in BUILD_SCOPES or RELEASE.match(rest):
        label = "build"
    elif label == "chore" and DEPENDENCY_UPDATE.search(rest):
        label = "build"
    return label, rest


def unquote_path(p):
    """Undoes git's C-style quoting of unusual path names ("a\\tb", octal escapes)."""
    if len(p) >= 2 and p[0] == '"' and p[-1] == '"':
        body = p[1:-1]
        try:
            raw = body.encode("latin-1", "backslashreplace").decode("unicode_escape")
            return raw.encode("latin-1").decode("utf-8", "replace")
        except (UnicodeDecodeError, UnicodeEncodeError):
            return body
    return p


def encode_path(p):
    return (p.replace("%", "%25").replace(" ", "%20").replace("\t", "%09")
            .replace("\n", "%0A").replace("\r", "%0D"))


def read_commits(git_dir):
    """Yields (sha, committer_time, subject, [paths]) for every non-merge commit of HEAD."""
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
               LC_ALL="C")
    cmd = ["git", "-c", "core.quotePath=false", "--git-dir", git_dir, "log", "--no-merges",
           "--no-renames", "--no-ext-diff", "--no-color", f"--format={LOG_FORMAT}",
           "--name-only", "HEAD"]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True).stdout
    text = out.decode("utf-8", "replace")
    for rec in text.split(REC)[1:]:
        header, _, body = rec.partition("\n")
        sha, ct, subject = header.split(FIELD, 2)
        paths = [unquote_path(line) for line in body.split("\n") if line.strip()]
        yield sha, int(ct), subject, paths


def repo_rows(name, git_dir, max_per_repo, max_paths):
    commits = sorted(read_commits(git_dir), key=lambda c: (-c[1], c[0]))
    seen = set()
    rows = []
    for sha, _ct, subject, paths in commits:
        got = label_of(subject)
        if got is None:
            continue
        label, rest = got
        if rest in seen:
            continue
        seen.add(rest)
        rows.append((name, label, rest, " ".join(encode_path(p) for p in paths[:max_paths])))
        if len(rows) >= max_per_repo:
            break
    return rows


def parse_spec(spec):
    if "=" in spec:
        name, git_dir = spec.split("=", 1)
    else:
        git_dir = spec
        base = os.path.basename(os.path.normpath(git_dir))
        if base in ("repo", ".git"):
            base = os.path.basename(os.path.dirname(os.path.normpath(git_dir)))
        if "+" not in base:
            sys.exit(f"cannot infer owner/name from {spec!r}; use owner/name=GITDIR")
        name = base.replace("+", "/", 1)
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", name):
        sys.exit(f"bad repository name {name!r}")
    return name, git_dir


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("specs", nargs="+", metavar="SPEC")
    ap.add_argument("--max-per-repo", type=int, default=3000)
    ap.add_argument("--max-paths", type=int, default=20)
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()

    repos = sorted(parse_spec(s) for s in args.specs)
    names = [n for n, _ in repos]
    if len(set(names)) != len(names):
        sys.exit("a repository is given twice")
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8",
                                                     newline="\n")
    try:
        for name, git_dir in repos:
            rows = repo_rows(name, git_dir, args.max_per_repo, args.max_paths)
            for row in rows:
                out.write("\t".join(row) + "\n")
            print(f"{name}: {len(rows)} commits", file=sys.stderr)
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
