#!/usr/bin/env bash
# Tokenization benchmark, in one run:
# - the library: raw jieba-rs, govrules (memo off and on) on 1 and all threads, and Python jieba 0.42.1, on the
#   same decoded text of ../shared/corpora/laws, plus the seeds+laws and near-copy corpora (benches/corpus.rs);
# - end to end, whole processes as users run them: `govrules --jobs N tokenize --jsonl` against a raw jieba-rs
#   tool that writes the same kind of JSONL (benches/jieba_jsonl.rs), its bare cut, and Python jieba doing the
#   tool's job (benches/jieba_jsonl.py), in paired rounds (benches/tokenize_e2e.py).
# Python jieba is installed into a venv, $JIEBA_VENV, default target/jieba-venv. With $BEFORE set to a govrules
# binary built before a change, the end-to-end rounds time it too (`before_jN`, and `govrules_jN / before_jN`).
# Usage: benches/tokenize.sh [RUNS] [PYTHON_RUNS] [THREADS] [PARTS]
#   (defaults: 5 3 "1,<all cores>" "lib,e2e"; RUNS is also the number of end-to-end rounds)
# Writes target/tokenize-bench/{rust,python,e2e}.jsonl and prints the Markdown tables for benches/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
py_runs="${2:-3}"
threads="${3:-1,$(nproc)}"
parts="${4:-lib,e2e}"
laws="${LAWS:-../shared/corpora/laws}"
out=target/tokenize-bench
mkdir -p "$out"
venv="${JIEBA_VENV:-target/jieba-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q jieba==0.42.1
fi
echo "== $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
files=()
if [[ "$parts" == *lib* ]]; then
  cargo bench --bench corpus -- --runs "$runs" --threads "$threads" --dump-text "$out/laws.txt" | tee "$out/rust.jsonl"
  "$venv/bin/python" benches/tokenize_jieba.py --text "$out/laws.txt" --runs "$py_runs" | tee "$out/python.jsonl"
  files+=("$out/rust.jsonl" "$out/python.jsonl")
fi
if [[ "$parts" == *e2e* ]]; then
  cargo build --release --quiet
  raw=$(cargo bench --bench jieba_jsonl --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json, sys; print([m["executable"] for m in map(json.loads, sys.stdin)
                                            if m.get("executable") and m["target"]["name"] == "jieba_jsonl"][-1])')
  python3 benches/tokenize_e2e.py --govrules target/release/govrules --raw "$raw" --python "$venv/bin/python" \
    --folder "$laws" --rounds "$runs" --py-rounds "$py_runs" --threads "$threads" ${BEFORE:+--before "$BEFORE"} \
    | tee "$out/e2e.jsonl"
  files+=("$out/e2e.jsonl")
fi
python3 benches/tokenize_summary.py "${files[@]}" | tee "$out/summary.md"
