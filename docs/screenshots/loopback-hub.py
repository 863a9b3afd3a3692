#!/usr/bin/env python3
"""A loopback stand-in for the Hugging Face hub, for the Download tab's screenshot: serves the files
of FOLDER as the repo OWNER/NAME in the hub's API shape (GET /api/models/OWNER/NAME/tree/main and
/OWNER/NAME/resolve/main/PATH with Range), sending at most RATE bytes a second so a download is still
running when the picture is taken. Prints its base URL, then serves until killed.
usage: loopback-hub.py FOLDER OWNER/NAME RATE"""
import hashlib
import http.server
import json
import os
import sys
import time

folder, repo, rate = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = {}
for root, _, names in os.walk(folder):
    for name in sorted(names):
        path = os.path.join(root, name)
        with open(path, "rb") as f:
            files[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()


class Hub(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == f"/api/models/{repo}/tree/main":
            tree = [{"type": "file", "path": p, "size": 134, "oid": "0" * 40,
                     "lfs": {"oid": sha, "size": os.path.getsize(os.path.join(folder, p)), "pointerSize": 134}}
                    for p, sha in files.items()]
            body = json.dumps(tree).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        prefix = f"/{repo}/resolve/main/"
        name = path[len(prefix):] if path.startswith(prefix) else None
        if name not in files:
            self.send_error(404)
            return
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        start = int(self.headers.get("Range", "bytes=0-")[6:].split("-")[0] or 0)
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        for offset in range(start, len(data), rate // 10):
            self.wfile.write(data[offset:offset + rate // 10])
            time.sleep(0.1)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hub)
print(f"http://127.0.0.1:{server.server_port}", flush=True)
server.serve_forever()
