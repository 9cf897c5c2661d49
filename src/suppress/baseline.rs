//! Baselines: the fingerprints of findings a team has already triaged, so a scan reports and
//! fails only on new ones. Keyed by fingerprint (no paths, no lines), one entry a line, sorted:
//! stable across line moves and free of merge churn.
//!
//! ```json
//! {
//!   "leakhound_baseline": 1,
//!   "key_check": "5b0e4c8f2a1d9e77",
//!   "findings": [
//!     {"fingerprint": "0f3a…", "rule": "github-pat-classic"},
//!     {"fingerprint": "9c1f…", "rule": "aws-access-key-id"}
//!   ]
//! }
//! ```
//!
//! An earlier `--format json` report works as a baseline too.

use std::collections::HashSet;
use std::path::Path;

use crate::Error;
use crate::finding::Fingerprinter;
use crate::suppress::ignore_file::{check_key, key_check};

pub const FORMAT_VERSION: u64 = 1;

/// Fingerprints of accepted findings.
#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: HashSet<String>,
}

impl Baseline {
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    pub fn load(path: &Path, fingerprints: &Fingerprinter) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(path, &text, fingerprints)
    }

    pub fn parse(path: &Path, text: &str, fingerprints: &Fingerprinter) -> Result<Self, Error> {
        let bad = |m: String| Error::Config {
            file: path.to_path_buf(),
            position: None,
            message: m,
        };
        let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Config {
            file: path.to_path_buf(),
            position: Some((e.line(), e.column())),
            message: e.to_string(),
        })?;
        if let Some(version) = doc.get("leakhound_baseline") {
            if version.as_u64() != Some(FORMAT_VERSION) {
                return Err(bad(format!(
                    "baseline format {version} is not supported (this leakhound writes {FORMAT_VERSION})"
                )));
            }
            if let Some(k) = doc.get("key_check").and_then(|k| k.as_str()) {
                check_key(k, fingerprints).map_err(bad)?;
            }
        } else if doc
            .get("tool")
            .and_then(|t| t.get("name"))
            .and_then(|n| n.as_str())
            != Some(env!("CARGO_PKG_NAME"))
        {
            return Err(bad(
                "not a leakhound baseline (--write-baseline) or JSON report (--format json)".into(),
            ));
        }
        let list = doc
            .get("findings")
            .and_then(|f| f.as_array())
            .ok_or_else(|| bad("no `findings` array".into()))?;
        let mut set = HashSet::with_capacity(list.len());
        for (i, f) in list.iter().enumerate() {
            let fp = f
                .get("fingerprint")
                .and_then(|v| v.as_str())
                .filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
                .ok_or_else(|| bad(format!("finding {} has no 64-digit fingerprint", i + 1)))?;
            set.insert(fp.to_ascii_lowercase());
        }
        Ok(Baseline { fingerprints: set })
    }
}

/// The text of a baseline holding `entries` (fingerprint, rule id).
pub fn render(entries: &[(&str, &str)], fingerprints: &Fingerprinter) -> String {
    let mut sorted: Vec<(&str, &str)> = entries.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = format!(
        "{{\n  \"leakhound_baseline\": {FORMAT_VERSION},\n  \"key_check\": \"{}\",\n  \"findings\": [",
        key_check(fingerprints)
    );
    for (i, (fp, rule)) in sorted.iter().enumerate() {
        let line = serde_json::json!({"fingerprint": fp, "rule": rule});
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(&line.to_string());
    }
    out.push_str(if sorted.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_then_parse() {
        let fp = Fingerprinter::default();
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        let text = render(&[(&b, "r2"), (&a, "r1"), (&a, "r1")], &fp);
        assert!(text.find(&a).unwrap() < text.find(&b).unwrap(), "sorted");
        assert_eq!(text.matches("fingerprint").count(), 2, "deduplicated");
        let base = Baseline::parse(Path::new("b.json"), &text, &fp).unwrap();
        assert!(base.contains(&a) && base.contains(&b) && base.len() == 2);
        let empty = render(&[], &fp);
        assert!(
            Baseline::parse(Path::new("b.json"), &empty, &fp)
                .unwrap()
                .is_empty()
        );
        let other = Fingerprinter::new(b"another key");
        assert!(Baseline::parse(Path::new("b.json"), &text, &other).is_err());
    }

    #[test]
    fn bad_baselines_are_errors() {
        let fp = Fingerprinter::default();
        for text in [
            "[]",
            "{\"findings\": []}",
            "{\"leakhound_baseline\": 9, \"findings\": []}",
            "{",
        ] {
            assert!(
                Baseline::parse(Path::new("b.json"), text, &fp).is_err(),
                "{text}"
            );
        }
    }
}
