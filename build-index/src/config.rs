//! `xun.toml`: a site's options in a file, so that the command after a
//! generator's build stays one short line and the options live with the
//! site. Every key is a flag without its `--`, and a flag given on the
//! command line overrides its key:
//!
//! ```toml
//! out = "public/search/"          # paths are relative to this file
//! base-url = "/blog/"
//! selector = "article .post-body"
//! exclude = [".toc", ".post-copyright"]
//! synonyms = "synonyms.conf"
//! offline = false
//! ```
//!
//! The file is `--config PATH`, else `xun.toml` in the current directory
//! (a generator's project: beside `hugo.toml`, `_config.yml`), else
//! `xun.toml` in the site directory being indexed.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file name looked for when `--config` is not given.
pub const FILE_NAME: &str = "xun.toml";

/// Every key, in the order the docs list them.
pub const KEYS: &[&str] = &[
    "out",
    "base-url",
    "selector",
    "exclude",
    "synonyms",
    "offline",
    "bundle",
    "words-only",
    "html",
    "port",
    "bucket-bytes",
    "shard-bytes",
    "record-bytes",
    "inline-bytes",
    "preload-bytes",
];

/// The options a file or the command line sets; `None` is "not said".
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub selector: Option<String>,
    pub exclude: Option<Vec<String>>,
    pub synonyms: Option<PathBuf>,
    pub offline: Option<bool>,
    pub bundle: Option<bool>,
    pub words_only: Option<bool>,
    pub html: Option<PathBuf>,
    pub port: Option<u16>,
    pub bucket_bytes: Option<usize>,
    pub shard_bytes: Option<usize>,
    pub record_bytes: Option<usize>,
    pub inline_bytes: Option<usize>,
    pub preload_bytes: Option<usize>,
}

impl Config {
    /// These options, with what they leave unsaid taken from `base`: the
    /// command line's over the file's. A list is replaced whole, not
    /// extended, so `--exclude` on the command line sets the whole list.
    pub fn or(self, base: Config) -> Config {
        Config {
            out: self.out.or(base.out),
            base_url: self.base_url.or(base.base_url),
            selector: self.selector.or(base.selector),
            exclude: self.exclude.or(base.exclude),
            synonyms: self.synonyms.or(base.synonyms),
            offline: self.offline.or(base.offline),
            bundle: self.bundle.or(base.bundle),
            words_only: self.words_only.or(base.words_only),
            html: self.html.or(base.html),
            port: self.port.or(base.port),
            bucket_bytes: self.bucket_bytes.or(base.bucket_bytes),
            shard_bytes: self.shard_bytes.or(base.shard_bytes),
            record_bytes: self.record_bytes.or(base.record_bytes),
            inline_bytes: self.inline_bytes.or(base.inline_bytes),
            preload_bytes: self.preload_bytes.or(base.preload_bytes),
        }
    }

    /// Parses a file's text; relative paths in it are taken from `dir`,
    /// the file's directory.
    pub fn parse(text: &str, dir: &Path) -> Result<Config, (usize, String)> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(text, span.start));
            (line, explain(e.message()))
        })?;
        for path in [&mut config.out, &mut config.synonyms, &mut config.html]
            .into_iter()
            .flatten()
        {
            if path.is_relative() {
                *path = dir.join(&*path);
            }
        }
        Ok(config)
    }
}

/// A config file read, and where from.
#[derive(Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub config: Config,
}

#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read (or `--config` names no file).
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not TOML, has a key that is not an option, or a value
    /// of the wrong type.
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, source } => write!(f, "{}: {source}", path.display()),
            ConfigError::Invalid {
                path,
                line,
                message,
            } => write!(f, "{}:{line}: {message}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { source, .. } => Some(source),
            ConfigError::Invalid { .. } => None,
        }
    }
}

/// Reads the config: `explicit` (`--config`), which must exist; else
/// `xun.toml` in `cwd`, else in `site`; else none.
pub fn find(
    explicit: Option<&Path>,
    cwd: &Path,
    site: &Path,
) -> Result<Option<ConfigFile>, ConfigError> {
    let path = match explicit {
        Some(path) => path.to_owned(),
        None => match [cwd.join(FILE_NAME), site.join(FILE_NAME)]
            .into_iter()
            .find(|p| p.is_file())
        {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    load(&path).map(Some)
}

/// Reads and parses one config file.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let config = Config::parse(&text, dir).map_err(|(line, message)| ConfigError::Invalid {
        path: path.to_owned(),
        line,
        message,
    })?;
    Ok(ConfigFile {
        path: path.to_owned(),
        config,
    })
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// serde's message, made to speak of keys; an unknown key gets the
/// nearest known one and the list of all.
fn explain(message: &str) -> String {
    let message = message.trim_end();
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_owned();
    };
    let key = rest.split('`').next().unwrap_or_default();
    let hint = nearest(key).map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"));
    format!(
        "unknown key `{key}`{hint}; {FILE_NAME} takes {}",
        KEYS.join(", ")
    )
}

