#!/usr/bin/env bash
# CI: builds the report on the bundled corpus and loads report.html in headless Chromium: no console
# errors allowed, screenshots kept in target/browser-check/. First proves the check itself catches a page with
# a JS error. Prints SKIPPED (and exits 0) where Chromium is missing and cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/browser-check
mkdir -p "$out"
if [[ ! -x target/release/govrules ]]; then
  cargo build --release --locked 2>&1 | tail -n 3
fi
target/release/govrules report -o "$out"
scripts/browser_check.sh --self-test
scripts/browser_check.sh "$out/report.html" "$out/report.png"
# The alignment panel open on the first aligned article (the page opens it from #compare=ID).
first=$(grep -o 'id="c-[0-9]*-[0-9]*-[0-9]*"' "$out/report.html" | head -n 1 | cut -d'"' -f2 || true)
if [[ -n "$first" ]]; then
  scripts/browser_check.sh "$out/report.html" "$out/report-compare.png" "compare=$first"
fi
