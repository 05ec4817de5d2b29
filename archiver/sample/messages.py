"""Plain request and response values passed between the HTTP handler and the site's routes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import parse_qs, urlsplit


def port_suffix(host: str) -> str:
    """``:8000`` from a host[:port] value, "" when it names no port."""
    tail = host[host.rfind("]") + 1:] if host.startswith("[") else host
    return tail[tail.rfind(":"):] if ":" in tail else ""


@dataclass(frozen=True)
class Request:
    method: str
    target: str                      # the request target as sent: path and query
    headers: dict[str, str]          # lower-case names; repeated headers joined
    body: bytes = b""
    http_version: str = "HTTP/1.1"

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query)

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    @property
    def host(self) -> str:
        """The Host header as sent (``127.0.0.1:8000``), or "" without one."""
        return self.headers.get("host", "")

    @property
    def hostname(self) -> str:
        host = self.host.lower()
        if host.startswith("["):
            return host[1:host.find("]")] if "]" in host else host
        return host.rsplit(":", 1)[0] if ":" in host else host

    @property
    def port_suffix(self) -> str:
        return port_suffix(self.host)

    @property
    def cookies(self) -> dict[str, str]:
        # Split by hand: SimpleCookie gives up on the whole header at the first cookie it
        # dislikes, and other servers on 127.0.0.1 (cookies ignore ports) may set odd ones.
        jar: dict[str, str] = {}
        for part in self.headers.get("cookie", "").split(";"):
            name, sep, value = part.strip().partition("=")
            if sep and name:
                jar.setdefault(name, value.strip().strip('"'))
        return jar

    def form(self) -> dict[str, str]:
        if "application/x-www-form-urlencoded" not in self.headers.get("content-type", ""):
            return {}
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items()}

    def accepts_gzip(self) -> bool:
        for part in self.headers.get("accept-encoding", "").split(","):
            token, _, params = part.strip().partition(";")
            if token.strip().lower() in ("gzip", "*"):
                q = params.strip().lower()
                try:
                    return not (q.startswith("q=") and float(q[2:] or 0) == 0)
                except ValueError:
                    return True
        return False


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    compress: bool = False           # gzip the body when the client accepts it
    chunked: bool = False            # Transfer-Encoding: chunked (HTTP/1.1 clients)
    hold: bool = False               # never answer: keep the connection until the server stops

    def header(self, name: str, value: str) -> Response:
        self.headers.append((name, value))
        return self


def html_response(status: int, html: str, *, cache: str = "private, no-cache") -> Response:
    return Response(status, html.encode("utf-8"), "text/html; charset=utf-8",
                    [("Cache-Control", cache)])


def json_response(status: int, value: Any, *, cache: str = "no-cache") -> Response:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status, body, "application/json; charset=utf-8", [("Cache-Control", cache)])


def text_response(status: int, text: str) -> Response:
    return Response(status, text.encode("utf-8"), "text/plain; charset=utf-8",
                    [("Cache-Control", "no-cache")])


def redirect(status: int, location: str, *, cache: str = "private, no-cache") -> Response:
    response = html_response(status, f"<!DOCTYPE html><title>{status}</title>"
                                     f'<a href="{escape(location)}">Verder</a>\n', cache=cache)
    return response.header("Location", location)
