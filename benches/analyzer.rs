//! The AST analyzer against an independent oracle and against its own ceiling, on real code:
//! the Python files of the machine's Python standard library, the Rust sources in cargo's
//! registry source cache, the Java sources of a JDK's `src.zip` (`java.base/java/**`, unpacked
//! once into the temporary directory) and the C sources of the `-sys` crates (and `ring`) in
//! that cache; C++, Ruby, C# and PHP from checkouts of real projects given on the command line
//! (or in `TRIBUTARY_BENCH_CPP`, `TRIBUTARY_BENCH_RUBY`, `TRIBUTARY_BENCH_CSHARP` and
//! `TRIBUTARY_BENCH_PHP`), as measured on RocksDB, RuboCop, Newtonsoft.Json (its library, not
//! its tests) and Laravel (its `src`):
//!
//! ```text
//! git clone --depth 1 https://github.com/facebook/rocksdb /tmp/corpus/rocksdb
//! git clone --depth 1 https://github.com/rubocop/rubocop /tmp/corpus/rubocop
//! git clone --depth 1 https://github.com/JamesNK/Newtonsoft.Json /tmp/corpus/newtonsoft
//! git clone --depth 1 https://github.com/laravel/framework /tmp/corpus/laravel
//! # then --csharp-corpus /tmp/corpus/newtonsoft/Src/Newtonsoft.Json
//! #      --php-corpus /tmp/corpus/laravel/src
//! ```
//!
//! A corpus with no files on the machine is left out.
//!
//! - accuracy: per file, the function/class/method names the analyzer finds against Universal
//!   Ctags' (Jaccard agreement of the two name sets, averaged over files; precision and recall);
//! - speed: files/s and MB/s of the analyzer, of a bare tree-sitter parse (the ceiling), and of
//!   `ctags` on the same files, timed in the same run.
//!
//! `cargo bench --profile dev --bench analyzer -- [--max-files N] [--cpp-corpus DIR]
//! [--ruby-corpus DIR] [--csharp-corpus DIR] [--php-corpus DIR]` (`.cc`, `.cpp` and `.cxx` files
//! of the C++ directory, `.rb` of the Ruby one, `.cs` of the C# one, `.php` of the PHP one,
//! outside `test` and `tests` folders)

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use tributary_processors::ast::{analyze, parse_only, spec};

struct Corpus {
    language: &'static str,
    ctags_language: &'static str,
    /// ctags kinds compared, and the analyzer kinds compared.
    ctags_kinds: &'static [&'static str],
    our_kinds: &'static [&'static str],
    files: Vec<PathBuf>,
}

fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>, max: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if out.len() >= max {
            return;
        }
        if p.is_dir() {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name != "test" && name != "tests" && !name.starts_with('.') {
                walk(&p, exts, out, max);
            }
        } else if p.extension().is_some_and(|e| exts.iter().any(|x| e == *x)) {
            out.push(p);
        }
    }
}

fn python_stdlib() -> PathBuf {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    PathBuf::from(out)
}

fn cargo_sources() -> Vec<PathBuf> {
    let home = std::env::var("CARGO_HOME")
        .unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap_or_default()));
    let mut dirs = Vec::new();
    if let Ok(indexes) = std::fs::read_dir(Path::new(&home).join("registry/src")) {
        for index in indexes.filter_map(Result::ok) {
            if let Ok(crates) = std::fs::read_dir(index.path()) {
                dirs.extend(crates.filter_map(Result::ok).map(|c| c.path().join("src")));
            }
        }
    }
    dirs.sort();
    dirs
}

/// Root directories of the crates in cargo's registry source cache whose C sources are read: the
/// `-sys` crates and `ring`, the newest stored version of each (by directory name).
fn c_crates() -> Vec<PathBuf> {
    let home = std::env::var("CARGO_HOME")
        .unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap_or_default()));
    let mut latest: std::collections::BTreeMap<String, PathBuf> = Default::default();
    if let Ok(indexes) = std::fs::read_dir(Path::new(&home).join("registry/src")) {
        for index in indexes.filter_map(Result::ok) {
            let Ok(crates) = std::fs::read_dir(index.path()) else {
                continue;
            };
            for dir in crates.filter_map(Result::ok).map(|c| c.path()) {
                let file = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let Some((name, _version)) = file.rsplit_once('-') else {
                    continue;
                };
                if !(name.ends_with("-sys") || name == "ring") {
                    continue;
                }
                let newer = latest.get(name).is_none_or(|old| old < &dir);
                if newer {
                    latest.insert(name.to_string(), dir);
                }
            }
        }
    }
    latest.into_values().collect()
}

