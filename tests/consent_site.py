"""A real HTTP server with consent walls of the shapes consent platforms use, none known to any
site profile: a plain banner, one rendered in an open shadow root, one in an iframe.

Each page shows its entries only behind the wall; accepting sets the cookie ``consent=yes``
(from the page's script, or the frame's, on the same site) and removes the wall."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ENTRIES = "".join(
    f'<article class="post" id="post-{n}"><time datetime="2024-05-01T14:{50 - n:02d}:00+02:00">'
    f"14:{50 - n:02d}</time><h2>Entry {n}</h2><p>Text of entry {n}, long enough to be one.</p>"
    "</article>" for n in range(1, 5))

_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
</head><body><main><h1>{title}</h1><div class="feed">{entries}</div></main>{wall}
<script>
window.accepted = () => {{
  document.cookie = 'consent=yes; path=/';
  document.querySelectorAll('.wall').forEach((w) => w.remove());
}};
{script}
</script></body></html>"""

_PLAIN = ('<div class="wall" id="cmp"><p>We and our partners use cookies to improve your '
          'experience. See our privacy policy.</p><button onclick="accepted()">Accept all</button>'
          '<button>Manage options</button></div>')

_SHADOW_SCRIPT = """
const host = document.createElement('div');
host.className = 'wall';
document.body.append(host);
const root = host.attachShadow({mode: 'open'});
root.innerHTML = '<div><p>Wir verwenden Cookies. Datenschutz-Einstellungen</p>'
  + '<button id="accept">Alle akzeptieren</button><button>Einstellungen</button></div>';
root.getElementById('accept').addEventListener('click', () => accepted());
"""

_FRAME_WALL = '<iframe class="wall" src="/cmp-frame" style="width:600px;height:200px"></iframe>'

_FRAME = """<!doctype html><html><body><p>Wij vragen uw toestemming voor cookies.</p>
<button onclick="parent.accepted()">Akkoord</button></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, body: str, status: int = 200) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        pages = {
            "/plain/": ("en", "Plain banner", _PLAIN, ""),
            "/shadow/": ("de", "Shadow banner", "", _SHADOW_SCRIPT),
            "/frame/": ("nl", "Frame banner", _FRAME_WALL, ""),
        }
        if path in pages:
            lang, title, wall, script = pages[path]
            self._send(_PAGE.format(lang=lang, title=title, entries=_ENTRIES, wall=wall,
                                    script=script))
        elif path == "/cmp-frame":
            self._send(_FRAME)
        else:
            self._send("<html><body>not found</body></html>", 404)


class ConsentSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> ConsentSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
