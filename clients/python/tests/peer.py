"""A real HTTP server on loopback standing in for scorewatch in the client's unit tests: it
records every request and answers 202, or the answers scripted with ``answer_next``."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Request:
    def __init__(self, method, path, headers, body, status):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.status = status

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "Request(%s %s -> %s: %s)" % (self.method, self.path, self.status, self.body[:200])


class Peer:
    """Start with ``Peer()`` (a free port) or ``Peer(port)``; ``close()`` stops it."""

    def __init__(self, port=0):
        self.requests = []
        self._scripted = []
        self._lock = threading.Condition()
        self.hold = threading.Event()  # cleared: requests wait until it is set again
        self.hold.set()
        peer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode("utf-8")
                peer.hold.wait(30)
                with peer._lock:
                    status, answer, content_type = peer._scripted.pop(0) if peer._scripted else (None, None, None)
                if status is None:
                    items = json.loads(body)
                    status, content_type = 202, "application/json"
                    answer = {"accepted": len(items), "duplicates": 0}
                raw = json.dumps(answer).encode("utf-8") if not isinstance(answer, str) else answer.encode("utf-8")
                with peer._lock:  # recorded before the answer: a client that has its answer finds it here
                    peer.requests.append(Request("POST", self.path, self.headers, body, status))
                    peer._lock.notify_all()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def answer_next(self, status, body, content_type="application/problem+json"):
        """The next request is answered with this status and JSON body."""
        with self._lock:
            self._scripted.append((status, body, content_type))

    def await_requests(self, condition, timeout=10.0):
        """Waits until ``condition(requests)`` holds; fails with the requests seen otherwise."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition(list(self.requests)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("condition not met within %.1f s; requests: %r" % (timeout, self.requests))
                self._lock.wait(remaining)
            return list(self.requests)

    def items(self, path_suffix):
        """Every item of the requests answered 2xx on this path, in order."""
        with self._lock:
            return [item for r in self.requests if r.path.endswith(path_suffix) and 200 <= r.status < 300
                    for item in r.json()]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def free_port():
    """A loopback port that was free a moment ago (nothing listens on it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
