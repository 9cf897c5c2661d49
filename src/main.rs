//! The process boundary: parse flags, call the library, write the report, map the outcome to
//! one exit status. See the README for the exit contract.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use clap::Parser;
use leakhound::cli::{Cli, ColorChoice, Command, Format, IgnoreCommand, RulesCommand};
use leakhound::config::ScanConfig;
use leakhound::finding::Fingerprinter;
use leakhound::finding::SuppressionKind;
use leakhound::hook;
use leakhound::input::{Target, display_path};
use leakhound::matcher::Matcher;
use leakhound::report::{self, Report, output, progress::Progress};
use leakhound::rules::RuleSet;
use leakhound::scan::{self, Cancel};
use leakhound::summary::Counters;
use leakhound::suppress::baseline::{self, Baseline};
use leakhound::suppress::{Suppressor, ignore_file};
use leakhound::{Error, check};

/// Every way the process can end.
enum ExitStatus {
    /// Complete scan, nothing found.
    Clean,
    /// At least one finding that fails the scan; the status is configurable.
    Findings(u8),
    /// Bad flags, config, rule path or output path; or a failed `rules check`.
    Error,
    /// Some input could not be scanned and nothing was found.
    Incomplete,
    /// Stopped by a signal; the report (marked incomplete) was still written.
    Interrupted(i32),
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(match s {
            ExitStatus::Clean => 0,
            ExitStatus::Findings(code) => code,
            ExitStatus::Error => 2,
            ExitStatus::Incomplete => 3,
            ExitStatus::Interrupted(signal) => (128 + signal).clamp(0, 255) as u8,
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(status) => status.into(),
        Err(e) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "leakhound: error: {e}");
            ExitStatus::Error.into()
        }
    }
}

fn run(cli: Cli) -> Result<ExitStatus, Error> {
    match cli.command {
        Command::Scan(args) => scan_command(ScanConfig::from_args(*args)?),
        Command::Rules { command } => match command {
            RulesCommand::List {
                rule_paths,
                tags,
                json,
            } => rules_list(&rule_paths, &tags, json),
            RulesCommand::Explain {
                id,
                rule_paths,
                json,
            } => rules_explain(&id, &rule_paths, json),
            RulesCommand::Check { paths } => rules_check(&paths),
        },
        Command::Ignore { command } => match command {
            IgnoreCommand::Add {
                fingerprint,
                reason,
                owner,
                expires,
                rule,
                file,
            } => ignore_add(fingerprint, reason, owner, expires, rule, file),
            IgnoreCommand::ImportGitleaks { from, file, path } => {
                import_gitleaks(from, file, &path)
            }
        },
        Command::InstallHook(args) => {
            let installed = hook::install(&args.path, args.force)?;
            let mut err = std::io::stderr().lock();
            if let Some(backup) = &installed.backup {
                let _ = writeln!(err, "leakhound: kept the old hook as {}", backup.display());
            }
            let _ = writeln!(
                std::io::stdout().lock(),
                "Installed {}: the staged changes of each commit are scanned, and a finding \
                 blocks the commit.\nBypass once: git commit --no-verify    Turn off in this \
                 clone: git config hooks.leakhound false",
                installed.hook.display()
            );
            Ok(ExitStatus::Clean)
        }
    }
}

/// The top of the work tree of the repository at or above `dir`, else `dir`.
fn project_root(dir: &Path) -> std::path::PathBuf {
    gix::discover(dir)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| dir.to_path_buf())
}

