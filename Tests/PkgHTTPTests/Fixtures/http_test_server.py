#!/usr/bin/env python3
"""Loopback HTTP/1.1 server for PkgHTTP's tests (tests only; never shipped).

With `--tls certificate.pem key.pem` it serves HTTPS. Prints `PORT <n>` once listening on 127.0.0.1 and exits when its stdin closes, so a crashed test
run never leaves it behind. Routes:
  /ok                  200 "hello"
  /echo                200 JSON of the method, path, headers and body it received
  /etag                200 with ETag "v1"; 304 when If-None-Match is "v1"
  /missing             404 {"error": "not found"}
  /gzip                200 gzip-encoded text (when the client accepts gzip)
  /flaky?key&failures  503 with Retry-After: 0 the first `failures` times for `key`, then 200
  /slow?ms             sleeps, then 200
  /large?bytes         streams `bytes` bytes, byte i = i % 251, in 64 KiB writes
  /stats               {"connections": n}: TCP connections accepted so far
  /redirect            302 to /ok
"""
import gzip
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

lock = threading.Lock()
connections = 0
flaky_counts = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        global connections
        with lock:
            connections += 1
        super().setup()

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = url.path
        if path == "/ok":
            self.send(200, b"hello", {"Content-Type": "text/plain", "X-Custom-Header": "yes"})
        elif path == "/echo":
            payload = {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
            }
            self.send(200, json.dumps(payload).encode(), {"Content-Type": "application/json"})
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, headers={"ETag": '"v1"'})
            else:
                self.send(200, b"versioned", {"ETag": '"v1"'})
        elif path == "/missing":
            self.send(404, b'{"error": "not found"}', {"Content-Type": "application/json"})
        elif path == "/gzip":
            text = ("compressible text " * 200).encode()
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                self.send(200, gzip.compress(text), {"Content-Encoding": "gzip"})
            else:
                self.send(406, b"client did not accept gzip")
        elif path == "/flaky":
            key = query.get("key", "default")
            failures = int(query.get("failures", "1"))
            with lock:
                seen = flaky_counts.get(key, 0)
                flaky_counts[key] = seen + 1
            if seen < failures:
                self.send(503, b"try again", {"Retry-After": "0"})
            else:
                self.send(200, ("ok after %d" % seen).encode())
        elif path == "/slow":
            time.sleep(int(query.get("ms", "1000")) / 1000)
            self.send(200, b"slow")
        elif path == "/large":
            total = int(query.get("bytes", "1048576"))
            pattern = bytes(i % 251 for i in range(251 * 261))  # 65511 bytes, a whole number of cycles
            self.send_response(200)
            self.send_header("Content-Length", str(total))
            self.end_headers()
            sent = 0
            while sent < total:
                chunk = pattern[: min(len(pattern), total - sent)]
                self.wfile.write(chunk)
                sent += len(chunk)
        elif path == "/stats":
            with lock:
                count = connections
            self.send(200, json.dumps({"connections": count}).encode(), {"Content-Type": "application/json"})
        elif path == "/redirect":
            self.send(302, b"", {"Location": "/ok"})
        else:
            self.send(404, b"no such route")

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


def watch_stdin():
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        # `--tls certificate.pem key.pem`: serve HTTPS with that (test-generated) certificate.
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    server.daemon_threads = True
    # Clients that hang up early (timeouts, cancellations, aborted streams) are expected here.
    server.handle_error = lambda request, address: None
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()
