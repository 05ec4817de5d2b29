"""The generated site of benchmark 1: N article pages of about 20 KB of HTML each, served from
memory by a real threaded HTTP/1.1 server on 127.0.0.1 (keep-alive, Content-Length)."""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

PAGE_BYTES = 20_000
WORDS = ("de", "het", "een", "kabinet", "minister", "debat", "Kamer", "oppositie", "motie",
         "begroting", "vandaag", "gisteren", "verklaring", "persconferentie", "liveblog",
         "president", "ontmoeting", "Helsinki", "reactie", "vragen", "zegt", "volgens",
         "woordvoerder", "onderzoek", "nieuwe", "eerste", "laatste", "update", "meer",
         "tijdens", "omdat", "maar", "ook", "nog", "niet", "wel", "over", "met", "voor")


def page_html(index: int, total: int, size: int = PAGE_BYTES) -> bytes:
    """A news-like page: head, navigation, links to neighbouring pages, paragraphs to size."""
    rng = random.Random(index)
    links = "".join(f'<li><a href="/page/{(index + k) % total}.html">Artikel '
                    f"{(index + k) % total}</a></li>" for k in range(1, 16))
    head = (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            f"<title>Artikel {index}</title>"
            f'<link rel="canonical" href="/page/{index}.html">'
            '<link rel="stylesheet" href="/site.css"></head><body>'
            f'<header><a href="/">Voorpagina</a></header><main><article>'
            f"<h1>Artikel {index}</h1>")
    tail = f"</article><nav><ul>{links}</ul></nav></main><footer>Bench site</footer></body></html>"
    parts = [head]
    length = len(head) + len(tail)
    while length < size:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90)))
        paragraph = f"<p>{words.capitalize()}.</p>\n"
        parts.append(paragraph)
        length += len(paragraph)
    parts.append(tail)
    return "".join(parts).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: BenchSite

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        body = self.server.lookup(self.path.split("?", 1)[0])
        status = 200 if body is not None else 404
        if body is None:
            body = b"<html><body>not found</body></html>"
        self.server.count()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=60")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET


class BenchSite(ThreadingHTTPServer):
    """``with BenchSite(2000) as site: site.urls`` (pages are made before the server starts,
    so the crawl measures serving, not page generation)."""

    daemon_threads = True

    def __init__(self, pages: int, page_bytes: int = PAGE_BYTES) -> None:
        self.pages = [page_html(i, pages, page_bytes) for i in range(pages)]
        self.index_page = ("<!DOCTYPE html><html><head><title>Bench site</title></head><body><ul>"
                           + "".join(f'<li><a href="/page/{i}.html">Artikel {i}</a></li>'
                                     for i in range(pages))
                           + "</ul></body></html>").encode("utf-8")
        self.requests = 0
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.1}, name="bench-site")

    def lookup(self, path: str) -> bytes | None:
        if path == "/":
            return self.index_page
        if path.startswith("/page/") and path.endswith(".html"):
            number = path[len("/page/"):-len(".html")]
            if number.isdigit() and int(number) < len(self.pages):
                return self.pages[int(number)]
        return None

    def count(self) -> None:
        with self._lock:
            self.requests += 1

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def urls(self) -> list[str]:
        return [f"{self.base_url}/page/{i}.html" for i in range(len(self.pages))]

    def __enter__(self) -> BenchSite:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(5)
