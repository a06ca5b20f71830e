#!/usr/bin/env bash
# `replycheck reproduce` with the real binary: logs of our own (tests/fixtures/logs/reproduce)
# replayed against `replycheck mock` started here. Codes the mock gives back → exit 0; codes it
# will not give → exit 1 with "logged X, now Y"; usage errors → exit 2; FTP sessions with a
# password from --credential / REPLYCHECK_PASSWORD that never appears in any output or file;
# the emitted scenario file runs with `replycheck run`; --rate slows the run down.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
: "${REPLYCHECK_SOURCE_DIR:?REPLYCHECK_SOURCE_DIR must name the repository}"
logs="$REPLYCHECK_SOURCE_DIR/tests/fixtures/logs/reproduce"

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/out.txt" ] && cat "$work/out.txt" >&2; exit 1; }

mkdir -p "$work/www/private"
printf 'hello world\n' > "$work/www/hello.txt"
printf 'secret\n' > "$work/www/private/s.txt"
password='Qx9-alice-never-printed'

# Starts `replycheck mock ARGS`; sets HTTP / FTP to the addresses it prints (at most 5 s).
start_mock() {
    local out="$work/mock.$RANDOM"
    "$REPLYCHECK" mock "$@" >"$out" 2>"$work/mock-err.txt" &
    pids+=($!)
    HTTP="" FTP=""
    for _ in $(seq 1 50); do
        HTTP=$(sed -n 's/^http \(127\.0\.0\.1:[0-9]*\)$/\1/p' "$out" | head -n1)
        FTP=$(sed -n 's/^ftp \(127\.0\.0\.1:[0-9]*\)$/\1/p' "$out" | head -n1)
        [ -n "$HTTP" ] && { [ -n "$FTP" ] || ! grep -q -- '--ftp' <<<"$*"; } && break
        sleep 0.1
    done
    [ -n "$HTTP" ] || { cat "$work/mock-err.txt" >&2; fail "the mock printed no address"; }
}

# Runs reproduce with ARGS; sets RC, output in $work/out.txt.
reproduce() {
    "$REPLYCHECK" reproduce "$@" >"$work/out.txt" 2>&1
    RC=$?
}

PW="$password" start_mock --http 127.0.0.1:0 --ftp 127.0.0.1:0 --root "$work/www" \
    --auth /private=alice:pw1 --user alice:env:PW

# 1. Every code of the log comes back: 200, 404 ×2, 304, 206, 416, 412, 401; POST and DELETE skipped.
reproduce "$logs/mock_codes.log" --var "http=http://$HTTP" --report-junit "$work/junit.xml"
[ "$RC" = 0 ] || fail "mock_codes.log: expected exit 0, got $RC"
grep -q '^reproduced 404 ×2 — GET /missing.txt$' "$work/out.txt" || fail "no 'reproduced 404 ×2' line"
grep -q '^reproduced 304 — GET /hello.txt$' "$work/out.txt" || fail "304 not reproduced"
grep -q '^reproduced 206 — GET /hello.txt$' "$work/out.txt" || fail "206 not reproduced"
grep -q '^reproduced 416 — GET /hello.txt$' "$work/out.txt" || fail "416 not reproduced"
grep -q '^reproduced 412 — GET /hello.txt$' "$work/out.txt" || fail "412 not reproduced"
grep -q '^reproduced 401 — GET /private/s.txt$' "$work/out.txt" || fail "401 not reproduced"
grep -q '^skipped POST /form .*unsafe method POST' "$work/out.txt" || fail "POST not skipped"
grep -q '^7 reproduced, 0 differ, 2 skipped$' "$work/out.txt" || fail "summary"
grep -q '<testsuite' "$work/junit.xml" || fail "no JUnit report"

# 2. --unsafe replays DELETE (the mock is read-only: 405, as logged).
reproduce "$logs/mock_codes.log" --var "http=http://$HTTP" --unsafe --status 405
[ "$RC" = 0 ] || fail "--unsafe --status 405: expected exit 0, got $RC"
grep -q '^reproduced 405 — DELETE /hello.txt$' "$work/out.txt" || fail "DELETE 405 not reproduced"

