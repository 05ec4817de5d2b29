"""Benchmark 4: writing N WARC records (request/response pairs, bodies of mixed sizes and
kinds). A = warcio's ``WARCWriter`` with its defaults; B = our builders and ``WarcFiles``
(sha256 digests, warcinfo per file, rotation, fsync at close)."""

from __future__ import annotations

import logging
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.exchange import ORIGIN_BROWSER, HttpExchange
from archiver.warc.builders import build_request, build_response
from archiver.warc.files import WarcFiles
from archiver.warc.records import BodySource
from archiver.warc.warcinfo import WarcinfoContext
from bench.plan import Plan
from bench.profiling import profile
from bench.site import page_html
from bench.stats import Measure, alternate, summarize
from bench.table import Goal, Line

logger = logging.getLogger(__name__)

GOAL = 1.2
POOL = 1 << 20
# (share, smallest, largest, kind): API answers, HTML/JS/CSS, images, the odd large file.
MIX = ((0.45, 200, 2_000, "text"), (0.35, 3_000, 25_000, "text"),
       (0.17, 3_000, 50_000, "binary"), (0.03, 100_000, 400_000, "mixed"))
REQUEST_HEADERS = [("Host", "nieuws.example.nl"), ("User-Agent", "Mozilla/5.0 bench"),
                   ("Accept", "*/*"), ("Accept-Language", "nl,en;q=0.8"),
                   ("Referer", "https://nieuws.example.nl/live/1")]


@dataclass(frozen=True)
class Exchange:
    url: str
    content_type: str
    body: bytes

    def response_headers(self) -> list[tuple[str, str]]:
        return [("Content-Type", self.content_type), ("Content-Length", str(len(self.body))),
                ("Date", "Mon, 16 Jul 2018 15:42:00 GMT"), ("Cache-Control", "max-age=60"),
                ("Server", "bench")]


def _pick(share: float) -> tuple[float, int, int, str]:
    for item in MIX:
        share -= item[0]
        if share <= 0:
            return item
    return MIX[-1]


def make_exchanges(records: int, seed: int = 7) -> list[Exchange]:
    """``records`` / 2 exchanges; bodies are slices of a text pool (news HTML, compresses
    like the web's) and of a random pool (images, video: does not compress)."""
    rng = random.Random(seed)
    text = b"".join(page_html(i, 100) for i in range(60))[:POOL]
    binary = rng.randbytes(POOL)
    out = []
    for i in range(records // 2):
        _, low, high, kind = _pick(rng.random())
        size = rng.randint(low, high)
        start = rng.randrange(0, POOL - size)
        if kind == "text":
            body, ctype = text[start:start + size], "text/html; charset=utf-8"
        elif kind == "binary":
            body, ctype = binary[start:start + size], "image/jpeg"
        else:
            half = size // 2
            body, ctype = text[start:start + half] + binary[start:start + size - half], \
                "application/octet-stream"
        out.append(Exchange(f"https://nieuws.example.nl/r/{i}?v={rng.randrange(10**6)}",
                            ctype, body))
    return out


def write_warcio(exchanges: list[Exchange], directory: Path) -> Measure:
    path = directory / "warcio.warc.gz"
    started = time.perf_counter()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for ex in exchanges:
            http = StatusAndHeaders("200 OK", ex.response_headers(), protocol="HTTP/1.1")
            response = writer.create_warc_record(ex.url, "response", payload=BytesIO(ex.body),
                                                 length=len(ex.body), http_headers=http)
            target = ex.url.split("/", 3)[3]
            req = StatusAndHeaders(f"GET /{target} HTTP/1.1", REQUEST_HEADERS,
                                   is_http_request=True)
            request = writer.create_warc_record(ex.url, "request", http_headers=req)
            writer.write_request_response_pair(request, response)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "out_mb": path.stat().st_size / 1e6, "files": 1}


def write_ours(exchanges: list[Exchange], directory: Path, rotate_bytes: int) -> Measure:
    context = WarcinfoContext(operator="bench", user_agent="Mozilla/5.0 bench", mode="rendered")
    started = time.perf_counter()
    files = WarcFiles(directory, context.fields, prefix="bench", max_size=rotate_bytes)
    now = datetime.now(UTC)
    for ex in exchanges:
        exchange = HttpExchange(url=ex.url, method="GET", request_headers=REQUEST_HEADERS,
                                status=200, reason="OK", response_headers=ex.response_headers(),
                                started_at=now, body=BodySource(ex.body),
                                body_origin=ORIGIN_BROWSER)
        response = build_response(exchange, files.new_id)
        files.write([build_request(exchange, response, files.new_id), response])
    files.close()
    seconds = time.perf_counter() - started
    out = sum(p.stat().st_size for p in files.closed_files)
    return {"seconds": seconds, "out_mb": out / 1e6, "files": len(files.closed_files)}


def _fresh(work: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix="warc-", dir=work))


def _run(work: Path, write: object) -> Measure:
    directory = _fresh(work)
    try:
        return write(directory)  # type: ignore[operator, no-any-return]
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(plan: Plan, work: Path, with_profile: bool = False) -> list[Line]:
    exchanges = make_exchanges(plan.warc_records)
    payload_mb = sum(len(e.body) for e in exchanges) / 1e6
    rotate = int(plan.warc_rotate_mb * 1e6)
    runs = alternate(lambda: _run(work, lambda d: write_warcio(exchanges, d)),
                     lambda: _run(work, lambda d: write_ours(exchanges, d, rotate)),
                     plan.warc_reps, "warc-writing")
    records = len(exchanges) * 2
    line = Line("warc.time", f"4 WARC writing: {records:,} records, {payload_mb:.0f} MB payload",
                "s", runs.figure("a", "seconds"), runs.figure("b", "seconds"),
                runs.ratio("seconds"), Goal("ratio", GOAL),
                note=f"A: warcio WARCWriter defaults (WARC/1.0, sha1, gzip level 9), output "
                     f"{runs.a[0]['out_mb']:.0f} MB; B: builders + WarcFiles (sha256, gzip "
                     f"level 6, warcinfo, rotation at {plan.warc_rotate_mb:g} MB: "
                     f"{runs.b[0]['files']:.0f} files, fsync), output "
                     f"{runs.b[0]['out_mb']:.0f} MB")
    if with_profile:
        line.extra["profile"] = profile(
            lambda: _run(work, lambda d: write_ours(exchanges, d, rotate)))
    rate = Line("warc.rate", "4 WARC writing: payload MB/s", "MB/s",
                summarize([payload_mb / m["seconds"] for m in runs.a]),
                summarize([payload_mb / m["seconds"] for m in runs.b]))
    return [line, rate]
