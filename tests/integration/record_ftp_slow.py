# A small FTP server for record_ftp_broken.sh: it logs anyone in, answers PASV (or with a reply
# that names no address, for `PASV` after `TYPE X`), and sends the file "slow-N" as N chunks of
# 100 bytes, one every 0.2 s, and "bulk-N" as N MB at once (for a client that reads slowly).
# Writes its port to argv[1]; ends by itself after 300 s (the test kills it sooner).
import socket
import sys
import threading
import time

server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(8)
server.settimeout(300)
open(sys.argv[1], "w").write(str(server.getsockname()[1]))


def serve(conn):
    conn.settimeout(30)
    f = conn.makefile("rb")
    data = None
    broken_pasv = False
    try:
        conn.sendall(b"220 slow server\r\n")
        for raw in f:
            verb, _, arg = raw.decode("latin-1").strip().partition(" ")
            verb = verb.upper()
            if verb == "USER":
                conn.sendall(b"331 password please\r\n")
            elif verb == "PASS":
                conn.sendall(b"230 in\r\n")
            elif verb == "TYPE":
                broken_pasv = arg == "X"
                conn.sendall(b"200 type set\r\n")
            elif verb == "PASV":
                if broken_pasv:
                    conn.sendall(b"227 no address here\r\n")
                    continue
                data = socket.socket()
                data.bind(("127.0.0.1", 0))
                data.listen(1)
                data.settimeout(10)
                p = data.getsockname()[1]
                conn.sendall(f"227 Entering Passive Mode (127,0,0,1,{p >> 8},{p & 255})\r\n".encode())
            elif verb == "RETR" and data is not None:
                chunks = int(arg.rpartition("-")[2])
                conn.sendall(b"150 sending slowly\r\n")
                d, _ = data.accept()
                try:
                    if arg.startswith("bulk-"):
                        d.sendall(b"x" * (chunks * 1000000))
                    for _ in range(0 if arg.startswith("bulk-") else chunks):
                        d.sendall(b"x" * 100)
                        time.sleep(0.2)
                    d.close()
                    conn.sendall(b"226 done\r\n")
                except OSError:
                    conn.sendall(b"426 cut\r\n")
                data.close()
                data = None
            elif verb == "QUIT":
                conn.sendall(b"221 bye\r\n")
                break
            else:
                conn.sendall(b"502 not here\r\n")
    except OSError:
        pass
    conn.close()


end = time.time() + 300
while time.time() < end:
    try:
        conn, _ = server.accept()
    except OSError:
        break
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
