#!/usr/bin/env python3
"""Drives a real HTTP or FTP server so that its log holds a known spread of status codes.

  real_traffic.py make-root DIR        lays out the served tree the traffic expects
  real_traffic.py http URL             HTTP traffic (nginx started with --access-log)
  real_traffic.py ftp URL              FTP traffic (anonymous, read-only server)
  real_traffic.py ftp-interleaved URL  two anonymous sessions from one client, their commands
                                       alternating (a log must not mix them up)
  real_traffic.py check-logs MODE TRAFFIC.json SUMMARY.json [N]
      compares `replycheck logs --json` (SUMMARY) with what the driver provoked (TRAFFIC):
      MODE http (every status, exactly), ftp (reply codes by command; the greeting is not
      compared, nor TYPE/PASV that ftplib sends on its own), ftp-greeting (ftp, and the log
      has at least one CONNECT per session), transfers N (N entries, codes not compared).
      Every mode also requires 0 malformed lines. Exit 1 with one line per difference.

The traffic commands print one JSON object: {"codes": {"404": 2, ...}, "exchanges": [...]},
the codes the server actually answered (HTTP status per request; FTP final reply per command,
the greeting counted as CONNECT). Every network wait has a timeout.
"""
import base64
import ftplib
import http.client
import json
import os
import socket
import sys
import urllib.parse
from collections import Counter

TIMEOUT = 10.0
# The nginx --access-log account of ci/servers/start (test-only).
HTTP_USER, HTTP_PASSWORD = "reader", "reader-test-password"
# The anonymous password (an e-mail address by custom, RFC 1635): servers log it, so it is a
# recognisable canary for the tests that check no password leaks out of replycheck.
ANON_PASSWORD = "canary-7f3e@example.org"
# A login every server here refuses (none has local users enabled).
WRONG_USER, WRONG_PASSWORD = "nobody-here", "wrong-test-password"


def make_root(root):
    """The served tree: files to read, a folder without an index, a protected folder."""
    os.makedirs(os.path.join(root, "dir", "sub"), exist_ok=True)
    os.makedirs(os.path.join(root, "private"), exist_ok=True)
    files = {
        "index.html": "<!doctype html><title>replycheck</title><p>real log samples</p>\n",
        "a.txt": "".join(f"line {i:03d} of a plain text file\n" for i in range(100)),
        "b.txt": "second file, also read in full\n",
        "dir/readme.txt": "a folder without index.html (403 on nginx with autoindex off)\n",
        "private/secret.txt": "behind basic auth\n",
    }
    for name, text in files.items():
        with open(os.path.join(root, name), "w", encoding="ascii") as f:
            f.write(text)
    for base, dirs, names in os.walk(root):
        os.chmod(base, 0o755)
        for n in names:
            os.chmod(os.path.join(base, n), 0o644)


class Recorder:
    def __init__(self):
        self.codes = Counter()
        self.exchanges = []

    def note(self, what, code):
        self.codes[str(code)] += 1
        self.exchanges.append([what, int(code)])

    def dump(self):
        print(json.dumps({"codes": dict(sorted(self.codes.items())), "exchanges": self.exchanges}))


def http_request(host, port, method, target, headers=None):
    conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        conn.request(method, target, headers=headers or {})
        resp = conn.getresponse()
        resp.read()
        return resp.status, resp
    finally:
        conn.close()


