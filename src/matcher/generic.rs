//! The quiet generic detector: a value assigned to a credential-named key is reported only when
//! it reads like a real credential. The rule's regex finds the candidates (capture `key` names
//! the key, `secret` the value); this module decides, with no allocation, whether the key really
//! names a credential and whether the value is a literal that no placeholder, variable reference,
//! code expression or test value explains.
//!
//! Each check below exists because real code and configs are full of such assignments:
//! `token_url = "https://…"`, `password: ${DB_PASSWORD}`, `secret = os.environ["X"]`,
//! `api_key: "<your-api-key>"`, `PASSWORD_FIELD = "password"`.

use super::entropy;

/// Parts of key names that make the value something other than the credential itself: where
/// it is (`_url`, `_file`), what it is called (`_name`), how it is shaped (`_length`, `_type`).
const NOT_CREDENTIAL_KEY: &[&str] = &[
    "url",
    "uri",
    "endpoint",
    "path",
    "file",
    "dir",
    "name",
    "type",
    "arn",
    "policy",
    "length",
    "size",
    "count",
    "max",
    "min",
    "timeout",
    "ttl",
    "expir",
    "lifetime",
    "header",
    "field",
    "param",
    "regex",
    "pattern",
    "prompt",
    "label",
    "placeholder",
    "hint",
    "public",
    "format",
    "algorithm",
    "version",
    "mode",
    "usage",
    "limit",
    "enabled",
    "required",
    "reset",
    "provider",
    "storage",
    "store",
    "location",
    "prefix",
    "suffix",
    "hash",
    "digest",
    "salt",
    "encod",
    "cipher",
    "strength",
    "validat",
    "visible",
    "column",
    "attribute",
    "question",
    "template",
    "description",
    "message",
    "error",
    "command",
    "scope",
    "audience",
    "issuer",
    "manager",
    "rotation",
    "generator",
    "callback",
    "class",
    "method",
    "option",
    "schema",
];

/// Key names ending in these name an identifier or a reference, not a secret.
const NOT_CREDENTIAL_KEY_END: &[&str] = &[
    "id",
    "_ref",
    "ref",
    "_env",
    "_var",
    "_key_name",
    "_secret_name",
    "_count",
    "s_left",
];

/// Substrings of values that mark placeholders, examples and test data (compared lowercase).
const PLACEHOLDER: &[&str] = &[
    "change",
    "example",
    "placeholder",
    "your",
    "xxx",
    "***",
    "...",
    "dummy",
    "sample",
    "redact",
    "replace",
    "todo",
    "fixme",
    "fake",
    "mock",
    "test",
    "demo",
    "secret",
    "password",
    "passwd",
    "token",
    "insert",
    "enter",
    "default",
    "none",
    "null",
    "undefined",
    "lorem",
    "1234",
    "abcd",
    "qwerty",
    "foobar",
    "asdf",
    "aaaa",
    "0000",
    "1111",
    "here",
    "value",
    "string",
    "sometimes",
    "random",
    "generated",
    "notreal",
    "invalid",
    "empty",
    "unset",
    "missing",
    "required",
    "optional",
    "hidden",
    "masked",
    "omitted",
    "removed",
];

/// Longest part of a key name read before its credential word.
const MAX_NAME_BEFORE: usize = 40;
/// Shortest and longest value considered.
const MIN_LEN: usize = 8;
const MAX_LEN: usize = 128;
/// Minimum Shannon entropy of the value, bits per byte.
const MIN_ENTROPY: f64 = 3.0;

/// Whether the candidate `key = value` looks like a hard-coded credential. `value` is at
/// `hay[value.0..value.1]`; the bytes around it tell a quoted literal from a bare config value.
pub fn plausible(hay: &[u8], key: (usize, usize), value: (usize, usize)) -> bool {
    // The regex starts the key at the credential word; the name may begin before it
    // (`DB_PASSWORD`, `stripe.apiKey`).
    let key = (name_start(hay, key.0), key.1);
    let key_text = &hay[key.0..key.1];
    let v = &hay[value.0..value.1];
    // Cheapest and most selective first: most candidates in code fail on their value.
    plausible_value(v)
        && literal_context(hay, key.0, value)
        && !in_comment(hay, key.0)
        && credential_key(key_text)
}

