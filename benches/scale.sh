#!/usr/bin/env bash
# Growth of the main job with the corpus: `govrules report` and `govrules align` on random subsets of
# ../shared/corpora/laws (N = 25, 100, 356 and all 1,426 documents, the same subsets every time: Python's
# random.Random(14) draws them), each run RUNS times (default 3) as a user types it, whole process timed
# with /usr/bin/time (wall seconds, peak RSS), output sizes measured. Prints a markdown table (medians,
# min–max) and the growth ratio time(1,426) / time(356), and keeps it in target/scale-bench/table.md.
#
#   benches/scale.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
laws=../shared/corpora/laws
[ -d "$laws" ] || { echo "SKIPPED scale bench: $laws not found"; exit 0; }
cargo build --release --quiet
bin=target/release/govrules
work=target/scale-bench
rm -rf "$work"
mkdir -p "$work"

# The subsets, with their category folders (some file names occur in two categories).
python3 - "$laws" "$work" <<'PY'
import os, random, shutil, sys
laws, work = sys.argv[1], sys.argv[2]
files = sorted(os.path.relpath(os.path.join(d, f), laws)
               for d, _, fs in os.walk(laws) for f in fs if f.endswith(".txt"))
for n in (25, 100, 356, len(files)):
    pick = files if n == len(files) else random.Random(14).sample(files, n)
    for rel in pick:
        dst = os.path.join(work, f"n{n}", rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(laws, rel), dst)
PY

# One timed run: prints "seconds peak_kb".
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
    echo "failed: $*" >&2; cat "$work/stderr.txt" >&2; exit 1; }
  cat "$work/time.txt"
}

summary() { # values... → "median (min–max)"
  python3 -c 'import sys, statistics as s; v=sorted(map(float, sys.argv[1:])); print(f"{s.median(v):.2f} ({v[0]:.2f}–{v[-1]:.2f})")' "$@"
}

table="$work/table.md"
{
  echo "| documents | MB | command | wall s, median (min–max) | peak RSS MB | output MB |"
  echo "|---:|---:|---|---|---:|---|"
} > "$table"
declare -A median
for n in 25 100 356 1426; do
  dir=$work/n$n
  mb=$(du -sb "$dir" | awk '{printf "%.1f", $1/1e6}')
  for cmd in report align; do
    secs=(); peak=0
    for _ in $(seq "$runs"); do
      if [ "$cmd" = report ]; then
        rm -rf "$work/out"
        read -r s kb < <(timed "$bin" report "$dir" -o "$work/out" --quiet)
        out="report.json $(du -b "$work/out/report.json" | awk '{printf "%.1f", $1/1e6}'), report.html $(du -b "$work/out/report.html" | awk '{printf "%.1f", $1/1e6}')"
      else
        read -r s kb < <(timed "$bin" align "$dir" -o "$work/align.json" --quiet)
        out="$(du -b "$work/align.json" | awk '{printf "%.1f", $1/1e6}')"
      fi
      secs+=("$s"); [ "$kb" -gt "$peak" ] && peak=$kb
    done
    median[$cmd$n]=$(python3 -c 'import sys, statistics as s; print(s.median(map(float, sys.argv[1:])))' "${secs[@]}")
    echo "| $n | $mb | \`govrules $cmd\` | $(summary "${secs[@]}") | $((peak / 1024)) | $out |" >> "$table"
  done
done
{
  echo
  for cmd in report align; do
    python3 -c 'import sys; a, b = map(float, sys.argv[2:]); print(f"- growth, {sys.argv[1]}: time(1,426) / time(356) = {b / a:.2f}")' \
      "$cmd" "${median[${cmd}356]}" "${median[${cmd}1426]}"
  done
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD); $runs runs each"
} >> "$table"
cat "$table"
