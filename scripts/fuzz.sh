#!/usr/bin/env bash
# The long run of the fuzz harness (tests/fuzz.rs): N cases (default 100000) of the whole pipeline through the
# library, in release mode. Prints the count and the result; a failure prints the shrunk input and exits non-zero.
#   scripts/fuzz.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
start=$(date +%s)
GOVRULES_FUZZ_CASES="$cases" cargo test --release --test tests fuzz:: -- --nocapture
echo "fuzz: $cases cases passed in $(( $(date +%s) - start )) s ($(git rev-parse --short HEAD), $(date -u +%Y-%m-%d))"
