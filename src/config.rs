//! Raw flags + the project config file → one validated [`ScanConfig`]. Problems are reported
//! here, before any scanning, naming the flag or the file, line and column.
//!
//! Project config (`.leakhound.toml` at the scanned directory, or `--config FILE`):
//!
//! ```toml
//! [scan]
//! exclude = ["target/", "*.min.js"]   # gitignore-style globs, never walked
//! rules = ["ci/extra-rules.toml"]     # extra rule files, relative to the config file
//!
//! [[allow]]                           # scanned, but findings here are suppressed and counted
//! paths = ["tests/fixtures/**"]
//! rules = ["aws-access-key-id"]       # optional: only these rules
//! reason = "Fake keys used by the test suite"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Error;
use crate::blob::ReadPolicy;
use crate::cli::{ColorChoice, Format, ScanArgs};
use crate::finding::DEFAULT_FINGERPRINT_KEY;
use crate::input::git::Selection;
use crate::input::{Target, WalkOptions};

pub const PROJECT_CONFIG_FILE: &str = ".leakhound.toml";
/// Environment variable holding the fingerprint key (never a flag: flags show in `ps`).
pub const FINGERPRINT_KEY_ENV: &str = "LEAKHOUND_FINGERPRINT_KEY";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    #[serde(default)]
    pub scan: ScanSection,
    #[serde(default)]
    pub allow: Vec<AllowEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanSection {
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub rules: Vec<PathBuf>,
}

/// Findings at these paths (and of these rules, if given) are suppressed with the reason.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    pub paths: Vec<String>,
    #[serde(default)]
    pub rules: Vec<String>,
    pub reason: String,
}

impl ProjectConfig {
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let config: ProjectConfig = toml::from_str(&text).map_err(|e| Error::Config {
            file: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        for (i, allow) in config.allow.iter().enumerate() {
            let bad = |message: String| Error::Config {
                file: path.to_path_buf(),
                message,
            };
            if allow.reason.trim().is_empty() {
                return Err(bad(format!("allow entry {} has an empty reason", i + 1)));
            }
            if allow.paths.is_empty() {
                return Err(bad(format!("allow entry {} has no paths", i + 1)));
            }
            for g in &allow.paths {
                globset::Glob::new(g)
                    .map_err(|e| bad(format!("allow entry {}: glob {g:?}: {e}", i + 1)))?;
            }
        }
        Ok(config)
    }
}

/// Everything a scan needs, validated.
#[derive(Debug)]
pub struct ScanConfig {
    pub targets: Vec<Target>,
    /// Scan git history instead of files.
    pub git: bool,
    /// Which part of the history (with `git`).
    pub git_selection: Selection,
    /// With `git`: report blobs no ref reaches, too.
    pub all_objects: bool,
    /// Scan the staged changes (index against HEAD) instead of files.
    pub staged: bool,
    pub walk: WalkOptions,
    pub read: ReadPolicy,
    pub threads: usize,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub show_secrets: bool,
    pub color: ColorChoice,
    pub progress: bool,
    pub builtin_rules: bool,
    pub rule_paths: Vec<PathBuf>,
    pub allow: Vec<AllowEntry>,
    pub fingerprint_key: Vec<u8>,
    /// The project config in effect, if any.
    pub project_config: Option<PathBuf>,
    /// A gitleaks/Betterleaks config to import, if any.
    pub gitleaks_config: Option<PathBuf>,
}

impl ScanConfig {
    pub fn from_args(args: ScanArgs) -> Result<Self, Error> {
        let targets: Vec<Target> = args.paths.iter().map(|p| Target::parse(p)).collect();
        if (args.git || args.staged) && targets.contains(&Target::Stdin) {
            return Err(Error::Usage(
                "--git and --staged scan repositories; `-` (standard input) cannot be one".into(),
            ));
        }
        let git_selection = match (&args.range, &args.since_commit) {
            (Some(spec), _) => {
                Selection::range(spec).map_err(|e| Error::Usage(format!("--range {e}")))?
            }
            (None, Some(rev)) => Selection::Range {
                exclude: rev.clone(),
                include: "HEAD".into(),
            },
            (None, None) => Selection::All,
        };
        if targets.iter().filter(|t| **t == Target::Stdin).count() > 1 {
            return Err(Error::Usage(
                "`-` (standard input) can be given only once".into(),
            ));
        }
        for t in &targets {
            if let Target::Path(p) = t
                && let Err(e) = std::fs::symlink_metadata(p)
            {
                return Err(Error::io(p, e));
            }
        }
        if let Some(out) = &args.output {
            check_output_path(out)?;
        }
        let threads = match args.threads {
            Some(0) => return Err(Error::Usage("--threads must be at least 1".into())),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };

        let explicit_gitleaks = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
                crate::rules::gitleaks::is_gitleaks_config(&text)
            }
            None => false,
        };
        let project_config = if args.no_config || explicit_gitleaks {
            None
        } else if let Some(path) = args.config.clone() {
            Some(path)
        } else {
            discover_project_config(&targets)
        };
        let gitleaks_config = if explicit_gitleaks {
            args.config.clone()
        } else if args.use_gitleaks_config {
            discover_gitleaks_config(&targets)
        } else {
            None
        };
        let project = match &project_config {
            Some(path) => ProjectConfig::load(path)?,
            None => ProjectConfig::default(),
        };
        let config_dir = project_config
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();

