#!/usr/bin/env bash
# All-pairs article similarity: govrules vs scikit-learn on the same articles and the same features.
# Usage: benches/allpairs.sh [MAX_ARTICLES] [FEATURES]   (defaults: 20000 chars)
# Needs ../shared/corpora/laws beside the project, and python3; scikit-learn is installed into a venv
# ($ALLPAIRS_VENV, default target/allpairs-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
max="${1:-20000}"
features="${2:-chars}"
out="target/allpairs"
mkdir -p "$out"
venv="${ALLPAIRS_VENV:-target/allpairs-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q scikit-learn
fi
cargo bench --bench allpairs -- --max "$max" --features "$features" --runs 5 \
  --export "$out/terms.jsonl" --neighbours "$out/neighbours.jsonl" | tee "$out/govrules.json"
"$venv/bin/python" benches/allpairs_sklearn.py --terms "$out/terms.jsonl" \
  --neighbours "$out/neighbours.jsonl" --runs 3 | tee "$out/sklearn.json"
"$venv/bin/python" - "$out/govrules.json" "$out/sklearn.json" <<'PY'
import json, sys
g, s = (json.load(open(p)) for p in sys.argv[1:3])
print(f"govrules {g['govrules_median_seconds']} s ({g['threads']} threads), scikit-learn "
      f"{s['sklearn_median_seconds']} s: {s['sklearn_median_seconds'] / g['govrules_median_seconds']:.1f}x; "
      f"top-10 agreement {s['top10_agreement']}, max score difference {s['max_score_difference']:.2g}")
PY