# 3. Codes the mock will not give: exit 1 and "logged X, now Y".
reproduce "$logs/mock_differs.log" --var "http=http://$HTTP"
[ "$RC" = 1 ] || fail "mock_differs.log: expected exit 1, got $RC"
grep -q '^logged 200, now 404 — GET /gone/report.pdf$' "$work/out.txt" || fail "no 'logged 200, now 404' line"
grep -q '^logged 503 ×2, now 200 — GET /hello.txt$' "$work/out.txt" || fail "no 'logged 503 ×2, now 200' line"
grep -q '^1 reproduced, 2 differ, 0 skipped$' "$work/out.txt" || fail "summary of differences"

# 4. --status and --path select; --limit keeps the earliest.
reproduce --status 5xx "$logs/mock_differs.log" --var "http=http://$HTTP"   # options before the file too
[ "$RC" = 1 ] && grep -q '^0 reproduced, 1 differ' "$work/out.txt" || fail "--status 5xx"
reproduce "$logs/mock_codes.log" --var "http=http://$HTTP" --path '/private/*'
[ "$RC" = 0 ] && grep -q '^1 reproduced, 0 differ' "$work/out.txt" || fail "--path"
reproduce "$logs/mock_differs.log" --var "http=http://$HTTP" --limit 1
[ "$RC" = 0 ] && grep -q '^1 reproduced, 0 differ' "$work/out.txt" || fail "--limit 1"

# 5. FTP sessions: the successful login with --credential, the 530 with a wrong password.
reproduce "$logs/ftp_sessions.log" --var "ftp=ftp://$FTP" --credential "alice:$password" \
    --emit-scenarios "$work/ftp.toml" --report-json "$work/ftp.json" --report-junit "$work/ftp.xml"
[ "$RC" = 0 ] || fail "ftp_sessions.log with --credential: expected exit 0, got $RC"
grep -q '^reproduced 6 commands — FTP session' "$work/out.txt" || fail "the logged-in session"
grep -q '^skipped STOR upload.txt in FTP session' "$work/out.txt" || fail "STOR not skipped"
grep -q 'PASS ${password_1}' "$work/ftp.toml" || fail "no \${password_1} in the emitted file"
grep -q 'PASS replycheck-deliberately-wrong' "$work/ftp.toml" || fail "no wrong password for the 530"
for f in "$work/out.txt" "$work/ftp.toml" "$work/ftp.json" "$work/ftp.xml"; do
    grep -q -- "$password" "$f" && fail "the password leaked into $f"
done
# The same from REPLYCHECK_PASSWORD; without any password the session is skipped, not guessed.
REPLYCHECK_PASSWORD="$password" "$REPLYCHECK" reproduce "$logs/ftp_sessions.log" --var "ftp=ftp://$FTP" \
    >"$work/out.txt" 2>&1 || fail "REPLYCHECK_PASSWORD run failed"
grep -q -- "$password" "$work/out.txt" && fail "the password leaked on the console"
reproduce "$logs/ftp_sessions.log" --var "ftp=ftp://$FTP"
[ "$RC" = 0 ] || fail "without a password: expected exit 0, got $RC"
grep -q 'the login of alice succeeded and needs the password' "$work/out.txt" || fail "no reason for the skip"
REPLYCHECK_PASSWORD=not-it "$REPLYCHECK" reproduce "$logs/ftp_sessions.log" --var "ftp=ftp://$FTP" >"$work/out.txt" 2>&1
[ $? = 1 ] || fail "a wrong password must differ"
grep -q '^logged 230, now 530 — PASS \*\*\* in FTP session' "$work/out.txt" || fail "no 'logged 230, now 530' line"

