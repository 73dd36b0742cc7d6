#!/usr/bin/env bash
# Large-corpus tokenization benchmark: raw jieba-rs, govrules (memo off and on) on 1 and all threads, and
# Python jieba 0.42.1 (installed into a venv, $JIEBA_VENV, default target/jieba-venv), on the same decoded
# text of ../shared/corpora/laws; plus the seeds+laws and near-copy corpora (see benches/corpus.rs).
# Usage: benches/tokenize.sh [RUNS] [PYTHON_RUNS] [THREADS]   (defaults: 5 3 "1,<all cores>")
# Writes target/tokenize-bench/{rust,python}.jsonl and prints the Markdown table for benches/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
py_runs="${2:-3}"
threads="${3:-1,$(nproc)}"
out=target/tokenize-bench
mkdir -p "$out"
venv="${JIEBA_VENV:-target/jieba-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q jieba==0.42.1
fi
echo "== $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
cargo bench --bench corpus -- --runs "$runs" --threads "$threads" --dump-text "$out/laws.txt" | tee "$out/rust.jsonl"
"$venv/bin/python" benches/tokenize_jieba.py --text "$out/laws.txt" --runs "$py_runs" | tee "$out/python.jsonl"
python3 benches/tokenize_summary.py "$out/rust.jsonl" "$out/python.jsonl" | tee "$out/summary.md"
