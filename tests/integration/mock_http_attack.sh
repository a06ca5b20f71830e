#!/usr/bin/env bash
# Attacks on the real `replycheck mock` binary with raw sockets (python3), one per defect found
# under attack: CR/LF injected through a prefix redirect (header injection, response splitting),
# the prefix matched inside a segment, the default garbage fault sending exactly its bytes, and
# a client trickling its first request's header lines getting 408 at request_timeout, not at
# idle_timeout.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
command -v python3 >/dev/null || exit 77

work=$(mktemp -d)
mock_pid=""
cleanup() {
    [ -n "$mock_pid" ] && kill -TERM "$mock_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/www"
printf 'new\n' > "$work/www/new.txt"
cat > "$work/mock.toml" <<'TOML'
[mock.http]
listen = "127.0.0.1:0"
root = "www"

[[mock.http.redirect]]
from = "/old"
to = "/new"
status = 301
prefix = true

[mock.http.limits]
request_timeout = "2s"
idle_timeout = "8s"

[[mock.http.script]]
match = { path = "/garbage" }
fault = "garbage"
TOML

"$REPLYCHECK" mock "$work/mock.toml" >"$work/out" 2>"$work/err" &
mock_pid=$!
port=""
for _ in $(seq 1 50); do
    port=$(sed -n 's/^http 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/out" | head -n1)
    [ -n "$port" ] && break
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/err" >&2; fail "the mock printed no 'http 127.0.0.1:PORT' line"; }

python3 - "$port" <<'PY' || fail "see above"
import socket, sys, time
port = int(sys.argv[1])

def exchange(raw, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(raw)
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    s.close()
    return data

problems = []

# Header injection: every encoded CR, LF or NUL comes back still encoded, in one header section.
for target in [b"/old/%0d%0aSet-Cookie:%20session=evil%0d%0a%0d%0a<script>alert(1)</script>",
               b"/old/%0aSet-Cookie:%20a=b", b"/old/x%00y%0d%0aX-Injected:%201"]:
    reply = exchange(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    names = [l.split(b":", 1)[0].lower() for l in lines[1:]]
    location = [l for l in lines[1:] if l.lower().startswith(b"location:")]
    if b"set-cookie" in names or b"x-injected" in names:
        problems.append("%r: an injected header field came back: %r" % (target, head))
    if b"%00" in target and lines[0].startswith(b"HTTP/1.1 400"):
        continue  # a NUL in a path is refused outright, which is as safe
    if not lines[0].startswith(b"HTTP/1.1 301"):
        problems.append("%r: status line %r" % (target, lines[0]))
    if len(location) != 1 or any(c in location[0][len(b"location:"):] for c in b"\r\n\x00"):
        problems.append("%r: Location is not one clean field: %r" % (target, location))
    elif b"%0D%0A" not in location[0].upper() and b"%0A" not in location[0].upper():
        problems.append("%r: Location lost the encoded line break: %r" % (target, location[0]))
    if b"<script>" in body:
        problems.append("%r: injected content in the body" % target)

# The prefix /old matches /old and /old/..., never /oldx or /old%0d%0a...
for target in [b"/oldx", b"/old%0d%0aSet-Cookie:%20a=b"]:
    status = exchange(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").split(b"\r\n", 1)[0]
    if b" 301 " in status:
        problems.append("%r matched the prefix /old: %r" % (target, status))

# The default garbage fault sends exactly its 30 bytes (it read 3 bytes past its literal before).
garbage = exchange(b"GET /garbage HTTP/1.1\r\nHost: x\r\n\r\n")
if len(garbage) != 30:
    problems.append("garbage fault sent %d bytes, expected 30: %r" % (len(garbage), garbage))

# A first request trickled one header line a second: 408 at request_timeout (2 s), not at
# idle_timeout (8 s).
s = socket.create_connection(("127.0.0.1", port), timeout=12)
start = time.monotonic()
s.sendall(b"GET /new.txt HTTP/1.1\r\n")
reply = b""
s.settimeout(1.0)
for i in range(12):
    try:
        s.sendall(b"X-Slow-%d: 1\r\n" % i)
    except OSError:
        break
    try:
        chunk = s.recv(4096)
        if not chunk:
            break
        reply += chunk
        if b"\r\n\r\n" in reply:
            break
    except socket.timeout:
        pass
elapsed = time.monotonic() - start
s.close()
if not reply.startswith(b"HTTP/1.1 408"):
    problems.append("trickled request: expected 408, got %r after %.1fs" % (reply[:40], elapsed))
elif not (1.5 <= elapsed <= 6.5):   # well before idle_timeout (8 s)
    problems.append("trickled request: 408 after %.1fs, expected about 2s (request_timeout)" % elapsed)

for p in problems:
    print("FAIL:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
echo ok
