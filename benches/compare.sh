#!/usr/bin/env bash
# Whole-process comparison: times `leakhound scan` against `rg -F` over the secret-prefix
# literals of the built-in rules (the floor any keyword-gated scanner works against), and
# against other scanners found on PATH or named in env vars, on a directory you name.
#
#   benches/compare.sh DIR [RUNS]
#
#   KINGFISHER=/path/to/kingfisher BETTERLEAKS=/path/to/betterleaks benches/compare.sh ~/src 5
#
# Every tool runs RUNS times (default 5) after one warm-up run, validation off, output to a
# temporary file. leakhound and rg get `-j THREADS` (default 2); the other scanners keep their
# own concurrency defaults (on a 2-core machine nobody gets more than 2 cores). Prints each run's wall time and peak
# RSS, then the median per tool and its ratio to leakhound's median. Raw numbers go to
# stdout as TSV lines prefixed `raw`, so the run can be kept as a record.
set -euo pipefail

dir=${1:?usage: benches/compare.sh DIR [RUNS]}
runs=${2:-5}
threads=${THREADS:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${LEAKHOUND:-$root/target/release/leakhound}
if [[ ! -x $bin ]]; then
    (cd "$root" && cargo build --release --quiet)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

size=$(du -sb "$dir" | cut -f1)
echo "input: $dir ($((size / 1000000)) MB on disk, $(find "$dir" -type f | wc -l) files), $threads threads, $runs runs"

# The keyword literals of the built-in rules: what `rg -F` is asked to find.
"$bin" rules list --json | python3 -c '
import json, sys
kws = sorted({k for r in json.load(sys.stdin) for k in r["keywords"]})
print("\n".join(kws))' > "$work/literals.txt"

declare -A cmds
cmds[leakhound]="$bin scan --no-config -j $threads -f json -o /dev/null $dir"
cmds[rg-F-i]="rg -F -i -c -j $threads -f $work/literals.txt $dir"
if [[ -n ${KINGFISHER:-} ]] || command -v kingfisher >/dev/null; then
    cmds[kingfisher]="${KINGFISHER:-kingfisher} scan $dir --no-validate --format json -o $work/kf.json"
fi
if [[ -n ${BETTERLEAKS:-} ]] || command -v betterleaks >/dev/null; then
    cmds[betterleaks]="${BETTERLEAKS:-betterleaks} --no-banner -o $work/bl.json $dir"
fi
if command -v gitleaks >/dev/null; then
    cmds[gitleaks]="gitleaks dir $dir --no-banner --report-path $work/gl.json"
fi

declare -A medians
for tool in leakhound rg-F-i kingfisher betterleaks gitleaks; do
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
for tool in leakhound rg-F-i kingfisher betterleaks gitleaks; do
    [[ -n ${medians[$tool]:-} ]] || continue
    m=${medians[$tool]}
    awk -v t="$tool" -v m="$m" -v s="$size" -v l="${medians[leakhound]}" \
        'BEGIN { printf "%-12s %9.2fs %12.0f %9.2fx\n", t, m, s / 1e6 / m, m / l }'
done