        let mut exclude = project.scan.exclude;
        exclude.extend(args.exclude);
        let mut rule_paths: Vec<PathBuf> = project
            .scan
            .rules
            .into_iter()
            .map(|p| config_dir.join(p))
            .collect();
        rule_paths.extend(args.rule_paths);

        let fingerprint_key = std::env::var_os(FINGERPRINT_KEY_ENV)
            .filter(|k| !k.is_empty())
            .map(|k| k.into_encoded_bytes())
            .unwrap_or_else(|| DEFAULT_FINGERPRINT_KEY.as_bytes().to_vec());

        Ok(ScanConfig {
            targets,
            git: args.git,
            git_selection,
            all_objects: args.all_objects,
            staged: args.staged,
            walk: WalkOptions {
                respect_ignore_files: !args.no_ignore,
                exclude,
                threads,
            },
            read: ReadPolicy {
                max_size: args.max_file_size,
                mmap: !args.no_mmap,
                include_binary: args.include_binary,
            },
            threads,
            format: args.format,
            output: args.output,
            show_secrets: args.show_secrets,
            color: args.color,
            progress: !args.no_progress,
            builtin_rules: !args.no_builtin_rules,
            rule_paths,
            allow: project.allow,
            fingerprint_key,
            project_config,
            gitleaks_config,
        })
    }
}

/// `.gitleaks.toml`, else `.betterleaks.toml`, at the first scanned directory (else at the
/// current directory).
fn discover_gitleaks_config(targets: &[Target]) -> Option<PathBuf> {
    discover(targets, &[".gitleaks.toml", ".betterleaks.toml"])
}

/// The project config at the first scanned directory, else at the current directory.
fn discover_project_config(targets: &[Target]) -> Option<PathBuf> {
    discover(targets, &[PROJECT_CONFIG_FILE])
}

/// The first of `names` that is a file in the first scanned directory (else in the current
/// directory), shown without a leading `./`.
fn discover(targets: &[Target], names: &[&str]) -> Option<PathBuf> {
    let base = targets
        .iter()
        .find_map(|t| match t {
            Target::Path(p) if p.is_dir() => Some(p.clone()),
            _ => None,
        })
        .unwrap_or_else(|| PathBuf::from("."));
    let candidate = names
        .iter()
        .map(|name| base.join(name))
        .find(|p| p.is_file())?;
    Some(
        candidate
            .strip_prefix("./")
            .map(Path::to_path_buf)
            .unwrap_or(candidate),
    )
}

/// An output path must be a file we can create: not a directory, in an existing directory.
fn check_output_path(out: &Path) -> Result<(), Error> {
    if out.is_dir() {
        return Err(Error::Usage(format!(
            "--output {}: is a directory; give a file path",
            out.display()
        )));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(Error::Usage(format!(
            "--output {}: directory {} does not exist",
            out.display(),
            parent.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PROJECT_CONFIG_FILE);
        std::fs::write(&path, "[scan]\nexclude = [\"a\"]\nbogus = 1\n").unwrap();
        let err = ProjectConfig::load(&path).unwrap_err().to_string();
        assert!(err.contains(".leakhound.toml"), "{err}");
        assert!(err.contains("line 3"), "{err}");
        std::fs::write(&path, "[[allow]]\npaths = [\"x\"]\nreason = \" \"\n").unwrap();
        let err = ProjectConfig::load(&path).unwrap_err().to_string();
        assert!(err.contains("empty reason"), "{err}");
    }

    #[test]
    fn output_must_not_be_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_path(dir.path()).is_err());
        assert!(check_output_path(&dir.path().join("missing/x.json")).is_err());
        assert!(check_output_path(&dir.path().join("x.json")).is_ok());
    }
}
