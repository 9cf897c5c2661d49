//! Inline markers: a comment on a secret's line that says the secret is known and accepted.
//! Our own marker always counts; the other scanners' markers count by default, so a repository
//! that migrates to leakhound stays as quiet as it was.

use memchr::memmem;

/// Our marker.
pub const OWN: &str = "leakhound:allow";

/// Other scanners' markers, honoured unless switched off: gitleaks (and Betterleaks), TruffleHog,
/// detect-secrets and ripsecrets, Kingfisher.
pub const FOREIGN: &[&str] = &[
    "gitleaks:allow",
    "betterleaks:allow",
    "trufflehog:ignore",
    "pragma: allowlist secret",
    "kingfisher:ignore",
    "kingfisher:allow",
];

/// How far from the secret, on its line, a marker is looked for: a marker sits in the same
/// statement, and a minified line can be megabytes long.
const REACH: usize = 4096;

/// The markers in force, with their searchers built once per scan.
#[derive(Debug, Clone)]
pub struct Markers {
    finders: Vec<memmem::Finder<'static>>,
}

impl Markers {
    /// Our marker, and the other scanners' when `foreign`.
    pub fn new(foreign: bool) -> Self {
        let names = std::iter::once(OWN).chain(FOREIGN.iter().copied().filter(|_| foreign));
        Markers {
            finders: names.map(memmem::Finder::new).collect(),
        }
    }

    /// Each marker in force, in the order [`Markers::find`] reports them.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.finders
            .iter()
            .map(|f| std::str::from_utf8(f.needle()).expect("markers are text"))
    }

    /// The index (in [`Markers::names`]) of the marker on the lines of `bytes[start..end]`.
    pub fn find(&self, bytes: &[u8], start: usize, end: usize) -> Option<usize> {
        let from = start.saturating_sub(REACH);
        let line_start = memchr::memrchr(b'\n', &bytes[from..start]).map_or(from, |i| from + i + 1);
        let to = (end + REACH).min(bytes.len());
        let line_end = memchr::memchr(b'\n', &bytes[end..to]).map_or(to, |i| end + i);
        let line = &bytes[line_start..line_end];
        self.finders.iter().position(|f| f.find(line).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(bytes: &[u8], start: usize, end: usize, foreign: bool) -> Option<String> {
        let markers = Markers::new(foreign);
        let i = markers.find(bytes, start, end)?;
        markers.names().nth(i).map(str::to_string)
    }

    fn at(text: &str, secret: &str, foreign: bool) -> Option<String> {
        let s = text.find(secret).unwrap();
        find(text.as_bytes(), s, s + secret.len(), foreign)
    }

    #[test]
    fn marker_on_the_secrets_line_only() {
        let text = "a = 1 # leakhound:allow\nkey = \"SECRET\"  # gitleaks:allow\nb = 2\n";
        assert_eq!(at(text, "SECRET", true).as_deref(), Some("gitleaks:allow"));
        assert_eq!(at(text, "SECRET", false), None);
        let text = "key = \"SECRET\" // leakhound:allow fixture\n";
        assert_eq!(at(text, "SECRET", false).as_deref(), Some(OWN));
        let text = "# leakhound:allow\nkey = \"SECRET\"\n";
        assert_eq!(
            at(text, "SECRET", true),
            None,
            "the line above does not count"
        );
    }

    #[test]
    fn marker_on_any_line_of_a_multiline_secret() {
        let text = "-----BEGIN KEY-----\nAAAA\n-----END KEY----- # pragma: allowlist secret\n";
        let s = text.find("-----BEGIN").unwrap();
        let e = text.find("KEY----- #").unwrap() + 8;
        assert_eq!(
            find(text.as_bytes(), s, e, true).as_deref(),
            Some("pragma: allowlist secret")
        );
    }

    #[test]
    fn far_markers_on_huge_lines_do_not_count() {
        let mut text = "x".repeat(10_000);
        text.push_str("SECRET");
        text.push_str(&"y".repeat(10_000));
        text.push_str("leakhound:allow");
        assert_eq!(at(&text, "SECRET", true), None);
    }
}