fn ignore_add(
    fingerprint: String,
    reason: String,
    owner: Option<String>,
    expires: Option<String>,
    rule: Option<String>,
    file: Option<std::path::PathBuf>,
) -> Result<ExitStatus, Error> {
    let root = project_root(Path::new("."));
    let file =
        file.unwrap_or_else(|| display_path(&root.join(leakhound::config::IGNORE_FILE)).into());
    let fingerprint = ignore_file::parse_fingerprint(&fingerprint).map_err(Error::Usage)?;
    if reason.trim().is_empty() {
        return Err(Error::Usage(
            "--reason must say why the finding is accepted".into(),
        ));
    }
    let today = ignore_file::today();
    let expires = expires
        .map(|d| {
            let date: jiff::civil::Date = d.parse().map_err(|_| {
                Error::Usage(format!(
                    "--expires {d:?}: expected a date such as 2027-01-31"
                ))
            })?;
            if date < today {
                return Err(Error::Usage(format!("--expires {d} is in the past")));
            }
            Ok(date)
        })
        .transpose()?;
    let fingerprints = Fingerprinter::new(&leakhound::config::project_fingerprint_key(&root)?);
    let existing = ignore_file::read_if_exists(&file)?;
    let entry = ignore_file::NewEntry {
        fingerprint: fingerprint.clone(),
        reason,
        owner,
        expires,
        rule,
        added: today,
    };
    let text = ignore_file::add(&file, existing.as_deref(), &entry, &fingerprints)?;
    output::write_to(Some(&file), |out| out.write_all(text.as_bytes()))?;
    let _ = writeln!(
        std::io::stdout().lock(),
        "Added {fingerprint} to {}",
        file.display()
    );
    Ok(ExitStatus::Clean)
}

/// Maps each `.gitleaksignore` entry to the finding at its file and line (any rule: gitleaks'
/// rule ids are not ours) and writes those findings' fingerprints with the entry as reason.
fn import_gitleaks(
    from: Option<std::path::PathBuf>,
    file: Option<std::path::PathBuf>,
    path: &Path,
) -> Result<ExitStatus, Error> {
    let beside = |name: &str| std::path::PathBuf::from(display_path(&path.join(name)));
    let from = from.unwrap_or_else(|| beside(".gitleaksignore"));
    let file = file.unwrap_or_else(|| beside(leakhound::config::IGNORE_FILE));
    let text = std::fs::read_to_string(&from).map_err(|e| Error::io(&from, e))?;
    let (entries, bad) = ignore_file::parse_gitleaksignore(&text);
    let mut stderr = std::io::stderr().lock();
    for (line, why) in &bad {
        let _ = writeln!(
            stderr,
            "leakhound: {}:{line}: not imported: {why}",
            from.display()
        );
    }
    let path_arg = path.to_string_lossy().into_owned();
    let mut scans = vec![vec!["leakhound", "scan", "--no-progress"]];
    if entries.iter().any(|e| e.commit.is_some()) && gix::discover(path).is_ok() {
        scans.push(vec!["leakhound", "scan", "--no-progress", "--git"]);
    }
    let cancel = Cancel::new();
    // (rule id, fingerprint, path, line range)
    let mut places: Vec<(String, String, String, std::ops::RangeInclusive<u32>)> = Vec::new();
    let mut fingerprints = None;
    for mut argv in scans {
        argv.push(&path_arg);
        let Command::Scan(args) = Cli::try_parse_from(&argv)
            .expect("valid scan flags")
            .command
        else {
            unreachable!("a scan command")
        };
        let mut config = ScanConfig::from_args(*args)?;
        // Every finding counts, including those the ignore file or a baseline hides now.
        config.policy.ignore_file = None;
        config.policy.baseline = None;
        let scanned = run_scan(&config, &cancel)?;
        let rules = scanned.matcher.rules();
        for f in &scanned.result.findings {
            for l in &f.locations {
                let p = l
                    .path
                    .strip_prefix(&format!("{}/", path_arg.trim_end_matches('/')))
                    .unwrap_or(&l.path);
                places.push((
                    rules.get(f.rule).id.clone(),
                    f.fingerprint.clone(),
                    display_path(Path::new(p)),
                    l.line..=l.end_line,
                ));
            }
        }
        fingerprints = Some(scanned.fingerprints);
    }
    let fingerprints = fingerprints.expect("at least one scan");
    let mut current = ignore_file::read_if_exists(&file)?;
    let known: Vec<String> = match &current {
        Some(t) => ignore_file::parse(&file, t, &fingerprints)?
            .into_iter()
            .map(|e| e.fingerprint)
            .collect(),
        None => Vec::new(),
    };
    let today = ignore_file::today();
    let (mut added, mut unmapped) = (Vec::<String>::new(), 0usize);
    for e in &entries {
        let at: Vec<_> = places
            .iter()
            .filter(|(_, _, p, lines)| *p == e.file && lines.contains(&e.line))
            .collect();
        // Same rule id first (custom gitleaks rules may share ours), else any finding there.
        let Some((rule, fp, _, _)) = at
            .iter()
            .find(|(r, ..)| *r == e.rule)
            .or(at.first())
            .copied()
        else {
            unmapped += 1;
            let _ = writeln!(
                stderr,
                "leakhound: {}:{}: not imported: no finding at {}:{} in this checkout{}",
                from.display(),
                e.source_line,
                e.file,
                e.line,
                if e.commit.is_some() {
                    " or its history"
                } else {
                    ""
                }
            );
            continue;
        };
        if known.iter().any(|k| fp.starts_with(k.as_str())) || added.contains(fp) {
            continue;
        }
        let entry = ignore_file::NewEntry {
            fingerprint: fp.clone(),
            reason: format!(
                "imported from {}:{}: {}",
                from.display(),
                e.source_line,
                e.text
            ),
            owner: None,
            expires: None,
            rule: Some(rule.clone()),
            added: today,
        };
        current = Some(ignore_file::add(
            &file,
            current.as_deref(),
            &entry,
            &fingerprints,
        )?);
        added.push(fp.clone());
    }
    if let Some(text) = &current
        && !added.is_empty()
    {
        output::write_to(Some(&file), |out| out.write_all(text.as_bytes()))?;
    }
    let _ = writeln!(
        stderr,
        "leakhound: {} of {} .gitleaksignore entries imported into {} ({} new fingerprint{}); {} not mapped, {} not entries",
        entries.len() - unmapped,
        entries.len(),
        file.display(),
        added.len(),
        if added.len() == 1 { "" } else { "s" },
        unmapped,
        bad.len()
    );
    Ok(if unmapped + bad.len() == 0 {
        ExitStatus::Clean
    } else {
        ExitStatus::Incomplete
    })
}