def http_raw(host, port, data):
    """Sends bytes as they are (a malformed request line) and returns the status code."""
    with socket.create_connection((host, port), timeout=TIMEOUT) as s:
        s.sendall(data)
        reply = b""
        while b"\r\n" not in reply:
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk
    parts = reply.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def drive_http(url):
    u = urllib.parse.urlsplit(url)
    host, port = u.hostname, u.port or 80
    rec = Recorder()

    def req(method, target, headers=None):
        status, resp = http_request(host, port, method, target, headers)
        rec.note(f"{method} {target}", status)
        return resp

    req("GET", "/")
    first = req("GET", "/a.txt")
    req("GET", "/b.txt")
    req("HEAD", "/a.txt")
    # 206 and 416: RFC 9110 section 14 (the first bytes; a range past the end).
    req("GET", "/a.txt", {"Range": "bytes=0-99"})
    req("GET", "/b.txt", {"Range": "bytes=100000-"})
    # 304: RFC 9110 section 13 (validators of the earlier 200).
    req("GET", "/a.txt", {"If-None-Match": first.getheader("ETag")})
    req("GET", "/a.txt", {"If-Modified-Since": first.getheader("Last-Modified")})
    req("GET", "/missing.txt")
    req("GET", "/nowhere/deeper.html")
    req("GET", "/dir/")                       # no index, autoindex off: 403
    req("GET", "/private/secret.txt")         # no credentials: 401 with a challenge
    token = base64.b64encode(f"{HTTP_USER}:{HTTP_PASSWORD}".encode()).decode()
    req("GET", "/private/secret.txt", {"Authorization": "Basic " + token})
    req("POST", "/a.txt", {"Content-Length": "0"})  # static file: 405
    req("GET", "/missing.txt")
    status = http_raw(host, port, b"HELLO-THIS-IS-NOT-HTTP\r\n\r\n")
    rec.note("HELLO-THIS-IS-NOT-HTTP", status)
    rec.dump()


def ftp_code(exc_or_reply):
    return int(str(exc_or_reply)[:3])


def drive_ftp(url):
    u = urllib.parse.urlsplit(url)
    host, port = u.hostname, u.port or 21
    rec = Recorder()

    def cmd(ftp, line):
        try:
            reply = ftp.sendcmd(line)
        except ftplib.Error as e:
            reply = str(e)
        verb = line.split(" ", 1)[0].upper()
        rec.note(line if verb not in ("PASS",) else "PASS ***", ftp_code(reply))
        return reply

    def data(ftp, line, sink):
        """A transfer: the final reply (226, or the 5xx refusing it) is what the log records."""
        try:
            reply = ftp.retrlines(line, sink) if not line.startswith("RETR") else \
                ftp.retrbinary(line, sink)
        except ftplib.Error as e:
            reply = str(e)
        rec.note(line, ftp_code(reply))

    def connect():
        ftp = ftplib.FTP(timeout=TIMEOUT)
        welcome = ftp.connect(host, port)
        rec.note("CONNECT", ftp_code(welcome))
        return ftp

    def login(ftp, user, password):
        reply = cmd(ftp, f"USER {user}")
        if reply.startswith("331"):
            cmd(ftp, f"PASS {password}")

    # Session 1: an anonymous reader going through the read-only commands.
    ftp = connect()
    login(ftp, "anonymous", ANON_PASSWORD)
    cmd(ftp, "PWD")
    cmd(ftp, "TYPE I")
    cmd(ftp, "SIZE a.txt")
    cmd(ftp, "MDTM a.txt")
    cmd(ftp, "CWD dir")
    cmd(ftp, "PWD")
    cmd(ftp, "CWD /no-such-folder")
    cmd(ftp, "CDUP")
    data(ftp, "RETR a.txt", lambda b: None)
    data(ftp, "RETR missing.txt", lambda b: None)
    data(ftp, "LIST", lambda line: None)
    cmd(ftp, "SIZE missing.txt")
    cmd(ftp, "XYZZY")                          # unknown command: 500 (RFC 959 section 4.2)
    cmd(ftp, "QUIT")
    ftp.close()

    # Session 2: a refused login (530), then QUIT.
    ftp = connect()
    login(ftp, WRONG_USER, WRONG_PASSWORD)
    cmd(ftp, "QUIT")
    ftp.close()

    # Session 3: anonymous again, a short read (a second 226 in another session).
    ftp = connect()
    login(ftp, "anonymous", ANON_PASSWORD)
    cmd(ftp, "TYPE I")
    data(ftp, "RETR b.txt", lambda b: None)
    cmd(ftp, "QUIT")
    ftp.close()
    rec.dump()


