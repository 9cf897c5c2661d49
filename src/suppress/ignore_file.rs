//! The ignore file (`.leakhound-ignore.toml`): known findings, keyed by fingerprint (the keyed
//! hash of rule and secret, no path, no line), each with a required reason and an optional
//! owner and expiry date. An entry keeps working when the secret moves to another line or
//! file, and after a squash or rebase.
//!
//! ```toml
//! key-check = "5b0e4c8f2a1d9e77"   # which fingerprint key wrote it (see `key_check`)
//!
//! [[ignore]]
//! fingerprint = "9c1f…"             # 16 to 64 hex digits, as reports print them
//! reason = "Revoked on 2026-11-02; history rewrite scheduled"
//! owner = "security@example.com"    # optional
//! expires = 2027-01-31              # optional: suppresses through that day (UTC)
//! rule = "github-pat-classic"       # optional, for readers
//! ```
//!
//! Written by `leakhound ignore add`, which keeps the file's comments and layout.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::Error;
use crate::finding::Fingerprinter;

/// Shortest fingerprint prefix an entry may hold: 64 bits, as reports print it.
pub const MIN_FINGERPRINT_DIGITS: usize = 16;

/// One entry, validated.
#[derive(Debug, Clone)]
pub struct IgnoreEntry {
    /// Lowercase hex, a prefix of the full fingerprint.
    pub fingerprint: String,
    pub reason: String,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    pub expires: Option<jiff::civil::Date>,
    pub rule: Option<String>,
    /// `file:line` of the entry, for messages.
    pub place: String,
}

impl IgnoreEntry {
    pub fn matches(&self, fingerprint: &str) -> bool {
        fingerprint.starts_with(&self.fingerprint)
    }

    pub fn expired(&self, today: jiff::civil::Date) -> bool {
        self.expires.is_some_and(|e| e < today)
    }

    /// "`.leakhound-ignore.toml:12` (9c1f0a2b3c4d5e6f, github-pat-classic): reason".
    pub fn describe(&self) -> String {
        format!(
            "{} ({}{}): {}",
            self.place,
            &self.fingerprint[..self.fingerprint.len().min(16)],
            self.rule
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default(),
            self.reason
        )
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFile {
    key_check: Option<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    fingerprint: Spanned<String>,
    reason: Spanned<String>,
    owner: Option<String>,
    expires: Option<Spanned<toml::value::Datetime>>,
    rule: Option<String>,
    /// When the entry was written (informational).
    #[allow(dead_code)]
    added: Option<toml::value::Datetime>,
}

/// The day expiry dates are judged by: today in UTC, so a CI runner and a laptop agree.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// The ignore file's text, or `None` when there is none yet.
pub fn read_if_exists(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// A short value that tells which fingerprint key a file was written with, without revealing
/// the key: the keyed fingerprint of a fixed label.
pub fn key_check(fingerprints: &Fingerprinter) -> String {
    fingerprints.fingerprint("leakhound-key-check", b"")[..16].to_string()
}

/// Checks a file's `key-check` against the key in use.
pub fn check_key(found: &str, fingerprints: &Fingerprinter) -> Result<(), String> {
    if found == key_check(fingerprints) {
        Ok(())
    } else {
        Err(
            "written with another fingerprint key (LEAKHOUND_FINGERPRINT_KEY or [fingerprint] in \
             the project config): its fingerprints would match nothing"
                .into(),
        )
    }
}

/// Normalises and checks a fingerprint as a user gives it.
pub fn parse_fingerprint(s: &str) -> Result<String, String> {
    let f = s.trim().to_ascii_lowercase();
    if f.len() < MIN_FINGERPRINT_DIGITS || f.len() > 64 || !f.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(format!(
            "{s:?} is not a fingerprint: {MIN_FINGERPRINT_DIGITS} to 64 hex digits, as reports print it"
        ));
    }
    Ok(f)
}

fn parse_date(d: &toml::value::Datetime) -> Result<jiff::civil::Date, String> {
    match (&d.date, &d.time, &d.offset) {
        (Some(date), None, None) => {
            jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8)
                .map_err(|e| e.to_string())
        }
        _ => Err(format!("expires = {d} must be a date such as 2027-01-31")),
    }
}

/// Loads and validates an ignore file.
pub fn load(path: &Path, fingerprints: &Fingerprinter) -> Result<Vec<IgnoreEntry>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(path, &text, fingerprints)
}