/// Built-in rules to start from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Builtin {
    None,
    /// What scanning needs.
    Rules,
    /// With their examples, for `rules check` and `rules explain`.
    WithExamples,
}

fn load_rules(builtin: Builtin, paths: &[impl AsRef<Path>]) -> Result<RuleSet, Error> {
    load_rules_importing(builtin, paths, None)
}

fn load_rules_importing(
    builtin: Builtin,
    paths: &[impl AsRef<Path>],
    imported: Option<&mut leakhound::rules::gitleaks::Imported>,
) -> Result<RuleSet, Error> {
    let mut rules = match builtin {
        Builtin::None => RuleSet::empty(),
        Builtin::Rules => RuleSet::builtin(),
        Builtin::WithExamples => RuleSet::builtin_with_examples(),
    };
    if let Some(imported) = imported {
        imported.apply(&mut rules);
    }
    for p in paths {
        rules.add_path(p.as_ref())?;
    }
    rules.finish();
    Ok(rules)
}

/// A finished scan with what it ran with.
struct Scanned {
    matcher: Matcher,
    result: scan::ScanResult,
    fingerprints: Fingerprinter,
}

/// Loads rules, suppressions and the ignore file and baseline as `config` says, then scans.
fn run_scan(config: &ScanConfig, cancel: &Cancel) -> Result<Scanned, Error> {
    let mut imported = config
        .gitleaks_config
        .as_deref()
        .map(leakhound::rules::gitleaks::import)
        .transpose()?;
    let builtin = match &imported {
        _ if !config.builtin_rules => Builtin::None,
        Some(i) if !i.use_default => Builtin::None,
        _ => Builtin::Rules,
    };
    let mut rules = load_rules_importing(builtin, &config.rule_paths, imported.as_mut())?;
    config.policy.select_rules(&mut rules)?;
    if let (Some(imported), Some(path)) = (&imported, &config.gitleaks_config) {
        let mut err = std::io::stderr().lock();
        if !imported.use_default && config.builtin_rules {
            let _ = writeln!(
                err,
                "leakhound: note: {} has no `[extend] useDefault = true`: as in gitleaks, its rules replace the built-in ones",
                path.display()
            );
        }
        for note in &imported.notes {
            let _ = writeln!(err, "leakhound: note: {note}");
        }
    }
    if rules.is_empty() {
        return Err(Error::Usage("no rules to scan with".into()));
    }
    let foreign = imported.map(|i| i.allowlists).unwrap_or_default();
    let fingerprints = Fingerprinter::new(&config.fingerprint_key);
    let mut suppressor = Suppressor::new(&rules, &config.allow, &foreign, config.policy.markers)
        .map_err(|message| Error::Config {
            file: config
                .gitleaks_config
                .clone()
                .or(config.project_config.clone())
                .unwrap_or_default(),
            position: None,
            message,
        })?;
    if let Some(path) = &config.policy.ignore_file {
        suppressor = suppressor.with_ignores(ignore_file::load(path, &fingerprints)?);
    }
    if let Some(path) = &config.policy.baseline
        && path.is_file()
    {
        let baseline = Baseline::load(path, &fingerprints)?;
        suppressor = suppressor.with_baseline(baseline, path.display().to_string());
    }
    let matcher = Matcher::new(Arc::new(rules));
    let counters = Arc::new(Counters::default());
    let progress = Progress::start(config.progress, Arc::clone(&counters));
    let result = scan::scan(
        config,
        &matcher,
        &suppressor,
        &fingerprints,
        cancel,
        &counters,
    );
    progress.finish();
    Ok(Scanned {
        matcher,
        result: result?,
        fingerprints,
    })
}

