import pytest

from leakguard.redact import redact

# Obviously fake values used to exercise the redaction filter.
SAMPLES = {
    "stripe": "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
    "stripe_zeros": "sk_live_000000000000000000000000",
    "google": "AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "slack": "xoxb-000000000000-000000000000-xxxxxxxxxxxxxxxxxxxxxxxx",
    "gitlab": "glpat-xxxxxxxxxxxxxxxxxxxx",
    "docker": "dckr_pat_XXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "shopify": "shpat_00000000000000000000000000000000",
    "digitalocean": "dop_v1_" + "0" * 64,
    "twilio": "SKXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "mailgun": "key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "aws": "AKIAXXXXXXXXXXXXXXXX",
}


@pytest.mark.parametrize("name,value", sorted(SAMPLES.items()))
def test_redacts(name, value):
    assert value not in redact(f"config {name}={value}")