pub fn parse(
    path: &Path,
    text: &str,
    fingerprints: &Fingerprinter,
) -> Result<Vec<IgnoreEntry>, Error> {
    let raw: RawFile = toml::from_str(text).map_err(|e| Error::toml(path, text, &e))?;
    let at = |span: std::ops::Range<usize>, message: String| {
        Error::config(path, text, Some(span.start), message)
    };
    if let Some(k) = &raw.key_check {
        check_key(k.get_ref(), fingerprints).map_err(|m| at(k.span(), m))?;
    }
    let mut entries: Vec<IgnoreEntry> = Vec::with_capacity(raw.ignore.len());
    for spanned in raw.ignore {
        let span = spanned.span();
        let e = spanned.into_inner();
        let fingerprint =
            parse_fingerprint(e.fingerprint.get_ref()).map_err(|m| at(e.fingerprint.span(), m))?;
        if e.reason.get_ref().trim().is_empty() {
            return Err(at(
                e.reason.span(),
                "reason is empty: say why this finding is accepted".into(),
            ));
        }
        let expires = e
            .expires
            .as_ref()
            .map(|d| parse_date(d.get_ref()).map_err(|m| at(d.span(), m)))
            .transpose()?;
        let (line, _) = crate::error::line_column(text, span.start);
        if let Some(dup) = entries.iter().find(|o| o.fingerprint == fingerprint) {
            return Err(at(
                e.fingerprint.span(),
                format!(
                    "fingerprint {fingerprint} is already listed at {}",
                    dup.place
                ),
            ));
        }
        entries.push(IgnoreEntry {
            fingerprint,
            reason: e.reason.into_inner(),
            owner: e.owner,
            expires,
            rule: e.rule,
            place: format!("{}:{line}", path.display()),
        });
    }
    Ok(entries)
}

/// A new entry for [`add`].
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub fingerprint: String,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: Option<jiff::civil::Date>,
    pub rule: Option<String>,
    pub added: jiff::civil::Date,
}

const HEADER: &str = "\
# leakhound ignore file: findings that are known and accepted, by fingerprint.
# Each entry needs a reason; `owner` and `expires` (a date) are optional. An expired entry
# stops suppressing and is reported. Add entries with `leakhound ignore add`.
";

/// Adds an entry to the ignore file's text (or to a new file when `text` is `None`), keeping
/// its comments and layout. Fails if the fingerprint is already listed.
pub fn add(
    path: &Path,
    text: Option<&str>,
    entry: &NewEntry,
    fingerprints: &Fingerprinter,
) -> Result<String, Error> {
    let text = match text {
        Some(t) => {
            // Validates the file and the key as a scan would.
            for e in parse(path, t, fingerprints)? {
                if entry.fingerprint.starts_with(&e.fingerprint)
                    || e.fingerprint.starts_with(&entry.fingerprint)
                {
                    return Err(Error::Usage(format!(
                        "{} already ignores fingerprint {}",
                        e.place, e.fingerprint
                    )));
                }
            }
            t.to_string()
        }
        None => format!("{HEADER}key-check = \"{}\"\n", key_check(fingerprints)),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::config(path, &text, e.span().map(|s| s.start), e.message())
    })?;
    let mut table = toml_edit::Table::new();
    table.insert("fingerprint", toml_edit::value(&entry.fingerprint));
    table.insert("reason", toml_edit::value(&entry.reason));
    if let Some(owner) = &entry.owner {
        table.insert("owner", toml_edit::value(owner));
    }
    if let Some(date) = entry.expires {
        table.insert("expires", toml_edit::value(toml_date(date)));
    }
    if let Some(rule) = &entry.rule {
        table.insert("rule", toml_edit::value(rule));
    }
    table.insert("added", toml_edit::value(toml_date(entry.added)));
    let ignores = doc
        .entry("ignore")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    let Some(array) = ignores.as_array_of_tables_mut() else {
        return Err(Error::config(
            path,
            &text,
            None,
            "`ignore` must be an array of tables ([[ignore]])",
        ));
    };
    array.push(table);
    Ok(doc.to_string())
}

fn toml_date(d: jiff::civil::Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// One line of a `.gitleaksignore`: `[commit:]file:rule-id:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitleaksEntry {
    pub commit: Option<String>,
    pub file: String,
    pub rule: String,
    pub line: u32,
    /// Line number in the .gitleaksignore.
    pub source_line: usize,
    pub text: String,
}

