#!/usr/bin/env python3
"""Scores leakhound and other scanners on the labeled corpus, side by side.

    benches/accuracy_compare.py [--kingfisher PATH] [--betterleaks PATH]

Each tool scans corpus/positives and corpus/negatives with validation off and secrets shown.
A report counts as a true positive when it names a manifest entry's file, a line within the
secret's lines, and a value that contains the secret or is contained in it (tools differ on
where a secret starts and ends: a whole URI or its password, a PEM header or the whole block),
so every tool is scored with the same leniency. Everything else reported is a false positive.
The corpus was written alongside leakhound's starter rules: read the result as a comparison on
these formats, not as recall in the wild.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")


def leakhound(out):
    binary = os.environ.get("LEAKHOUND", os.path.join(ROOT, "target/release/leakhound"))
    subprocess.run([binary, "scan", "--no-config", "--no-ignore", "--show-secrets", "-f", "json", "-o", out,
                    "positives", "negatives"], cwd=CORPUS, check=False)
    doc = json.load(open(out))
    found = []
    for f in doc["findings"]:
        for l in f["locations"]:
            found.append((l["path"], l["line"], f["secret"]))
            # A paired part (the key id beside a secret key) is reported inside the finding.
            found += [(l["path"], c["line"], c["secret"]) for c in l.get("companions", [])]
    return found


def kingfisher(binary, out):
    subprocess.run([binary, "scan", "positives", "negatives", "--no-validate", "--format", "json", "-o", out],
                   cwd=CORPUS, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    doc = json.load(open(out))
    return [(f["finding"]["path"], f["finding"]["line"], f["finding"]["snippet"]) for f in doc["findings"]]


def betterleaks(binary, out):
    subprocess.run([binary, "--no-banner", "-o", out, "positives", "negatives"], cwd=CORPUS, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    doc = json.load(open(out))
    return [(f["location"]["path"], f["location"]["start_line"], f["match"]["value"]) for f in doc["findings"]]


def score(expected, reported):
    reported = sorted(set((os.path.normpath(p), int(l), v.strip().strip("'\"")) for p, l, v in reported))
    def same(e, r):
        span = e["secret"].count("\n")
        return (r[0] == os.path.normpath(e["file"]) and e["line"] <= r[1] <= e["line"] + span
                and r[2] and (r[2] in e["secret"] or e["secret"] in r[2]))
    found = [e for e in expected if any(same(e, r) for r in reported)]
    true_reports = [r for r in reported if any(same(e, r) for e in expected)]
    recall = len(found) / len(expected)
    precision = len(true_reports) / len(reported) if reported else 1.0
    return recall, precision, len(reported), len(reported) - len(true_reports)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kingfisher")
    ap.add_argument("--betterleaks")
    args = ap.parse_args()
    expected = tomllib.load(open(os.path.join(CORPUS, "manifest.toml"), "rb"))["secret"]
    tools = [("leakhound", leakhound)]
    if args.kingfisher:
        tools.append(("kingfisher", lambda out: kingfisher(args.kingfisher, out)))
    if args.betterleaks:
        tools.append(("betterleaks", lambda out: betterleaks(args.betterleaks, out)))
    print(f"corpus: {len(expected)} labeled secrets")
    print(f"{'tool':12} {'recall':>7} {'precision':>9} {'reported':>8} {'false pos':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, run in tools:
            recall, precision, n, fp = score(expected, run(os.path.join(tmp, name + ".json")))
            print(f"{name:12} {recall:7.1%} {precision:9.1%} {n:8} {fp:9}")


if __name__ == "__main__":
    sys.exit(main())
