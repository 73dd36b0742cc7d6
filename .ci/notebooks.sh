#!/usr/bin/env bash
# CI: executes every notebook top to bottom against the release binary. Creates a venv (notebooks/.venv, or
# $NB_VENV), installs notebooks/requirements.txt, builds target/release/govrules if missing, then runs
# scripts/run_notebooks.py, which writes the executed copies to target/notebooks/ and fails on any failing cell,
# scripts/check_cjk_chart.py, which fails when a chart's Chinese labels would be drawn as boxes, and
# scripts/check_tables_and_paths.py, which reads govrules' CSV tables back with pandas (byte-order mark, quoting)
# and a report made in another folder with the notebooks' helpers.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${NB_VENV:-notebooks/.venv}
python=${PYTHON:-python3}
if [[ ! -x "$venv/bin/python" ]]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r notebooks/requirements.txt

if [[ ! -x target/release/govrules ]]; then
  cargo build --release --locked 2>&1 | tail -n 3
fi
export GOVRULES_BIN="$PWD/target/release/govrules"
"$venv/bin/python" scripts/run_notebooks.py target/notebooks
# One chart with Chinese labels, set up as the notebooks set up matplotlib: it must use a font that draws them.
"$venv/bin/python" scripts/check_cjk_chart.py target/notebooks/cjk-chart.png
# The CSV tables read back in pandas; a report made elsewhere finds its texts.
"$venv/bin/python" scripts/check_tables_and_paths.py
