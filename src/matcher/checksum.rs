//! Offline validators for self-checking token formats. A candidate that fails its format's
//! checksum is a typo, a truncation or a made-up example, never a live credential.

use crate::rules::Checksum;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

pub fn verify(kind: Checksum, secret: &[u8]) -> bool {
    match kind {
        Checksum::Github | Checksum::Npm => crc32_base62_suffix(secret),
        Checksum::Macaroon => macaroon_v2(secret),
        Checksum::Grafana => crc32_hex_le_suffix(secret),
    }
}

/// Grafana's service account tokens: `glsa_<secret>_<checksum>`, the checksum being the CRC32
/// (IEEE) of everything before the last `_`, as 8 hex digits of its little-endian bytes.
/// <https://github.com/grafana/grafana/blob/main/pkg/components/satokengen/tokengen.go>
fn crc32_hex_le_suffix(secret: &[u8]) -> bool {
    let Some(cut) = secret.iter().rposition(|&b| b == b'_') else {
        return false;
    };
    let (body, check) = (&secret[..cut], &secret[cut + 1..]);
    check.len() == 8 && check == hex_le(crc32fast::hash(body))
}

/// The little-endian bytes of `n` as 8 lowercase hex digits.
fn hex_le(n: u32) -> [u8; 8] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 8];
    for (i, byte) in n.to_le_bytes().into_iter().enumerate() {
        out[2 * i] = HEX[usize::from(byte >> 4)];
        out[2 * i + 1] = HEX[usize::from(byte & 15)];
    }
    out
}

/// Appends a valid Grafana checksum to `body` (`glsa_…`); used by tests.
pub fn with_grafana_checksum(body: &str) -> String {
    let check = hex_le(crc32fast::hash(body.as_bytes()));
    format!(
        "{body}_{}",
        std::str::from_utf8(&check).expect("hex digits")
    )
}

/// A `prefix-` then a base64url (unpadded) macaroon in the v2 binary format of libmacaroons,
/// as PyPI issues them: version byte 2; a section of fields (location 1, identifier 2,
/// verification id 4; ascending; identifier required) ended by a zero byte; any number of
/// caveat sections alike; a zero byte; a signature field (type 6) of 32 bytes; nothing after.
/// <https://github.com/rescrv/libmacaroons/blob/master/doc/format.txt>
fn macaroon_v2(secret: &[u8]) -> bool {
    use base64::Engine as _;
    let Some(dash) = secret.iter().position(|&b| b == b'-') else {
        return false;
    };
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&secret[dash + 1..])
    else {
        return false;
    };
    let mut at = 0;
    let varint = |at: &mut usize| -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *bytes.get(*at)?;
            *at += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    };
    // One section: fields in ascending type order, ended by a zero byte.
    let section = |at: &mut usize| -> Option<()> {
        let mut last = 0;
        let mut identifier = false;
        loop {
            let kind = varint(at)?;
            if kind == 0 {
                return identifier.then_some(());
            }
            if !matches!(kind, 1 | 2 | 4) || kind <= last {
                return None;
            }
            identifier |= kind == 2;
            last = kind;
            let len = usize::try_from(varint(at)?).ok()?;
            *at = at.checked_add(len).filter(|&end| end <= bytes.len())?;
        }
    };
    let parsed = (|| -> Option<()> {
        if bytes.first() != Some(&2) {
            return None;
        }
        at = 1;
        section(&mut at)?;
        while *bytes.get(at)? != 0 {
            section(&mut at)?;
        }
        at += 1;
        (varint(&mut at)? == 6 && varint(&mut at)? == 32).then_some(())?;
        (at + 32 == bytes.len()).then_some(())
    })();
    parsed.is_some()
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

    /// A fake PyPI token in the real layout: identifier, one caveat, 32-byte signature.
    fn macaroon(version: u8, signature: usize) -> String {
        use base64::Engine as _;
        let mut b = vec![version, 1, 8];
        b.extend_from_slice(b"pypi.org");
        let id = b"5d99c493-051f-4b51-a56a-78136b62fe4d";
        b.extend_from_slice(&[2, id.len() as u8]);
        b.extend_from_slice(id);
        b.push(0);
        let caveat = br#"{"permissions": "user", "version": 1}"#;
        b.extend_from_slice(&[2, caveat.len() as u8]);
        b.extend_from_slice(caveat);
        b.extend_from_slice(&[0, 0, 6, 32]);
        b.extend(std::iter::repeat_n(0x5a, signature));
        format!(
            "pypi-{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
        )
    }

    #[test]
    fn macaroons_must_parse_down_to_their_signature() {
        let good = macaroon(2, 32);
        assert!(good.starts_with("pypi-AgEIcHlwaS5vcmc"), "{good}");
        assert!(verify(Checksum::Macaroon, good.as_bytes()));
        assert!(!verify(Checksum::Macaroon, macaroon(1, 32).as_bytes()));
        assert!(!verify(Checksum::Macaroon, macaroon(2, 31).as_bytes()));
        assert!(!verify(Checksum::Macaroon, macaroon(2, 33).as_bytes()));
        let cut = &good[..good.len() - 10];
        assert!(!verify(Checksum::Macaroon, cut.as_bytes()));
        assert!(!verify(
            Checksum::Macaroon,
            b"pypi-AgEIcHlwaS5vcmc!!notbase64"
        ));
        assert!(!verify(Checksum::Macaroon, b"no-dash-here".split_at(2).1));
    }

    proptest! {
        #[test]
        fn macaroon_parsing_never_panics(body in proptest::collection::vec(any::<u8>(), 0..300)) {
            use base64::Engine as _;
            let token = format!(
                "pypi-{}",
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&body)
            );
            let _ = verify(Checksum::Macaroon, token.as_bytes());
        }
    }

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
    fn grafana_tokens_carry_the_crc32_of_their_body() {
        let good = with_grafana_checksum("glsa_yJOsZ72XSn2igluPnA0G0Ym5ji8dNgOG");
        assert!(verify(Checksum::Grafana, good.as_bytes()));
        let mut bad = good.clone();
        bad.replace_range(8..9, if &good[8..9] == "A" { "B" } else { "A" });
        assert!(!verify(Checksum::Grafana, bad.as_bytes()));
        assert!(!verify(Checksum::Grafana, b"glsa_nochecksum"));
        assert!(!verify(Checksum::Grafana, b"glsa_x_e2281bf"));
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
