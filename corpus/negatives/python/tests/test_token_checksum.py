"""Tests for leak-triage's GitHub/npm checksum validator.

Every token below has the right *shape* but a deliberately wrong CRC32 checksum,
so none of them can be a real credential.
"""
import pytest

from triage.checksum import is_valid_github_style

INVALID = [
    "ghp_4UI7P6wzAtK1FkOIL66DkmIVuSmBcayhIweU",
    "ghp_PDOnjnxx6cudA2oS6CxXNTIJueaRl4lTZ0WX",
    "gho_cJ3a579SgVePipIYbabVvr0Sxqq69033e2BK",
    "ghs_1lJVLejVdNOmXdEXDc0iAYttJ2pazflzXeAu",
    "npm_I5hTxZIWNpc1W5zv6NNl9tTc0JM3Pi4PjwDZ",
    "npm_OkmYR1XmGsYXtPtPK1MWiF2KDfnVgZGvJ2Ge",
]


@pytest.mark.parametrize("token", INVALID)
def test_rejects_bad_checksum(token):
    assert not is_valid_github_style(token)


def test_rejects_truncated():
    assert not is_valid_github_style("ghp_1a2B3c")
    assert not is_valid_github_style("npm_")


MALFORMED = [
    "AKIACPQXSQD2K6ET",  # too short for an access key id
    "glpat-8tJi89dgUS",  # too short
    "dop_v1_3bd3c2e4d3c0fa1fe42eae41f04a5467",  # 32 hex, needs 64
    "shpat_c0366c66b5ce",  # 12 hex, needs 32
    "github_pat_obd9wqmJbX",  # truncated fine-grained token
]


@pytest.mark.parametrize("token", MALFORMED)
def test_rejects_malformed(token):
    assert not is_valid_github_style(token)


def test_rejects_wrong_charset():
    assert not is_valid_github_style("ghp_" + "!" * 36)
