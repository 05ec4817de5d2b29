"""The liveblog page of benchmark 3: N entries in the bundled sample's markup (de Volkskrant /
DPG Media), rendered by the sample's own templates from its 24 entries, all on one page."""

from __future__ import annotations

import dataclasses

from archiver.sample.content import load_liveblog
from archiver.sample.live import FeedState
from archiver.sample.render import PageContext, liveblog_page

ORIGIN = "http://127.0.0.1:8000"
EMBED_ORIGIN = "http://localhost:8000"


def page_url() -> str:
    return ORIGIN + load_liveblog().path


def generate(entries: int) -> bytes:
    """Entries newest first, ids counting down, clock times spread over the day (06:00 on),
    texts, images, links and tweet placeholders cycled from the sample's entries."""
    blog = load_liveblog()
    made = []
    for k in range(entries):
        source = blog.entries[k % len(blog.entries)]
        number = entries - k
        hours, minutes = divmod(6 * 60 + (number * 14 * 60) // max(entries, 1), 60)
        made.append(dataclasses.replace(source, id=str(5_000_000 + number),
                                        time=f"{min(hours, 23):02d}:{minutes:02d}",
                                        title=f"{source.title} ({number})"))
    whole = dataclasses.replace(blog, entries=tuple(made), page_size=max(entries, 1))
    state = FeedState(version=1, entries=tuple(made), closed=True,
                      modified=made[0].time if made else "06:00")
    api = f"/api/liveblog/{blog.site_id}"
    ctx = PageContext(ORIGIN, EMBED_ORIGIN, f"{api}/updates", 10.0, f"{api}/moments")
    return liveblog_page(whole, state, ctx).encode("utf-8")
