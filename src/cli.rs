//! Command-line definitions and help text. Parsing only: nothing here opens files.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::rules::{Confidence, Severity};

#[derive(Debug, Parser)]
#[command(
    name = "leakhound",
    version,
    about = "Find leaked secrets and credentials, fast and quietly.",
    after_help = "Exit status: 0 clean and complete, 1 findings, 2 usage/config/output error, \
                  3 incomplete scan with no findings, 130/143 interrupted by SIGINT/SIGTERM."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (or `-` for standard input) for secrets.
    Scan(Box<ScanArgs>),
    /// List and test detection rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Accept known findings by fingerprint, with a reason (the ignore file).
    Ignore {
        #[command(subcommand)]
        command: IgnoreCommand,
    },
    /// Install a git pre-commit hook that blocks commits adding secrets.
    InstallHook(InstallHookArgs),
}

#[derive(Debug, Subcommand)]
pub enum IgnoreCommand {
    /// Add an entry to the ignore file, keeping its comments and layout. Rotate the secret
    /// first: an ignore entry hides the finding, it does not make the secret safe.
    Add {
        /// The finding's fingerprint as a report prints it (16 to 64 hex digits).
        fingerprint: String,
        /// Why the finding is accepted (required).
        #[arg(long)]
        reason: String,
        /// Who answers for it.
        #[arg(long)]
        owner: Option<String>,
        /// Last day (YYYY-MM-DD, UTC) the entry suppresses; after it the finding is reported
        /// again, with a warning about the entry.
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
        /// The finding's rule id, for readers of the file.
        #[arg(long, value_name = "ID")]
        rule: Option<String>,
        /// The ignore file (default: .leakhound-ignore.toml at the top of the repository, or
        /// in the current directory outside one).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Turn a positional .gitleaksignore into fingerprint entries: scans PATH (and its history
    /// when entries name commits), finds the finding each entry points at, and adds it with
    /// the entry as its reason. Entries that match no finding are listed.
    ImportGitleaks {
        /// The .gitleaksignore to read (default: PATH/.gitleaksignore).
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// The ignore file to write (default: PATH/.leakhound-ignore.toml).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// The repository or directory the entries refer to.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct InstallHookArgs {
    /// Replace an existing pre-commit hook that leakhound did not write (it is kept as
    /// pre-commit.leakhound-backup).
    #[arg(long)]
    pub force: bool,
    /// A directory inside the repository (default: the current directory).
    #[arg(default_value = ".")]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable, grouped by finding; coloured on a terminal.
    Pretty,
    /// One JSON document with findings and the scan summary.
    Json,
    /// One JSON object per line: each finding, then the summary.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitLab secret detection report (gl-secret-detection-report.json, schema 15.2.1). Tree
    /// and staged scans need a git repository with a commit: GitLab requires one per finding.
    Gitlab,
    /// GitLab Code Quality (CodeClimate JSON) for the merge request widget in every tier: one
    /// issue per secret and file, secrets never shown, not even with --show-secrets.
    #[value(name = "codequality")]
    CodeQuality,
    /// JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps): one failing test case per
    /// secret and file, or one passing case when nothing is found.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,

    /// Scan the full history of the git repositories at PATHS: every blob reachable from any
    /// ref (branches, tags, remotes, HEAD), each scanned once, with the commit that introduced it.
    #[arg(long)]
    pub git: bool,

    /// With --git: scan only what the commits in BASE..HEAD introduce (reachable from HEAD,
    /// not from BASE), e.g. a pull request's `base.sha..head.sha`.
    #[arg(
        long,
        value_name = "BASE..HEAD",
        requires = "git",
        conflicts_with = "since_commit"
    )]
    pub range: Option<String>,

    /// With --git: scan only what the commits after REV introduce (the same as --range REV..HEAD).
    #[arg(long, value_name = "REV", requires = "git")]
    pub since_commit: Option<String>,

