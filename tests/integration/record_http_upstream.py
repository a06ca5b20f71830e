"""A small HTTP upstream for tests/integration/record_http_broken.sh: a reply cut off mid-body,
an echo of the request (fields and query) with a session cookie, a binary reply, a large reply,
and a POST echo. Listens on 127.0.0.1 and writes its port to the file given."""
import http.server
import socketserver
import sys


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

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/cut":
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

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.reply(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