/// The `key = value` candidate that the generic rule's regex matches at a credential word
/// (`hay[word.0..word.1]`), parsed the same way: the rest of the name (≤ 30 name bytes), up to
/// two closing quotes or brackets, up to three spaces or tabs, an operator (`=>`, `:=`, `=`,
/// `:`), up to three spaces or tabs, an optional opening quote, then at least [`MIN_LEN`] value bytes, read no
/// further than `limit`. Returns the key and value spans. Together with [`plausible`] it decides
/// most keyword hits without running the regex: real code is full of `token`s and `password`s,
/// and only assignments of plausible values are worth a regex run.
pub fn assignment_at(
    hay: &[u8],
    word: (usize, usize),
    limit: usize,
) -> Option<((usize, usize), (usize, usize))> {
    let limit = limit.min(hay.len());
    let mut i = word.1.min(limit);
    let name_end = (i + 30).min(limit);
    while i < name_end && is_name_byte(hay[i]) {
        i += 1;
    }
    let key = (word.0, i);
    i = skip_max(hay, i, limit, 2, |b| matches!(b, b'"' | b'\'' | b']'));
    i = skip_max(hay, i, limit, 3, is_blank);
    let rest = &hay[i..limit];
    // Leftmost-first, like the regex's alternation: the first operator that leads to a value.
    [&b"=>"[..], b":=", b"=", b":"]
        .iter()
        .filter(|op| rest.starts_with(op))
        .find_map(|op| {
            let mut v = skip_max(hay, i + op.len(), limit, 3, is_blank);
            if v < limit && matches!(hay[v], b'"' | b'\'' | b'`') {
                v += 1;
            }
            let len = hay[v..limit]
                .iter()
                .take_while(|&&b| {
                    !is_regex_space(b) && !matches!(b, b'"' | b'\'' | b'`' | b',' | b';')
                })
                .count();
            (len >= MIN_LEN).then_some((key, (v, v + len)))
        })
}

fn is_name_byte(b: u8) -> bool {
    matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-')
}

/// Space or tab: the key, its operator and its value share a line (an empty value must not take
/// the next line as its own).
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// `\s` of the rule's ASCII regex: unlike `u8::is_ascii_whitespace`, it includes `\x0B`.
fn is_regex_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Skips up to `max` bytes satisfying `pred`, from `i`, never past `limit`.
fn skip_max(
    hay: &[u8],
    mut i: usize,
    limit: usize,
    max: usize,
    pred: impl Fn(u8) -> bool,
) -> usize {
    let stop = (i + max).min(limit);
    while i < stop && pred(hay[i]) {
        i += 1;
    }
    i
}

/// Where the identifier holding `pos` begins (at most [`MAX_NAME_BEFORE`] bytes back).
fn name_start(hay: &[u8], pos: usize) -> usize {
    let floor = pos.saturating_sub(MAX_NAME_BEFORE);
    let mut start = pos;
    while start > floor && is_name_byte(hay[start - 1]) {
        start -= 1;
    }
    start
}

/// Assignments in comments are documentation examples far more often than leaks.
fn in_comment(hay: &[u8], key_start: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &hay[..key_start]).map_or(0, |i| i + 1);
    let lead = trim_ascii_start(&hay[line_start..key_start]);
    [
        &b"#"[..],
        b"//",
        b"/*",
        b"*",
        b"--",
        b"<!--",
        b";",
        b"rem ",
        b"REM ",
    ]
    .iter()
    .any(|marker| lead.starts_with(marker))
}

fn credential_key(key: &[u8]) -> bool {
    let mut lower = [0u8; 96];
    let n = key.len().min(lower.len());
    for (d, s) in lower.iter_mut().zip(key) {
        *d = s.to_ascii_lowercase();
    }
    let key = trim_key(&lower[..n]);
    !NOT_CREDENTIAL_KEY
        .iter()
        .any(|w| memchr::memmem::find(key, w.as_bytes()).is_some())
        && !NOT_CREDENTIAL_KEY_END
            .iter()
            .any(|w| key.ends_with(w.as_bytes()))
}

