# SPDX-License-Identifier: GPL-3.0-or-later
# A threaded HTTP server on 127.0.0.1 for the HTTP store tests, serving DIR. The first path
# component chooses a behaviour, the rest is the file:
#   /plain/...   the file, Range requests ignored (200 with the whole body, as http.server)
#   /range/...   Range requests answered with 206
#   /slow/...    as /range/, after a 0.2 s delay
#   /gated/STORE/...  as /slow/ for metadata (zarr.json, .zarray, .zattrs, .zgroup,
#                .zmetadata); a chunk request waits until the line "release STORE" arrives on
#                stdin (at most 60 s), then is served after a 0.4 s delay. A chunk read on the
#                client's GUI thread before the release therefore blocks it for a minute: a
#                test sees that without comparing times.
#   /flaky/...   the first request of each path sends half the body and closes (a truncated
#                transfer), later ones succeed: the client's retry must recover
#   /broken/...  every request truncated
# A missing file is a 404. Prints the port on the first line, then serves until killed.
# Usage: http_server.py DIR
import http.server
import os
import re
import socketserver
import sys
import threading
import time

ROOT = sys.argv[1]
seen = set()
lock = threading.Lock()
METADATA = {'zarr.json', '.zarray', '.zattrs', '.zgroup', '.zmetadata'}
releases = {}  # store name -> threading.Event


def release_event(store):
    with lock:
        return releases.setdefault(store, threading.Event())


def read_releases():
    for line in sys.stdin:
        words = line.split()
        if len(words) == 2 and words[0] == 'release':
            release_event(words[1]).set()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = self.path.lstrip('/').split('/', 1)
        mode, rest = parts[0], parts[1] if len(parts) > 1 else ''
        path = os.path.join(ROOT, rest)
        if not os.path.isfile(path):
            self.send_response(404)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        with open(path, 'rb') as f:
            body = f.read()
        if mode == 'slow':
            time.sleep(0.2)
        if mode == 'gated':
            if os.path.basename(rest) in METADATA:
                time.sleep(0.2)
            else:
                release_event(rest.split('/', 1)[0]).wait(60)
                time.sleep(0.4)
        truncate = mode == 'broken'
        if mode == 'flaky':
            with lock:
                truncate = self.path not in seen
                seen.add(self.path)
        status = 200
        match = re.match(r'bytes=(\d+)-(\d+)', self.headers.get('Range', ''))
        if match and mode in ('range', 'slow', 'gated', 'flaky', 'broken'):
            start, end = int(match.group(1)), int(match.group(2))
            if start >= len(body):
                self.send_response(416)
                self.send_header('Content-Length', '0')
                self.end_headers()
                return
            body = body[start:end + 1]
            status = 206
        self.send_response(status)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body[:len(body) // 2] if truncate and body else body)
        if truncate:
            self.close_connection = True


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


threading.Thread(target=read_releases, daemon=True).start()
server = Server(('127.0.0.1', 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