fn scan_command(config: ScanConfig) -> Result<ExitStatus, Error> {
    let cancel = Cancel::new();
    install_signal_handlers(&cancel);
    // Before scanning: a report that cannot be written is refused at once.
    let wants_gitlab = std::iter::once(config.format)
        .chain(config.also_report.iter().map(|r| r.0))
        .any(|f| f == Format::Gitlab);
    let head_commit = if wants_gitlab {
        gitlab_head_commit(&config)?
    } else {
        None
    };
    let Scanned {
        matcher,
        result,
        fingerprints,
    } = run_scan(&config, &cancel)?;

    let color = config.output.is_none()
        && config.format == Format::Pretty
        && match config.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && (std::io::stdout().is_terminal()
                        || std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0"))
            }
        };
    let policy = &config.policy;
    let report = Report {
        rules: matcher.rules(),
        findings: &result.findings,
        suppressed: if policy.show_suppressed {
            &result.suppressed
        } else {
            &[]
        },
        summary: &result.summary,
        show_secrets: config.show_secrets,
        color,
        kind: match (&config.git, &config.git_selection) {
            _ if config.staged => "staged",
            (false, _) => "tree",
            (true, leakhound::input::git::Selection::All) => "history",
            (true, _) => "range",
        },
        head_commit: head_commit.as_deref(),
    };
    for (format, path) in &config.also_report {
        let extra = Report {
            color: false,
            ..report
        };
        output::write_to(Some(path), |out| report::write(*format, &extra, out))?;
    }
    match output::write_to(config.output.as_deref(), |out| {
        report::write(config.format, &report, out)
    }) {
        Ok(()) => {}
        // `leakhound scan | head`: the reader left; that is not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e),
    }

    let summary = &result.summary;
    let mut stderr = std::io::stderr().lock();
    for e in &summary.ignores_expired {
        let _ = writeln!(
            stderr,
            "leakhound: warning: expired ignore entry no longer suppresses: {e}"
        );
    }
    let unused_fail = policy.fail_on_unused_ignores && !summary.ignores_unused.is_empty();
    if unused_fail {
        for e in &summary.ignores_unused {
            let _ = writeln!(stderr, "leakhound: unused ignore entry: {e}");
        }
    }
    if let (Some(path), Some(_)) = (&policy.write_baseline, summary.interrupted_by) {
        // Half a scan would make the other half look new next time.
        let _ = writeln!(
            stderr,
            "leakhound: baseline {} not written: the scan was interrupted",
            path.display()
        );
    } else if let Some(path) = &policy.write_baseline {
        let rules = matcher.rules();
        let entries: Vec<(&str, &str)> = result
            .findings
            .iter()
            .chain(result.suppressed.iter().filter(|f| {
                f.suppression
                    .as_ref()
                    .is_some_and(|s| s.kind == SuppressionKind::Baseline)
            }))
            .map(|f| (f.fingerprint.as_str(), rules.get(f.rule).id.as_str()))
            .collect();
        let text = baseline::render(&entries, &fingerprints);
        output::write_to(Some(path), |out| out.write_all(text.as_bytes()))?;
        let _ = writeln!(
            stderr,
            "leakhound: wrote {} finding{} to baseline {}",
            entries.len(),
            if entries.len() == 1 { "" } else { "s" },
            path.display()
        );
    }
    let rules = matcher.rules();
    let failing = policy.write_baseline.is_none()
        && result.findings.iter().any(|f| {
            let r = rules.get(f.rule);
            policy.fail_on.fails(r.severity, r.confidence)
        });
    Ok(if let Some(signal) = summary.interrupted_by {
        ExitStatus::Interrupted(signal)
    } else if failing && policy.findings_exit_code != 0 {
        ExitStatus::Findings(policy.findings_exit_code)
    } else if unused_fail {
        ExitStatus::Findings(policy.findings_exit_code.max(1))
    } else if !summary.complete() {
        ExitStatus::Incomplete
    } else {
        ExitStatus::Clean
    })
}

