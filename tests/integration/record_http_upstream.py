"""A small HTTP upstream for tests/integration/record_http_broken.sh: a reply cut off mid-body,
an echo of the request (fields and query) with a session cookie, a binary reply, a large reply,
a POST echo; a login redirect handing out a fresh token in Location that /cb accepts once (each
token is also appended to the second file given), an ETag that changes with every reply, a reply that depends on User-Agent (Vary), a
WebDAV MOVE that needs its Destination, and 431 for a field over 8 KiB. Listens on 127.0.0.1
and writes its port to the file given."""
import http.server
import secrets
import socketserver
import sys
import threading
import urllib.parse

issued = set()        # tokens handed out in a Location
etags = [0]           # the number of the last ETag given
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, body, content_type="text/plain", extra=()):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def empty(self, status, extra=()):
        self.send_response(status)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if any(len(value) > 8192 for value in self.headers.values()):
            self.empty(431)   # RFC 6585 §5
        elif path == "/go":
            # A login: a token of this login in the redirect, absolute with ?abs=1.
            token = secrets.token_hex(8)
            with lock:
                issued.add(token)
                with open(sys.argv[2], "a") as f:
                    f.write(token + "\n")
            where = "/cb?session_token=" + token + "&next=%2Fhome"
            if query == "abs=1":
                where = "http://127.0.0.1:%d%s" % (self.server.server_address[1], where)
            self.empty(302, [("Location", where)])
        elif path == "/cb":
            token = urllib.parse.parse_qs(query).get("session_token", [""])[0]
            with lock:
                known = token in issued
                issued.discard(token)
            self.reply(b"welcome\n") if known else self.empty(403)
        elif path == "/etag":
            with lock:
                current = '"e%d"' % etags[0]
                if self.headers.get("If-None-Match") == current:
                    self.empty(304, [("ETag", current)])
                    return
                etags[0] += 1
                current = '"e%d"' % etags[0]
            self.reply(b"tagged\n", extra=[("ETag", current)])
        elif path == "/ua":
            agent = self.headers.get("User-Agent", "")
            self.reply(b"hello curl\n", extra=[("Vary", "User-Agent")]) if agent.startswith("curl/") \
                else self.empty(403, [("Vary", "User-Agent")])
        elif path == "/cut":
            # Content-Length promises 1000 bytes; 100 come, then the close.
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n" + b"x" * 100)
            self.wfile.flush()
            self.close_connection = True
        elif path == "/echo":
            text = "target " + self.path + "\n" + "".join(f"{k}: {v}\n" for k, v in self.headers.items())
            self.reply(text.encode(), extra=[("Set-Cookie", "session=SessV4lue99; Path=/; HttpOnly")])
        elif path == "/bin":
            self.reply(bytes(range(256)) * 4, "application/octet-stream")
        elif path == "/big":
            size = 20 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            block = b"b" * 65536
            try:
                for _ in range(size // len(block)):
                    self.wfile.write(block)
            except OSError:
                pass
        else:
            self.send_error(404)

    def do_MOVE(self):
        # RFC 4918 §9.9: the Destination names the new place; without it, 400.
        target = urllib.parse.urlsplit(self.headers.get("Destination", "")).path
        self.empty(204 if target == "/moved.txt" else 400)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.reply(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
