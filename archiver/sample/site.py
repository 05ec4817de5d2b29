"""The sample site's routes: the news site on 127.0.0.1 and the embed platform on localhost."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import quote, urlsplit

from archiver.sample.assets import ASSET_LAST_MODIFIED, asset, has_asset
from archiver.sample.content import (
    Image,
    Paragraph,
    SampleDataError,
    TweetEmbed,
    load_articles,
    load_liveblog,
    load_tweets,
)
from archiver.sample.live import LiveFeed
from archiver.sample.messages import (
    Request,
    Response,
    html_response,
    json_response,
    port_suffix,
    redirect,
    text_response,
)
from archiver.sample.render import (
    PageContext,
    article_page,
    consent_page,
    error_page,
    front_page,
    liveblog_page,
    moment_html,
    moments_html,
)

logger = logging.getLogger(__name__)

EMBED_HOSTNAME = "localhost"
CONSENT_PATH = "/privacy-gate/consent"
ACCEPT_PATH = "/privacy-gate/accept"
CONSENT_COOKIE = "pwv"
CONSENT_SETTINGS = "functional|analytics|content_recommendation|targeted_advertising|social_media"
COOKIE_ATTRS = "Max-Age=31536000; Path=/; SameSite=Lax"
ASSET_CACHE = "public, max-age=86400"
NEWS_ROBOTS = "User-agent: *\nDisallow: /zoeken\nDisallow: /account/\n"
EMBED_ROBOTS = "User-agent: *\nDisallow:\n"
TWEET_NOT_FOUND = {"errors": [{"code": 144, "message": "No status found with that ID."}]}

Handler = Callable[[Request, re.Match[str]], Response]


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    methods: frozenset[str]
    handler: Handler


def route(path: str, handler: Handler, methods: str = "GET", *, regex: bool = False) -> Route:
    allowed = set(methods.split())
    if "GET" in allowed:
        allowed.add("HEAD")
    return Route(re.compile(path if regex else re.escape(path)), frozenset(allowed), handler)


class SampleSite:
    """Maps requests to responses. Stateless apart from the live feed it reads."""

    def __init__(self, feed: LiveFeed, *, poll_interval: float = 10.0,
                 hang_tweets: Collection[str] = (), default_host: str = "127.0.0.1") -> None:
        self.blog = load_liveblog()
        self.tweets = load_tweets()
        self.articles = load_articles()
        self.feed = feed
        self.poll_interval = poll_interval
        self.hang_tweets = frozenset(str(t) for t in hang_tweets)
        self.default_host = default_host        # the server sets host:port once it is bound
        self.api = f"/api/liveblog/{self.blog.site_id}"
        self._check()
        blog_path = self.blog.path
        self.news_routes = [
            route("/", lambda r, m: self.gated(r, self.front)),
            route(blog_path, lambda r, m: self.gated(r, self.liveblog)),
            route(blog_path.rstrip("/"), self.add_slash),
            route("|".join(re.escape(p) for p in self.articles), self.article, regex=True),
            route(CONSENT_PATH, self.consent),
            route(ACCEPT_PATH, self.accept, "POST"),
            route(f"{self.api}/moments", self.moments),
            route(f"{self.api}/updates", self.updates),
            route("/assets/css/liveblog.css",
                  lambda r, m: self.asset("static/liveblog.css", compress=True)),
            route("/assets/js/liveblog.js",
                  lambda r, m: self.asset("static/liveblog.js", chunked=True)),
            route(r"/images/([a-z0-9-]+\.png)", self.image, regex=True),
            route("/favicon.ico", lambda r, m: self.asset("static/favicon.ico")),
            route("/robots.txt", lambda r, m: text_response(200, NEWS_ROBOTS)),
        ]
        self.embed_routes = [
            route("/embed/widgets.js", lambda r, m: self.asset("embed/widgets.js", compress=True)),
            route("/embed/tweet.html", lambda r, m: self.asset("embed/tweet.html")),
            route("/embed/tweet.js", lambda r, m: self.asset("embed/tweet.js")),
            route(r"/embed/tweet/([^/]+)\.json", self.tweet_json, regex=True),
            route("/robots.txt", lambda r, m: text_response(200, EMBED_ROBOTS)),
        ]

    def _check(self) -> None:
        """Every tweet, image and link the entries name must exist: fail at start, not later."""
        for entry in self.blog.entries:
            for block in entry.blocks:
                if isinstance(block, TweetEmbed) and block.tweet_id not in self.tweets:
                    raise SampleDataError(f"entry {entry.id}: unknown tweet {block.tweet_id}")
                if isinstance(block, Image) and not has_asset(f"images/{block.file}"):
                    raise SampleDataError(f"entry {entry.id}: missing image {block.file}")
                if isinstance(block, Paragraph):
                    for mark in block.marks:
                        if mark.link and mark.link not in self.articles:
                            raise SampleDataError(f"entry {entry.id}: link to unknown page "
                                                  f"{mark.link}")

    # --- dispatch -------------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        embed = req.hostname == EMBED_HOSTNAME
        for r in self.embed_routes if embed else self.news_routes:
            match = r.pattern.fullmatch(req.path)
            if match is None:
                continue
            if req.method not in r.methods:
                allowed = ", ".join(sorted(r.methods))
                return self.error(405, embed).header("Allow", allowed)
            return r.handler(req, match)
        return self.error(404, embed, json_body=embed and req.path.endswith(".json"))

    def error(self, status: int, embed: bool = False, *, json_body: bool = False) -> Response:
        titles = {400: "Ongeldig verzoek", 404: "Pagina niet gevonden",
                  405: "Methode niet toegestaan", 413: "Verzoek te groot"}
        title = titles.get(status, "Er ging iets mis")
        if json_body:
            return json_response(status, {"errors": [{"code": status, "message": title}]})
        if embed:
            return text_response(status, f"{status} {title}\n")
        message = ("Deze pagina bestaat niet (meer)." if status == 404
                   else "Het verzoek kon niet worden verwerkt.")
        return html_response(status, error_page(status, title, message))

    # --- hosts and origins ----------------------------------------------------------------

    def site_origin(self, req: Request) -> str:
        return f"http://{req.host or self.default_host}"

    def embed_origin(self, req: Request) -> str:
        return f"http://{EMBED_HOSTNAME}{port_suffix(req.host or self.default_host)}"

    # --- news site ------------------------------------------------------------------------

    def gated(self, req: Request, page: Callable[[Request], Response]) -> Response:
        """DPG-style consent wall: no consent cookie, no page, but a redirect to the gate."""
        if CONSENT_COOKIE not in req.cookies:
            callback = self.site_origin(req) + req.target
            location = f"{self.site_origin(req)}{CONSENT_PATH}?callbackUrl={quote(callback, '')}"
            return redirect(302, location).header("Vary", "Cookie")
        return page(req).header("Vary", "Cookie")

    def front(self, req: Request) -> Response:
        return html_response(200, front_page(self.blog, list(self.articles.values())))

    def liveblog(self, req: Request) -> Response:
        state = self.feed.state()
        ctx = PageContext(self.site_origin(req), self.embed_origin(req), f"{self.api}/updates",
                          self.poll_interval, f"{self.api}/moments")
        response = html_response(200, liveblog_page(self.blog, state, ctx))
        response.last_modified = _http_date(self.blog.iso(state.modified))
        return response

    def add_slash(self, req: Request, match: re.Match[str]) -> Response:
        query = urlsplit(req.target).query
        return redirect(301, self.blog.path + (f"?{query}" if query else ""))

    def article(self, req: Request, match: re.Match[str]) -> Response:
        item = self.articles[req.path]
        canonical = "https://www.volkskrant.nl" + item.path
        return self.gated(req, lambda r: html_response(200, article_page(item, canonical)))

    def consent(self, req: Request, match: re.Match[str]) -> Response:
        callback = self.safe_callback(req, req.param("callbackUrl"))
        return html_response(200, consent_page(callback, ACCEPT_PATH),
                             cache="no-store")

    def accept(self, req: Request, match: re.Match[str]) -> Response:
        callback = self.safe_callback(req, req.form().get("callbackUrl"))
        response = redirect(303, callback, cache="no-store")
        response.header("Set-Cookie", f"{CONSENT_COOKIE}=1; {COOKIE_ATTRS}")
        return response.header("Set-Cookie", f"pws={CONSENT_SETTINGS}; {COOKIE_ATTRS}")

    def safe_callback(self, req: Request, raw: str | None) -> str:
        """Only back to this site: an open redirect is a bug even in a sample."""
        origin = self.site_origin(req)
        if raw:
            parts = urlsplit(raw)
            if not parts.scheme and not parts.netloc and raw.startswith("/"):
                return origin + raw
            if parts.scheme == "http" and parts.netloc == (req.host or self.default_host):
                return raw
        return origin + self.blog.path

    def moments(self, req: Request, match: re.Match[str]) -> Response:
        """'Toon meer': entries older than ``before``, as an HTML fragment inside JSON."""
        before, limit = req.param("before"), req.param("limit")
        if not before or not before.isdigit() or (limit is not None and not (
                limit.isdigit() and 1 <= int(limit) <= 50)):
            return json_response(400, {"error": "before=<moment id> (and limit=1..50) needed"})
        size = int(limit) if limit else self.blog.page_size
        entries, more = self.feed.state().older_than(int(before), size)
        next_url = None
        if more:
            next_url = f"{self.api}/moments?before={entries[-1].id}"
            next_url += f"&limit={size}" if limit else ""
        return json_response(200, {"count": len(entries), "ids": [e.id for e in entries],
                                   "html": moments_html(entries), "next": next_url})

    def updates(self, req: Request, match: re.Match[str]) -> Response:
        """The poll: what changed since the version the page has (new, edited, deleted)."""
        state = self.feed.state()
        since = req.param("since")
        if since is not None and not (since.isdigit() and int(since) <= self.feed.last_step):
            return json_response(400, {"error": f"since must be 0..{self.feed.last_step}"})
        diff = self.feed.script.diff(int(since) if since else state.version, state.version)
        return json_response(200, {
            "version": state.version,
            "status": "closed" if state.closed else "live",
            "label": self.blog.label_closed if state.closed else self.blog.label_live,
            "closed_notice": self.blog.closed_notice if state.closed else None,
            "modified": self.blog.iso(state.modified),
            "moments": [{"id": e.id, "html": moment_html(e)} for e in diff.new_or_changed],
            "deleted": list(diff.deleted),
        })

    def asset(self, name: str, *, compress: bool = False, chunked: bool = False) -> Response:
        item = asset(name)
        return Response(200, item.data, item.content_type, [("Cache-Control", ASSET_CACHE)],
                        etag=item.etag, last_modified=ASSET_LAST_MODIFIED,
                        compress=compress, chunked=chunked)

    def image(self, req: Request, match: re.Match[str]) -> Response:
        name = f"images/{match.group(1)}"
        return self.asset(name) if has_asset(name) else self.error(404)

    # --- embed platform -------------------------------------------------------------------

    def tweet_json(self, req: Request, match: re.Match[str]) -> Response:
        tweet_id = match.group(1)
        if tweet_id in self.hang_tweets:
            return Response(0, hold=True)
        tweet = self.tweets.get(tweet_id)
        if tweet is None:
            return json_response(404, TWEET_NOT_FOUND)
        return json_response(200, {
            "id_str": tweet.id, "text": tweet.text, "lang": tweet.lang,
            "created_at": tweet.created_at, "permalink": tweet.url,
            "user": {"name": tweet.name, "screen_name": tweet.screen_name},
        }, cache="public, max-age=600")


def _http_date(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso).astimezone(UTC), usegmt=True)