fn trim_key(key: &[u8]) -> &[u8] {
    let end = key
        .iter()
        .rposition(|b| b.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    &key[..end]
}

/// A value in quotes must close with the same quote. A bare value must be a config line's
/// whole value: the key starts the line (after indentation, `export ` or a YAML `- `) and
/// nothing but a comment follows the value.
fn literal_context(hay: &[u8], key_start: usize, (start, end): (usize, usize)) -> bool {
    let before = start.checked_sub(1).map(|i| hay[i]);
    let after = hay.get(end).copied();
    match before {
        Some(q @ (b'"' | b'\'' | b'`')) => after == Some(q),
        _ => {
            let line_start = memchr::memrchr(b'\n', &hay[..key_start]).map_or(0, |i| i + 1);
            let lead = trim_ascii_start(&hay[line_start..key_start]);
            let lead = lead
                .strip_prefix(b"export ")
                .or_else(|| lead.strip_prefix(b"- "))
                .unwrap_or(lead);
            let rest = &hay[end..hay.len().min(end + 256)];
            let rest = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
            let rest = trim_ascii_start(rest);
            lead.is_empty()
                && (rest.is_empty() || rest == b"\r" || rest[0] == b'#' || rest.starts_with(b"//"))
        }
    }
}

fn trim_ascii_start(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if first.is_ascii_whitespace() {
            b = rest;
        } else {
            break;
        }
    }
    b
}

fn plausible_value(v: &[u8]) -> bool {
    if !(MIN_LEN..=MAX_LEN).contains(&v.len()) {
        return false;
    }
    // References, templates, code and paths, not literals.
    if matches!(
        v[0],
        b'$' | b'%' | b'@' | b'&' | b'*' | b'!' | b'#' | b'/' | b'.' | b'~' | b'-'
    ) {
        return false;
    }
    if v.iter().any(|b| {
        matches!(
            b,
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'<' | b'>' | b' ' | b'\\' | b'"' | b'\''
        )
    }) || memchr::memmem::find(v, b"://").is_some()
        || format_directive(v)
        || dotted_identifier(v)
        || path_like(v)
    {
        return false;
    }
    let (mut lower, mut upper, mut digit, mut other, mut special) = (0, 0, 0, 0, 0);
    let mut counts = [0u8; 256];
    for &b in v {
        match b {
            b'a'..=b'z' => lower += 1,
            b'A'..=b'Z' => upper += 1,
            b'0'..=b'9' => digit += 1,
            b'-' | b'_' | b'.' => other += 1,
            _ => {
                other += 1;
                special += 1;
            }
        }
        counts[b as usize] = counts[b as usize].saturating_add(1);
    }
    let classes = [lower, upper, digit, other]
        .iter()
        .filter(|&&c| c > 0)
        .count();
    // Words and identifiers (`SecretKey`, `my_password`) have no digits; numbers, versions
    // and dates no letters.
    // Separators alone (`X-Amz-Credential`) do not make a word a secret: a digit or a symbol
    // must.
    if classes < 2 || digit + special == 0 || lower + upper == 0 {
        return false;
    }
    if other > 0 && lower + upper + digit == 0 {
        return false;
    }
    // Snake/kebab identifiers with a digit (`api_v2_key`): every run between separators is
    // made of letters, or of digits, never mixed, and all of one case.
    if identifier_like(v) {
        return false;
    }
    if usize::from(*counts.iter().max().unwrap_or(&0)) * 3 > v.len() {
        return false;
    }
    let mut lower_v = [0u8; MAX_LEN];
    for (d, s) in lower_v.iter_mut().zip(v) {
        *d = s.to_ascii_lowercase();
    }
    let lower_v = &lower_v[..v.len()];
    if PLACEHOLDER
        .iter()
        .any(|w| memchr::memmem::find(lower_v, w.as_bytes()).is_some())
    {
        return false;
    }
    entropy::shannon(v) >= MIN_ENTROPY
}

/// `%s`, `%d`, `%(name)s`, `{}`: a format string, filled in at run time.
fn format_directive(v: &[u8]) -> bool {
    v.windows(2)
        .any(|w| w[0] == b'%' && matches!(w[1], b's' | b'd' | b'v' | b'x' | b'r' | b'('))
}

/// `contrib/credential/osxkeychain`, `certs/client.key`: a file path, not a secret. Base64
/// also holds `/`, but its pieces mix cases and digits, and it never ends in a file extension.
fn path_like(v: &[u8]) -> bool {
    if !v.contains(&b'/') || v.contains(&b'+') {
        return false;
    }
    let extension = [
        &b".key"[..],
        b".pem",
        b".json",
        b".yaml",
        b".yml",
        b".txt",
        b".crt",
        b".p12",
        b".jks",
        b".env",
    ]
    .iter()
    .any(|e| v.ends_with(e));
    extension
        || v.split(|&b| b == b'/').all(|seg| {
            !seg.iter().any(u8::is_ascii_uppercase)
                && seg
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(b))
        })
}