# A protocol without a server given is left out and said so; with nothing left: exit 2.
reproduce "$logs/mock_codes.log" "$logs/ftp_sessions.log" --var "http=http://$HTTP" --credential "alice:$password"
[ "$RC" = 0 ] || fail "HTTP only: expected exit 0, got $RC"
grep -q '^skipped 2 FTP cases: no FTP server given (--var ftp=URL)$' "$work/out.txt" || fail "no FTP skip line"
grep -q '^7 reproduced, 0 differ, 5 skipped$' "$work/out.txt" || fail "HTTP only: summary"
reproduce "$logs/ftp_sessions.log" --var "http=http://$HTTP" --credential "alice:$password"
[ "$RC" = 2 ] && grep -q 'nothing to reproduce against the servers given' "$work/out.txt" || fail "no server: expected exit 2"

# IIS substatus: against a server without IIS detailed error pages, the status is compared and
# the substatus reported not observable (exit 0); an IIS-flavoured server showing another
# substatus (404.0) differs.
reproduce "$logs/iis_substatus.log" --var "http=http://$HTTP" --report-json "$work/iis.json"
[ "$RC" = 0 ] || fail "iis_substatus.log against the plain mock: expected exit 0, got $RC"
grep -q '^reproduced 404 ×2 (substatus not observable) — GET /missing.txt$' "$work/out.txt" || fail "not observable line"
grep -q 'substatus not observable' "$work/iis.json" || fail "the JSON report does not say 'not observable'"
cat > "$work/iis-mock.toml" <<TOML
[mock.http]
root = "$work/www"
flavour = "iis"
TOML
iis_http_save=$HTTP iis_ftp_save=$FTP
start_mock "$work/iis-mock.toml"
reproduce "$logs/iis_substatus.log" --var "http=http://$HTTP"
[ "$RC" = 1 ] || fail "iis_substatus.log against the IIS-flavoured mock: expected exit 1, got $RC"
grep -q '^logged 404.3 ×2, now 404.0 — GET /missing.txt$' "$work/out.txt" || fail "no 'logged 404.3 ×2, now 404.0' line"
HTTP=$iis_http_save FTP=$iis_ftp_save

# 6. Only files: exit 0, and the emitted file is an ordinary scenario file.
reproduce "$logs/mock_codes.log" --emit-scenarios "$work/codes.toml"
[ "$RC" = 0 ] && [ -s "$work/codes.toml" ] || fail "--emit-scenarios alone"
(cd "$work" && "$REPLYCHECK" run codes.toml --var "http=http://$HTTP" >"$work/run.txt" 2>&1) || {
    cat "$work/run.txt" >&2; fail "replycheck run on the emitted file"; }

# 7. Usage errors: exit 2.
reproduce "$logs/mock_codes.log"
[ "$RC" = 2 ] && grep -q 'nothing to do' "$work/out.txt" || fail "no target and no --emit: expected exit 2"
reproduce "$work/no-such.log" --var "http=http://$HTTP"
[ "$RC" = 2 ] || fail "unreadable log: expected exit 2, got $RC"
reproduce "$logs/mock_codes.log" --var "http=http://$HTTP" --status 45x
[ "$RC" = 2 ] || fail "bad --status: expected exit 2, got $RC"
reproduce "$logs/mock_codes.log" --var "http=http://$HTTP" --status 599
[ "$RC" = 2 ] && grep -q 'nothing selected' "$work/out.txt" || fail "nothing selected: expected exit 2"
reproduce "$logs/mock_codes.log" --var "http=http://$HTTP" --credential "no-colon"
[ "$RC" = 2 ] || fail "bad --credential: expected exit 2, got $RC"
reproduce "$logs/mock_codes.log" --var "http=http://$HTTP" --rate fast
[ "$RC" = 2 ] || fail "bad --rate: expected exit 2, got $RC"

# 8. --rate 4/s: 8 requests take about two seconds.
start=$(date +%s%N)
reproduce "$logs/mock_codes.log" --var "http=http://$HTTP" --rate 4/s
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$RC" = 0 ] || fail "--rate run: expected exit 0, got $RC"
[ "$elapsed" -ge 1500 ] || fail "--rate 4/s took only ${elapsed} ms"

echo "reproduce_cli: ok"
