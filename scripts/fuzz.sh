#!/usr/bin/env bash
# The long run of the fuzz harness (tests/fuzz.rs): N cases (default 100000) of the whole pipeline through the
# library, in release mode, in rounds of at most 10,000 cases (each round draws fresh random inputs), so that a
# long run reports as it goes and an interrupted one still says how many cases passed. A failure prints the
# shrunk input and stops the run with a non-zero status.
#   scripts/fuzz.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-100000}"
round=10000
bin=$(cargo test --release --test tests --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "tests":
        print(m["executable"])')
start=$(date +%s)
done_cases=0
while [ "$done_cases" -lt "$total" ]; do
  n=$(( total - done_cases < round ? total - done_cases : round ))
  if ! log=$(GOVRULES_FUZZ_CASES="$n" "$bin" --exact fuzz::the_pipeline_keeps_its_invariants 2>&1); then
    echo "$log"
    echo "fuzz: FAILED in the round after $done_cases passing cases"
    exit 1
  fi
  done_cases=$(( done_cases + n ))
  echo "fuzz: $done_cases of $total cases passed, $(( $(date +%s) - start )) s"
done
echo "fuzz: $total cases, 0 failures, $(( $(date +%s) - start )) s ($(git rev-parse --short HEAD), $(date -u +%Y-%m-%d))"
