#!/usr/bin/env python3
"""Regenerates src/matcher/gram_frequencies.txt, the 4-gram frequency table from which the
keyword prefilter picks fingerprints (src/matcher/prefilter.rs).

Usage: gram_frequencies.py CORPUS_FILE > src/matcher/gram_frequencies.txt

CORPUS_FILE is a concatenation of source code and config text in many languages. Keep the
benchmark trees out of it, so that benchmarks measure how the table generalises. The table
shipped was built from 188 MB: Python (the standard library, Debian's python3 packages), Rust
(crates.io sources), C (/usr/include), JavaScript/TypeScript (npm: typescript, lodash, react,
webpack, angular, eslint, babel, mongoose, sequelize, ...), Go (Debian golang-*-dev packages:
aws-sdk-go, golang.org/x/..., ~60 libraries), PHP (Debian php-* packages: symfony, doctrine,
guzzle, twig, phpseclib, ...), Ruby (Debian ruby-* packages: rack, sinatra, rspec, sequel, ...),
Java (OpenJDK 17 sources) and config/docs (/usr/share, /etc), each at most 64 KiB per file and
25 MB per language, no file from the projects in the benchmark tree.

Each byte is folded as the prefilter folds it (OR 0x20); grams with a non-ASCII byte are
dropped. Output: the 65,536 most frequent grams, one per line, sorted by bytes, as the 4 gram
bytes, a space, and occurrences per 10 MB of corpus.
"""
import sys
import numpy as np

N = 65536
raw = np.fromfile(sys.argv[1], dtype=np.uint8)
folded = (raw | 0x20).astype(np.uint32)
grams = folded[:-3] | (folded[1:-2] << 8) | (folded[2:-1] << 16) | (folded[3:] << 24)
grams = grams[(grams & 0x80808080) == 0]
grams.sort()
uniq, first = np.unique(grams, return_index=True)
counts = np.diff(np.append(first, len(grams)))
top = np.argsort(-counts, kind="stable")[:N]
per10mb = counts[top] * (10 * 2**20) / len(raw)
rows = sorted(zip((int(g).to_bytes(4, "little") for g in uniq[top]), per10mb))
out = sys.stdout.buffer
out.write(f"# The {N:,} most frequent 4-byte sequences (each byte OR 0x20) in {len(raw) >> 20} MB of source code\n".encode())
out.write(b"# and config text (eight languages, configs, docs); see benches/gram_frequencies.py. Sorted by bytes; each line\n")
out.write(b"# is the 4 bytes, a space, and occurrences per 10 MB (at least 1).\n")
for gram, freq in rows:
    out.write(gram + b" " + str(max(1, round(freq))).encode() + b"\n")
