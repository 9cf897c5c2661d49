//! Raw flags + the project config file → one validated [`ScanConfig`]. Problems are reported
//! here, before any scanning, naming the flag or the file, line and column.
//!
//! Project config (`.leakhound.toml` at the scanned directory, or `--config FILE`); every key is
//! optional, and a flag given on the command line wins over its key:
//!
//! ```toml
//! [scan]
//! exclude = ["target/", "*.min.js"]   # gitignore-style globs, never walked
//! rules = ["ci/extra-rules.toml"]     # extra rule files, relative to the config file
//! disable = ["generic-credential-assignment"]   # rule ids that do not report
//!
//! [report]
//! min-severity = "low"                # report only findings at or above these
//! min-confidence = "medium"
//!
//! [fail]
//! severity = "high"                   # fail (exit with the findings code) only on these
//! confidence = "medium"
//! exit-code = 1                       # the exit status for findings
//! unused-ignores = false              # fail when an ignore entry matched nothing
//!
//! [ignore]
//! file = ".leakhound-ignore.toml"     # known findings by fingerprint, with reasons
//! baseline = "leakhound-baseline.json"
//! foreign-markers = true              # also honour gitleaks:allow, trufflehog:ignore, ...
//!
//! [fingerprint]
//! key-env = "LEAKHOUND_FINGERPRINT_KEY"   # where the fingerprint key comes from: an
//! # key-file = "/run/secrets/fp-key"      # environment variable or a file, never the config
//!
//! [[allow]]                           # scanned, but findings here are suppressed and counted
//! paths = ["tests/fixtures/**"]
//! rules = ["aws-access-key-id"]       # optional: only these rules
//! reason = "Fake keys used by the test suite"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::Error;
use crate::blob::{Binary, ReadPolicy};
use crate::cli::{ColorChoice, Format, ScanArgs};
use crate::finding::DEFAULT_FINGERPRINT_KEY;
use crate::input::git::Selection;
use crate::input::{Target, WalkOptions};
use crate::rules::{Confidence, RuleSet, Severity};

pub const PROJECT_CONFIG_FILE: &str = ".leakhound.toml";
/// The ignore file found beside the project config (or at the scanned directory).
pub const IGNORE_FILE: &str = ".leakhound-ignore.toml";
/// Environment variable holding the fingerprint key (never a flag: flags show in `ps`).
pub const FINGERPRINT_KEY_ENV: &str = "LEAKHOUND_FINGERPRINT_KEY";
/// The exit status for findings unless configured otherwise.
pub const DEFAULT_FINDINGS_EXIT_CODE: u8 = 1;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    #[serde(default)]
    pub scan: ScanSection,
    #[serde(default)]
    pub report: ReportSection,
    #[serde(default)]
    pub fail: FailSection,
    #[serde(default)]
    pub ignore: IgnoreSection,
    #[serde(default)]
    pub fingerprint: FingerprintSection,
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
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReportSection {
    pub min_severity: Option<Severity>,
    pub min_confidence: Option<Confidence>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FailSection {
    pub severity: Option<Severity>,
    pub confidence: Option<Confidence>,
    pub exit_code: Option<Spanned<u8>>,
    pub unused_ignores: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IgnoreSection {
    pub file: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub foreign_markers: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FingerprintSection {
    pub key_env: Option<Spanned<String>>,
    pub key_file: Option<Spanned<PathBuf>>,
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

/// A place in a config file, for errors found after loading (an unknown rule id).
#[derive(Debug, Clone)]
pub struct ConfigPlace {
    pub file: PathBuf,
    pub position: Option<(usize, usize)>,
}

impl ConfigPlace {
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::Config {
            file: self.file.clone(),
            position: self.position,
            message: message.into(),
        }
    }
}

impl ProjectConfig {
    /// The parsed config and its text (for positions of later errors).
    pub fn load(path: &Path) -> Result<(Self, String), Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let config: ProjectConfig =
            toml::from_str(&text).map_err(|e| Error::toml(path, &text, &e))?;
        let bad = |message: String| Error::config(path, &text, None, message);
        for (i, allow) in config.allow.iter().enumerate() {
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
        if let Some(code) = &config.fail.exit_code {
            check_exit_code(*code.get_ref())
                .map_err(|m| Error::config(path, &text, Some(code.span().start), m))?;
        }
        if let (Some(_), Some(file)) = (&config.fingerprint.key_env, &config.fingerprint.key_file) {
            return Err(Error::config(
                path,
                &text,
                Some(file.span().start),
                "give either fingerprint.key-env or fingerprint.key-file, not both",
            ));
        }
        Ok((config, text))
    }
}

/// A findings exit status must not be mistaken for another outcome.
fn check_exit_code(code: u8) -> Result<(), String> {
    match code {
        2 | 3 => Err(format!(
            "exit code {code} already means {}; pick 0 (never fail on findings), 1 or 4-125",
            if code == 2 {
                "an error"
            } else {
                "an incomplete scan"
            }
        )),
        126..=255 => Err(format!(
            "exit code {code} is reserved by shells (126-127) and signals (128+); pick 0, 1 or 4-125"
        )),
        _ => Ok(()),
    }
}

/// Which findings make the scan fail. A finding must meet every threshold given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FailOn {
    pub severity: Option<Severity>,
    pub confidence: Option<Confidence>,
}

impl FailOn {
    /// Parses `severity=high`, `confidence=medium` or both, comma-separated.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut out = FailOn::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: expected severity=LEVEL or confidence=LEVEL"))?;
            match key.trim() {
                "severity" => {
                    out.severity = Some(Severity::parse(value.trim()).ok_or_else(|| {
                        format!("{value:?} is not a severity (info, low, medium, high, critical)")
                    })?)
                }
                "confidence" => {
                    out.confidence = Some(Confidence::parse(value.trim()).ok_or_else(|| {
                        format!("{value:?} is not a confidence (low, medium, high)")
                    })?)
                }
                other => {
                    return Err(format!(
                        "{other:?}: expected severity=LEVEL or confidence=LEVEL"
                    ));
                }
            }
        }
        Ok(out)
    }

    pub fn fails(&self, severity: Severity, confidence: Confidence) -> bool {
        self.severity.is_none_or(|s| severity >= s)
            && self.confidence.is_none_or(|c| confidence >= c)
    }
}

