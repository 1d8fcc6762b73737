"""A loopback proxy in front of a real Label Studio that cuts chosen answers short.

It forwards every request; an answer whose path contains ``cut_path`` is sent with
its full ``Content-Length`` but only half its body, then the connection closes: what a
client sees when a proxy or a network drop kills a download. The first ``cuts`` such
answers are cut, the rest pass whole.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

_HOP_BY_HOP = {"host", "connection", "keep-alive", "accept-encoding", "content-length", "transfer-encoding"}


class CuttingProxy:
    def __init__(self, upstream: str, cut_path: str, cuts: float):
        self.upstream = upstream
        self.cut_path = cut_path
        self.cuts = cuts
        self.seen = 0  # answers on cut_path, cut or not
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "CuttingProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _cut_this_one(self, path: str) -> bool:
        if self.cut_path not in path:
            return False
        with self._lock:
            self.seen += 1
            return self.seen <= self.cuts

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                answer = httpx.request(
                    self.command, proxy.upstream + self.path, headers=headers, content=body, timeout=120
                )
                content = answer.content
                self.send_response(answer.status_code)
                for k, v in answer.headers.items():
                    if k.lower() not in _HOP_BY_HOP | {"content-encoding"}:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if proxy._cut_this_one(self.path):
                    self.wfile.write(content[: len(content) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self.wfile.write(content)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _forward

        return Handler