def drive_ftp_interleaved(url):
    """Two control connections from the same address, one command each in turn: a log that
    joins lines by client address alone would pair one session's command with the other's reply."""
    u = urllib.parse.urlsplit(url)
    host, port = u.hostname, u.port or 21
    rec = Recorder()

    def cmd(ftp, line):
        try:
            reply = ftp.sendcmd(line)
        except ftplib.Error as e:
            reply = str(e)
        rec.note("PASS ***" if line.upper().startswith("PASS") else line, ftp_code(reply))
        return reply

    sessions = []
    for _ in range(2):
        ftp = ftplib.FTP(timeout=TIMEOUT)
        rec.note("CONNECT", ftp_code(ftp.connect(host, port)))
        sessions.append(ftp)
    a, b = sessions
    for ftp in (a, b):
        if cmd(ftp, "USER anonymous").startswith("331"):
            cmd(ftp, f"PASS {ANON_PASSWORD}")
    for line_a, line_b in (("PWD", "CWD /no-such-folder"), ("SIZE a.txt", "SIZE missing.txt"),
                           ("CWD dir", "MDTM missing.txt"), ("MDTM readme.txt", "PWD"),
                           ("QUIT", "QUIT")):
        cmd(a, line_a)
        cmd(b, line_b)
    for ftp in sessions:
        ftp.close()
    rec.dump()


def check_logs(mode, traffic_file, summary_file, entries=None):
    with open(traffic_file, encoding="utf-8") as f:
        traffic = json.load(f)
    with open(summary_file, encoding="utf-8") as f:
        summary = json.load(f)
    problems = []
    totals = summary.get("totals", {})
    if totals.get("malformed", -1) != 0:
        problems.append(f"{totals.get('malformed')} malformed lines: {summary.get('malformed_examples')}")
    rows = summary.get("codes", [])
    if mode == "http":
        expected = Counter({int(k): v for k, v in traffic["codes"].items()})
        logged = Counter()
        for row in rows:
            logged[row.get("status")] += row.get("count", 0)
        for status in sorted(set(expected) | set(logged), key=str):
            if expected[status] != logged[status]:
                problems.append(f"{status}: logged {logged[status]} times, the traffic provoked {expected[status]}")
    elif mode in ("ftp", "ftp-greeting"):
        def verb(what):
            return what.split(" ", 1)[0].upper()
        implicit = {"TYPE", "PASV", "EPSV", "CONNECT"}
        expected = Counter((verb(w), c) for w, c in traffic["exchanges"] if verb(w) not in implicit)
        sessions = sum(1 for w, _ in traffic["exchanges"] if w == "CONNECT")
        logged = Counter()
        for row in rows:
            if row.get("protocol") == "ftp":
                logged[((row.get("command") or "").upper(), row.get("status"))] += row.get("count", 0)
        for key in sorted(set(expected) | set(logged), key=str):
            if key[0] in implicit:
                continue
            if expected[key] != logged[key]:
                problems.append(f"{key[0]} {key[1]}: logged {logged[key]} times, the traffic provoked {expected[key]}")
        greetings = sum(n for (v, _), n in logged.items() if v == "CONNECT")
        if mode == "ftp-greeting" and greetings < sessions:
            problems.append(f"CONNECT: {greetings} greetings logged for {sessions} sessions")
    elif mode == "transfers":
        if totals.get("entries") != int(entries):
            problems.append(f"{totals.get('entries')} entries, expected {entries} transfers")
    else:
        problems.append(f"unknown mode {mode}")
    for p in problems:
        print(f"{summary_file}: {p}")
    return 1 if problems else 0


def main(argv):
    if len(argv) in (5, 6) and argv[1] == "check-logs":
        return check_logs(*argv[2:])
    if len(argv) == 3 and argv[1] == "make-root":
        make_root(argv[2])
    elif len(argv) == 3 and argv[1] == "http":
        drive_http(argv[2])
    elif len(argv) == 3 and argv[1] == "ftp":
        drive_ftp(argv[2])
    elif len(argv) == 3 and argv[1] == "ftp-interleaved":
        drive_ftp_interleaved(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