/// The C corpus: up to `max` `.c` files, shared evenly between the crates of [`c_crates`]. Files
/// over 1 MB are left out: they are generated amalgamations (sqlite3.c, 8 MB), on which ctags
/// gives up after the first few thousand lines.
fn c_sources(max: usize) -> Vec<PathBuf> {
    let crates = c_crates();
    let share = max.div_ceil(crates.len().max(1));
    let mut out = Vec::new();
    for dir in crates {
        let mut files = Vec::new();
        walk(&dir, &["c"], &mut files, share);
        files.retain(|f| std::fs::metadata(f).is_ok_and(|m| m.len() <= 1_000_000));
        out.extend(files);
    }
    out.truncate(max);
    out
}

/// The Java corpus: `java.base/java/**` of the first JDK `src.zip` found, unpacked (once) into
/// the temporary directory with `unzip`.
fn java_sources(max: usize) -> Vec<PathBuf> {
    let Ok(jvms) = std::fs::read_dir("/usr/lib/jvm") else {
        return Vec::new();
    };
    let mut zips: Vec<PathBuf> = jvms
        .filter_map(Result::ok)
        .map(|d| d.path().join("lib/src.zip"))
        .filter(|z| z.is_file())
        .collect();
    zips.sort();
    let Some(zip) = zips.first() else {
        return Vec::new();
    };
    let dir = std::env::temp_dir().join("tributary-bench-jdk");
    let root = dir.join("java.base/java");
    if !root.is_dir() {
        let unpacked = Command::new("unzip")
            .args(["-q", "-o"])
            .arg(zip)
            .arg("java.base/java/*")
            .arg("-d")
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !unpacked {
            eprintln!("could not unpack {} (is unzip installed?)", zip.display());
            return Vec::new();
        }
    }
    let mut out = Vec::new();
    walk(&root, &["java"], &mut out, max);
    out
}

/// A corpus directory given as `--<flag> DIR`, or else in the environment variable `var`.
fn corpus_dir(argv: &[String], flag: &str, var: &str) -> Option<PathBuf> {
    argv.windows(2)
        .find(|w| w[0] == flag)
        .map(|w| PathBuf::from(&w[1]))
        .or_else(|| std::env::var_os(var).map(PathBuf::from))
}

/// The files of `dir` (if given) with one of `exts`, up to `max`.
fn corpus_files(dir: Option<PathBuf>, exts: &[&str], max: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = dir {
        walk(&dir, exts, &mut out, max);
    }
    out
}

/// One spelling of a C++ operator's name: ctags writes `operator ==` and `operator []`, the
/// source (and so the analyzer) mostly `operator==`; `operator new` and `operator bool` keep
/// their space.
fn normalized(name: &str) -> String {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    match name.strip_prefix("operator") {
        // An identifier that begins so (`operators`).
        Some(rest) if rest.starts_with(ident) => name.to_string(),
        Some(rest) if rest.trim_start().starts_with(ident) => {
            format!(
                "operator {}",
                rest.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        }
        Some(rest) => format!("operator{}", rest.split_whitespace().collect::<String>()),
        None => name.to_string(),
    }
}

/// ctags' names per file, restricted to `kinds`.
fn ctags_names(c: &Corpus) -> HashMap<PathBuf, BTreeSet<String>> {
    let list = std::env::temp_dir().join(format!("tributary-ctags-{}.txt", c.language));
    let text: String = c
        .files
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    let _ = std::fs::write(&list, text);
    let out = Command::new("ctags")
        .args([
            "--output-format=json",
            "--fields=+K",
            &format!("--languages={}", c.ctags_language),
            "-f",
            "-",
            "-L",
        ])
        .arg(&list)
        .output()
        .expect("ctags runs (apt-get install universal-ctags)");
    let mut names: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let kind = v["kind"].as_str().unwrap_or_default();
        if !c.ctags_kinds.contains(&kind) {
            continue;
        }
        if let (Some(path), Some(name)) = (v["path"].as_str(), v["name"].as_str()) {
            // ctags names anonymous C structs/enums `__anon<hash>`: nothing to compare.
            if name.starts_with("__anon") {
                continue;
            }
            // ctags names a C# explicit interface implementation with its interface
            // (`IDisposable.Dispose`); the analyzer by the method's own name.
            let name = match (c.language, kind) {
                ("csharp", "method") => name.rsplit('.').next().unwrap_or(name),
                _ => name,
            };
            names
                .entry(PathBuf::from(path))
                .or_default()
                .insert(normalized(name));
        }
    }
    names
}