    /// Scan what the next commit would add (the index compared with HEAD) in the repository at
    /// or above PATH, reporting only the lines it adds or changes: for pre-commit hooks.
    /// Honours GIT_DIR and GIT_INDEX_FILE, so `git commit -a` and `git commit FILE` are
    /// checked as they will be committed.
    #[arg(long, conflicts_with_all = ["git", "range", "since_commit"])]
    pub staged: bool,

    /// With --git: also report secrets in objects no ref reaches (dangling commits and blobs
    /// left by rebases, amends and deleted branches that were not yet garbage-collected).
    #[arg(long, requires = "git", conflicts_with_all = ["range", "since_commit"])]
    pub all_objects: bool,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,

    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write a report in FORMAT to FILE, from the same scan (repeatable), e.g.
    /// `--also-report sarif=leakhound.sarif`.
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_also_report)]
    pub also_report: Vec<(Format, PathBuf)>,

    /// Show secrets in full. Off by default, so reports and CI logs never carry them.
    #[arg(long)]
    pub show_secrets: bool,

    /// Add rules from a TOML file, or every *.toml file below a directory (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rule_paths: Vec<PathBuf>,

    /// Do not use the built-in rules (only those from --rules).
    #[arg(long)]
    pub no_builtin_rules: bool,

    /// Scan files that .gitignore, .ignore and .leakhoundignore exclude.
    #[arg(long)]
    pub no_ignore: bool,

    /// Skip paths matching this gitignore-style glob, relative to each root (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Skip files larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Skip files that look binary (a NUL byte in their first 8 KiB) instead of scanning their
    /// printable strings (ASCII and UTF-16LE runs of 8 or more characters).
    #[arg(long, conflicts_with = "include_binary")]
    pub skip_binary: bool,

    /// Scan files that look binary byte for byte, as if they were text, instead of scanning
    /// their printable strings.
    #[arg(long)]
    pub include_binary: bool,

    /// How many decoding steps to apply one inside another to encoded spans: base64, hex,
    /// percent-encoding, backslash escapes, HTML references, Kubernetes Secret data, Docker
    /// auths, joined string literals (0 turns decoding off).
    #[arg(long, value_name = "N", default_value_t = crate::decode::Options::default().depth, value_parser = clap::value_parser!(u8).range(0..=6))]
    pub decode_depth: u8,

    /// Do not decode encoded spans (the same as --decode-depth 0).
    #[arg(long)]
    pub no_decode: bool,

    /// Do not open archives (zip, jar, tar, gzip, bzip2, xz, zstd): scan them as the files they
    /// are.
    #[arg(long)]
    pub no_archives: bool,

    /// Archives opened one inside another, the outermost counting as 1.
    #[arg(long, value_name = "N", default_value_t = crate::blob::archive::Limits::default().max_depth, value_parser = clap::value_parser!(u32).range(1..=32))]
    pub archive_max_depth: u32,

    /// Bytes expanded from one archive, over all its members and nested archives (bytes, or
    /// with a K, M or G suffix); the member being read when it runs out is cut off and the rest
    /// are reported as not scanned.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub archive_max_bytes: u64,

    /// Expanded-to-compressed ratio at which a member is stopped as a likely bomb (checked
    /// once it has expanded past 1 MiB).
    #[arg(long, value_name = "N", default_value_t = crate::blob::archive::Limits::default().max_ratio, value_parser = clap::value_parser!(u64).range(2..))]
    pub archive_max_ratio: u64,

    /// Read files instead of memory-mapping large ones (for trees that change during the scan).
    #[arg(long)]
    pub no_mmap: bool,

    /// Worker threads (default: the number of CPUs).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Project config file (default: .leakhound.toml at the scanned directory). A gitleaks or
    /// Betterleaks TOML config is recognised and imported: its rules and allowlists, and the
    /// built-in rules only with `[extend] useDefault = true`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Also import .gitleaks.toml or .betterleaks.toml found at the scanned directory.
    #[arg(long, conflicts_with = "no_config")]
    pub use_gitleaks_config: bool,

    /// Ignore any project config file.
    #[arg(long)]
    pub no_config: bool,

    /// Report only findings of rules at or above this severity (info, low, medium, high,
    /// critical). Rules below it do not run, except as parts of composite rules.
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    pub min_severity: Option<Severity>,

    /// Report only findings of rules at or above this confidence (low, medium, high).
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub min_confidence: Option<Confidence>,

    /// Exit with the findings status only for findings at or above these levels, e.g.
    /// `severity=high` or `severity=medium,confidence=high`; other findings are still reported.
    #[arg(long, value_name = "LEVELS")]
    pub fail_on: Option<String>,

    /// The exit status when findings fail the scan (default 1; 0 never fails on findings).
    #[arg(long, value_name = "N")]
    pub findings_exit_code: Option<u8>,

    /// Known findings by fingerprint, each with a reason (default: .leakhound-ignore.toml
    /// beside the project config or at the scanned directory).
    #[arg(long, value_name = "FILE")]
    pub ignore_file: Option<PathBuf>,

    /// Fail (with the findings status) when an ignore entry matched no finding: for full scans.
    #[arg(long)]
    pub fail_on_unused_ignores: bool,

    /// Report and fail only on findings not in this baseline (written by --write-baseline,
    /// or an earlier `--format json` report).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write every current finding's fingerprint to FILE as the new baseline; those findings
    /// are then accepted, so only an incomplete scan fails.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Honour only `leakhound:allow`, not other scanners' inline markers (`gitleaks:allow`,
    /// `trufflehog:ignore`, `pragma: allowlist secret`, `kingfisher:ignore`).
    #[arg(long)]
    pub no_foreign_markers: bool,

    /// Also report suppressed findings, each marked with why (SARIF: as suppressed results).
    #[arg(long)]
    pub show_suppressed: bool,

    /// When to colour pretty output (NO_COLOR and CLICOLOR_FORCE are honoured with auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Never show the progress indicator (it only appears when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules in effect.
    List {
        /// Add rules from a file or directory (repeatable).
        #[arg(long = "rules", value_name = "PATH")]
        rule_paths: Vec<PathBuf>,
        /// Only rules with this tag: a provider (`github`, `aws`) or a family (`cloud`,
        /// `payments`). Repeatable: a rule must have every tag given.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one rule in full: what it detects, its pattern, examples and references.
    Explain {
        /// The rule's id (see `leakhound rules list`).
        id: String,
        /// Add rules from a file or directory (repeatable).
        #[arg(long = "rules", value_name = "PATH")]
        rule_paths: Vec<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Run every rule's positive and negative examples; report every failure.
    Check {
        /// Rule files or directories to check (default: the built-in rules).
        paths: Vec<PathBuf>,
    },
}

fn parse_also_report(s: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected FORMAT=FILE, e.g. sarif=leakhound.sarif"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("{format:?} is not a format ({})", names.join(", "))
    })?;
    if file.is_empty() {
        return Err(format!("{s:?}: no file after '='"));
    }
    Ok((format, PathBuf::from(file)))
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| "expected info, low, medium, high or critical".into())
}

fn parse_confidence(s: &str) -> Result<Confidence, String> {
    Confidence::parse(s).ok_or_else(|| "expected low, medium or high".into())
}

/// Parses `123`, `64K`, `100M`, `2G` (binary multiples).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult = match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'T' => 1 << 40,
                _ => return Err(format!("unknown size suffix {c:?} (use K, M, G or T)")),
            };
            (&s[..i], mult)
        }
        _ => (s, 1),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size such as 1048576, 512K, 100M or 2G"))?;
    n.checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("64k"), Ok(65536));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert!(parse_size("2X").is_err());
        assert!(parse_size("G").is_err());
        assert!(parse_size("99999999999T").is_err());
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
