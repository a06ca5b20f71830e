#!/usr/bin/env python3
"""One FTP session for the record tests, with Python's ftplib (a client nobody here wrote):
anonymous login with a password, PWD, CWD, LIST and RETR over EPSV, SIZE, RETR of a missing
file (550) and of a file over PASV, QUIT; with AUTH TLS and PORT sent to a recorder when asked
(--refusals). Prints one line per result; the caller compares them between servers.
Usage: record_ftp_client.py HOST PORT PASSWORD [--refusals]"""
import ftplib
import hashlib
import socket
import sys

host, port, password = sys.argv[1], int(sys.argv[2]), sys.argv[3]
refusals = "--refusals" in sys.argv[4:]
ftp = ftplib.FTP()
ftp.connect(host, port, timeout=10)
print("greeting", ftp.getwelcome()[:3])
ftp.login("anonymous", password)
if refusals:
    for command in ("AUTH TLS", "PORT 127,0,0,1,200,10"):
        try:
            ftp.sendcmd(command)
            print(command.split()[0], "accepted")
        except ftplib.error_perm as e:
            print(command.split()[0], str(e)[:3])
print("pwd", ftp.pwd())
ftp.cwd("pub")
print("pwd", ftp.pwd())
ftp.af = socket.AF_INET6          # ftplib then asks EPSV (RFC 2428) instead of PASV
names = []
ftp.retrlines("LIST", names.append)
print("list", len(names))
data = bytearray()
ftp.retrbinary("RETR big.txt", data.extend)
print("big", len(data), hashlib.sha256(data).hexdigest())
ftp.cwd("/")
print("size", ftp.size("hello.txt"))
ftp.af = socket.AF_INET           # PASV from here on
try:
    ftp.retrbinary("RETR missing.txt", data.extend)
    print("missing", "retrieved")
except ftplib.error_perm as e:
    print("missing", str(e)[:3])
data = bytearray()
ftp.retrbinary("RETR hello.txt", data.extend)
print("hello", bytes(data))
print("quit", ftp.quit()[:3])
