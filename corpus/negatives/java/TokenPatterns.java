package com.acme.security;

import java.util.Map;
import java.util.regex.Pattern;

/** Patterns used by the pre-receive hook. These are regexes, not credentials. */
public final class TokenPatterns {
    public static final Map<String, Pattern> PATTERNS = Map.of(
        "github", Pattern.compile("\\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\\b"),
        "gitlab", Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20}\\b"),
        "aws", Pattern.compile("\\bAKIA[A-Z2-7]{16}\\b"),
        "slack", Pattern.compile("\\bxox[bp]-[0-9]{10,13}-[0-9A-Za-z-]+"),
        "stripe", Pattern.compile("\\b[rs]k_live_[0-9A-Za-z]{24,99}\\b"),
        "google", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"),
        "pem", Pattern.compile("-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----")
    );

    private TokenPatterns() {}
}
