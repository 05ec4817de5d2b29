"""Recording every HTTP exchange a browser context makes, in every frame, as it completes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from playwright.async_api import BrowserContext, Error, Request, Response

from archiver.archive import ExchangeWritten
from archiver.capture.outcome import error_line
from archiver.capture.streamfetch import stream_fetch
from archiver.exchange import (
    ORIGIN_BROWSER,
    ORIGIN_NONE,
    ORIGIN_REFETCH,
    HttpExchange,
)
from archiver.warc.records import BodySource

if TYPE_CHECKING:
    # The type of Playwright's headers_array() items, not exported by its public API.
    from playwright._impl._api_structures import HttpHeader

logger = logging.getLogger(__name__)

RECORDABLE_SCHEMES = ("http", "https")
# Bodies declared larger than this are fetched again as a stream (see streamfetch.py).
STREAM_THRESHOLD = 32 * 1024 * 1024
# Methods whose refetch would not change state on the server. A POST is never sent twice.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class ResourceEntry:
    """One line of the page-info resource list (what the page loaded and what became of it)."""

    url: str
    method: str
    status: int | None
    resource_type: str
    frame_url: str | None
    size: int | None = None
    mime: str | None = None
    record_id: str | None = None
    payload_digest: str | None = None
    body_origin: str | None = None
    truncated: str | None = None
    error: str | None = None
    revisit: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None and v is not False}


# The sink writes an exchange (to the WARC) and says where it went.
Sink = Callable[[HttpExchange], ExchangeWritten]


@dataclass
class _Pending:
    request: Request
    started_at: datetime
    started_mono: float
    response: Response | None = None


@dataclass
class TrafficRecorder:
    """Attach to a context before navigation; every finished request becomes an exchange that
    goes to ``sink`` at once, so bodies are not held and a killed process keeps what it wrote."""

    context: BrowserContext
    sink: Sink
    max_body_size: int = 512 * 1024 * 1024
    refetch: bool = True
    stream_threshold: int = STREAM_THRESHOLD
    # Writes the request record of a request that was never answered; returns its id.
    unanswered_sink: Callable[[HttpExchange], str] | None = None
    resources: list[ResourceEntry] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    main_documents: list[tuple[str, str, int]] = field(default_factory=list)  # url, id, status
    _pending: dict[Request, _Pending] = field(default_factory=dict)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _ips: dict[str, str] = field(default_factory=dict)
    last_activity: float = field(default_factory=time.monotonic)
    closed: bool = False

    def attach(self) -> None:
        self.context.on("request", self._on_request)
        self.context.on("response", self._on_response)
        self.context.on("requestfinished", self._on_finished)
        self.context.on("requestfailed", self._on_failed)

    # -- events (sync: they only register work) ---------------------------------------------
    def _on_request(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        if self.closed:
            return
        self._pending[request] = _Pending(request, datetime.now(UTC), time.monotonic())

    def _on_response(self, response: Response) -> None:
        self.last_activity = time.monotonic()
        pending = self._pending.get(response.request)
        if pending:
            pending.response = response

    def _on_finished(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        pending = self._pending.pop(request, None)
        if pending is None or self.closed:
            return
        self._spawn(self._record(pending, failure=None))

    def _on_failed(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        pending = self._pending.pop(request, None)
        if pending is None or self.closed:
            return
        self._spawn(self._record(pending, failure=request.failure or "failed"))

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- state for behaviours ---------------------------------------------------------------
    @property
    def in_flight(self) -> int:
        return len(self._pending) + len(self._tasks)

    def in_flight_urls(self) -> list[str]:
        return [p.request.url for p in self._pending.values()]

    async def drain(self, timeout: float) -> None:
        """Wait for bodies being fetched and written (not for requests still in flight)."""
        if self._tasks:
            _done, still = await asyncio.wait(set(self._tasks), timeout=timeout)
            for task in still:
                task.cancel()
                self.issues.append("a body fetch did not finish in time and was cancelled")

    async def close(self, timeout: float = 10.0, grace: float = 2.0) -> None:
        """Stop listening; record what is still pending (headers-only, or listed as unanswered).

        Requests started after the network went quiet (a poll, a late lazy image) get ``grace``
        seconds to finish, so a response already on its way is not cut off."""
        deadline = time.monotonic() + grace
        while self._pending and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await self.drain(timeout)
        self.closed = True
        for event, handler in (("request", self._on_request), ("response", self._on_response),
                               ("requestfinished", self._on_finished),
                               ("requestfailed", self._on_failed)):
            with contextlib.suppress(KeyError, ValueError):
                self.context.remove_listener(event, handler)
        leftovers = list(self._pending.values())
        self._pending.clear()
        for pending in leftovers:
            await self._record(pending, failure="no complete response before the capture ended",
                               unfinished=True)
        await self.drain(timeout)

    # -- recording --------------------------------------------------------------------------
    async def _record(self, pending: _Pending, failure: str | None,
                      unfinished: bool = False) -> None:
        request = pending.request
        url = request.url
        scheme = url.split(":", 1)[0].lower()
        frame_url = _frame_url(request)
        entry = ResourceEntry(url=url, method=request.method, status=None,
                              resource_type=request.resource_type, frame_url=frame_url)
        self.resources.append(entry)
        if scheme not in RECORDABLE_SCHEMES:
            entry.error = f"not an HTTP exchange ({scheme}:)"
            return
        try:
            response = pending.response or (None if unfinished else await request.response())
        except Error as exc:
            response = None
            failure = failure or str(exc)
        if response is None:
            entry.error = failure or "no response"
            self.issues.append(f"no response for {request.method} {url}: {entry.error}")
            if unfinished and self.unanswered_sink is not None:
                await self._unanswered(pending, entry)
            return
        try:
            exchange = await self._exchange(pending, response, failure, unfinished, frame_url)
        except Error as exc:
            entry.error = f"could not read the exchange: {exc.message}"
            self.issues.append(f"{url}: {entry.error}")
            return
        entry.status = exchange.status
        entry.mime = exchange.mime_type or None
        entry.size = exchange.body.size if exchange.body else 0
        entry.body_origin = exchange.body_origin
        entry.truncated = exchange.truncated
        if exchange.note:
            entry.error = exchange.note
        try:
            written = self.sink(exchange)
        finally:
            if exchange.body is not None:
                exchange.body.close()
        entry.record_id, entry.payload_digest = written.record_id, written.payload_digest
        entry.revisit = written.revisit
        if _is_main_document(request):
            self.main_documents.append((url, written.record_id, exchange.status))

    async def _exchange(self, pending: _Pending, response: Response, failure: str | None,
                        unfinished: bool, frame_url: str | None) -> HttpExchange:
        request = pending.request
        exchange = HttpExchange(
            url=request.url, method=request.method,
            request_headers=_pairs(await request.headers_array()),
            request_body=request.post_data_buffer,
            status=response.status, reason=response.status_text,
            response_headers=_pairs(await response.headers_array()),
            started_at=pending.started_at, resource_type=request.resource_type,
            frame_url=frame_url,
        )
        exchange.ip_address = await self._ip(response)
        if unfinished or failure:
            exchange.body, exchange.body_origin = BodySource(b""), ORIGIN_NONE
            exchange.truncated = "time" if unfinished else "disconnect"
            exchange.note = failure
            self.issues.append(f"body of {request.url} incomplete: {failure}")
            return exchange
        await self._fill_body(exchange, response)
        return exchange

    async def _unanswered(self, pending: _Pending, entry: ResourceEntry) -> None:
        """A request in flight when the capture ended was sent: its request record stays, with
        the address its host answered from earlier (none known: the request may never have
        left, and nothing is written)."""
        request = pending.request
        ip = self._ips.get(_host(request.url))
        if ip is None or self.unanswered_sink is None:
            return
        try:
            headers = await request.headers_array()
        except Error:
            return
        exchange = HttpExchange(
            url=request.url, method=request.method,
            request_headers=_pairs(headers),
            request_body=request.post_data_buffer, status=0, reason="", response_headers=[],
            started_at=pending.started_at, ip_address=ip, resource_type=request.resource_type,
            frame_url=entry.frame_url, note=entry.error)
        entry.record_id = self.unanswered_sink(exchange)

    async def _ip(self, response: Response) -> str | None:
        host = _host(response.url)
        try:
            addr = await response.server_addr()
        except Error:
            addr = None
        if addr and addr.get("ipAddress"):
            ip = str(addr["ipAddress"]).strip("[]")
            self._ips[host] = ip
            return ip
        return self._ips.get(host)

    async def _fill_body(self, exchange: HttpExchange, response: Response) -> None:
        declared = _declared_length(exchange)
        if declared is not None and declared > self.stream_threshold \
                and exchange.method in SAFE_METHODS and self.refetch:
            await self._stream(exchange, declared)
            return
        redirect = 300 <= exchange.status < 400
        if exchange.method == "HEAD" or exchange.status in (204, 304) or \
                (redirect and declared == 0):
            exchange.body = BodySource(b"")
            return
        if redirect:
            reason = "the browser gives no body for redirects"
        else:
            try:
                body = await response.body()
            except Error as exc:
                reason = error_line(exc, "unavailable")
            else:
                substituted = _substituted(exchange, body)
                if substituted is None:
                    self._set_body(exchange, body, ORIGIN_BROWSER)
                    return
                reason = substituted
        await self._refetch(exchange, reason)

    def _set_body(self, exchange: HttpExchange, body: bytes, origin: str) -> None:
        if len(body) > self.max_body_size:
            exchange.body = BodySource(body[: self.max_body_size])
            exchange.truncated = "length"
            exchange.note = f"body cut at ARCHIVER_MAX_BODY_SIZE ({self.max_body_size} bytes)"
            self.issues.append(f"{exchange.url}: {exchange.note}")
        else:
            exchange.body = BodySource(body)
        exchange.body_origin = origin

    async def _stream(self, exchange: HttpExchange, declared: int) -> None:
        """A large body: fetched again as a stream into a temporary file, not through the
        browser's pipe, so memory stays bounded whatever its size."""
        reason = f"a large body ({declared} bytes) is fetched again as a stream, memory bounded"
        cookies = await self.context.cookies(exchange.url)
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in cookies) or None
        headers = dict(exchange.request_headers)
        try:
            got = await asyncio.to_thread(stream_fetch, exchange.url, exchange.method, headers,
                                          cookie, self.max_body_size)
        except OSError as exc:
            await self._refetch(exchange, f"{reason}; the stream failed: {exc}")
            return
        if got.status != exchange.status:
            got.body.close()
            exchange.body, exchange.body_origin = BodySource(b""), ORIGIN_NONE
            exchange.truncated = "unspecified"
            exchange.note = (f"body not recorded: {reason}, but the server answered "
                             f"{got.status} instead of {exchange.status}")
            self.issues.append(f"{exchange.url}: {exchange.note}")
            return
        exchange.body = BodySource(got.body, got.length)
        exchange.body_origin = ORIGIN_REFETCH
        exchange.note = reason
        if got.truncated:
            exchange.truncated = "length"
            exchange.note += f"; cut at ARCHIVER_MAX_BODY_SIZE ({self.max_body_size} bytes)"
        self.issues.append(f"{exchange.url}: {exchange.note}")

    async def _refetch(self, exchange: HttpExchange, reason: str) -> None:
        """Fetch a lost body again with the context's cookies. Used only when the method is safe
        and the new answer has the same status: otherwise the record keeps headers only."""
        exchange.body, exchange.body_origin = BodySource(b""), ORIGIN_NONE
        exchange.truncated = "unspecified"
        if not self.refetch or exchange.method not in SAFE_METHODS:
            exchange.note = f"body not available ({reason}); not fetched again"
            self.issues.append(f"{exchange.url}: {exchange.note}")
            return
        headers = {k: v for k, v in exchange.request_headers
                   if k.lower() not in ("cookie", "host", "content-length")}
        try:
            again = await self.context.request.fetch(
                exchange.url, method=exchange.method, headers=headers, max_redirects=0,
                fail_on_status_code=False, timeout=30_000)
            body = await again.body()
            status = again.status
            await again.dispose()
        except Error as exc:
            exchange.note = f"body not available ({reason}); refetch failed: {error_line(exc)}"
            self.issues.append(f"{exchange.url}: {exchange.note}")
            return
        if status != exchange.status:
            exchange.note = (f"body not available ({reason}); refetch answered {status} "
                             f"instead of {exchange.status}, not used")
            self.issues.append(f"{exchange.url}: {exchange.note}")
            return
        exchange.truncated = None    # whole again, unless cut at the size limit below
        self._set_body(exchange, body, ORIGIN_REFETCH)
        exchange.note = exchange.note or f"body fetched again after capture: {reason}"
        self.issues.append(f"{exchange.url}: refetched ({reason})")