/// Which inline markers suppress a finding on their line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Markers {
    /// `gitleaks:allow`, `trufflehog:ignore`, `pragma: allowlist secret`, `kingfisher:ignore`
    /// besides our own `leakhound:allow`.
    pub foreign: bool,
}

/// What to report and what fails the scan.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Rules turned off by the project config, each with where it says so.
    pub disabled_rules: Vec<(String, ConfigPlace)>,
    pub min_severity: Option<Severity>,
    pub min_confidence: Option<Confidence>,
    pub fail_on: FailOn,
    pub findings_exit_code: u8,
    pub fail_on_unused_ignores: bool,
    pub markers: Markers,
    /// The ignore file; `None` when there is none.
    pub ignore_file: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    /// Report suppressed findings too, marked as such.
    pub show_suppressed: bool,
}

impl Policy {
    /// Applies the rule choices to a loaded rule set: disabled rules and rules below the
    /// reporting thresholds stop reporting (they still run as companions of other rules).
    pub fn select_rules(&self, rules: &mut RuleSet) -> Result<(), Error> {
        for (id, place) in &self.disabled_rules {
            if !rules.rules().iter().any(|r| &r.id == id) {
                return Err(place.error(format!(
                    "scan.disable names {id:?}, which is not a loaded rule (see `leakhound rules list`)"
                )));
            }
        }
        rules.select(|r| {
            !self.disabled_rules.iter().any(|(id, _)| *id == r.id)
                && self.min_severity.is_none_or(|s| r.severity >= s)
                && self.min_confidence.is_none_or(|c| r.confidence >= c)
        });
        Ok(())
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
    /// How encoded spans are decoded.
    pub decode: crate::decode::Options,
    /// How archives are opened (`None`: `--no-archives`).
    pub archives: Option<crate::blob::archive::Limits>,
    pub threads: usize,
    pub format: Format,
    pub output: Option<PathBuf>,
    /// More reports of the same scan: (format, file).
    pub also_report: Vec<(Format, PathBuf)>,
    pub show_secrets: bool,
    pub color: ColorChoice,
    pub progress: bool,
    pub builtin_rules: bool,
    pub rule_paths: Vec<PathBuf>,
    pub allow: Vec<AllowEntry>,
    pub fingerprint_key: Vec<u8>,
    pub policy: Policy,
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
        for out in args
            .output
            .iter()
            .chain(args.also_report.iter().map(|(_, p)| p))
        {
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
        let (project, project_text) = match &project_config {
            Some(path) => ProjectConfig::load(path)?,
            None => (ProjectConfig::default(), String::new()),
        };
        let place = |span: Option<std::ops::Range<usize>>| ConfigPlace {
            file: project_config.clone().unwrap_or_default(),
            position: span.map(|s| crate::error::line_column(&project_text, s.start)),
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

        let fingerprint_key = fingerprint_key(&project.fingerprint, &config_dir, &place)?;

        if let Some(code) = args.findings_exit_code {
            check_exit_code(code)
                .map_err(|m| Error::Usage(format!("--findings-exit-code: {m}")))?;
        }
        let fail_on = match &args.fail_on {
            Some(spec) => {
                FailOn::parse(spec).map_err(|m| Error::Usage(format!("--fail-on {m}")))?
            }
            None => FailOn {
                severity: project.fail.severity,
                confidence: project.fail.confidence,
            },
        };
        let relative = |p: PathBuf| {
            if p.is_absolute() {
                p
            } else {
                config_dir.join(p)
            }
        };
        let ignore_file = match (&args.ignore_file, project.ignore.file) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(p)) => Some(relative(p)),
            (None, None) => {
                let beside = config_dir.join(IGNORE_FILE);
                if project_config.is_some() && beside.is_file() {
                    Some(beside)
                } else {
                    discover(&targets, &[IGNORE_FILE])
                }
            }
        };
        // A configured ignore file or baseline that is missing is an error: it would report
        // everything it was meant to hide, or hide the fact that it is not there.
        if let Some(p) = &ignore_file
            && !p.is_file()
        {
            return Err(Error::Usage(format!(
                "ignore file {} does not exist",
                p.display()
            )));
        }
        let baseline = args
            .baseline
            .clone()
            .or(project.ignore.baseline.map(relative));
        if let Some(p) = &baseline
            && !p.is_file()
            && args.write_baseline.as_ref() != Some(p)
        {
            return Err(Error::Usage(format!(
                "baseline {} does not exist",
                p.display()
            )));
        }
        if let Some(out) = &args.write_baseline {
            check_output_path(out)?;
        }
        let policy = Policy {
            disabled_rules: project
                .scan
                .disable
                .iter()
                .map(|d| (d.get_ref().clone(), place(Some(d.span()))))
                .collect(),
            min_severity: args.min_severity.or(project.report.min_severity),
            min_confidence: args.min_confidence.or(project.report.min_confidence),
            fail_on,
            findings_exit_code: args
                .findings_exit_code
                .or(project.fail.exit_code.map(|c| c.into_inner()))
                .unwrap_or(DEFAULT_FINDINGS_EXIT_CODE),
            fail_on_unused_ignores: args.fail_on_unused_ignores
                || project.fail.unused_ignores.unwrap_or(false),
            markers: Markers {
                foreign: !args.no_foreign_markers && project.ignore.foreign_markers.unwrap_or(true),
            },
            ignore_file,
            baseline,
            write_baseline: args.write_baseline.clone(),
            show_suppressed: args.show_suppressed,
        };

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
                binary: if args.skip_binary {
                    Binary::Skip
                } else if args.include_binary {
                    Binary::Text
                } else {
                    Binary::Strings
                },
                archives: !args.no_archives,
            },
            archives: (!args.no_archives).then(|| crate::blob::archive::Limits {
                max_depth: args.archive_max_depth,
                max_expanded: args.archive_max_bytes,
                max_ratio: args.archive_max_ratio,
                ..crate::blob::archive::Limits::default()
            }),
            decode: crate::decode::Options {
                depth: if args.no_decode { 0 } else { args.decode_depth },
            },
            threads,
            format: args.format,
            output: args.output,
            also_report: args.also_report,
            show_secrets: args.show_secrets,
            color: args.color,
            progress: !args.no_progress,
            builtin_rules: !args.no_builtin_rules,
            rule_paths,
            allow: project.allow,
            fingerprint_key,
            policy,
            project_config,
            gitleaks_config,
        })
    }
}

