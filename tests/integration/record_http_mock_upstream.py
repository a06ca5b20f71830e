"""A small HTTP upstream for tests/integration/record_http_mock.sh: a reply in Latin-1 to a target
that is not UTF-8, a reply chosen by Accept-Encoding (Vary), and WebDAV's MKCOL. Listens on
127.0.0.1 and writes its port to the file given."""
import gzip
import http.server
import os
import socketserver
import sys

TEXT = b"the same text, compressed or not\n" * 20


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, fields=()):
        self.send_response(status)
        for name, value in fields:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        # The request line is read as Latin-1: "\xe9" is the byte 0xE9 sent raw.
        if self.path == "/caf\xe9.txt?q=\xff":
            self.reply(200, "caf\xe9\n".encode("latin-1"),
                       [("Content-Type", "text/plain; charset=iso-8859-1"), ("X-Name", "caf\xe9")])
        elif self.path == "/enc":
            fields = [("Content-Type", "text/plain"), ("Vary", "Accept-Encoding")]
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                self.reply(200, gzip.compress(TEXT, mtime=0), fields + [("Content-Encoding", "gzip")])
            else:
                self.reply(200, TEXT, fields)
        else:
            self.reply(404, b"not here\n", [("Content-Type", "text/plain")])

    def do_MKCOL(self):
        self.reply(201, b"", [("Location", "/dav/new/")])


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