/// Parses a `.gitleaksignore`: entries, and the lines that are not entries (with why).
pub fn parse_gitleaksignore(text: &str) -> (Vec<GitleaksEntry>, Vec<(usize, String)>) {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let normalised = line.replace('\\', "/");
        // rule ids and line numbers hold no ':'; a path may (Windows drives aside, rarely).
        let mut parts = normalised.rsplitn(3, ':');
        let (Some(num), Some(rule), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
            bad.push((
                i + 1,
                format!("{line:?}: expected [commit:]file:rule-id:line"),
            ));
            continue;
        };
        let Ok(num) = num.parse::<u32>() else {
            bad.push((i + 1, format!("{line:?}: {num:?} is not a line number")));
            continue;
        };
        let (commit, file) = match rest.split_once(':') {
            Some((c, f)) if c.len() >= 7 && c.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (Some(c.to_string()), f.to_string())
            }
            _ => (None, rest.to_string()),
        };
        entries.push(GitleaksEntry {
            commit,
            file,
            rule: rule.to_string(),
            line: num,
            source_line: i + 1,
            text: line.to_string(),
        });
    }
    (entries, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp() -> Fingerprinter {
        Fingerprinter::default()
    }

    #[test]
    fn entries_parse_with_places_and_errors_name_line_and_column() {
        let text = "[[ignore]]\nfingerprint = \"0123456789ABCDEF\"\nreason = \"fixture\"\nexpires = 2027-01-31\n";
        let entries = parse(Path::new("i.toml"), text, &fp()).unwrap();
        assert_eq!(entries[0].fingerprint, "0123456789abcdef");
        assert_eq!(entries[0].place, "i.toml:1");
        assert!(entries[0].matches("0123456789abcdef99"));
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        assert!(!entries[0].expired(d("2027-01-31")));
        assert!(entries[0].expired(d("2027-02-01")));

        let err = parse(
            Path::new("i.toml"),
            "[[ignore]]\nfingerprint = \"xyz\"\nreason = \"r\"\n",
            &fp(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("i.toml:2:15:"), "{err}");
        let err = parse(
            Path::new("i.toml"),
            "[[ignore]]\nfingerprint = \"0123456789abcdef\"\nreason = \" \"\n",
            &fp(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("i.toml:3:10:") && err.contains("reason"),
            "{err}"
        );
        let err = parse(
            Path::new("i.toml"),
            "[[ignore]]\nfingerprint = \"0123456789abcdef\"\n",
            &fp(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("reason"), "{err}");
    }

    #[test]
    fn another_key_is_refused() {
        let text = format!("key-check = \"{}\"\n", key_check(&fp()));
        assert!(parse(Path::new("i.toml"), &text, &fp()).is_ok());
        let other = Fingerprinter::new(b"team key");
        let err = parse(Path::new("i.toml"), &text, &other)
            .unwrap_err()
            .to_string();
        assert!(err.contains("another fingerprint key"), "{err}");
    }

    #[test]
    fn add_keeps_comments_and_refuses_duplicates() {
        let today = "2026-11-23".parse().unwrap();
        let entry = |f: &str| NewEntry {
            fingerprint: f.into(),
            reason: "fixture".into(),
            owner: Some("sec@example.com".into()),
            expires: Some("2027-01-31".parse().unwrap()),
            rule: None,
            added: today,
        };
        let path = Path::new("i.toml");
        let first = add(path, None, &entry("0123456789abcdef"), &fp()).unwrap();
        let edited = format!("{first}# keep me\n");
        let second = add(path, Some(&edited), &entry("fedcba9876543210"), &fp()).unwrap();
        assert!(second.contains("# keep me"));
        let entries = parse(path, &second, &fp()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].owner.as_deref(), Some("sec@example.com"));
        assert!(add(path, Some(&second), &entry("0123456789abcdef00"), &fp()).is_err());
    }

    #[test]
    fn gitleaksignore_lines() {
        let (entries, bad) = parse_gitleaksignore(
            "# comment\n\nsrc\\app.py:generic-api-key:12\n\
             1a2b3c4d5e6f:config/.env:aws-access-token:3\nnot an entry\n",
        );
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].file, "src/app.py");
        assert_eq!(entries[0].commit, None);
        assert_eq!(entries[1].commit.as_deref(), Some("1a2b3c4d5e6f"));
        assert_eq!(
            (entries[1].rule.as_str(), entries[1].line),
            ("aws-access-token", 3)
        );
        assert_eq!(bad.len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in ".{0,200}") {
            let _ = parse(Path::new("i.toml"), &text, &Fingerprinter::default());
            let _ = parse_gitleaksignore(&text);
        }
    }
}