/// The commit GitLab's report names for locations without one of their own: HEAD of the
/// repository at the first scanned path (or the current directory for standard input). GitLab
/// requires a commit for every finding, so a tree or staged scan outside a repository, or in one
/// without commits, is refused before scanning rather than given an invented id. History
/// locations carry their own commit; for them HEAD is only a fallback (for dangling objects).
fn gitlab_head_commit(config: &ScanConfig) -> Result<Option<String>, Error> {
    let root = config
        .targets
        .iter()
        .find_map(|t| match t {
            Target::Path(p) => Some(p.as_path()),
            Target::Stdin => None,
        })
        .unwrap_or(Path::new("."));
    let head = leakhound::input::git::head_commit(root);
    if config.git {
        return Ok(head.ok().flatten());
    }
    let why = match head {
        Ok(Some(id)) => return Ok(Some(id)),
        Ok(None) => format!("{}: the repository has no commit yet", root.display()),
        Err(e) => e.to_string(),
    };
    Err(Error::Usage(format!(
        "--format gitlab needs a git repository with a commit, because GitLab's report requires \
         the commit of every finding: {why}. Scan a checkout, or use --format codequality, \
         junit or sarif"
    )))
}

/// The first SIGINT/SIGTERM asks the scan to stop and still write its report; a second one
/// ends the process at once.
fn install_signal_handlers(cancel: &Cancel) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let stop_now = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        let _ = flag::register_conditional_shutdown(signal, 128 + signal, Arc::clone(&stop_now));
        let _ = flag::register(signal, Arc::clone(&stop_now));
        let _ = flag::register_usize(signal, cancel.flag(), signal as usize);
    }
}

/// A rule as `rules list --json` and `rules explain --json` print it.
fn rule_json(r: &leakhound::rules::Rule, full: bool) -> serde_json::Value {
    let mut v = serde_json::json!({
        "id": r.id, "name": r.name, "description": r.description,
        "severity": r.severity, "confidence": r.confidence,
        "keywords": r.keywords, "checksum": r.checksum, "tags": r.tags,
        "references": r.references, "source": r.origin.file,
    });
    if full {
        let obj = v.as_object_mut().expect("an object");
        obj.insert("regex".into(), serde_json::json!(r.regex));
        obj.insert("entropy".into(), serde_json::json!(r.entropy));
        obj.insert(
            "heuristic".into(),
            serde_json::json!(r.heuristic.map(|h| h.as_str())),
        );
        obj.insert("report".into(), serde_json::json!(r.report));
        obj.insert(
            "companions".into(),
            serde_json::json!(
                r.companions
                    .iter()
                    .map(|c| serde_json::json!({
                        "rule": c.rule, "within_lines": c.within_lines, "required": c.required
                    }))
                    .collect::<Vec<_>>()
            ),
        );
        obj.insert(
            "positives".into(),
            serde_json::json!(
                r.positives
                    .iter()
                    .map(|p| serde_json::json!({"text": p.text, "secret": p.secret}))
                    .collect::<Vec<_>>()
            ),
        );
        obj.insert("negatives".into(), serde_json::json!(r.negatives));
    }
    v
}

