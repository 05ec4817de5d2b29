"""HTML of the sample site: the liveblog page, its entries (moments), articles and small pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape
from string import Template

from archiver.sample.assets import asset, png_size
from archiver.sample.content import (
    TWEET_PLACEHOLDER,
    Article,
    Block,
    Entry,
    Image,
    Liveblog,
    Paragraph,
    load_tweets,
)
from archiver.sample.live import FeedState


def text(value: str) -> str:
    """Escaped text; no-break spaces written as ``&nbsp;`` as the site's CMS does."""
    return escape(value, quote=False).replace("\xa0", "&nbsp;")


def attr(value: str) -> str:
    return escape(value, quote=True).replace("\xa0", "&nbsp;")


@cache
def template(name: str) -> Template:
    return Template(asset(f"templates/{name}").text())


def inline(paragraph: Paragraph) -> str:
    """The paragraph's text with its marks (links, emphasis) around their first occurrences."""
    spans: list[tuple[int, int, str, str]] = []
    for mark in paragraph.marks:
        start = paragraph.text.find(mark.text)
        while start >= 0 and any(s < start + len(mark.text) and start < e for s, e, _, _ in spans):
            start = paragraph.text.find(mark.text, start + 1)
        if start < 0:
            continue
        if mark.link:
            opening, closing = f'<a href="{attr(mark.link)}">', "</a>"
        else:
            opening, closing = "<em>", "</em>"
        spans.append((start, start + len(mark.text), opening, closing))
    out, pos = [], 0
    for start, end, opening, closing in sorted(spans):
        out += [text(paragraph.text[pos:start]), opening, text(paragraph.text[start:end]), closing]
        pos = end
    out.append(text(paragraph.text[pos:]))
    return "".join(out)


def image_tag(image: Image) -> str:
    width, height = png_size(asset(f"images/{image.file}").data)
    src = f"/images/{image.file}"
    size = f'width="{width}" height="{height}"'
    if image.lazy == "script":
        # No src at all until the page script swaps data-src in: a capture that does not
        # scroll keeps only the data-src.
        return f'<img class="lazy-image" data-src="{src}" alt="{attr(image.alt)}" {size}>'
    loading = ' loading="lazy" decoding="async"' if image.lazy == "native" else ""
    return f'<img src="{src}" alt="{attr(image.alt)}" {size}{loading}>'


def figure(image: Image, prefix: str, figure_class: str) -> str:
    # Caption and credit spans touch: a text dump glues them ("Helsinki.Beeld epa"), as the seed.
    caption = (f'<span class="{prefix}-caption">{text(image.caption)}</span>'
               if image.caption is not None else "")
    return (f'<figure class="{figure_class}">\n{image_tag(image)}\n'
            f'<figcaption>{caption}<span class="{prefix}-credit">{text(image.credit)}</span>'
            "</figcaption>\n</figure>")


def block_html(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f'<p class="live-blog__moment__paragraph">{inline(block)}</p>'
    if isinstance(block, Image):
        return figure(block, "live-blog__moment__image", "live-blog__moment__image")
    tweet = load_tweets()[block.tweet_id]
    return ('<div class="live-blog__moment__embed live-blog__moment__embed--twitter" '
            f'data-embed-url="{attr(tweet.url)}">\n'
            f'<p class="live-blog__moment__embed-placeholder">{TWEET_PLACEHOLDER}</p>\n</div>')


@lru_cache(maxsize=256)
def moment_html(entry: Entry) -> str:
    parts = [f'<li class="live-blog__moment-list__item" id="moment-{entry.id}" '
             f'data-moment-id="{entry.id}">',
             f'<span class="live-blog__moment__date">{entry.time}</span>',
             f'<h3 class="live-blog__moment__title">{text(entry.title)}</h3>',
             *(block_html(b) for b in entry.blocks), "</li>"]
    return "\n".join(parts)


def moments_html(entries: list[Entry] | tuple[Entry, ...]) -> str:
    return "\n".join(moment_html(e) for e in entries)


@dataclass(frozen=True)
class PageContext:
    """Where the page is seen from: origins as the client named them, the polling setup."""

    site_origin: str                 # "http://127.0.0.1:8000"
    embed_origin: str                # "http://localhost:8000"
    poll_url: str
    poll_interval: float
    moments_url: str


def json_ld(blog: Liveblog, state: FeedState, ctx: PageContext) -> str:
    width, height = png_size(asset(f"images/{blog.lead_image.file}").data)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": blog.title,
        "description": blog.intro,
        "url": blog.canonical_url,
        "mainEntityOfPage": blog.canonical_url,
        "inLanguage": "nl",
        "datePublished": blog.iso(blog.published_time),
        "dateModified": blog.iso(state.modified),
        "coverageStartTime": blog.iso(blog.published_time),
    }
    if state.closed:
        data["coverageEndTime"] = blog.iso(blog.closed_time)
    data["image"] = {"@type": "ImageObject", "url": f"{ctx.site_origin}/images/"
                     f"{blog.lead_image.file}", "width": width, "height": height}
    data["publisher"] = {"@type": "Organization", "name": blog.site_name,
                         "logo": {"@type": "ImageObject", "url": f"{ctx.site_origin}/favicon.ico"}}
    # "</" inside a script element would end it early.
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def liveblog_page(blog: Liveblog, state: FeedState, ctx: PageContext) -> str:
    shown, more = state.entries[:blog.page_size], len(state.entries) > blog.page_size
    load_more = ""
    if more:
        load_more = (f'<button class="live-blog__load-more" type="button" '
                     f'data-next="{attr(ctx.moments_url)}?before={shown[-1].id}">'
                     f"{text(blog.load_more_text)}</button>")
    notice = (f'<div class="live-blog__closed-notice">{text(blog.closed_notice)}</div>\n'
              if state.closed else "")
    lead = figure(blog.lead_image, "artstyle__image", "artstyle__header-image")
    return template("liveblog.html").substitute(
        title=text(blog.title), intro=attr(blog.intro), intro_title=text(blog.intro_title),
        site_name=text(blog.site_name), section=attr(blog.section),
        canonical=attr(blog.canonical_url),
        lead_image_url=attr(f"{ctx.site_origin}/images/{blog.lead_image.file}"),
        published=blog.iso(blog.published_time), modified=blog.iso(state.modified),
        json_ld=json_ld(blog, state, ctx),
        label=text(blog.label_closed if state.closed else blog.label_live),
        lead_figure=lead, site_id=blog.site_id, version=state.version,
        poll_url=attr(ctx.poll_url), poll_interval=f"{ctx.poll_interval:g}",
        status_text=text(blog.status_text), closed_notice=notice,
        moments=moments_html(shown), load_more=load_more, embed_origin=ctx.embed_origin)


