import hashlib
import hmac

# Known-answer tests from FIPS 180-2 / RFC 4231.
SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
SHA1_ABC = "a9993e364706816aba3e25717850c26c9cd0d89d"
HMAC_SHA256_RFC4231_CASE2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"


def verify_signature(body: bytes, header: str, key: bytes) -> bool:
    expected = hmac.new(key, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def self_test() -> None:
    assert hashlib.sha256(b"abc").hexdigest() == SHA256_ABC
    assert hashlib.sha1(b"abc").hexdigest() == SHA1_ABC
    assert hmac.new(b"Jefe", b"what do ya want for nothing?", hashlib.sha256).hexdigest() == HMAC_SHA256_RFC4231_CASE2