struct Speed {
    files: usize,
    bytes: usize,
    secs: f64,
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let max = argv
        .windows(2)
        .find(|w| w[0] == "--max-files")
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(2000usize);

    let mut py = Vec::new();
    walk(&python_stdlib(), &["py"], &mut py, max);
    let mut rs = Vec::new();
    for dir in cargo_sources() {
        walk(&dir, &["rs"], &mut rs, max);
        if rs.len() >= max {
            break;
        }
    }
    let corpora = [
        Corpus {
            language: "python",
            ctags_language: "Python",
            ctags_kinds: &["class", "function", "member"],
            our_kinds: &["class", "function", "method"],
            files: py,
        },
        Corpus {
            language: "rust",
            ctags_language: "Rust",
            ctags_kinds: &[
                "function",
                "method",
                "struct",
                "enum",
                "typedef",
                "interface",
                "union",
            ],
            our_kinds: &["function", "method", "class", "interface"],
            files: rs,
        },
        Corpus {
            language: "java",
            ctags_language: "Java",
            ctags_kinds: &["class", "enum", "interface", "annotation", "method"],
            our_kinds: &["class", "interface", "method", "function"],
            files: java_sources(max),
        },
        Corpus {
            language: "c",
            ctags_language: "C",
            ctags_kinds: &["function", "struct", "union", "enum", "typedef"],
            our_kinds: &["function", "class", "type"],
            files: c_sources(max),
        },
        Corpus {
            language: "cpp",
            ctags_language: "C++",
            ctags_kinds: &[
                "function",
                "class",
                "struct",
                "union",
                "enum",
                "typedef",
                "namespace",
            ],
            our_kinds: &["function", "method", "class", "type", "module"],
            files: corpus_files(
                corpus_dir(&argv, "--cpp-corpus", "TRIBUTARY_BENCH_CPP"),
                &["cc", "cpp", "cxx"],
                max,
            ),
        },
        Corpus {
            language: "ruby",
            ctags_language: "Ruby",
            ctags_kinds: &["class", "module", "method", "singletonMethod"],
            our_kinds: &["class", "module", "method"],
            files: corpus_files(
                corpus_dir(&argv, "--ruby-corpus", "TRIBUTARY_BENCH_RUBY"),
                &["rb"],
                max,
            ),
        },
        Corpus {
            language: "csharp",
            ctags_language: "C#",
            ctags_kinds: &[
                "class",
                "struct",
                "interface",
                "enum",
                "method",
                "namespace",
            ],
            // Not `function`, only C#'s local functions, which ctags does not report.
            our_kinds: &["class", "interface", "type", "method", "module"],
            files: corpus_files(
                corpus_dir(&argv, "--csharp-corpus", "TRIBUTARY_BENCH_CSHARP"),
                &["cs"],
                max,
            ),
        },
        Corpus {
            language: "php",
            ctags_language: "PHP",
            // ctags' PHP `function` is also a method.
            ctags_kinds: &["class", "interface", "trait", "function", "namespace"],
            our_kinds: &["class", "interface", "method", "function", "module"],
            files: corpus_files(
                corpus_dir(&argv, "--php-corpus", "TRIBUTARY_BENCH_PHP"),
                &["php"],
                max,
            ),
        },
    ];

