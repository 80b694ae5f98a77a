"""A deliberately vulnerable web application: GET /shell?cmd=... runs the command with /bin/sh
(like a dropped PHP/JSP web shell would), everything else is served from ./www.
Listens on 127.0.0.1 only; GET /quit stops it. Part of the scapkit web shell scenario."""

import subprocess
import sys
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit


class Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path == "/quit":
            self._reply(b"bye\n")
            self.server.done = True
            return
        if url.path == "/shell":
            cmd = parse_qs(url.query).get("cmd", [""])[0]
            res = subprocess.run(cmd, shell=True, capture_output=True, timeout=60)
            self._reply(res.stdout + res.stderr)
            return
        super().do_GET()

    def _reply(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    server = HTTPServer(("127.0.0.1", int(sys.argv[1])), partial(Handler, directory="www"))
    server.done = False
    open("web.ready", "w").close()
    while not server.done:
        server.handle_request()


if __name__ == "__main__":
    main()
