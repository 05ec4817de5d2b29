"""SURT URL keys as pywb and cdxj-indexer compute them, so that replay finds our index lines.

The rules of the Internet Archive's canonicalizers (Google-style escaping, then IA
normalisation: no ``www``, default port, fragment or session ids, lower case, sorted query),
written from their documented behaviour. Unlike the reference implementation, numeric hosts
are normalised without a DNS lookup.
"""

from __future__ import annotations

import contextlib
import re
import socket
from urllib.parse import quote_from_bytes, unquote_to_bytes

_HAS_SCHEME = re.compile(rb"^[a-zA-Z][a-zA-Z0-9+\-.]*:")
_REPEATED_HTTP = re.compile(rb"^(https?://)+")
_SPLIT = re.compile(rb"^(([a-zA-Z][a-zA-Z0-9+.-]*):)?((//([^/?#]*))?([^?#]*)(\?([^#]*))?)?"
                    rb"(#(.*))?$", re.S)
_SAFE = b"!\"$&'()*+,-./:;<=>?@[\\]^_`{|}~"
_WWW = re.compile(rb"www\d*\.")
_DECIMAL_IP = re.compile(rb"^([1-9][0-9]*)(\.[0-9]+)?(\.[0-9]+)?(\.[0-9]+)?$")
_OCTAL_IP = re.compile(rb"^(0[0-7]*)(\.[0-7]+)?(\.[0-7]+)?(\.[0-7]+)?$")
_PATH_SESSION = [
    re.compile(rb"^(.*/)(\((?:[a-z]\([0-9a-z]{24}\))+\)/)([^?]+\.aspx.*)$", re.I),
    re.compile(rb"^(.*/)(\([0-9a-z]{24}\)/)([^?]+\.aspx.*)$", re.I),
]
_QUERY_SESSION = [
    re.compile(rb"^(.*)(?:jsessionid=[0-9a-zA-Z]{32})(?:&(.*))?$", re.I),
    re.compile(rb"^(.*)(?:phpsessid=[0-9a-zA-Z]{32})(?:&(.*))?$", re.I),
    re.compile(rb"^(.*)(?:sid=[0-9a-zA-Z]{32})(?:&(.*))?$", re.I),
    re.compile(rb"^(.*)(?:ASPSESSIONID[a-zA-Z]{8}=[a-zA-Z]{24})(?:&(.*))?$", re.I),
    re.compile(rb"^(.*)(?:cfid=[^&]+&cftoken=[^&]+)(?:&(.*))?$", re.I),
]
_DEFAULT_PORTS = {b"http": 80, b"https": 443}


def _unescape_all(value: bytes) -> bytes:
    while True:
        once = unquote_to_bytes(value)
        if once == value:
            return value
        value = once


def _escape_once(value: bytes) -> bytes:
    return quote_from_bytes(value, safe=_SAFE).encode("ascii") if value else value


def _numeric_host(host: bytes) -> bytes | None:
    """Decimal, octal and shortened IPv4 forms as a dotted quad (no name lookup)."""
    if host.isdigit():
        return socket.inet_ntoa((int(host) & 0xFFFFFFFF).to_bytes(4, "big")).encode()
    if _DECIMAL_IP.match(host) or _OCTAL_IP.match(host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host.decode("ascii"))).encode()
        except OSError:
            return None
    return None


def _canonical_host(host: bytes) -> bytes:
    host = _unescape_all(host)
    try:
        host.decode("ascii")
    except UnicodeDecodeError:
        with contextlib.suppress(UnicodeError):
            host = host.decode("utf-8", "ignore").encode("idna")
    host = host.replace(b"..", b".").strip(b".")
    numeric = _numeric_host(host)
    host = numeric if numeric else _escape_once(host.lower())
    host = host.lower()
    match = _WWW.match(host)
    return host[match.end():] if match else host


def _normalize_path(path: bytes) -> bytes:
    kept: list[bytes] = []
    for part in path.split(b"/")[1:]:
        if part == b".":
            continue
        if part == b"..":
            if kept:
                kept.pop()
            else:
                kept.append(part)
        else:
            kept.append(part)
    if not kept:
        return b"/"
    return b"/" + b"".join(p + b"/" for p in kept[:-1] if p) + kept[-1]


def _canonical_query(query: bytes) -> bytes | None:
    query = _escape_once(_unescape_all(query))
    for pattern in _QUERY_SESSION:
        match = pattern.match(query)
        if match:
            query = match.group(1) + (match.group(2) or b"")
    query = query.lower()
    if len(query) > 1:
        pairs = sorted(tuple(arg.split(b"=", 1)) for arg in query.split(b"&"))
        query = b"&".join(b"=".join(pair) for pair in pairs)
    return query or None


def _surt_bytes(url: bytes) -> bytes:
    url = re.sub(rb"[\n\r\t]", b"", url.strip())
    if not _HAS_SCHEME.match(url):
        url = b"http://" + url
    url = _REPEATED_HTTP.sub(lambda m: m.group(1), url)
    match = _SPLIT.match(url)
    if match is None:
        raise ValueError("unparseable URL")
    scheme = match.group(2) or b""
    netloc = (match.group(5) or b"").rstrip(b":")
    path = match.group(6) or b""
    query = match.group(8) or None
    host_part = netloc.rpartition(b"@")[2]
    port: int | None = None
    if host_part.startswith(b"["):
        host, _, rest = host_part[1:].partition(b"]")
        port_text = rest[1:] if rest.startswith(b":") else b""
    else:
        host, _, port_text = host_part.partition(b":")
    if port_text:
        port = int(port_text)
        if not 0 <= port <= 65535:
            raise ValueError("port out of range")
    hostname: bytes | None = host.lower() or None
    if scheme.startswith(b"http") and hostname is None and path:
        first, _, rest_path = path.lstrip(b"/").partition(b"/")
        hostname, path = first, b"/" + rest_path
    if query:
        query = _canonical_query(query)
    if hostname:
        hostname = _canonical_host(hostname)
    path = _unescape_all(path)
    if hostname:
        path = _normalize_path(path)
    path = _escape_once(path).lower()
    for pattern in _PATH_SESSION:
        session = pattern.match(path)
        if session:
            path = session.group(1) + session.group(3)
    if len(path) > 1 and path.endswith(b"/"):
        path = path[:-1]
    if port is not None and port == _DEFAULT_PORTS.get(scheme.lower()):
        port = None
    if hostname:
        out = b",".join(reversed(hostname.split(b".")))
        if port is not None:
            out += b":%d" % port
        out += b")"
    else:
        out = scheme + b":"
    if path:
        out += path
    elif query is not None:
        out += b"/"
    if query is not None:
        out += b"?" + query
    return out


def surt(url: str) -> str:
    """The SURT key of ``url`` (the URL itself when it cannot be parsed, as indexers do)."""
    if not url:
        return "-"
    if url.startswith("filedesc"):
        return url
    try:
        return _surt_bytes(url.encode("utf-8")).decode("utf-8", "replace")
    except (ValueError, UnicodeError):
        return url
