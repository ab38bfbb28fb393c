#!/usr/bin/env python3
"""Extracts a labeled set of real commit subjects for the offline classifier's accuracy.

Source: the CHANGELOG.md files shipped inside crates in cargo's registry source cache
(~/.cargo/registry/src/*/<crate>/CHANGELOG.md), written by people outside this project. Entries
are grouped under headings such as "Added", "Features", "Bug Fixes", "Performance",
"Documentation", "Refactor"; the heading is the label. Headings that do not name one category
("Changed", "Other", "Breaking Changes", ...) are skipped.

Output: TSV on stdout, `label<TAB>crate<TAB>subject`, one entry per line, deduplicated by
subject. Usage: scripts/changelog_labels.py [REGISTRY_SRC_GLOB] > labels.tsv

With --corpus, the lines are in the training corpus's format instead (`repo<TAB>label<TAB>subject
<TAB>`, no paths: data/commits/README.md), the repository named by the folder that holds each
CHANGELOG.md, written `owner+name`. That is how data/changelogs/changelogs.tsv was made
(data/changelogs/README.md):
    scripts/changelog_labels.py --corpus 'DIR/*/CHANGELOG.md' > data/changelogs/changelogs.tsv
"""

import glob
import os
import re
import sys

HEADINGS = {
    "feature": {"added", "features", "feature", "new features", "new", "additions",
                "extended features", "new feature"},
    "fix": {"fixed", "fixes", "bug fixes", "bugfixes", "bug fix", "bugfix", "fix"},
    "perf": {"performance", "performance improvements", "perf", "optimizations",
             "optimisations"},
    "docs": {"documentation", "documented", "docs", "doc"},
    "refactor": {"refactor", "refactoring", "refactors", "code refactoring"},
    "security": {"security", "security fixes"},
    "test": {"tests", "testing", "test"},
    "build": {"build", "build system", "dependencies", "ci", "continuous integration",
              "dependency updates"},
    "chore": {"chore", "chores", "miscellaneous tasks"},
}
LABEL_OF = {h: label for label, hs in HEADINGS.items() for h in hs}

HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*\S)\s*$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
REFS = re.compile(r"\s*\(?(?:#\d+|[0-9a-f]{7,40}|@[\w-]+)(?:[,\s]+(?:#\d+|[0-9a-f]{7,40}|@[\w-]+))*\)?\s*$")


def heading_label(text):
    words = re.sub(r"[^a-z ]", " ", text.lower())
    return LABEL_OF.get(" ".join(words.split()))


BRACKET_REFS = re.compile(r"\(?\[+[#@][\w.-]+\]+\)?")


def clean(subject):
    subject = BRACKET_REFS.sub("", subject)
    subject = LINK.sub(r"\1", subject)
    subject = subject.replace("`", "").replace("**", "")
    subject = re.sub(r"\s+by\s+@[\w-]+\s+in\s+\S+$", "", subject)
    subject = REFS.sub("", subject).strip().rstrip(",;").strip()
    subject = re.sub(r"\(\s*\)$", "", subject).strip()
    return subject


def main():
    args = sys.argv[1:]
    corpus = "--corpus" in args
    args = [a for a in args if a != "--corpus"]
    pattern = args[0] if args else os.path.expanduser(
        "~/.cargo/registry/src/*/*/CHANGELOG.md")
    seen = set()
    for path in sorted(glob.glob(pattern)):
        crate = os.path.basename(os.path.dirname(path))
        label = None
        try:
            lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
        except OSError:
            continue
        for line in lines:
            m = HEADING.match(line)
            if m:
                label = heading_label(m.group(1))
                continue
            if label is None:
                continue
            m = BULLET.match(line)
            if not m:
                continue
            subject = clean(m.group(1))
            if len(subject) < 8 or len(subject) > 200:
                continue
            key = subject.lower()
            if key in seen:
                continue
            seen.add(key)
            if corpus:
                print(f"{crate.replace('+', '/', 1)}\t{label}\t{subject.replace(chr(9), ' ')}\t")
            else:
                print(f"{label}\t{crate}\t{subject}")


if __name__ == "__main__":
    main()
