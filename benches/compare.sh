#!/usr/bin/env bash
# Whole-process comparison: times `leakhound scan` against `rg -F` over the secret-prefix
# literals of the built-in rules (the floor any keyword-gated scanner works against), and
# against other scanners found on PATH or named in env vars, on a directory you name.
#
#   benches/compare.sh DIR [RUNS]
#   benches/compare.sh --git REPO [RUNS]
#
#   KINGFISHER=/path/to/kingfisher BETTERLEAKS=/path/to/betterleaks benches/compare.sh ~/src 5
#
# With --git, REPO is a git repository (bare or not) and every tool scans its full history:
# leakhound `scan --git`, kingfisher `--git-history full`, betterleaks `git`. The floor is then
# `git cat-file --batch-all-objects --batch --unordered`: decompressing every object once, on
# one core, without scanning anything. MB/s is over the repository's unique blob bytes.
#
# Every tool runs RUNS times (default 5) after one warm-up run, validation off, output to a
# temporary file. leakhound and rg get `-j THREADS` (default 2); the other scanners keep their
# own concurrency defaults (on a 2-core machine nobody gets more than 2 cores). Prints each run's wall time and peak
# RSS, then the median per tool and its ratio to leakhound's median. Raw numbers go to
# stdout as TSV lines prefixed `raw`, so the run can be kept as a record.
set -euo pipefail

mode=tree
if [[ ${1:-} == --git ]]; then
    mode=git
    shift
fi
dir=${1:?usage: benches/compare.sh [--git] DIR [RUNS]}
runs=${2:-5}
threads=${THREADS:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${LEAKHOUND:-$root/target/release/leakhound}
if [[ ! -x $bin ]]; then
    (cd "$root" && cargo build --release --quiet)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ $mode == git ]]; then
    size=$(git -C "$dir" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
        awk '$1 == "blob" { s += $2 } END { print s }')
    echo "input: $dir (history: $(git -C "$dir" rev-list --all --count) commits, $((size / 1000000)) MB of unique blobs), $threads threads, $runs runs"
else
    size=$(du -sb "$dir" | cut -f1)
    echo "input: $dir ($((size / 1000000)) MB on disk, $(find "$dir" -type f | wc -l) files), $threads threads, $runs runs"
fi

# The keyword literals of the built-in rules: what `rg -F` is asked to find.
"$bin" rules list --json | python3 -c '
import json, sys
kws = sorted({k for r in json.load(sys.stdin) for k in r["keywords"]})
print("\n".join(kws))' > "$work/literals.txt"

declare -A cmds
if [[ $mode == git ]]; then
    cmds[leakhound]="$bin scan --git --no-config -j $threads -f json -o $work/lh.json $dir"
    cmds[git-cat-file]="git -C $dir cat-file --batch-all-objects --batch --unordered"
    kf_args="--git-history full"
    bl_cmd="git"
    gl_cmd="git"
else
    cmds[leakhound]="$bin scan --no-config -j $threads -f json -o $work/lh.json $dir"
    cmds[rg-F-i]="rg -F -i -c -j $threads -f $work/literals.txt $dir"
    kf_args=""
    bl_cmd=""
    gl_cmd="dir"
fi
if [[ -n ${KINGFISHER:-} ]] || command -v kingfisher >/dev/null; then
    cmds[kingfisher]="${KINGFISHER:-kingfisher} scan $dir $kf_args --no-validate --format json -o $work/kf.json"
fi
if [[ -n ${BETTERLEAKS:-} ]] || command -v betterleaks >/dev/null; then
    cmds[betterleaks]="${BETTERLEAKS:-betterleaks} $bl_cmd --no-banner -o $work/bl.json $dir"
fi
if command -v gitleaks >/dev/null; then
    cmds[gitleaks]="gitleaks $gl_cmd $dir --no-banner --report-path $work/gl.json"
fi

declare -A medians
tools=(leakhound rg-F-i git-cat-file kingfisher betterleaks gitleaks)
for tool in "${tools[@]}"; do
    [[ -n ${cmds[$tool]:-} ]] || continue
    # shellcheck disable=SC2086
    ${cmds[$tool]} >/dev/null 2>&1 || true # warm-up (and page cache)
    times=()
    for ((i = 1; i <= runs; i++)); do
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e %M" -o "$work/time" ${cmds[$tool]} >/dev/null 2>&1 || true
        read -r secs kb < <(tail -n 1 "$work/time")
        times+=("$secs")
        printf 'raw\t%s\t%s\t%s s\t%s KB\n' "$tool" "$i" "$secs" "$kb"
    done
    medians[$tool]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
done

echo
printf '%-12s %10s %12s %10s\n' tool median MB/s "vs leakhound"
for tool in "${tools[@]}"; do
    [[ -n ${medians[$tool]:-} ]] || continue
    m=${medians[$tool]}
    awk -v t="$tool" -v m="$m" -v s="$size" -v l="${medians[leakhound]}" \
        'BEGIN { printf "%-12s %9.2fs %12.0f %9.2fx\n", t, m, s / 1e6 / m, m / l }'
done
