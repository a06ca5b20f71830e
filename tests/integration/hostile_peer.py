#!/usr/bin/env python3
"""A hostile peer for the integration scripts: listens on 127.0.0.1, writes its port to a file
and misbehaves on purpose. Every connection and the whole server end by a time limit.

  hostile_peer.py http PORT_FILE   HTTP replies cut short, chosen by the request path
  hostile_peer.py ftp-endless PORT_FILE   an FTP greeting whose "220-" lines never end
  hostile_peer.py ftp-drip PORT_FILE      the same, one line every 100 ms
"""
import socket
import struct
import sys
import threading
import time

LIFETIME = 300.0         # seconds the server lives at most (its test kills it sooner)
CONNECTION_LIMIT = 30.0  # seconds one connection is served at most


def reset(conn):
    """Close with a TCP RST (SO_LINGER 0) instead of a FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def read_head(conn):
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def send_forever(conn, line_for):
    """Sends line_for(n) for n = 0, 1, ... until the client goes or the connection limit."""
    end = time.time() + CONNECTION_LIMIT
    n = 0
    batch = []
    try:
        while time.time() < end:
            batch.append(line_for(n))
            n += 1
            if len(batch) == 64:
                conn.sendall(b"".join(batch))
                batch = []
    except OSError:
        pass


def serve_http(conn):
    head = read_head(conn)
    path = head.split(b" ")[1].decode() if head.count(b" ") >= 2 else "/"
    if path == "/reset-length":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n0123456789")
        time.sleep(0.2)
        reset(conn)
    elif path == "/close-length":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n0123456789")
        conn.close()
    elif path == "/endless-headers":
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        send_forever(conn, lambda n: b"X-Filler-%d: %s\r\n" % (n, b"a" * 200))
        conn.close()
    elif path == "/cut-chunked":
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n01234")
        time.sleep(0.2)
        conn.close()
    elif path == "/reset-chunked":
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n01234")
        time.sleep(0.2)
        reset(conn)
    else:
        date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nDate: %s\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok" % date)
        conn.close()


def serve_ftp_endless(conn):
    send_forever(conn, lambda n: b"220-endless greeting line %d\r\n" % n)
    conn.close()


def serve_ftp_drip(conn):
    end = time.time() + CONNECTION_LIMIT
    n = 0
    try:
        while time.time() < end:
            conn.sendall(b"220-slow greeting line %d\r\n" % n)
            n += 1
            time.sleep(0.1)
    except OSError:
        pass
    conn.close()


def main():
    mode, port_file = sys.argv[1], sys.argv[2]
    handler = {"http": serve_http, "ftp-endless": serve_ftp_endless, "ftp-drip": serve_ftp_drip}[mode]
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    with open(port_file, "w") as f:
        f.write(str(server.getsockname()[1]))
    end = time.time() + LIFETIME
    while time.time() < end:
        try:
            conn, _ = server.accept()
        except OSError:
            continue
        threading.Thread(target=lambda c=conn: guarded(handler, c), daemon=True).start()


def guarded(handler, conn):
    try:
        handler(conn)
    except OSError:
        pass


if __name__ == "__main__":
    main()
