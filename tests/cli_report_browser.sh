#!/bin/bash
# cli_report_browser.sh: report.html as a reader sees it, in Debian's Chromium (playwright-core,
# tests/browser/browse.mjs report mode), on the report of the seeds and of examples/: no console
# errors or outside requests, right-to-left, stories with summaries, citations and drawn timelines,
# dates marked in the texts, no sideways scrolling at phone width. Screenshots:
# $AK_BUILD_DIR/report-seeds.png and report-examples.png. Skips (exit 77) only when node or
# chromium is absent or playwright-core cannot be installed.
set -u
fail() { echo "FAIL: $*"; exit 1; }
: "${AKHBAR:?}" "${AK_SOURCE_DIR:?}"
BROWSER_DIR=$AK_SOURCE_DIR/tests/browser
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SEEDS="${AK_SHARED_DIR:-$AK_SOURCE_DIR/../shared}/seeds"
OUT=${AK_BUILD_DIR:-.}
command -v node >/dev/null || { echo "SKIP: node absent (scripts/install-deps --browser)"; exit 77; }
[ -x "$CHROMIUM" ] || { echo "SKIP: $CHROMIUM absent (scripts/install-deps --browser)"; exit 77; }
if [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ]; then
    (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
        { echo "SKIP: playwright-core not installed and 'npm ci' in tests/browser failed"; exit 77; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

browse() { # NAME REPORT_DIR MIN_STORIES
    (cd "$BROWSER_DIR" && node browse.mjs report "$2/report.html" "$OUT/report-$1.png" "$3") >"$work/$1.log" 2>&1
    local rc=$?
    cat "$work/$1.log"
    [ $rc -eq 0 ] || fail "$1: the report failed in the browser"
    [ -s "$OUT/report-$1.png" ] || fail "$1: no screenshot"
}

"$AKHBAR" run --db "$work/e.db" --out "$work/e" "$AK_SOURCE_DIR/examples" >/dev/null 2>&1 || fail "run on examples: exit $?"
browse examples "$work/e" 6
if [ -d "$SEEDS" ]; then
    "$AKHBAR" run --db "$work/s.db" --out "$work/s" "$SEEDS" >/dev/null 2>&1 || fail "run on seeds: exit $?"
    browse seeds "$work/s" 2
fi
echo "screenshots: $OUT/report-examples.png $OUT/report-seeds.png"
echo ok