/// The fingerprint key a scan of `dir` would use: the project config there decides, as in
/// [`ScanConfig::from_args`] (for commands that write fingerprints without scanning).
pub fn project_fingerprint_key(dir: &Path) -> Result<Vec<u8>, Error> {
    let path = dir.join(PROJECT_CONFIG_FILE);
    let (section, text, config_dir) = if path.is_file() {
        let (project, text) = ProjectConfig::load(&path)?;
        (project.fingerprint, text, dir.to_path_buf())
    } else {
        (
            FingerprintSection::default(),
            String::new(),
            dir.to_path_buf(),
        )
    };
    let place = |span: Option<std::ops::Range<usize>>| ConfigPlace {
        file: path.clone(),
        position: span.map(|s| crate::error::line_column(&text, s.start)),
    };
    fingerprint_key(&section, &config_dir, &place)
}

/// The fingerprint key: from the variable or file the config names, else from
/// [`FINGERPRINT_KEY_ENV`] if set, else the documented default key.
fn fingerprint_key(
    section: &FingerprintSection,
    config_dir: &Path,
    place: &dyn Fn(Option<std::ops::Range<usize>>) -> ConfigPlace,
) -> Result<Vec<u8>, Error> {
    if let Some(var) = &section.key_env {
        return match std::env::var_os(var.get_ref()) {
            Some(k) if !k.is_empty() => Ok(k.into_encoded_bytes()),
            _ => Err(place(Some(var.span())).error(format!(
                "fingerprint.key-env names {}, which is not set: fingerprints would not match \
                 the ignore file and baseline made with the key",
                var.get_ref()
            ))),
        };
    }
    if let Some(file) = &section.key_file {
        let path = config_dir.join(file.get_ref());
        let key = std::fs::read(&path).map_err(|e| {
            place(Some(file.span())).error(format!("fingerprint.key-file {}: {e}", path.display()))
        })?;
        let key = key.trim_ascii().to_vec();
        if key.is_empty() {
            return Err(place(Some(file.span()))
                .error(format!("fingerprint.key-file {} is empty", path.display())));
        }
        return Ok(key);
    }
    Ok(std::env::var_os(FINGERPRINT_KEY_ENV)
        .filter(|k| !k.is_empty())
        .map(|k| k.into_encoded_bytes())
        .unwrap_or_else(|| DEFAULT_FINGERPRINT_KEY.as_bytes().to_vec()))
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
        assert!(
            err.contains(".leakhound.toml:3:1: unknown field `bogus`"),
            "{err}"
        );
        std::fs::write(&path, "[fail]\nexit-code = 2\n").unwrap();
        let err = ProjectConfig::load(&path).unwrap_err().to_string();
        assert!(err.contains(".leakhound.toml:2:13:"), "{err}");
        std::fs::write(&path, "[report]\nmin-severity = \"urgent\"\n").unwrap();
        let err = ProjectConfig::load(&path).unwrap_err().to_string();
        assert!(err.contains(".leakhound.toml:2:16:"), "{err}");
        std::fs::write(&path, "[[allow]]\npaths = [\"x\"]\nreason = \" \"\n").unwrap();
        let err = ProjectConfig::load(&path).unwrap_err().to_string();
        assert!(err.contains("empty reason"), "{err}");
    }

    #[test]
    fn fail_on_levels() {
        let f = FailOn::parse("severity=high").unwrap();
        assert!(f.fails(Severity::Critical, Confidence::Low));
        assert!(!f.fails(Severity::Medium, Confidence::High));
        let f = FailOn::parse("severity=medium, confidence=high").unwrap();
        assert!(f.fails(Severity::Medium, Confidence::High));
        assert!(!f.fails(Severity::Critical, Confidence::Medium));
        assert!(FailOn::default().fails(Severity::Info, Confidence::Low));
        for bad in ["high", "severity=urgent", "colour=red", "confidence="] {
            assert!(FailOn::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn findings_exit_codes_stay_distinct() {
        for ok in [0, 1, 4, 99, 125] {
            assert!(check_exit_code(ok).is_ok(), "{ok}");
        }
        for bad in [2, 3, 126, 127, 130, 255] {
            assert!(check_exit_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fingerprint_key_sources() {
        let dir = tempfile::tempdir().unwrap();
        let place = |_: Option<std::ops::Range<usize>>| ConfigPlace {
            file: PathBuf::from("c.toml"),
            position: Some((7, 1)),
        };
        std::fs::write(dir.path().join("key"), "team-key\n").unwrap();
        let section: FingerprintSection = toml::from_str("key-file = \"key\"").unwrap();
        assert_eq!(
            fingerprint_key(&section, dir.path(), &place).unwrap(),
            b"team-key"
        );
        let section: FingerprintSection =
            toml::from_str("key-env = \"LEAKHOUND_TEST_SURELY_UNSET_VARIABLE\"").unwrap();
        let err = fingerprint_key(&section, dir.path(), &place)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("c.toml:7:1:") && err.contains("not set"),
            "{err}"
        );
        let section: FingerprintSection = toml::from_str("key-file = \"missing\"").unwrap();
        assert!(fingerprint_key(&section, dir.path(), &place).is_err());
    }

    #[test]
    fn output_must_not_be_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_path(dir.path()).is_err());
        assert!(check_output_path(&dir.path().join("missing/x.json")).is_err());
        assert!(check_output_path(&dir.path().join("x.json")).is_ok());
    }
}
