#!/usr/bin/env python3
"""A minimal npm registry on 127.0.0.1 for PkgRegistryClient's tests (tests only).

Prints `PORT <n>`, exits when stdin closes. Knows two packages (`left-pad`, `@scope/lib`), serves
abbreviated or full packuments by Accept with an ETag and 304s, tarballs, the CouchDB login, whoami,
publish (409 on a republished version), dist-tags and token revocation. `GET /-/test/requests`
returns every request seen (method, path, headers) so tests can assert what the client sent.
A `Bearer token-<user>` token is valid for <user>; the password "correct" logs anyone in.
"""
import base64
import hashlib
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse

lock = threading.Lock()
requests = []
TARBALL = bytes(range(256)) * 40


def make_packument(name, versions, port):
    short = name.split("/")[-1]
    return {
        "name": name,
        "dist-tags": {"latest": versions[-1]},
        "versions": {
            v: {
                "name": name,
                "version": v,
                "dist": {
                    "tarball": "http://127.0.0.1:%d/%s/-/%s-%s.tgz" % (port, name, short, v),
                    "integrity": "sha512-" + base64.b64encode(hashlib.sha512(TARBALL).digest()).decode(),
                },
            }
            for v in versions
        },
    }


packages = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, payload=None, headers=None, raw=None):
        body = raw if raw is not None else (b"" if payload is None else json.dumps(payload).encode())
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)

    def user(self):
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Bearer token-"):
            return auth[len("Bearer token-"):]
        return None

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlparse(self.path)
        path = unquote(url.path)
        with lock:
            if path != "/-/test/requests":
                requests.append({"method": self.command, "path": self.path,
                                 "headers": {k.lower(): v for k, v in self.headers.items()}})
        if path == "/-/test/requests":
            with lock:
                return self.send(200, requests)
        if path == "/-/whoami":
            user = self.user()
            return self.send(200, {"username": user}) if user else self.send(401, {"error": "unauthorized"})
        if path.startswith("/-/user/org.couchdb.user:") and self.command == "PUT":
            doc = json.loads(body or b"{}")
            name = path.split(":", 1)[1]
            if doc.get("name") != name:
                return self.send(400, {"error": "username mismatch"})
            if doc.get("password") == "otp-needed" and not self.headers.get("npm-otp"):
                return self.send(401, {"error": "OTP required"}, {"WWW-Authenticate": "OTP"})
            if doc.get("password") in ("correct", "otp-needed"):
                return self.send(201, {"ok": True, "token": "token-" + name})
            return self.send(401, {"error": "incorrect username or password"})
        if path.startswith("/-/user/token/") and self.command == "DELETE":
            return self.send(200, {"ok": True})
        if path.startswith("/-/package/") and "/dist-tags" in path:
            rest = path[len("/-/package/"):]
            name, _, tag = rest.partition("/dist-tags")
            tag = tag.lstrip("/")
            with lock:
                packument = packages.get(name)
                if packument is None:
                    return self.send(404, {"error": "not found"})
                if self.command == "GET":
                    return self.send(200, packument["dist-tags"])
                if not self.user():
                    return self.send(401, {"error": "unauthorized"})
                if self.command == "PUT":
                    packument["dist-tags"][tag] = json.loads(body)
                elif self.command == "DELETE":
                    packument["dist-tags"].pop(tag, None)
                return self.send(200, {"ok": True})
        if "/-/" in path and path.endswith(".tgz"):
            return self.send(200, raw=TARBALL, headers={"Content-Type": "application/octet-stream"})
        name = path.lstrip("/")
        if self.command == "GET":
            with lock:
                packument = packages.get(name)
            if packument is None:
                return self.send(404, {"error": "Not found"})
            accept = self.headers.get("Accept") or ""
            abbreviated = "application/vnd.npm.install-v1+json" in accept
            doc = dict(packument)
            if not abbreviated:
                doc["_id"] = name
                doc["time"] = {"modified": "2024-01-01T00:00:00.000Z"}
            data = json.dumps(doc, sort_keys=True).encode()
            etag = '"%s"' % hashlib.sha1(data).hexdigest()
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, headers={"ETag": etag})
            content_type = "application/vnd.npm.install-v1+json" if abbreviated else "application/json"
            return self.send(200, raw=data, headers={"ETag": etag, "Content-Type": content_type})
        if self.command == "PUT":
            if not self.user():
                return self.send(401, {"error": "unauthorized"})
            doc = json.loads(body or b"{}")
            with lock:
                packument = packages.setdefault(name, {"name": name, "dist-tags": {}, "versions": {}})
                for version, manifest in doc.get("versions", {}).items():
                    if version in packument["versions"]:
                        return self.send(409, {"error": "cannot publish over the previously published versions: " + version})
                    packument["versions"][version] = manifest
                packument["dist-tags"].update(doc.get("dist-tags", {}))
            return self.send(201, {"ok": "created", "success": True})
        return self.send(405, {"error": "method not allowed"})

    do_GET = do_PUT = do_POST = do_DELETE = handle_any


def watch_stdin():
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # Clients that hang up early (timeouts, cancellations, aborted streams) are expected here.
    server.handle_error = lambda request, address: None
    port = server.server_address[1]
    packages["left-pad"] = make_packument("left-pad", ["1.0.0", "1.1.0"], port)
    packages["@scope/lib"] = make_packument("@scope/lib", ["2.0.0"], port)
    print("PORT %d" % port, flush=True)
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()
