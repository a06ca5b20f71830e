#!/usr/bin/env bash
# Secrets a client sends never reach what the mock shows of its requests: a Cookie value, a
# secret-named field (X-Api-Key, X-Auth-Token), a secret query parameter (?access_token=) and a
# secret field of a url-encoded form (password=) are masked in the live journal file while the
# mock runs, in GET /journal/http of the admin API, in the file as left at exit and in the -v
# lines; names and other values stay readable. --journal-raw still writes them as received.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
command -v curl >/dev/null || exit 77
command -v python3 >/dev/null || exit 77
source "${REPLYCHECK_SOURCE_DIR:?}/tests/integration/lib/mock.sh"

work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/www"
printf 'hello\n' > "$work/www/a.txt"
secrets=(S3cr3tC00kie K3yV4lue T0k3nQ P4ssW0rd Auth7T0ken Th3meV4l)
token='Adm1n-Journal-Token'

# start_mock ARGS...: sets pid, http, admin.
start_mock() {
    REPLYCHECK_ADMIN_TOKEN=$token "$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --writable \
        --admin 127.0.0.1:0 -v "$@" > "$work/out" 2> "$work/err" &
    pid=$!
    mock_wait "$work/out" "$pid" http admin || fail "the mock did not start: $(cat "$work/out" "$work/err")"
    http=$(mock_listener "$work/out" http)
    admin=$(mock_listener "$work/out" admin)
}

send_requests() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Cookie: sid=S3cr3tC00kie; theme=Th3meV4l' \
        -H 'X-Api-Key: K3yV4lue' -H 'X-Auth-Token: Auth7T0ken' "http://$http/a.txt?access_token=T0k3nQ&page=2")
    [ "$code" = 200 ] || fail "GET: expected 200, got $code"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -d 'user=a&password=P4ssW0rd' "http://$http/form")
    case "$code" in 2??|4??) ;; *) fail "POST: got $code" ;; esac
}

# Waits (at most 5 s) for N http lines in FILE.
wait_lines() {
    for _ in $(seq 1 50); do
        [ "$(grep -c '"mock":"http"' "$1" 2>/dev/null)" -ge "$2" ] && return 0
        sleep 0.1
    done
    fail "$1: fewer than $2 http lines: $(cat "$1" 2>/dev/null)"
}

no_secret_in() {
    local s
    for s in "${secrets[@]}"; do
        grep -qF -- "$s" "$1" && fail "$2 holds '$s': $(grep -F -- "$s" "$1" | head -3)"
    done
    return 0
}

start_mock --journal "$work/journal.jsonl"
send_requests
wait_lines "$work/journal.jsonl" 2
cp "$work/journal.jsonl" "$work/live.jsonl"
no_secret_in "$work/live.jsonl" "the live journal"
curl -s --max-time 5 -H "Authorization: Bearer $token" "http://$admin/journal/http" > "$work/api.json" ||
    fail "GET /journal/http"
grep -q 'a.txt' "$work/api.json" || fail "GET /journal/http has no request: $(head -c 300 "$work/api.json")"
no_secret_in "$work/api.json" "GET /journal/http"
mock_stop "$pid" || fail "the mock did not stop on SIGTERM"
pid=
no_secret_in "$work/journal.jsonl" "the journal at exit"
no_secret_in "$work/err" "the -v output"
no_secret_in "$work/out" "the standard output"
grep -qF 'GET /a.txt?access_token=***&page=2 HTTP/1.1' "$work/err" || fail "-v line: $(cat "$work/err")"

# What stays readable: names, the other parameters, the form's other fields.
python3 - "$work/journal.jsonl" "$work/api.json" <<'PY' || fail "masked journal content"
import json, sys
live = [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "http"]
api = json.load(open(sys.argv[2]))
api = api.get("entries", api) if isinstance(api, dict) else api
for entries in (live, api):
    get, post = entries[0], entries[1]
    assert get["target"] == "/a.txt?access_token=***&page=2", get["target"]
    h = dict(get["headers"])
    assert h["Cookie"] == "sid=***; theme=***", h
    assert h["X-Api-Key"] == "***" and h["X-Auth-Token"] == "***", h
    assert "Cookie: sid=***; theme=***\r\n" in get["raw"], get["raw"]
    assert "GET /a.txt?access_token=***&page=2 HTTP/1.1\r\n" in get["raw"], get["raw"]
    assert post["body"] == "user=a&password=***", post["body"]
    assert post["raw"].endswith("\r\n\r\nuser=a&password=***"), post["raw"]
PY

# --journal-raw: as received (the file is then the client's to guard).
start_mock --journal "$work/raw.jsonl" --journal-raw
send_requests
wait_lines "$work/raw.jsonl" 2
mock_stop "$pid" || fail "the mock did not stop on SIGTERM"
pid=
for s in "${secrets[@]}"; do
    grep -qF -- "$s" "$work/raw.jsonl" || fail "--journal-raw: '$s' missing"
done
no_secret_in "$work/err" "the -v output with --journal-raw"
echo "mock_journal_secrets: ok"