def _substituted(exchange: HttpExchange, body: bytes) -> str | None:
    """Why the browser's body cannot be the server's, or None. Chromium's PDF viewer, for one,
    answers with its own wrapper page instead of the PDF."""
    if exchange.mime_type == "application/pdf" and not body.startswith(b"%PDF"):
        return "the browser's PDF viewer stood in for the body"
    declared = _declared_length(exchange)
    if declared is not None and not exchange.header("content-encoding") \
            and declared != len(body) and exchange.method != "HEAD":
        return f"the browser gave {len(body)} bytes where the server declared {declared}"
    return None


def _declared_length(exchange: HttpExchange) -> int | None:
    """The Content-Length the server declared, when it is a plain number."""
    value = (exchange.header("content-length") or "").strip()
    return int(value) if value.isdigit() else None


def _is_main_document(request: Request) -> bool:
    if request.resource_type != "document":
        return False
    try:
        return request.frame.parent_frame is None
    except Error:
        return False


def _pairs(headers: Sequence[HttpHeader]) -> list[tuple[str, str]]:
    """Playwright's header array (name/value dicts, in order, repeats kept) as pairs."""
    return [(h["name"], h["value"]) for h in headers]


def _host(url: str) -> str:
    """The authority of a URL as written (host and port): the key of the addresses seen."""
    return url.split("/")[2] if "//" in url else ""


def _frame_url(request: Request) -> str | None:
    try:
        return request.frame.url
    except Error:
        # Service-worker requests have no frame.
        return None
