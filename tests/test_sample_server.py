"""The sample server over real HTTP: every route, the headers that matter, the consent flow,
"Toon meer", the access log, keep-alive, held connections and a taken port."""

from __future__ import annotations

import gzip
import http.client
import http.cookiejar
import json
import logging
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import lxml.html
import pytest

from archiver.cli.main import main as cli_main
from archiver.sample.assets import asset, image_names
from archiver.sample.content import load_articles, load_liveblog, load_tweets
from archiver.sample.server import PortInUseError, SampleServer

SampleFixture = Any      # the conftest fixtures are typed as object
CONSENT = {"Cookie": "pwv=1"}
API = "/api/liveblog/b2f5c7e1"


def fetch(server: SampleServer, path: str, *, method: str = "GET", host: str | None = None,
          headers: dict[str, str] | None = None, body: bytes | None = None,
          conn: http.client.HTTPConnection | None = None,
          ) -> tuple[http.client.HTTPResponse, bytes]:
    """One request with full control of the Host header; the response and its (decoded-from-
    chunking, still gzip-encoded) body."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    all_headers = {"Host": host or f"127.0.0.1:{server.port}", **(headers or {})}
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    if own:
        conn.close()
    return response, data


def raw_exchange(server: SampleServer, request: bytes, timeout: float = 10) -> bytes:
    """Send bytes, read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def first_form(body: bytes) -> lxml.html.FormElement:
    doc = lxml.html.document_fromstring(body)
    assert isinstance(doc, lxml.html.HtmlElement)
    return doc.forms[0]


def page(server: SampleServer) -> lxml.html.HtmlElement:
    response, body = fetch(server, load_liveblog().path, headers=CONSENT)
    assert response.status == 200
    return lxml.html.document_fromstring(body)


# --- the liveblog page -------------------------------------------------------------------

def test_liveblog_page_follows_the_contract(sample_server: SampleFixture) -> None:
    blog = load_liveblog()
    doc = page(sample_server)
    assert doc.get("lang") == "nl" and doc.findtext(".//title") == "Trump ontmoet Poetin"
    meta = {m.get("property"): m.get("content") for m in doc.iter("meta") if m.get("property")}
    assert meta["og:title"] == "Trump ontmoet Poetin" and meta["og:site_name"] == "de Volkskrant"
    assert meta["article:published_time"] == "2018-07-16T08:00:00+02:00"
    assert meta["article:modified_time"] == "2018-07-16T19:30:00+02:00"
    assert doc.xpath("//link[@rel='canonical']/@href") == [blog.canonical_url]
    ld = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    assert ld["@type"] == "LiveBlogPosting" and ld["headline"] == "Trump ontmoet Poetin"
    assert ld["coverageEndTime"] == "2018-07-16T19:30:00+02:00"
    assert "liveBlogUpdate" not in ld and ld["publisher"]["name"] == "de Volkskrant"
    assert doc.find_class("artstyle__label")[0].text == "Teruggelezen"
    assert doc.find_class("live-blog__status")[0].text == "Live"
    assert doc.find_class("live-blog__closed-notice")[0].text == "Dit liveblog is gesloten."
    lead = doc.find_class("artstyle__header-image")[0]
    assert lead.find_class("artstyle__image-credit")[0].text == "Beeld REUTERS"
    items = doc.find_class("live-blog__moment-list__item")
    assert [li.get("data-moment-id") for li in items] == [e.id for e in blog.entries[:20]]
    assert all(li.get("id") == f"moment-{li.get('data-moment-id')}" for li in items)
    assert [li.find_class("live-blog__moment__date")[0].text for li in items] == [
        e.time for e in blog.entries[:20]]
    first = items[0]
    embeds = first.find_class("live-blog__moment__embed--twitter")
    tweets = load_tweets()
    assert [e.get("data-embed-url") for e in embeds] == [
        tweets[t].url for t in ("1018874194241470514", "1018890909947142153",
                                "1018878625560920110")]
    assert all(e.text_content().strip() == "Twitter bericht wordt geladen..." for e in embeds)
    button = doc.find_class("live-blog__load-more")[0]
    assert button.text == "Toon meer" and button.get("data-next") == (
        f"{API}/moments?before={blog.entries[19].id}")
    scripts = doc.xpath("//script/@src")
    assert f"http://localhost:{sample_server.port}/embed/widgets.js" in scripts
    feed = doc.find_class("artstyle__element--livefeed")[0]
    assert feed.get("data-poll-interval") == "10" and feed.get("data-poll-url") == (
        f"{API}/updates")