fn rules_list(
    paths: &[std::path::PathBuf],
    tags: &[String],
    json: bool,
) -> Result<ExitStatus, Error> {
    let rules = load_rules(Builtin::Rules, paths)?;
    let selected: Vec<&leakhound::rules::Rule> = rules
        .rules()
        .iter()
        .filter(|r| {
            tags.iter()
                .all(|t| r.tags.iter().any(|rt| rt.eq_ignore_ascii_case(t)))
        })
        .collect();
    let mut out = std::io::stdout().lock();
    let result = if json {
        let list: Vec<_> = selected.iter().map(|r| rule_json(r, false)).collect();
        serde_json::to_writer_pretty(&mut out, &list)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        let width = selected.iter().map(|r| r.id.len()).max().unwrap_or(0);
        let mut r = Ok(());
        for rule in &selected {
            r = r.and_then(|()| {
                writeln!(
                    out,
                    "{:<width$}  {:<8}  {:<6}  {}",
                    rule.id,
                    rule.severity.as_str(),
                    rule.confidence.as_str(),
                    rule.name
                )
            });
        }
        r
    };
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(Error::io("<stdout>", e));
        }
        _ => {}
    }
    let mut stderr = std::io::stderr().lock();
    for p in rules.problems() {
        let _ = writeln!(stderr, "leakhound: warning: {p}");
    }
    Ok(if rules.problems().is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Incomplete
    })
}

fn rules_explain(id: &str, paths: &[std::path::PathBuf], json: bool) -> Result<ExitStatus, Error> {
    let rules = load_rules(Builtin::WithExamples, paths)?;
    let Some(rule) = rules.rules().iter().find(|r| r.id == id) else {
        let mut near: Vec<&str> = rules
            .rules()
            .iter()
            .map(|r| r.id.as_str())
            .filter(|r| r.contains(id) || id.contains(*r))
            .collect();
        near.truncate(5);
        let hint = if near.is_empty() {
            "see `leakhound rules list`".to_string()
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        return Err(Error::Usage(format!("no rule with id {id:?}: {hint}")));
    };
    let text = if json {
        serde_json::to_string_pretty(&rule_json(rule, true)).expect("JSON") + "\n"
    } else {
        let mut t = String::new();
        use std::fmt::Write as _;
        let _ = writeln!(t, "{} ({})", rule.name, rule.id);
        let _ = writeln!(t, "  {}", rule.description);
        let _ = writeln!(
            t,
            "  severity {}, confidence {}{}",
            rule.severity.as_str(),
            rule.confidence.as_str(),
            rule.checksum
                .map(|c| format!(", checksum {}", c.as_str()))
                .unwrap_or_default()
        );
        let _ = writeln!(t, "  keywords   {}", rule.keywords.join(", "));
        let _ = writeln!(t, "  pattern    {}", rule.regex);
        if let Some(e) = rule.entropy {
            let _ = writeln!(t, "  entropy    at least {e} bits per character");
        }
        let _ = writeln!(t, "  tags       {}", rule.tags.join(", "));
        let _ = writeln!(t, "  defined in {}", rule.origin.file);
        for r in &rule.references {
            let _ = writeln!(t, "  reference  {r}");
        }
        // Examples are fake, format-valid tokens from the rule file, printed as written.
        for p in &rule.positives {
            let _ = writeln!(t, "  matches    {}", p.text);
        }
        for n in &rule.negatives {
            let _ = writeln!(t, "  ignores    {n}");
        }
        t
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(ExitStatus::Clean),
    }
}

fn rules_check(paths: &[std::path::PathBuf]) -> Result<ExitStatus, Error> {
    let builtin = if paths.is_empty() {
        Builtin::WithExamples
    } else {
        Builtin::None
    };
    let rules = load_rules(builtin, paths)?;
    let (stats, failures) = check::check_rules(rules);
    let mut out = std::io::stdout().lock();
    for f in &failures {
        let _ = writeln!(out, "{} {f}", if f.warning { "WARN" } else { "FAIL" });
    }
    let failed = failures.iter().filter(|f| !f.warning).count();
    let _ = writeln!(
        out,
        "{} rules, {} positive and {} negative examples checked: {failed} failure{}, {} overlap{} with other rules",
        stats.rules,
        stats.positives,
        stats.negatives,
        if failed == 1 { "" } else { "s" },
        stats.overlaps,
        if stats.overlaps == 1 { "" } else { "s" },
    );
    Ok(if failed == 0 {
        ExitStatus::Clean
    } else {
        ExitStatus::Error
    })
}