def simple_page(title: str, content: str, *, body_class: str = "page", head: str = "") -> str:
    return template("page.html").substitute(title=text(title), content=content,
                                            body_class=body_class, head=head)


def article_page(article: Article, canonical: str) -> str:
    paragraphs = "\n".join(f'<p class="artstyle__paragraph">{text(p)}</p>'
                           for p in article.paragraphs)
    content = (f'<article class="artstyle__article">\n<div class="artstyle__header">\n'
               f'<h1 class="artstyle__header-title">{text(article.title)}</h1>\n'
               f'<p class="artstyle__intro">{text(article.intro)}</p>\n'
               f'<p class="artstyle__byline">{text(article.author)} &middot; '
               f'<time datetime="{article.published}">{article.published[:10]}</time></p>\n'
               f"</div>\n{paragraphs}\n"
               '<p class="sample-note">Voorbeeldtekst: dit artikel is verzonnen voor de '
               "demo van liveblog-archiver (sample data).</p>\n</article>")
    head = (f'<link rel="canonical" href="{attr(canonical)}">\n'
            f'<meta property="article:published_time" content="{article.published}">')
    return simple_page(article.title, content, body_class="article-page", head=head)


def consent_page(callback_url: str, accept_path: str) -> str:
    content = ('<section class="privacy-gate" aria-labelledby="pg-title">\n'
               '<h1 id="pg-title">Jouw privacy-instellingen</h1>\n'
               "<p>De Volkskrant en DPG Media gebruiken cookies en vergelijkbare technieken om "
               "de website goed te laten werken, het gebruik te meten en je relevante "
               "inhoud te tonen. Met de knop hieronder geef je daarvoor toestemming.</p>\n"
               f'<form class="privacy-gate__form" method="post" action="{attr(accept_path)}">\n'
               f'<input type="hidden" name="callbackUrl" value="{attr(callback_url)}">\n'
               '<button type="submit" class="pg-button pg-button--accept" name="action" '
               'value="accept">Akkoord</button>\n</form>\n</section>')
    return simple_page("Privacy-instellingen | de Volkskrant", content,
                       body_class="privacy-gate-page")


def error_page(status: int, title: str, message: str) -> str:
    content = (f'<section class="error-page">\n<h1>{text(title)}</h1>\n<p>{text(message)}</p>\n'
               f'<p class="error-page__code">Foutcode {status}</p>\n</section>')
    return simple_page(f"{title} | de Volkskrant", content, body_class="error")


def front_page(blog: Liveblog, articles: list[Article]) -> str:
    items = [f'<li><a href="{attr(blog.path)}">{text(blog.title)}</a> (liveblog)</li>']
    items += [f'<li><a href="{attr(a.path)}">{text(a.title)}</a></li>' for a in articles]
    content = ('<section class="front">\n<h1>Nieuws &amp; Achtergrond</h1>\n<ul>\n'
               + "\n".join(items) + "\n</ul>\n</section>")
    return simple_page("de Volkskrant", content, body_class="front-page")
