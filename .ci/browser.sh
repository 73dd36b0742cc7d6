#!/usr/bin/env bash
# CI: builds the report on the bundled corpus and on the first 300 laws of ../shared/corpora/laws (in sorted
# order), and loads each report.html in headless Chromium at 1024 and 1400 px: no console output allowed, the
# script must run to its end, and the page must not be wider than the window. Prints each page's size and the
# time from navigation to ready; screenshots are kept in target/browser-check/. First proves the check itself
# catches a page with a JS error and one wider than the window. The page's search box (keyword in context) must
# find in the articles what `govrules kwic` finds there: a word in the seed texts, and a simplified word in texts
# written in traditional characters. Prints SKIPPED (and exits 0) where Chromium is missing and cannot be
# installed, and SKIPPED for the laws where ../shared is absent.
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

# search_check DIR QUERY [PATH…]: the page in DIR opened at #search=QUERY, at both widths, counts as many hits
# as `govrules kwic QUERY PATH…` finds inside articles (the page carries the articles), and at least one.
search_check() {
  local dir=$1 query=$2 page cli
  shift 2
  for width in 1024 1400; do
    page=$(BROWSER_WINDOW=$width,2000 scripts/browser_check.sh --attr data-search-hits "$dir/report.html" "search=$query")
  done
  cli=$(target/release/govrules kwic "$query" "$@" |
    python3 -c 'import json, sys; print(sum(h["article"] is not None for h in json.load(sys.stdin)["hits"]))')
  echo "search box: $query → ${page:-no} hits on the page of $dir; govrules kwic: $cli in articles"
  if [[ "$page" != "$cli" || "$cli" -eq 0 ]]; then
    echo "browser check FAILED: the page's search and govrules kwic disagree"
    exit 1
  fi
}
search_check "$out/seeds" 常务会议
target/release/govrules report tests/fixtures/traditional -o "$out/traditional" --quiet
search_check "$out/traditional" 常务会议 tests/fixtures/traditional

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
