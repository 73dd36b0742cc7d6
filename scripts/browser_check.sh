#!/usr/bin/env bash
# Loads an HTML page in headless Chromium and fails if the page logs anything to the console (an uncaught
# error, console.error …), if its script did not run to the end (it sets data-ready="1" on <html>, after
# unpacking its data), or if the page is wider than the window (the script writes data-page-width and
# data-window-width on <html>). Prints the time from navigation to data-ready and the page's size, and
# optionally saves a screenshot.
#
#   scripts/browser_check.sh PAGE.html [SCREENSHOT.png [FRAGMENT]]
#   scripts/browser_check.sh --self-test      # proves the check fails on a JS error and on a too wide page
#   scripts/browser_check.sh --attr NAME PAGE.html FRAGMENT
#                                             # loads PAGE.html#FRAGMENT, checks it as above (no screenshot),
#                                             # and prints the value of attribute NAME on <html>
#                                             # (data-search-hits: the hits of a #search=WORD)
#
# BROWSER_WINDOW=W,H sets the window's size in CSS pixels (default 1400,2000), for the checks and the screenshot.
#
# Chromium: the first of chromium, chromium-browser, google-chrome on PATH; if none, Debian's `chromium` is
# installed with apt-get when running as root, otherwise the check prints SKIPPED and exits 0. Where no CJK font
# is installed, fonts-wqy-microhei is added the same way (best effort).
set -euo pipefail

find_chrome() {
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  return 1
}

# apt_install PACKAGE...: as root with apt-get only; refreshes the package lists when the first try fails.
apt_install() {
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$@" >/dev/null 2>&1; }
}

chrome=$(find_chrome || true)
if [[ -z "$chrome" ]]; then
  echo "browser check: installing chromium with apt-get" >&2
  apt_install chromium || true
  chrome=$(find_chrome || true)
fi
# A CJK font, so that screenshots show the Chinese text rather than boxes (best effort: 1.6 MB).
if [[ -n "$chrome" ]] && command -v fc-list >/dev/null 2>&1 && [[ -z $(fc-list :lang=zh 2>/dev/null) ]]; then
  echo "browser check: installing a CJK font (fonts-wqy-microhei) with apt-get" >&2
  apt_install fonts-wqy-microhei || echo "browser check: no CJK font; screenshots will show boxes for Chinese" >&2
fi
if [[ -z "$chrome" ]]; then
  echo "SKIPPED browser check: no chromium and cannot install it (needs root and apt-get)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs Chromium headless on URL with extra flags; the console log goes to $work/log. The virtual time budget
# lets the page's asynchronous start (unpacking its data) finish before the DOM is dumped or the screenshot taken.
browse() {
  local url=$1; shift
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d -p "$work")" \
    --enable-logging=stderr --v=0 --virtual-time-budget=60000 --window-size="${BROWSER_WINDOW:-1400,2000}" \
    "$@" "$url" 2>>"$work/log"
}

# The value of attribute $1 on the dumped page's <html> element (empty when absent).
html_attr() {
  grep -o '<html[^>]*>' "$work/dom.html" | head -n 1 | grep -o " $1=\"[^\"]*\"" | cut -d'"' -f2 || true
}

# check PAGE [SCREENSHOT [FRAGMENT]]: 0 if the page ran clean, 1 otherwise (with the reasons on stdout).
check() {
  local page=$1 shot=${2:-} fragment=${3:-}
  local url="file://$(realpath "$page")"
  : >"$work/log"
  browse "$url" --dump-dom >"$work/dom.html"
  if [[ -n "$shot" ]]; then
    browse "$url${fragment:+#$fragment}" --screenshot="$(realpath -m "$shot")" --hide-scrollbars >/dev/null
  fi
  local failed=0
  if grep -E ":CONSOLE[:(]" "$work/log" >"$work/console"; then
    echo "browser check: the page wrote to the console:"
    sed 's/^/  /' "$work/console"
    failed=1
  fi
  if [[ $(html_attr data-ready) != 1 ]]; then
    echo "browser check: the page's script did not run to its end (no data-ready on <html>)"
    failed=1
  fi
  local page_width window_width
  page_width=$(html_attr data-page-width) window_width=$(html_attr data-window-width)
  if [[ -z "$page_width" || -z "$window_width" ]]; then
    echo "browser check: the page did not report its width (data-page-width, data-window-width on <html>)"
    failed=1
  elif (( page_width > window_width )); then
    echo "browser check: the page is wider than the window: $page_width px in a $window_width px window"
    failed=1
  fi
  if [[ -n "$shot" && ! -s "$shot" ]]; then
    echo "browser check: no screenshot written to $shot"
    failed=1
  fi
  READY_MS=$(html_attr data-ready-ms)
  return $failed
}

if [[ "${1:-}" == "--self-test" ]]; then
  ready='var r=document.documentElement; r.setAttribute("data-page-width", r.scrollWidth); r.setAttribute("data-window-width", innerWidth); r.setAttribute("data-ready","1")'
  good="$work/good.html" bad="$work/bad.html" wide="$work/wide.html"
  echo "<!DOCTYPE html><html><body><script>$ready</script></body></html>" >"$good"
  echo "<!DOCTYPE html><html><body><script>notDefined(); $ready</script></body></html>" >"$bad"
  echo "<!DOCTYPE html><html><body><div style=\"width:5000px\">wide</div><script>$ready</script></body></html>" >"$wide"
  check "$good" >/dev/null || { echo "browser check self-test FAILED: a clean page was rejected"; exit 1; }
  if check "$bad" >/dev/null; then echo "browser check self-test FAILED: a page with a JS error passed"; exit 1; fi
  if check "$wide" >/dev/null; then echo "browser check self-test FAILED: a page wider than the window passed"; exit 1; fi
  echo "browser check self-test: ok (a clean page passes; a page with an uncaught error, and one wider than the window, fail) with $("$chrome" --version 2>/dev/null | head -n1)"
  exit 0
fi

if [[ "${1:-}" == "--attr" ]]; then
  [[ $# -eq 4 ]] || { echo "usage: $0 --attr NAME PAGE.html FRAGMENT" >&2; exit 2; }
  name=$2 page=$3 fragment=$4
  : >"$work/log"
  browse "file://$(realpath "$page")#$fragment" --dump-dom >"$work/dom.html"
  if grep -E ":CONSOLE[:(]" "$work/log" >"$work/console"; then
    echo "browser check: the page wrote to the console:" >&2
    sed 's/^/  /' "$work/console" >&2
    exit 1
  fi
  [[ $(html_attr data-ready) == 1 ]] || { echo "browser check: the page's script did not run to its end" >&2; exit 1; }
  if (( $(html_attr data-page-width) > $(html_attr data-window-width) )); then
    echo "browser check: the page is wider than the window: $(html_attr data-page-width) px" >&2
    exit 1
  fi
  html_attr "$name"
  exit 0
fi

[[ $# -ge 1 ]] || { echo "usage: $0 PAGE.html [SCREENSHOT.png [FRAGMENT]] | --self-test | --attr NAME PAGE.html FRAGMENT" >&2; exit 2; }
size=$(wc -c <"$1")
if check "$@"; then
  echo "browser check: ok: $1 ($((size / 1024)) KiB) loads with no console output, ready in ${READY_MS:-?} ms from navigation, not wider than its ${BROWSER_WINDOW:-1400,2000} window${2:+; screenshot $2}"
else
  echo "browser check FAILED: $1 (window ${BROWSER_WINDOW:-1400,2000})"
  exit 1
fi
