#!/usr/bin/env bash
# `replycheck record` of a login that sets two cookies in two Set-Cookie fields (as Django sets
# csrftoken and sessionid), with curl keeping them in a cookie jar: the emitted scenarios capture
# both from the login reply and pass against the upstream, which issues fresh values each login,
# and against the emitted mock; no cookie value or password reaches a file or the console, and a
# secret capture that finds nothing does not print the fields it searched.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v curl >/dev/null || { echo "curl is not installed: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed: skipped"; exit 77; }
. "$src/tests/integration/lib/mock.sh"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do { kill -KILL "$p" && wait "$p"; } 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"

# The upstream: POST /login sets a fresh csrftoken and sessionid (two fields); GET /me answers 200
# only to that pair, else 403. Every value it issues goes to issued.txt; it stops after 120 s.
python3 - "$work/port" "$work/issued.txt" >upstream.err 2>&1 <<'EOF' &
import http.server, secrets, sys, threading

port_file, issued_file = sys.argv[1], sys.argv[2]
sessions = {}

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, fields=()):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for name, value in fields:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path != "/login":
            return self.answer(404, b"no such form\n")
        csrf, session = secrets.token_hex(16), secrets.token_hex(16)
        sessions[session] = csrf
        with open(issued_file, "a") as f:
            f.write(csrf + "\n" + session + "\n")
        self.answer(200, b"logged in\n", [("Set-Cookie", f"csrftoken={csrf}; Path=/; SameSite=Lax"),
                                          ("Set-Cookie", f"sessionid={session}; HttpOnly; Path=/")])

    def do_GET(self):
        jar = {}
        for pair in self.headers.get("Cookie", "").split(";"):
            name, _, value = pair.strip().partition("=")
            jar[name] = value
        if self.path == "/me" and sessions.get(jar.get("sessionid")) == jar.get("csrftoken", "-"):
            return self.answer(200, b"hello alice\n")
        self.answer(403, b"no session\n")

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
threading.Timer(120, server.shutdown).start()
server.serve_forever()
EOF
pids+=($!)
for _ in $(seq 1 100); do [ -s port ] && break; sleep 0.1; done
[ -s port ] || { cat upstream.err; fail "the upstream did not start"; }
upstream="http://127.0.0.1:$(cat port)"

c() { curl -s --max-time 10 "$@"; }
[ "$(c -o /dev/null -w '%{http_code}' "$upstream/me")" = 403 ] || fail "the upstream answers /me without a session"

# --- record: log in, then send both cookies back from the jar ---------------------------------
"$rc" record --listen 127.0.0.1:0 --to "$upstream" --emit-scenarios s.toml --emit-mock m.toml -v \
  >rec.out 2>rec.err &
rec_pid=$!
pids+=("$rec_pid")
mock_wait rec.out "$rec_pid" http || { cat rec.err; fail "the recorder did not start"; }
rec_url="http://$(mock_listener rec.out http)"
c -c jar.txt -d 'user=alice&password=L0ginPassw0rd' -o /dev/null "$rec_url/login"
grep -q sessionid jar.txt && grep -q csrftoken jar.txt || { cat jar.txt; fail "curl kept not both cookies"; }
[ "$(c -b jar.txt -o /dev/null -w '%{http_code}' "$rec_url/me")" = 200 ] || fail "the login did not work through the recorder"
kill -INT "$rec_pid"
for _ in $(seq 1 100); do kill -0 "$rec_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$rec_pid" 2>/dev/null && fail "the recorder did not stop on SIGINT"
wait "$rec_pid" || { cat rec.err; fail "the recorder exited with $?"; }

# Both cookies are captured from the login reply, neither asked for with --secret.
grep -qF "cookie_csrftoken_1 = { header = 'Set-Cookie'" s.toml || { cat s.toml; fail "csrftoken is not captured"; }
grep -qF "cookie_sessionid_1 = { header = 'Set-Cookie'" s.toml || { cat s.toml; fail "sessionid is not captured"; }
grep -qF "Cookie = 'csrftoken=\${cookie_csrftoken_1}; sessionid=\${cookie_sessionid_1}'" s.toml \
  || { cat s.toml; fail "the cookies are not sent back from the captures"; }
grep -q -- "--secret cookie_" s.toml && { cat s.toml; fail "a cookie is asked for with --secret"; }

# (a) against the upstream, which issues new values: only captures of both can pass
NO_COLOR=1 timeout 60 "$rc" run s.toml --var http="$upstream" --secret body_password=L0ginPassw0rd \
  >run_upstream.txt 2>&1 || { cat run_upstream.txt s.toml; fail "the recorded scenarios fail against the upstream"; }
[ "$(wc -l < issued.txt)" -eq 4 ] || fail "the replay did not log in again"

# (b) against the emitted mock
"$rc" mock m.toml >mock.out 2>mock.err &
mock_pid=$!
pids+=("$mock_pid")
mock_wait mock.out "$mock_pid" http || { cat mock.err; fail "the emitted mock did not start"; }
mock_url="http://$(mock_listener mock.out http)"
NO_COLOR=1 timeout 60 "$rc" run s.toml --var http="$mock_url" --secret body_password=L0ginPassw0rd \
  >run_mock.txt 2>&1 || { cat run_mock.txt m.toml; fail "the recorded scenarios fail against the emitted mock"; }
mock_stop "$mock_pid"

# (c) a secret capture that finds nothing fails without printing the Set-Cookie fields
cat > miss.toml <<'EOF'
[suite]
name = "miss"
[[scenario]]
name = "a cookie the login does not set"
  [[scenario.step]]
  request = { method = "POST", url = "${http}/login", body = "user=alice" }
  capture = { auth = { header = "Set-Cookie", regex = '^authtoken=([^;]*)', secret = true } }
EOF
NO_COLOR=1 timeout 60 "$rc" run miss.toml --var http="$upstream" >run_miss.txt 2>&1 && fail "a capture that finds nothing passed"
grep -q "capture 'auth' found nothing: no Set-Cookie field matched" run_miss.txt || { cat run_miss.txt; fail "no capture message"; }
grep -q "2 field(s), values not shown" run_miss.txt || { cat run_miss.txt; fail "the secret capture's message"; }

# No cookie value the upstream issued, nor the password, in any file or console line.
[ "$(wc -l < issued.txt)" -eq 6 ] || fail "the upstream did not issue three logins"
while read -r value; do
  grep -rlF "$value" --exclude=issued.txt --exclude=jar.txt . && fail "an issued cookie value was written"
done < issued.txt
grep -rlF L0ginPassw0rd s.toml m.toml rec.out rec.err run_upstream.txt run_mock.txt && fail "the password was written"
echo "ok: two cookies recorded, replayed against the upstream and the mock, no value shown"
