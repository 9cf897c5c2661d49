//! Offline validators for self-checking token formats. A candidate that fails its format's
//! checksum is a typo, a truncation or a made-up example, never a live credential.

use crate::rules::Checksum;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

pub fn verify(kind: Checksum, secret: &[u8]) -> bool {
    match kind {
        Checksum::Github | Checksum::Npm => crc32_base62_suffix(secret),
    }
}

/// GitHub's format (adopted by npm): the secret ends in 30 base62 characters followed by their
/// CRC32 written as 6 base62 digits, most significant first, zero-padded.
/// <https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/>
fn crc32_base62_suffix(secret: &[u8]) -> bool {
    let Some(tail) = secret.len().checked_sub(36).map(|start| &secret[start..]) else {
        return false;
    };
    let (body, check) = tail.split_at(30);
    if !tail.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    base62_6(crc32fast::hash(body)) == check
}

fn base62_6(mut n: u32) -> [u8; 6] {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

/// Appends a valid GitHub-style checksum to `prefix` + `body`; used by tests to make
/// format-valid fake tokens.
pub fn with_github_checksum(prefix: &str, body: &str) -> String {
    let check = base62_6(crc32fast::hash(body.as_bytes()));
    format!("{prefix}{body}{}", std::str::from_utf8(&check).unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_valid_and_rejects_altered_tokens() {
        let token = with_github_checksum("ghp_", "AbCdEfGhIjKlMnOpQrStUvWxYz0123");
        assert!(verify(Checksum::Github, token.as_bytes()));
        let mut altered = token.clone().into_bytes();
        altered[10] = if altered[10] == b'x' { b'y' } else { b'x' };
        assert!(!verify(Checksum::Github, &altered));
        assert!(!verify(Checksum::Github, b"ghp_short"));
        assert!(!verify(
            Checksum::Github,
            b"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        ));
    }

    #[test]
    fn base62_is_zero_padded_most_significant_first() {
        assert_eq!(&base62_6(0), b"000000");
        assert_eq!(&base62_6(61), b"00000z");
        assert_eq!(&base62_6(62), b"000010");
        assert_eq!(&base62_6(u32::MAX), b"4gfFC3");
    }

    proptest! {
        #[test]
        fn generated_tokens_always_verify(body in "[A-Za-z0-9]{30}") {
            let token = with_github_checksum("npm_", &body);
            prop_assert!(verify(Checksum::Npm, token.as_bytes()));
        }

        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let _ = verify(Checksum::Github, &bytes);
        }
    }
}
