//! Language detection from a path: the values of the `language` fields of commits and blobs.
//! One table; add a row to teach it a language. Also which paths are READMEs (the PostgreSQL
//! projection keeps their text, the documentation page opens with the root one).

/// (file extension or exact file name, language).
const TABLE: &[(&str, &str)] = &[
    ("rs", "rust"),
    ("py", "python"),
    ("pyi", "python"),
    ("js", "javascript"),
    ("mjs", "javascript"),
    ("cjs", "javascript"),
    ("jsx", "javascript"),
    ("ts", "typescript"),
    ("mts", "typescript"),
    ("cts", "typescript"),
    ("tsx", "tsx"),
    ("go", "go"),
    ("java", "java"),
    ("kt", "kotlin"),
    ("kts", "kotlin"),
    ("scala", "scala"),
    ("c", "c"),
    ("h", "c"),
    ("cc", "cpp"),
    ("cpp", "cpp"),
    ("cxx", "cpp"),
    ("hpp", "cpp"),
    ("hh", "cpp"),
    ("hxx", "cpp"),
    ("h++", "cpp"),
    ("cs", "csharp"),
    ("rb", "ruby"),
    ("rake", "ruby"),
    ("gemspec", "ruby"),
    ("Rakefile", "ruby"),
    ("Gemfile", "ruby"),
    ("php", "php"),
    ("swift", "swift"),
    ("sh", "shell"),
    ("bash", "shell"),
    ("sql", "sql"),
    ("html", "html"),
    ("css", "css"),
    ("md", "markdown"),
    ("json", "json"),
    ("yml", "yaml"),
    ("yaml", "yaml"),
    ("toml", "toml"),
    ("xml", "xml"),
    ("proto", "protobuf"),
    ("avsc", "avro"),
    ("Dockerfile", "dockerfile"),
    ("Makefile", "make"),
];

/// The language of a path, from its file name or extension.
pub fn detect(path: &str) -> Option<&'static str> {
    let file = path.rsplit('/').next().unwrap_or(path);
    if let Some((_, lang)) = TABLE.iter().find(|(k, _)| *k == file) {
        return Some(lang);
    }
    let (_, ext) = file.rsplit_once('.')?;
    TABLE
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(ext))
        .map(|(_, lang)| *lang)
}

/// File names of a README (compared case-insensitively), in the order a documentation page
/// prefers them when one folder holds several.
pub const README_NAMES: &[&str] = &[
    "README.md",
    "README.markdown",
    "README",
    "README.rst",
    "README.txt",
];

/// Where `path`'s file name (at any depth) stands in [`README_NAMES`]; `None` when it is not a
/// README.
pub fn readme_rank(path: &str) -> Option<usize> {
    let file = path.rsplit('/').next().unwrap_or(path);
    README_NAMES
        .iter()
        .position(|name| name.eq_ignore_ascii_case(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension_and_name() {
        assert_eq!(detect("src/main.rs"), Some("rust"));
        assert_eq!(detect("web/App.tsx"), Some("tsx"));
        assert_eq!(detect("Dockerfile"), Some("dockerfile"));
        assert_eq!(detect("a/b/LICENSE"), None);
        assert_eq!(detect("x.PY"), Some("python"));
        assert_eq!(detect("include/a.h++"), Some("cpp"));
        assert_eq!(detect("src/a.h"), Some("c"));
        assert_eq!(detect("Gemfile"), Some("ruby"));
    }

    #[test]
    fn readmes_at_any_depth_in_any_case() {
        assert_eq!(readme_rank("README.md"), Some(0));
        assert_eq!(readme_rank("docs/readme.MD"), Some(0));
        assert_eq!(readme_rank("a/b/Readme"), Some(2));
        assert_eq!(readme_rank("README.txt"), Some(4));
        assert_eq!(readme_rank("README.md.orig"), None);
        assert_eq!(readme_rank("NOT_README.md"), None);
        assert_eq!(readme_rank("readme/index.md"), None);
    }
}
