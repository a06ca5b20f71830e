#!/usr/bin/env bash
# The pytest fixture and example test of docs/mock-admin.md, as printed there: the first ```python
# block of the page becomes conftest.py, the second a test file run verbatim, and two small tests
# use the fixture against the real binary (a rule added, answered and journaled; the reset between
# tests leaves no rule and an empty journal).
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
: "${REPLYCHECK_SOURCE_DIR:?}"
python=""
for candidate in python3 /usr/bin/python3; do
    if "$candidate" -m pytest --version >/dev/null 2>&1; then python=$candidate; break; fi
done
[ -n "$python" ] || { echo "pytest is not installed (python3-pytest)" >&2; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

awk '/^```python$/ && !done { inside = 1; next } inside && /^```$/ { inside = 0; done = 1 } inside' \
    "$REPLYCHECK_SOURCE_DIR/docs/mock-admin.md" > "$work/conftest.py"
grep -q 'def mock' "$work/conftest.py" || fail "no fixture block in docs/mock-admin.md"
awk '/^```python$/ { n++; if (n == 2) { inside = 1; next } } inside && /^```$/ { inside = 0 } inside' \
    "$REPLYCHECK_SOURCE_DIR/docs/mock-admin.md" > "$work/test_doc_example.py"
grep -q 'def test_' "$work/test_doc_example.py" || fail "no example test block in docs/mock-admin.md"

cat > "$work/test_admin_fixture.py" <<'PY'
import urllib.request


def test_a_rule_answers_and_is_journaled(mock):
    http, admin = mock
    created = admin("POST", "/rules/http",
                    {"match": {"path": "/hi"}, "reply": {"status": 200, "body": "hi"}})
    assert created["id"] > 0
    with urllib.request.urlopen(f"http://{http}/hi", timeout=10) as reply:
        assert reply.read() == b"hi"
    entries = admin("GET", "/journal/http?path=/hi")["entries"]
    assert [e["target"] for e in entries] == ["/hi"]


def test_the_next_test_starts_clean(mock):
    http, admin = mock
    assert admin("GET", "/journal/http")["entries"] == []
    assert [r for r in admin("GET", "/rules/http") if r["source"] == "runtime"] == []
PY

cd "$work" || exit 1
REPLYCHECK="$REPLYCHECK" timeout 120 "$python" -m pytest -q -p no:cacheprovider "$work" > "$work/log" 2>&1
rc=$?
cat "$work/log"
[ $rc -eq 0 ] || fail "pytest exit $rc"
grep -q '3 passed' "$work/log" || fail "expected 3 passed"
echo ok
