#!/usr/bin/env python3
"""An HTTP/2 server that breaks RFC 9113 §8.2.2 on purpose: every response carries a
connection-specific header field. Over TLS (ALPN "h2") when given a certificate, else cleartext
with prior knowledge (h2c). Listens on 127.0.0.1, writes its port to a file; each connection
and the whole server end by a time limit.

  hostile_h2_peer.py PORT_FILE FIELD VALUE [CERT KEY]

FIELD: VALUE is sent in every response header block (e.g. "connection" "keep-alive",
"transfer-encoding" "chunked", "te" "gzip"). FIELD "none" sends a clean response (the
control case: the same server without the fault).
Needs python3-h2 (Debian); exits 77 when it is missing.
"""
import os
import socket
import ssl
import sys
import threading
import time

try:
    import h2.config
    import h2.connection
    import h2.events
    import h2.exceptions
except ImportError:
    print("python3-h2 is not installed", file=sys.stderr)
    sys.exit(77)

LIFETIME = 300.0         # seconds the server lives at most (its test kills it sooner)
CONNECTION_LIMIT = 20.0  # seconds one connection is served at most
BODY = b"hello over h2\n"


def response_headers(field, value):
    headers = [
        (":status", "200"),
        ("content-type", "text/plain"),
        ("content-length", str(len(BODY))),
        ("date", time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())),
        ("etag", '"h2-peer"'),
    ]
    if field != "none":
        headers.append((field, value))
    return headers


def serve(conn, field, value):
    # The client's own checks are what is tested: send the field anyway.
    config = h2.config.H2Configuration(client_side=False, validate_outbound_headers=False,
                                       normalize_outbound_headers=False)
    h2conn = h2.connection.H2Connection(config=config)
    h2conn.initiate_connection()
    conn.sendall(h2conn.data_to_send())
    end = time.time() + CONNECTION_LIMIT
    conn.settimeout(1.0)
    while time.time() < end:
        try:
            data = conn.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            return
        if not data:
            return
        for event in h2conn.receive_data(data):
            if isinstance(event, h2.events.RequestReceived):
                method = dict(event.headers).get(b":method", b"GET")
                h2conn.send_headers(event.stream_id, response_headers(field, value),
                                    end_stream=method == b"HEAD")
                if method != b"HEAD":
                    h2conn.send_data(event.stream_id, BODY, end_stream=True)
            elif isinstance(event, h2.events.ConnectionTerminated):
                conn.sendall(h2conn.data_to_send())
                return
        conn.sendall(h2conn.data_to_send())


def handle(raw, context, field, value):
    try:
        raw.settimeout(5.0)
        if context is None:
            serve(raw, field, value)
            return
        with context.wrap_socket(raw, server_side=True) as conn:
            if conn.selected_alpn_protocol() != "h2":
                return
            serve(conn, field, value)
    except (OSError, ssl.SSLError, h2.exceptions.ProtocolError):
        pass
    finally:
        raw.close()


def main():
    if len(sys.argv) not in (4, 6):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    port_file, field, value = sys.argv[1:4]
    context = None
    if len(sys.argv) == 6:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[4], sys.argv[5])
        context.set_alpn_protocols(["h2"])
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.replace(port_file + ".tmp", port_file)
    listener.settimeout(0.5)
    end = time.time() + LIFETIME
    while time.time() < end:
        try:
            raw, _ = listener.accept()
        except socket.timeout:
            continue
        threading.Thread(target=handle, args=(raw, context, field, value), daemon=True).start()


if __name__ == "__main__":
    main()