    println!(
        "\nAST analyzer vs Universal Ctags ({})\n",
        String::from_utf8_lossy(
            &Command::new("ctags")
                .arg("--version")
                .output()
                .map(|o| o.stdout)
                .unwrap_or_default()
        )
        .lines()
        .next()
        .unwrap_or("ctags")
    );
    println!("| language | files | mean agreement (Jaccard) | files >= 95% | precision | recall |");
    println!("|---|---|---|---|---|---|");
    let mut speed_rows = Vec::new();
    for c in &corpora {
        let Some(lang) = spec(c.language) else {
            continue;
        };
        if c.files.is_empty() {
            continue;
        }
        let sources: Vec<(PathBuf, Vec<u8>)> = c
            .files
            .iter()
            .filter_map(|p| std::fs::read(p).ok().map(|b| (p.clone(), b)))
            .collect();
        let bytes: usize = sources.iter().map(|(_, b)| b.len()).sum();

        // Speed: bare parse (ceiling), analyzer, ctags; each the best of three rounds, taken in
        // turn so that machine noise hits all three alike.
        let mut bare = f64::MAX;
        let mut analyzer = f64::MAX;
        let mut ctags = f64::MAX;
        let mut ours: Vec<(PathBuf, BTreeSet<String>)> = Vec::new();
        let mut theirs = HashMap::new();
        for _ in 0..3 {
            let t = Instant::now();
            for (_, src) in &sources {
                std::hint::black_box(parse_only(lang, src));
            }
            bare = bare.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            ours = sources
                .iter()
                .map(|(p, src)| {
                    let a = analyze(lang, src);
                    let names = a
                        .symbols
                        .iter()
                        .filter(|s| c.our_kinds.contains(&s.kind.as_str()))
                        .map(|s| normalized(&s.name))
                        .collect();
                    (p.clone(), names)
                })
                .collect();
            analyzer = analyzer.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            theirs = ctags_names(c);
            ctags = ctags.min(t.elapsed().as_secs_f64());
        }

        let (mut sum, mut n, mut good, mut tp, mut ours_total, mut theirs_total) =
            (0.0, 0usize, 0usize, 0usize, 0usize, 0usize);
        for (path, mine) in &ours {
            let empty = BTreeSet::new();
            let other = theirs.get(path).unwrap_or(&empty);
            if mine.is_empty() && other.is_empty() {
                continue;
            }
            let inter = mine.intersection(other).count();
            let union = mine.union(other).count();
            let score = inter as f64 / union as f64;
            sum += score;
            n += 1;
            good += usize::from(score >= 0.95);
            tp += inter;
            ours_total += mine.len();
            theirs_total += other.len();
        }
        println!(
            "| {} | {} | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
            c.language,
            n,
            100.0 * sum / n.max(1) as f64,
            100.0 * good as f64 / n.max(1) as f64,
            100.0 * tp as f64 / ours_total.max(1) as f64,
            100.0 * tp as f64 / theirs_total.max(1) as f64,
        );
        speed_rows.push((
            c.language,
            Speed {
                files: sources.len(),
                bytes,
                secs: bare,
            },
            Speed {
                files: sources.len(),
                bytes,
                secs: analyzer,
            },
            Speed {
                files: sources.len(),
                bytes,
                secs: ctags,
            },
        ));
    }

    println!("\n| language | measure | files | MB | seconds | files/s | MB/s | vs bare parse |");
    println!("|---|---|---|---|---|---|---|---|");
    for (lang, bare, ours, ctags) in &speed_rows {
        for (what, s) in [
            ("bare tree-sitter parse (ceiling)", bare),
            ("tributary analyzer", ours),
            ("ctags", ctags),
        ] {
            let mb = s.bytes as f64 / 1e6;
            println!(
                "| {lang} | {what} | {} | {:.1} | {:.2} | {:.0} | {:.1} | {:.2}x |",
                s.files,
                mb,
                s.secs,
                s.files as f64 / s.secs,
                mb / s.secs,
                s.secs / bare.secs
            );
        }
    }
}
