#!/usr/bin/python3
"""One FTP client loop for the FTP benchmarks: connect, log in anonymously, passive RETR of a
small file, QUIT; repeated until COUNT sessions or SECONDS have passed (whichever first).
Prints one JSON object: sessions, errors, seconds, rate (sessions per second)."""

import ftplib
import json
import sys
import time


def main() -> int:
    if len(sys.argv) != 6:
        print("usage: ftp_session_loop.py HOST PORT FILE COUNT SECONDS", file=sys.stderr)
        return 2
    host, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    count, seconds = int(sys.argv[4]), float(sys.argv[5])
    sessions = errors = 0
    received = 0
    first_error = ""
    start = time.monotonic()
    deadline = start + seconds
    while sessions + errors < count and time.monotonic() < deadline:
        chunks = []
        try:
            with ftplib.FTP() as ftp:
                ftp.connect(host, port, timeout=5)
                ftp.login()                      # anonymous
                ftp.set_pasv(True)
                ftp.retrbinary("RETR " + name, chunks.append)
                ftp.quit()
            sessions += 1
            received += sum(len(c) for c in chunks)
        except (OSError, EOFError, ftplib.Error) as error:
            errors += 1
            if not first_error:
                first_error = repr(error)
            if errors > 50 and errors > sessions:
                break
    elapsed = time.monotonic() - start
    print(json.dumps({"sessions": sessions, "errors": errors, "seconds": round(elapsed, 3),
                      "rate": round(sessions / elapsed, 1) if elapsed > 0 else 0.0,
                      "bytes": received, "first_error": first_error}))
    return 0 if sessions > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
