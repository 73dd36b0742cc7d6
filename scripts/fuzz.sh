#!/usr/bin/env bash
# The long run of the fuzz harness (tests/fuzz.rs): N cases (default 100000) of the whole pipeline through the
# library, in release mode, in rounds of at most 10,000 cases (each round draws fresh random inputs), so that a
# long run reports as it goes and an interrupted one still says how many cases passed. Rounds run side by side,
# FUZZ_JOBS at a time (default: the number of cores). A failure prints the shrunk input and stops the run with a
# non-zero status once the rounds under way have ended.
#   scripts/fuzz.sh 1000000
#   FUZZ_JOBS=1 scripts/fuzz.sh 50000
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-100000}"
jobs="${FUZZ_JOBS:-$(nproc)}"
round="${FUZZ_ROUND:-10000}"
bin=$(cargo test --release --test tests --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "tests":
        print(m["executable"])')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)  # the tree the binary was built from
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# A copy, so that a build during a long run cannot change the binary under later rounds.
cp "$bin" "$logs/fuzz-bin" && bin="$logs/fuzz-bin"
start=$(date +%s)
started=0
passed=0
failed=0
running=0
finish_one() {
  # Waits for any round; a round's exit status and case count are in its log folder.
  wait -n || true
  running=$(( running - 1 ))
  for f in "$logs"/*.done; do
    [ -e "$f" ] || continue
    read -r rc n < "$f"
    id=$(basename "$f" .done)
    if [ "$rc" -eq 0 ]; then
      passed=$(( passed + n ))
      echo "fuzz: $passed of $total cases passed, $(( $(date +%s) - start )) s"
    else
      cat "$logs/$id.log"
      echo "fuzz: FAILED in a round of $n cases (round $id); $passed cases passed in the other rounds"
      failed=1
    fi
    rm -f "$f" "$logs/$id.log"
  done
}
while [ "$started" -lt "$total" ] && [ "$failed" -eq 0 ]; do
  while [ "$running" -ge "$jobs" ]; do finish_one; done
  [ "$failed" -eq 0 ] || break
  n=$(( total - started < round ? total - started : round ))
  id=$(( started / round ))
  (
    rc=0
    GOVRULES_FUZZ_CASES="$n" "$bin" --exact fuzz::the_pipeline_keeps_its_invariants > "$logs/$id.log" 2>&1 || rc=$?
    echo "$rc $n" > "$logs/$id.tmp" && mv "$logs/$id.tmp" "$logs/$id.done"
  ) &
  running=$(( running + 1 ))
  started=$(( started + n ))
done
while [ "$running" -gt 0 ]; do finish_one; done
if [ "$failed" -ne 0 ]; then exit 1; fi
echo "fuzz: $total cases, 0 failures, $(( $(date +%s) - start )) s, $jobs rounds at a time (built at $commit, $(date -u +%Y-%m-%d))"