/// `config.db.password`, `settings.API_KEY`: a code reference.
fn dotted_identifier(v: &[u8]) -> bool {
    v.contains(&b'.')
        && v.split(|&b| b == b'.').all(|part| {
            !part.is_empty()
                && !part[0].is_ascii_digit()
                && part.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        })
}

fn identifier_like(v: &[u8]) -> bool {
    let separated = v.iter().any(|&b| b == b'_' || b == b'-');
    if !separated
        || v.iter()
            .any(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))
    {
        return false;
    }
    let all_lower = !v.iter().any(u8::is_ascii_uppercase);
    let all_upper = !v.iter().any(u8::is_ascii_lowercase);
    // Each run is a word, a number, or a word with a short version suffix (`s3`, `v2`, `utf8`).
    (all_lower || all_upper)
        && v.split(|&b| b == b'_' || b == b'-').all(|run| {
            let letters = run.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let digits = run.len() - letters;
            run[letters..].iter().all(u8::is_ascii_digit) && (letters == 0 || digits <= 2)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, key: &str, value: &str) -> bool {
        let k = line.find(key).unwrap();
        let v = line.rfind(value).unwrap();
        plausible(line.as_bytes(), (k, k + key.len()), (v, v + value.len()))
    }

    #[test]
    fn real_looking_literals_pass() {
        assert!(check(
            r#"DB_PASSWORD = "hG7#kq2LpX9w""#,
            "DB_PASSWORD",
            "hG7#kq2LpX9w"
        ));
        assert!(check(
            "db_password: Zt4mQ8vR2xLk",
            "db_password",
            "Zt4mQ8vR2xLk"
        ));
        assert!(check(
            r#"client.connect(password='n3R!vq8ZpW')"#,
            "password",
            "n3R!vq8ZpW"
        ));
        assert!(check(
            "export API_TOKEN=9fK2mX7qLp4ZrT8v # prod",
            "API_TOKEN",
            "9fK2mX7qLp4ZrT8v"
        ));
    }

    #[test]
    fn references_placeholders_and_words_do_not() {
        for (line, key, value) in [
            ("password: ${DB_PASSWORD}", "password", "${DB_PASSWORD}"),
            (r#"api_key = "<your-api-key>""#, "api_key", "<your-api-key>"),
            ("password = changeme123", "password", "changeme123"),
            (r#"token = "xxxxxxxxxxxxxxxx""#, "token", "xxxxxxxxxxxxxxxx"),
            (
                "secret = config.app.secret_key",
                "secret",
                "config.app.secret_key",
            ),
            (
                r#"PASSWORD_FIELD = "password""#,
                "PASSWORD_FIELD",
                "password",
            ),
            (r#"password = "CorrectHorse""#, "password", "CorrectHorse"),
            (r#"token_url = "a8Zk2pQ9xW""#, "token_url", "a8Zk2pQ9xW"),
            (
                r#"secret_name = "prod-db-2024""#,
                "secret_name",
                "prod-db-2024",
            ),
            (r#"max_tokens = "40960000""#, "max_tokens", "40960000"),
            (
                r#"access_key_id: "k8Zp2Lq9Xw""#,
                "access_key_id",
                "k8Zp2Lq9Xw",
            ),
            (
                "password = os.environ['DB_PASSWORD']",
                "password",
                "os.environ['DB_PASSWORD']",
            ),
            (r#"password = "api_v2_token""#, "password", "api_v2_token"),
            (r#"password = "Test1234!""#, "password", "Test1234!"),
            ("if password == hG7kq2LpX9w:", "password", "hG7kq2LpX9w:"),
            (
                r#"x = f(password="abc") + "hG7#kq2LpX9w""#,
                "password",
                "abc",
            ),
            (
                "  foo(token) password: hG7kq2LpX9w",
                "password",
                "hG7kq2LpX9w",
            ),
            (r#"password = "hG7#kq2LpX9w"#, "password", "hG7#kq2LpX9w"),
            (
                "  privateKey:  connInfo.PrivateKey,",
                "privateKey",
                "connInfo.PrivateKey",
            ),
            (
                r#"const AmzCredentialKey = "X-Amz-Credential""#,
                "AmzCredentialKey",
                "X-Amz-Credential",
            ),
            (
                r#"AuthKey = "s3_disable_express_session_auth""#,
                "AuthKey",
                "s3_disable_express_session_auth",
            ),
            (
                r#"self._omit_token = '__omit_place_holder__%s'"#,
                "_omit_token",
                "__omit_place_holder__%s",
            ),
            (
                "install-git-credential: contrib/credential/osxkeychain",
                "install-git-credential",
                "contrib/credential/osxkeychain",
            ),
            (
                r#"privateKey = "classpath:org/acme/ssl/client.key""#,
                "privateKey",
                "classpath:org/acme/ssl/client.key",
            ),
            (
                r#"# user.update(password: "mUc3m00RsqyRe")"#,
                "password",
                "mUc3m00RsqyRe",
            ),
            (r#" * {"password":"pxL3kQ9zT2"}"#, "password", "pxL3kQ9zT2"),
        ] {
            assert!(!check(line, key, value), "{line}");
        }
    }

    #[test]
    fn candidates_are_parsed_like_the_rule_regex() {
        fn at<'t>(text: &'t str, word: &str) -> Option<(&'t str, &'t str)> {
            let s = text.find(word).unwrap();
            assignment_at(text.as_bytes(), (s, s + word.len()), text.len())
                .map(|(k, v)| (&text[k.0..k.1], &text[v.0..v.1]))
        }
        assert_eq!(
            at("DB_PASSWORD=x1y2z3w4", "PASSWORD"),
            Some(("PASSWORD", "x1y2z3w4"))
        );
        assert_eq!(
            at(r#"{"api_key": "k8Fz2Lq9,"}"#, "api_key"),
            Some(("api_key", "k8Fz2Lq9"))
        );
        assert_eq!(
            at("headers['X-Auth-Token'] = tok3nValue", "Token"),
            Some(("Token", "tok3nValue"))
        );
        assert_eq!(
            at("password_hash   => 'abcdefgh1'", "password"),
            Some(("password_hash", "abcdefgh1"))
        );
        // `=>` followed by too short a value: the regex falls back to `=` and reads `>…`.
        assert_eq!(
            at("secret=>abcdefg", "secret"),
            Some(("secret", ">abcdefg"))
        );
        assert_eq!(at("token = short", "token"), None);
        assert_eq!(at("def check_password(user):", "password"), None);
        assert_eq!(at("let token", "token"), None);
    }

    #[test]
    fn the_parse_agrees_with_the_rule_regex() {
        let rules = crate::rules::RuleSet::builtin_with_examples();
        let rule = rules
            .ids()
            .map(|(_, r)| r)
            .find(|r| r.id == "generic-credential-assignment")
            .expect("generic rule");
        let re = regex_automata::meta::Regex::builder()
            .syntax(crate::rules::regex_syntax_config())
            .build(&rule.regex)
            .unwrap();
        const WORDS: &[&str] = &["password", "secret", "token", "api_key", "credential"];
        let mut runner =
            proptest::test_runner::TestRunner::new(proptest::test_runner::Config::with_cases(2000));
        let text = proptest::collection::vec(
            proptest::sample::select(&b"aZ9_.-\"'`]=:>;, \t\x0b\n"[..]),
            0..40,
        );
        runner
            .run(&(proptest::sample::select(WORDS), text), |(word, tail)| {
                let mut hay = word.as_bytes().to_vec();
                hay.extend_from_slice(&tail);
                let ours = assignment_at(&hay, (0, word.len()), hay.len());
                let mut caps = re.create_captures();
                re.search_captures(
                    &regex_automata::Input::new(&hay).anchored(regex_automata::Anchored::Yes),
                    &mut caps,
                );
                let theirs = caps.get_match().map(|_| {
                    let k = caps.get_group_by_name("key").unwrap();
                    let v = caps.get_group_by_name("secret").unwrap();
                    ((k.start, k.end), (v.start, v.end))
                });
                proptest::prop_assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(&hay));
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn never_panics_and_allocates_nothing_on_odd_input() {
        use proptest::prelude::*;
        proptest!(|(hay in proptest::collection::vec(any::<u8>(), 0..200), a in 0usize..200, b in 0usize..200, c in 0usize..200, d in 0usize..200)| {
            let n = hay.len();
            let (k0, k1) = (a.min(n), b.min(n));
            let (v0, v1) = (c.min(n), d.min(n));
            let _ = plausible(&hay, (k0.min(k1), k0.max(k1)), (v0.min(v1), v0.max(v1)));
        });
    }
}
