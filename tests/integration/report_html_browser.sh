#!/usr/bin/env bash
# The HTML report in headless Chromium: it loads with no console message (no script error, no
# blocked network request), its script runs (marker set, filter and deep links work), a failed
# run shows its first failure without scrolling, charts never overflow, and screenshots are
# kept under the build directory for people to look at.
set -euo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}" "${REPLYCHECK_BINARY_DIR:?}"

browser=""
for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (ci/deps installs it)"
  exit 77
fi

out="$REPLYCHECK_BINARY_DIR/report-html-browser"
rm -rf "$out"
mkdir -p "$out"
profiles=$(mktemp -d)
trap 'rm -rf "$profiles"' EXIT
fixtures="$REPLYCHECK_SOURCE_DIR/tests/fixtures/reports"

fail() { echo "FAIL: $*" >&2; exit 1; }

# chrome FLAGS... URL: one headless run with a fresh profile, bounded in time.
chrome() {
  local profile
  profile=$(mktemp -d "$profiles/p.XXXXXX")
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
    --user-data-dir="$profile" "$@"
}

# The report: two shard files merged, with hostile bytes in names and transcripts.
set +e
"$REPLYCHECK" report merge -q "$fixtures/shard-1.json" "$fixtures/shard-2.json" --report-html "$out/report.html"
code=$?
set -e
[ "$code" -eq 1 ] || fail "report merge exited $code, expected 1 (the shards hold failures)"
[ -s "$out/report.html" ] || fail "no HTML report written"
url="file://$out/report.html"

# The console check must be able to fail: a page with a script error is caught.
printf '<!DOCTYPE html><html><body><script>undefined_function();</script></body></html>\n' > "$out/broken.html"
chrome --enable-logging=stderr --v=0 --dump-dom "file://$out/broken.html" >/dev/null 2>"$out/broken.log" || true
grep -q 'CONSOLE.*Uncaught' "$out/broken.log" || fail "the console check does not see script errors in this Chromium"

# 1. Loads, script runs to the end, nothing logged on the console.
chrome --enable-logging=stderr --v=0 --dump-dom "$url" >"$out/dom.html" 2>"$out/console.log" || fail "chromium failed"
if grep -E 'CONSOLE|Uncaught' "$out/console.log"; then fail "console messages while loading the report"; fi
grep -q 'id="report-ready" data-ready="yes"' "$out/dom.html" || fail "the report's script did not finish"
grep -q '9 of 9 scenarios shown' "$out/dom.html" || fail "the scenario counter was not filled"
# Server bytes stayed text: the hostile <script> and <img onerror> never became elements.
if grep -q "document.title='pwned'</script>" "$out/dom.html"; then fail "hostile markup became a script element"; fi
if grep -q '<img src="x"' "$out/dom.html"; then fail "hostile markup became an image element"; fi
grep -q '<title>replycheck: 3 passed, 4 failed, 1 errors, 1 skipped</title>' "$out/dom.html" || fail "title changed"

# 2. The failure filter: ?failures hides passed and skipped scenarios.
chrome --dump-dom "$url?failures" >"$out/dom-failures.html" 2>/dev/null || fail "chromium failed"
grep -q '5 of 9 scenarios shown' "$out/dom-failures.html" || fail "the failure filter did not apply"
grep -q 'class="scenario passed hidden"' "$out/dom-failures.html" || fail "passed scenarios still shown"
if grep -q 'class="scenario failed hidden"' "$out/dom-failures.html"; then fail "a failure was hidden"; fi

# 3. A deep link opens the scenario it names.
chrome --dump-dom "$url#s1" >"$out/dom-link.html" 2>/dev/null || fail "chromium failed"
grep -Eq '<details class="scenario passed" id="s1"[^>]* open=""' "$out/dom-link.html" || fail "#s1 did not open"

# 4. A failed run leads with its failures: in a 1000x800 window the first failure's entry is in
# the viewport without scrolling, and no chart makes the page scroll sideways (at 1000 and 1400
# px). A copy of the page gets a measuring script (inline, as its CSP allows) that writes what it
# saw into a marker element; the same measure of the last scenario proves the check can fail.
measure() {  # measure WIDTH SELECTOR: prints "top bottom viewport-height scroll-width viewport-width"
  local page="$out/measure-$1.html"
  { sed '/<\/body>/,$d' "$out/report.html"
    printf '%s\n' '<script>(function(){var e=document.querySelector('"'$2'"');' \
      'var r=e?e.getBoundingClientRect():{top:-1,bottom:-1};var m=document.createElement("div");m.id="measure";' \
      'm.textContent="measured "+Math.round(r.top)+" "+Math.round(r.bottom)+" "+window.innerHeight+" "+' \
      'document.documentElement.scrollWidth+" "+window.innerWidth;document.body.appendChild(m);})();</script>' \
      '</body></html>'
  } >"$page"
  chrome --window-size="$1",800 --dump-dom "file://$page" 2>/dev/null | sed -n 's/.*<div id="measure">measured \([-0-9 ]*\)<\/div>.*/\1/p'
}
in_view() { [ "$1" -ge 0 ] && [ "$2" -le "$3" ]; }
read -r top bottom height scroll width <<<"$(measure 1000 '#failures li a')"
[ -n "${width:-}" ] || fail "the measuring script did not run"
in_view "$top" "$bottom" "$height" || fail "first failure at $top-$bottom px, outside the 1000x800 window"
[ "$scroll" -le "$width" ] || fail "page is $scroll px wide in a $width px window (a chart overflows)"
read -r ltop lbottom lheight _ _ <<<"$(measure 1000 'details.scenario:last-of-type')"
if in_view "$ltop" "$lbottom" "$lheight"; then fail "the viewport check cannot fail: the last scenario is in view too"; fi
read -r _ _ _ scroll width <<<"$(measure 1400 '#failures')"
[ "$scroll" -le "$width" ] || fail "page is $scroll px wide in a $width px window (a chart overflows)"
chrome --screenshot="$out/report-1000x800.png" --window-size=1000,800 "$url" >/dev/null 2>&1 || fail "screenshot failed"
[ -s "$out/report-1000x800.png" ] || fail "no 1000x800 screenshot written"

# 5. A screenshot, kept for people (and CI artifacts).
chrome --screenshot="$out/report.png" --window-size=1280,2000 "$url" >/dev/null 2>&1 || fail "screenshot failed"
[ -s "$out/report.png" ] || fail "no screenshot written"
head -c 8 "$out/report.png" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' || fail "screenshot is not a PNG"
echo "OK: HTML report loads cleanly in $("$browser" --version 2>/dev/null | head -1); screenshot $out/report.png"
