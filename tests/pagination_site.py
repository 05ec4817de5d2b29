"""A real HTTP server for liveblogs whose older entries are on further pages.

- ``/live/``: entries on three pages joined by a plain "Oudere berichten" link
  (``/live/?page=2``, ``/live/?page=3``), no script: clicking it would leave the page.
- ``/js/``: a "Load more" link to ``/js/?page=2`` whose click a script takes over (it fetches
  the older entries into the page), as progressive enhancement does.
- ``/relnext/``: ``<link rel="next">`` in the head to ``/relnext/page/2/``, no visible link.
- ``/form/``: a "Load more" button that submits a GET form to ``/form/?page=2``.
- ``/jsnav/``: a "Load more" button whose script sets ``location.href`` to ``/jsnav/?page=2``
  (after a short delay); ``/jsnow/`` the same at once.
- ``/asc/``: oldest first, pages of 4 (``/asc/?page=2``, ``?page=3``): the older entries are on
  the first page.
- ``/broken/``: its "Oudere berichten" page ``/broken/?page=2`` drops the connection.
- ``/again/``: page 2's "Volgende" link leads back to ``/again/?page=1``, the first page.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PER_PAGE = 4
TOTAL = 10        # /live/: pages of 4, 4 and 2 entries (numbers 1-10, newest first)


def entry_html(n: int) -> str:
    minute = 59 - n
    return (f'<article class="post" id="post-{n}"><header>'
            f'<time datetime="2024-05-01T14:{minute:02d}:00+02:00">14:{minute:02d}</time>'
            f"<h2>Update number {n}</h2></header>"
            f"<p>Body text of update number {n}, with enough words to be an entry.</p>"
            f"<p>A second paragraph for update {n}.</p></article>")


def page_html(title: str, numbers: range, more: str = "", head: str = "",
              script: str = "") -> bytes:
    posts = "\n".join(entry_html(n) for n in numbers)
    return (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="2024-05-01T08:00:00+02:00">'
            f"{head}</head><body><header><nav><a href='/'>Home</a></nav></header><main>"
            f"<h1>{title}</h1><div class='feed' id='feed'>{posts}</div>{more}</main>"
            f"<footer><p>Colofon</p></footer>{script}</body></html>").encode()


_JS = """<script>
document.getElementById('more').addEventListener('click', (e) => {
  e.preventDefault();
  fetch('/js/older').then(r => r.text()).then(html => {
    document.getElementById('feed').insertAdjacentHTML('beforeend', html);
    document.getElementById('more').remove();
  });
});
</script>"""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: PaginationSite

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        parts = urlsplit(self.path)
        page = int((parse_qs(parts.query).get("page") or ["1"])[0])
        if parts.path == "/live/":
            # ``newest`` below 1 puts newer entries on top: every entry moves down the pages.
            first = self.server.newest
            start = first + (page - 1) * PER_PAGE
            numbers = range(start, min(start + PER_PAGE, TOTAL + 1))
            more = (f'<p><a class="older" href="/live/?page={page + 1}">Oudere berichten</a></p>'
                    if start + PER_PAGE <= TOTAL else "")
            self._send(200, page_html(f"Liveblog, pagina {page}", numbers, more))
        elif parts.path == "/js/":
            numbers = range(1, 5) if page == 1 else range(5, 9)
            more = '<a id="more" href="/js/?page=2">Load more</a>' if page == 1 else ""
            self._send(200, page_html("Liveblog met script", numbers, more, script=_JS))
        elif parts.path in ("/form/", "/jsnav/", "/jsnow/"):
            numbers = range(1, 5) if page == 1 else range(5, 9)
            if page != 1:
                more = ""
            elif parts.path == "/form/":
                more = ('<form action="/form/" method="get"><input type="hidden" name="page" '
                        'value="2"><button type="submit">Load more</button></form>')
            elif parts.path == "/jsnow/":
                more = ('<button id="more" onclick="location.href = '
                        '\'/jsnow/?page=2\'">Load more</button>')
            else:
                more = ('<button id="more" onclick="setTimeout(() => '
                        '{ location.href = \'/jsnav/?page=2\'; }, 300)">Load more</button>')
            self._send(200, page_html("Liveblog met knop", numbers, more))
        elif parts.path == "/asc/":
            numbers = range(TOTAL - (page - 1) * PER_PAGE, max(TOTAL - page * PER_PAGE, 0), -1)
            more = (f'<p><a href="/asc/?page={page + 1}">Volgende pagina</a></p>'
                    if page * PER_PAGE < TOTAL else "")
            self._send(200, page_html(f"Liveblog oudste eerst, {page}", numbers, more))
        elif parts.path == "/broken/":
            if page == 2:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self._send(200, page_html("Liveblog", range(1, 5),
                                      '<a href="/broken/?page=2">Oudere berichten</a>'))
        elif parts.path == "/again/":
            numbers = range(1, 5) if page == 1 else range(5, 9)
            more = ('<a href="/again/?page=2">Volgende</a>' if page == 1
                    else '<a href="/again/?page=1">Volgende</a>')
            self._send(200, page_html("Liveblog rond", numbers, more))
        elif parts.path == "/js/older":
            self._send(200, "\n".join(entry_html(n) for n in range(5, 9)).encode())
        elif parts.path == "/relnext/":
            self._send(200, page_html("Liveblog met rel=next", range(1, 5),
                                      head='<link rel="next" href="/relnext/page/2/">'))
        elif parts.path == "/relnext/page/2/":
            self._send(200, page_html("Liveblog met rel=next, 2", range(5, 9)))
        else:
            self._send(404, b"<html><body>not found</body></html>")


class PaginationSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: list[str] = []
        self.newest = 1
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> PaginationSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
