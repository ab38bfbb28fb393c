//! Language detection from a path: the values of the `language` fields of commits and blobs.
//! One table; add a row to teach it a language.

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
    ("cs", "csharp"),
    ("rb", "ruby"),
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
    }
}