/// The known key closest to `key`, if it is close: a spelling of it with
/// `_` for `-`, or at most two edits away.
fn nearest(key: &str) -> Option<&'static str> {
    let dashed = key.replace('_', "-").to_lowercase();
    KEYS.iter()
        .map(|k| (edits(&dashed, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance, by characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, (usize, String)> {
        Config::parse(text, Path::new("/site"))
    }

    #[test]
    fn every_key_parses_and_paths_are_taken_from_the_file() {
        let config = parse(
            r#"
out = "public/search/"
base-url = "/blog/"
selector = "article"
exclude = [".toc", "footer"]
synonyms = "/etc/synonyms.conf"
offline = true
bundle = true
words-only = true
html = "pages"
port = 9000
bucket-bytes = 1
shard-bytes = 2
record-bytes = 3
inline-bytes = 4
preload-bytes = 5
"#,
        )
        .unwrap();
        assert_eq!(
            config,
            Config {
                out: Some("/site/public/search/".into()),
                base_url: Some("/blog/".into()),
                selector: Some("article".into()),
                exclude: Some(vec![".toc".into(), "footer".into()]),
                synonyms: Some("/etc/synonyms.conf".into()),
                offline: Some(true),
                bundle: Some(true),
                words_only: Some(true),
                html: Some("/site/pages".into()),
                port: Some(9000),
                bucket_bytes: Some(1),
                shard_bytes: Some(2),
                record_bytes: Some(3),
                inline_bytes: Some(4),
                preload_bytes: Some(5),
            }
        );
    }

    #[test]
    fn keys_match_the_struct() {
        // Each listed key parses; the struct has no key the list lacks
        // (an empty file sets nothing, so every field is a listed key).
        for key in KEYS {
            let value = match *key {
                "exclude" => "[]",
                "offline" | "bundle" | "words-only" => "true",
                "port" | "bucket-bytes" | "shard-bytes" | "record-bytes" | "inline-bytes"
                | "preload-bytes" => "1",
                _ => "\"x\"",
            };
            assert!(parse(&format!("{key} = {value}")).is_ok(), "{key}");
        }
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn an_unknown_key_names_its_line_and_the_nearest_key() {
        let (line, message) = parse("out = \"x\"\n\nbase_url = \"/blog/\"\n").unwrap_err();
        assert_eq!(line, 3);
        assert!(
            message.starts_with("unknown key `base_url` (did you mean `base-url`?)"),
            "{message}"
        );
        let (line, message) = parse("# a comment\nselecter = \"main\"\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(message.contains("did you mean `selector`?"), "{message}");
        let (_, message) = parse("theme = \"dark\"\n").unwrap_err();
        assert!(!message.contains("did you mean"), "{message}");
        assert!(
            message.contains("takes out, base-url, selector"),
            "{message}"
        );
    }

    #[test]
    fn wrong_types_and_bad_toml_name_their_line() {
        let (line, message) = parse("out = \"x\"\noffline = \"yes\"\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(message.contains("bool"), "{message}");
        let (line, _) = parse("out = \"x\"\nexclude = [\".toc\"\n").unwrap_err();
        assert!(line >= 2, "{line}");
        let (line, message) = parse("port = 70000\n").unwrap_err();
        assert_eq!(line, 1);
        assert!(!message.is_empty());
    }

    #[test]
    fn flags_override_the_file_and_lists_are_replaced() {
        let file = Config {
            out: Some("a".into()),
            exclude: Some(vec![".toc".into()]),
            offline: Some(true),
            ..Config::default()
        };
        let flags = Config {
            out: Some("b".into()),
            exclude: Some(vec!["footer".into()]),
            ..Config::default()
        };
        let merged = flags.or(file);
        assert_eq!(merged.out, Some("b".into()));
        assert_eq!(merged.exclude, Some(vec!["footer".into()]));
        assert_eq!(merged.offline, Some(true));
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("selecter", "selector"), 1);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(nearest("Base_URL"), Some("base-url"));
        assert_eq!(nearest("zzzzzz"), None);
    }
}
