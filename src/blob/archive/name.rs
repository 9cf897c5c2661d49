//! Member names as reports show them. Members are never written to disk, but their names reach
//! terminals and reports, so a hostile archive must not be able to forge a path outside the
//! archive, hide text with control or bidi characters, or flood a report with a huge name.

/// Longest name kept, in bytes; longer ones are cut at a character boundary.
pub const NAME_MAX: usize = 1024;

/// A member name made safe to show: relative, without `.`/`..`, control or bidi characters,
/// bounded in length. Traversal names still name their member (`../../etc/passwd` →
/// `etc/passwd`): the member is scanned, only its name is tamed.
pub fn sanitize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(NAME_MAX));
    for (i, part) in raw.split(['/', '\\']).enumerate() {
        // A drive letter (`C:`) roots a Windows path; like a leading '/', it is dropped.
        let part = match part.as_bytes() {
            [d, b':', ..] if i == 0 && d.is_ascii_alphabetic() => &part[2..],
            _ => part,
        };
        if part.is_empty() || part == "." || part == ".." {
            continue;
        }
        if !out.is_empty() {
            out.push('/');
        }
        out.extend(
            part.chars()
                .map(|c| if shown_as_is(c) { c } else { '\u{FFFD}' }),
        );
        if out.len() > NAME_MAX {
            let mut end = NAME_MAX;
            while !out.is_char_boundary(end) {
                end -= 1;
            }
            out.truncate(end);
            break;
        }
    }
    if out.is_empty() {
        out.push_str("(unnamed)");
    }
    out
}

/// Control characters would drive the terminal; bidi overrides and isolates would reorder
/// what a reader sees ("Trojan Source").
fn shown_as_is(c: char) -> bool {
    !(c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// `child` inside the member `parent` ("" is the top-level archive itself).
pub fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}!{child}")
    }
}

/// The last component of a sanitised name.
pub fn base(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The payload of a compressed stream named `name`, as gunzip would name it: `creds.env.gz` →
/// `creds.env`; a name without an extension gets a `~` so it differs from the stream's.
pub fn payload(name: &str) -> String {
    let name = base(name);
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[..dot].to_owned(),
        _ if name.is_empty() => "(unnamed)".to_owned(),
        _ => format!("{name}~"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_relative_and_printable() {
        for (raw, want) in [
            ("../../etc/passwd", "etc/passwd"),
            ("/etc/shadow", "etc/shadow"),
            ("C:\\Windows\\win.ini", "Windows/win.ini"),
            ("c:relative.txt", "relative.txt"),
            ("\\\\server\\share\\x", "server/share/x"),
            ("a/./b//c/../d", "a/b/c/d"),
            ("evil\x1b[31mred\n.txt", "evil\u{FFFD}[31mred\u{FFFD}.txt"),
            ("invoice\u{202E}fdp.exe", "invoice\u{FFFD}fdp.exe"),
            ("", "(unnamed)"),
            ("../..", "(unnamed)"),
            ("dir/", "dir"),
            ("ünïcödé/名前.txt", "ünïcödé/名前.txt"),
        ] {
            assert_eq!(sanitize(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn long_names_are_cut_at_a_char_boundary() {
        let long = "é".repeat(NAME_MAX);
        let name = sanitize(&long);
        assert!(name.len() <= NAME_MAX && name.len() >= NAME_MAX - 1);
        assert!(name.chars().all(|c| c == 'é'));
    }

    #[test]
    fn payload_names() {
        assert_eq!(payload("creds.env.gz"), "creds.env");
        assert_eq!(payload("dir/creds.env.gz"), "creds.env");
        assert_eq!(payload("blob"), "blob~");
        assert_eq!(payload(".gz"), ".gz~");
        assert_eq!(payload(""), "(unnamed)");
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("x.zip", "a"), "x.zip!a");
    }
}