def test_images_below_the_first_screen_are_lazy(sample_server: SampleFixture) -> None:
    doc = page(sample_server)
    imgs = doc.xpath("//ol//img")
    assert imgs and all(i.get("loading") == "lazy" or (i.get("data-src") and not i.get("src"))
                        for i in imgs)
    assert {bool(i.get("data-src")) for i in imgs} == {True, False}
    assert doc.xpath("//figure[contains(@class,'artstyle__header-image')]/img/@loading") == []


# --- the consent wall --------------------------------------------------------------------

def test_first_visit_is_redirected_to_the_consent_page(sample_server: SampleFixture) -> None:
    path = load_liveblog().path + "?utm_source=test"
    response, _ = fetch(sample_server, path)
    assert response.status == 302
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}" == sample_server.base_url
    assert location.path == "/privacy-gate/consent"
    callback = urllib.parse.parse_qs(location.query)["callbackUrl"][0]
    assert callback == sample_server.base_url + path
    response, body = fetch(sample_server, f"{location.path}?{location.query}")
    form = first_form(body)
    assert response.status == 200 and form.method == "POST"
    assert form.action == "/privacy-gate/accept" and form.fields["callbackUrl"] == callback
    assert lxml.html.fromstring(body).xpath("//form//button/text()") == ["Akkoord"]


def test_consent_flow_with_a_cookie_jar(sample_server: SampleFixture) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(sample_server.liveblog_url, timeout=10) as response:
        assert "/privacy-gate/consent" in response.url
        form = first_form(response.read())
    data = urllib.parse.urlencode(dict(form.fields)).encode()
    with opener.open(urllib.parse.urljoin(response.url, form.action), data, timeout=10) as resp:
        assert resp.url == sample_server.liveblog_url and resp.status == 200
        assert b"live-blog__moment-list__item" in resp.read()
    assert {c.name for c in jar} == {"pwv", "pws"}
    with opener.open(sample_server.liveblog_url, timeout=10) as again:   # no wall any more
        assert again.url == sample_server.liveblog_url


def test_accept_sets_the_cookie_and_only_returns_to_this_site(
        sample_server: SampleFixture) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    good = sample_server.base_url + "/"
    for callback, expected in [(good, good),
                               ("http://example.org/evil", sample_server.liveblog_url),
                               ("//example.org/evil", sample_server.liveblog_url)]:
        body = urllib.parse.urlencode({"callbackUrl": callback}).encode()
        response, _ = fetch(sample_server, "/privacy-gate/accept", method="POST", body=body,
                            headers=form)
        assert response.status == 303 and response.headers["Location"] == expected
        cookies = response.headers.get_all("Set-Cookie") or []
        assert any(c.startswith("pwv=1;") and "Path=/" in c for c in cookies)


def test_articles_and_front_page_are_behind_the_wall_too(sample_server: SampleFixture) -> None:
    paths = ["/", *load_articles()]
    for path in paths:
        assert fetch(sample_server, path)[0].status == 302
        response, body = fetch(sample_server, path, headers=CONSENT)
        assert response.status == 200 and b"<h1" in body, path


# --- "Toon meer" and the poll ------------------------------------------------------------

