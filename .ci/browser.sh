#!/usr/bin/env bash
# CI: builds the report on the bundled corpus and on the first 300 laws of ../shared/corpora/laws (in sorted
# order), and loads each report.html in headless Chromium at 1024 and 1400 px: no console output allowed, the
# script must run to its end, and the page must not be wider than the window. Prints each page's size and the
# time from navigation to ready; screenshots are kept in target/browser-check/. First proves the check itself
# catches a page with a JS error and one wider than the window. Prints SKIPPED (and exits 0) where Chromium is
# missing and cannot be installed, and SKIPPED for the laws where ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/browser-check
mkdir -p "$out"
if [[ ! -x target/release/govrules ]]; then
  cargo build --release --locked 2>&1 | tail -n 3
fi
scripts/browser_check.sh --self-test

# check_widths DIR: the page in DIR at both widths, a screenshot of each.
check_widths() {
  local dir=$1
  for width in 1024 1400; do
    BROWSER_WINDOW=$width,2000 scripts/browser_check.sh "$dir/report.html" "$dir/report-$width.png"
  done
}

target/release/govrules report -o "$out/seeds" --quiet
check_widths "$out/seeds"
# The alignment panel open on the first aligned article (the page opens it from #compare=ID).
first=$(grep -o 'id="c-[0-9]*-[0-9]*-[0-9]*"' "$out/seeds/report.html" | head -n 1 | cut -d'"' -f2 || true)
if [[ -n "$first" ]]; then
  scripts/browser_check.sh "$out/seeds/report.html" "$out/seeds/report-compare.png" "compare=$first"
fi

laws=../shared/corpora/laws
if [[ -d "$laws" ]]; then
  mapfile -t files < <(find "$laws" -type f \( -name '*.txt' -o -name '*.md' \) | LC_ALL=C sort | head -n 300)
  start=$SECONDS
  target/release/govrules report "${files[@]}" -o "$out/laws-300" --quiet
  echo "report on ${#files[@]} laws: $((SECONDS - start)) s, report.html $(($(wc -c <"$out/laws-300/report.html") / 1024)) KiB"
  check_widths "$out/laws-300"
else
  echo "SKIPPED browser check of a 300-law report: $laws is absent"
fi
