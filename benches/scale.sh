#!/usr/bin/env bash
# Growth of the main job with the corpus: `govrules report` and `govrules align` on random subsets of
# ../shared/corpora/laws (N = 25, 100, 356 and all 1,426 documents, the same subsets every time: Python's
# random.Random(14) draws them), as a user types them, whole process timed with /usr/bin/time (wall seconds,
# peak RSS), output sizes measured. RUNS rounds (default 3): each round runs every size and command once, so
# that the growth ratio time(1,426) / time(356) is taken within a round, where a slow spell of the shared
# machine touches both sides; its median over the rounds is quoted. Prints a markdown table (medians,
# min–max) and the growth ratios, and keeps it in target/scale-bench/table.md.
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

declare -A secs peak out
sizes=(25 100 356 1426)
for round in $(seq "$runs"); do
  for n in "${sizes[@]}"; do
    dir=$work/n$n
    for cmd in report align; do
      if [ "$cmd" = report ]; then
        rm -rf "$work/out"
        read -r s kb < <(timed "$bin" report "$dir" -o "$work/out" --quiet)
        out[$cmd$n]="report.json $(du -b "$work/out/report.json" | awk '{printf "%.1f", $1/1e6}'), report.html $(du -b "$work/out/report.html" | awk '{printf "%.1f", $1/1e6}')"
      else
        read -r s kb < <(timed "$bin" align "$dir" -o "$work/align.json" --quiet)
        out[$cmd$n]="$(du -b "$work/align.json" | awk '{printf "%.1f", $1/1e6}')"
      fi
      secs[$cmd$n]="${secs[$cmd$n]:-} $s"
      [ "$kb" -gt "${peak[$cmd$n]:-0}" ] && peak[$cmd$n]=$kb
    done
  done
  echo "scale bench: round $round of $runs done" >&2
done

table="$work/table.md"
{
  echo "| documents | MB | command | wall s, median (min–max) | peak RSS MB | output MB |"
  echo "|---:|---:|---|---|---:|---|"
  for n in "${sizes[@]}"; do
    mb=$(du -sb "$work/n$n" | awk '{printf "%.1f", $1/1e6}')
    for cmd in report align; do
      # shellcheck disable=SC2086
      echo "| $n | $mb | \`govrules $cmd\` | $(summary ${secs[$cmd$n]}) | $((peak[$cmd$n] / 1024)) | ${out[$cmd$n]} |"
    done
  done
  echo
  for cmd in report align; do
    python3 -c 'import sys, statistics as s
a, b = (list(map(float, x.split())) for x in sys.argv[2:])
r = sorted(y / x for x, y in zip(a, b))
print(f"- growth, {sys.argv[1]}: time(1,426) / time(356) within each round = {s.median(r):.2f} ({r[0]:.2f}–{r[-1]:.2f})")' \
      "$cmd" "${secs[${cmd}356]}" "${secs[${cmd}1426]}"
  done
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD); $runs rounds"
} > "$table"
cat "$table"