def test_toon_meer_endpoint_returns_the_four_oldest(sample_server: SampleFixture) -> None:
    blog = load_liveblog()
    button = page(sample_server).find_class("live-blog__load-more")[0]
    response, body = fetch(sample_server, button.get("data-next"))
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(body)
    assert data["count"] == 4 and data["next"] is None
    assert data["ids"] == [e.id for e in blog.entries[20:]]
    items = [li for li in lxml.html.fragments_fromstring(data["html"])
             if isinstance(li, lxml.html.HtmlElement)]
    assert [li.get("data-moment-id") for li in items] == data["ids"]
    assert [li.find_class("live-blog__moment__title")[0].text for li in items] == [
        e.title for e in blog.entries[20:]]
    paged = json.loads(fetch(sample_server, f"{API}/moments?before=99999999&limit=3")[1])
    assert paged["count"] == 3 and paged["next"] == (
        f"{API}/moments?before={blog.entries[2].id}&limit=3")
    for bad in ("", "?before=abc", "?before=1&limit=0", "?before=1&limit=x"):
        assert fetch(sample_server, f"{API}/moments{bad}")[0].status == 400


def test_poll_reports_nothing_new_in_static_mode(sample_server: SampleFixture) -> None:
    version = page(sample_server).find_class("artstyle__element--livefeed")[0].get(
        "data-version")
    response, body = fetch(sample_server, f"{API}/updates?since={version}")
    data = json.loads(body)
    assert response.status == 200 and data["moments"] == [] and data["deleted"] == []
    assert data["status"] == "closed" and data["version"] == int(version)
    everything = json.loads(fetch(sample_server, f"{API}/updates?since=0")[1])
    assert len(everything["moments"]) == 21 and everything["deleted"] == []
    assert fetch(sample_server, f"{API}/updates?since=x")[0].status == 400
    assert fetch(sample_server, f"{API}/updates?since=999")[0].status == 400


# --- static resources: gzip, chunked, validators -----------------------------------------

