#!/usr/bin/env python3
"""A peer that misbehaves, for sync tests: serves canned responses over
HTTPS with a given certificate. Usage: fake-peer.py CERT KEY DIR PORTFILE.
GET /v1/checkpoint answers DIR/checkpoint; GET /v1/entries answers
DIR/entries; GET /v1/proof/... answers DIR/proof (404 when a file is
missing); POST /v1/cosignature is recorded in DIR/posted. The chosen port
is written to PORTFILE."""
import http.server
import os
import ssl
import sys

cert, key, root, portfile = sys.argv[1:5]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, name):
        path = os.path.join(root, name)
        if not os.path.exists(path):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/v1/checkpoint"):
            self.answer("checkpoint")
        elif self.path.startswith("/v1/entries"):
            self.answer("entries")
        elif self.path.startswith("/v1/proof/"):
            self.answer("proof")
        else:
            self.answer("nothing-here")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        with open(os.path.join(root, "posted"), "ab") as f:
            f.write(self.rfile.read(n))
        self.answer("cosigned")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