def test_css_is_really_gzip_encoded_when_accepted(sample_server: SampleFixture) -> None:
    original = asset("static/liveblog.css").data
    response, body = fetch(sample_server, "/assets/css/liveblog.css",
                           headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert body[:2] == b"\x1f\x8b" and gzip.decompress(body) == original
    assert int(response.headers["Content-Length"]) == len(body) < len(original)
    plain, plain_body = fetch(sample_server, "/assets/css/liveblog.css")
    assert plain.headers["Content-Encoding"] is None and plain_body == original
    assert plain.headers["ETag"] != response.headers["ETag"]
    refused, _ = fetch(sample_server, "/assets/css/liveblog.css",
                       headers={"Accept-Encoding": "gzip;q=0"})
    assert refused.headers["Content-Encoding"] is None


def test_js_is_really_chunked(sample_server: SampleFixture) -> None:
    original = asset("static/liveblog.js").data
    raw = raw_exchange(sample_server, (
        f"GET /assets/js/liveblog.js HTTP/1.1\r\nHost: 127.0.0.1:{sample_server.port}\r\n"
        "Connection: close\r\n\r\n").encode())
    head, _, rest = raw.partition(b"\r\n\r\n")
    headers = head.decode().lower()
    assert "transfer-encoding: chunked" in headers and "content-length" not in headers
    assert "content-type: application/javascript; charset=utf-8" in headers
    body, sizes = b"", []
    while True:                                 # de-chunk by hand
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        sizes.append(size)
        if size == 0:
            assert rest == b"\r\n"
            break
        body, rest = body + rest[:size], rest[size + 2:]
    assert body == original and len(sizes) > 2
    old = raw_exchange(sample_server, b"GET /assets/js/liveblog.js HTTP/1.0\r\n\r\n")
    old_head, _, old_body = old.partition(b"\r\n\r\n")
    assert b"chunked" not in old_head and old_body == original       # HTTP/1.0: no chunking
    assert f"content-length: {len(original)}".encode() in old_head.lower()


def test_every_image_and_the_favicon_are_served(sample_server: SampleFixture) -> None:
    for name in image_names():
        response, body = fetch(sample_server, f"/images/{name}")
        assert response.status == 200 and response.headers["Content-Type"] == "image/png"
        assert body == asset(f"images/{name}").data
        assert response.headers["Last-Modified"] and response.headers["Date"]
    response, body = fetch(sample_server, "/favicon.ico")
    assert response.headers["Content-Type"] == "image/x-icon" and body[:4] == b"\0\0\1\0"
    assert fetch(sample_server, "/images/nope.png")[0].status == 404


def test_if_none_match_gives_304(sample_server: SampleFixture) -> None:
    response, _ = fetch(sample_server, "/images/ontbijt-niinisto.png")
    again, body = fetch(sample_server, "/images/ontbijt-niinisto.png",
                        headers={"If-None-Match": response.headers["ETag"]})
    assert again.status == 304 and body == b"" and again.headers["ETag"]
    other, _ = fetch(sample_server, "/images/ontbijt-niinisto.png",
                     headers={"If-None-Match": '"something-else"'})
    assert other.status == 200


def test_robots_txt(sample_server: SampleFixture) -> None:
    response, body = fetch(sample_server, "/robots.txt")
    assert response.status == 200 and body.startswith(b"User-agent: *")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert b"Disallow: /nieuws" not in body and b"Disallow: /assets" not in body


# --- the embed platform on localhost -----------------------------------------------------

def test_embed_platform_answers_on_localhost_only(sample_server: SampleFixture) -> None:
    embed = f"localhost:{sample_server.port}"
    response, body = fetch(sample_server, "/embed/widgets.js", host=embed,
                           headers={"Accept-Encoding": "gzip"})
    assert response.status == 200 and gzip.decompress(body) == asset("embed/widgets.js").data
    response, body = fetch(sample_server, "/embed/tweet.html?id=1018802694347354142", host=embed)
    assert response.status == 200 and b'class="tweet tweet--loading"' in body
    assert b'data-testid="tweetText"' not in body
    assert fetch(sample_server, "/embed/tweet.js", host=embed)[0].status == 200
    assert fetch(sample_server, "/embed/widgets.js")[0].status == 404      # not on 127.0.0.1
    assert fetch(sample_server, load_liveblog().path, host=embed,
                 headers=CONSENT)[0].status == 404                        # not on localhost


def test_tweet_json(sample_server: SampleFixture) -> None:
    embed = f"localhost:{sample_server.port}"
    for tweet in load_tweets().values():
        response, body = fetch(sample_server, f"/embed/tweet/{tweet.id}.json", host=embed)
        data = json.loads(body)
        assert response.status == 200 and data["text"] == tweet.text
        assert data["user"] == {"name": tweet.name, "screen_name": tweet.screen_name}
        assert data["created_at"] == tweet.created_at and data["id_str"] == tweet.id
    response, body = fetch(sample_server, "/embed/tweet/123.json", host=embed)
    assert response.status == 404 and json.loads(body)["errors"][0]["code"] == 144
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"


# --- robustness --------------------------------------------------------------------------

def test_bad_paths_and_methods(sample_server: SampleFixture) -> None:
    response, body = fetch(sample_server, "/no/such/page")
    assert response.status == 404 and b"Pagina niet gevonden" in body
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    for method in ("POST", "PUT", "DELETE", "BREW"):
        response, _ = fetch(sample_server, load_liveblog().path, method=method, body=b"")
        assert response.status == 405 and response.headers["Allow"] == "GET, HEAD"
    response, _ = fetch(sample_server, "/privacy-gate/accept")
    assert response.status == 405 and response.headers["Allow"] == "POST"
    response, _ = fetch(sample_server, "/nieuws-achtergrond/trump-ontmoet-poetin~b2f5c7e1")
    assert response.status == 301 and response.headers["Location"] == load_liveblog().path
    raw = raw_exchange(sample_server, b"GARBAGE\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 400 ") and b"Connection: close" in raw
    big = raw_exchange(sample_server, (
        f"POST /privacy-gate/accept HTTP/1.1\r\nHost: 127.0.0.1:{sample_server.port}\r\n"
        "Content-Length: 9999999\r\n\r\n").encode())
    assert big.startswith(b"HTTP/1.1 413") and b"Connection: close" in big


def test_head_and_keep_alive_on_one_connection(sample_server: SampleFixture) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", sample_server.port, timeout=10)
    conn.connect()
    sock = conn.sock
    path = load_liveblog().path
    head, head_body = fetch(sample_server, path, method="HEAD", headers=CONSENT, conn=conn)
    get, get_body = fetch(sample_server, path, headers=CONSENT, conn=conn)
    assert head.status == get.status == 200 and head_body == b""
    assert int(head.headers["Content-Length"]) == len(get_body)
    assert fetch(sample_server, path, conn=conn)[0].status == 302
    assert fetch(sample_server, "/nope", conn=conn)[0].status == 404
    chunked_head, _ = fetch(sample_server, "/assets/js/liveblog.js", method="HEAD", conn=conn)
    assert chunked_head.headers["Transfer-Encoding"] == "chunked"
    body = urllib.parse.urlencode({"callbackUrl": "/"}).encode()
    posted, _ = fetch(sample_server, "/privacy-gate/accept", method="POST", body=body, conn=conn,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert posted.status == 303
    assert fetch(sample_server, "/assets/js/liveblog.js", conn=conn)[1] == asset(
        "static/liveblog.js").data
    assert conn.sock is sock                    # all of it over one kept-alive connection
    conn.close()


def test_chunked_request_body_is_read(sample_server: SampleFixture) -> None:
    form = urllib.parse.urlencode({"callbackUrl": "/robots.txt"}).encode()
    raw = raw_exchange(sample_server, (
        f"POST /privacy-gate/accept HTTP/1.1\r\nHost: 127.0.0.1:{sample_server.port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n"
        f"Connection: close\r\n\r\n{len(form):x}\r\n").encode() + form + b"\r\n0\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 303")
    assert f"Location: {sample_server.base_url}/robots.txt".encode() in raw


# --- the access log ----------------------------------------------------------------------

def test_access_log_records_every_response(fresh_sample_server: SampleFixture) -> None:
    server = fresh_sample_server
    path = load_liveblog().path
    fetch(server, path)
    fetch(server, "/privacy-gate/accept", method="POST", body=b"callbackUrl=%2F",
          headers={"Content-Type": "application/x-www-form-urlencoded"})
    fetch(server, "/missing?x=1")
    fetch(server, path, method="HEAD", headers=CONSENT)
    _, tweet = fetch(server, "/embed/tweet/1018802694347354142.json",
                     host=f"localhost:{server.port}")
    log = server.access_log
    assert [(e.method, e.path, e.status) for e in log] == [
        ("GET", path, 302), ("POST", "/privacy-gate/accept", 303), ("GET", "/missing?x=1", 404),
        ("HEAD", path, 200), ("GET", "/embed/tweet/1018802694347354142.json", 200)]
    assert log[0].host == f"127.0.0.1:{server.port}" and log[0].url == server.base_url + path
    assert log[-1].url == f"{server.embed_base_url}/embed/tweet/1018802694347354142.json"
    assert log[-1].bytes_sent == len(tweet) and log[3].bytes_sent == 0
    assert log[0].time <= log[-1].time and log[0].time.tzinfo is not None
    log.clear()                                  # a copy: the server's log is untouched
    assert len(server.access_log) == 5
    server.clear_log()
    assert server.access_log == []


# --- held connections, stopping, ports ---------------------------------------------------

def test_hanging_tweet_blocks_nothing_and_stop_releases_it() -> None:
    hung = "1018802694347354142"
    server = SampleServer(port=0, hang_tweets=[hung])
    server.start()
    idle = socket.create_connection(("127.0.0.1", server.port), timeout=30)  # idle keep-alive
    held = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    try:
        held.sendall(f"GET /embed/tweet/{hung}.json HTTP/1.1\r\nHost: localhost:{server.port}"
                     "\r\n\r\n".encode())
        held.settimeout(1.0)
        with pytest.raises(TimeoutError):
            held.recv(1)                         # no answer
        response, _ = fetch(server, "/embed/tweet/1018743468334239772.json",
                            host=f"localhost:{server.port}")
        assert response.status == 200           # other requests still served
        assert next((e.path, e.status) for e in server.access_log) == (
            f"/embed/tweet/{hung}.json", 0)
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 10
        held.settimeout(10)
        assert held.recv(1) == b""               # released: closed without an answer
        idle.settimeout(10)
        assert idle.recv(1) == b""
    finally:
        held.close()
        idle.close()
        server.stop()


def test_client_disconnects_leave_no_traceback(capfd: pytest.CaptureFixture[str],
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="archiver.sample")
    path = load_liveblog().path
    with SampleServer(port=0) as server:
        for _ in range(3):
            # Many pipelined page requests, a tiny receive window, then a reset: the server is
            # mid-write when the client goes away.
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
            sock.connect(("127.0.0.1", server.port))
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                         "Cookie: pwv=1\r\n\r\n".encode() * 50)
            sock.recv(100)
            time.sleep(0.05)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        with socket.create_connection(("127.0.0.1", server.port)) as half:
            half.sendall(b"GET /robots.txt HTTP/1.1\r\n")   # half a request, then gone
        time.sleep(0.3)
    assert capfd.readouterr().err == ""
    assert any("went away" in r.getMessage() for r in caplog.records)


def test_server_lifecycle_errors() -> None:
    server = SampleServer(port=0)
    with pytest.raises(RuntimeError, match="start"):
        _ = server.base_url
    server.stop()                                # stopping a server never started is fine
    with server:
        with pytest.raises(RuntimeError, match="already running"):
            server.start()
        assert server.base_url == f"http://127.0.0.1:{server.port}"
        assert server.embed_base_url == f"http://localhost:{server.port}"
        assert server.liveblog_url == server.base_url + load_liveblog().path
    server.stop()
    with pytest.raises(ValueError, match="live=True"):
        SampleServer(clock=object())  # type: ignore[arg-type]


@pytest.fixture
def taken_port() -> Any:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    yield sock.getsockname()[1]
    sock.close()


def test_taken_port_raises_a_clear_error(taken_port: int) -> None:
    with pytest.raises(PortInUseError) as info:
        SampleServer(port=taken_port).start()
    assert str(info.value) == f"port {taken_port} on 127.0.0.1 is already in use"
    assert isinstance(info.value, OSError)


def test_cli_taken_port_is_one_line_and_non_zero(
        taken_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(["sample", "serve", "--port", str(taken_port)])
    captured = capsys.readouterr()
    assert code != 0
    assert captured.err == f"archiver: port {taken_port} on 127.0.0.1 is already in use\n"
    process = subprocess.run(
        [sys.executable, "-m", "archiver.cli.main", "sample", "serve", "--port", str(taken_port)],
        capture_output=True, text=True, timeout=60, check=False)
    assert process.returncode == code
    assert process.stderr == f"archiver: port {taken_port} on 127.0.0.1 is already in use\n"


@pytest.mark.slow
def test_cli_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli.main", "sample", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.rsplit(" ", 1)[-1].strip()
        assert first.startswith("Sample liveblog (static): http://127.0.0.1:")
        assert url.endswith(load_liveblog().path)
        robots = urllib.parse.urljoin(url, "/robots.txt")
        with urllib.request.urlopen(robots, timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0 and "Stopped." in out and "Traceback" not in err


def test_threads_do_not_leak_after_stop() -> None:
    before = threading.active_count()
    for _ in range(3):
        with SampleServer(port=0) as server:
            fetch(server, "/robots.txt")
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before


def test_urllib_error_for_404_is_plain_http(sample_server: SampleFixture) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(sample_server.base_url + "/nope", timeout=10)
    assert info.value.code == 404
    info.value.close()
