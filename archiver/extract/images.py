"""Images of an entry: figures and loose <img> (or AMP's <amp-img>), their URLs, captions and
credits."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

from lxml import etree

from archiver.extract.credits import normalize_credit, split_caption_credit, strip_credit_marker
from archiver.extract.model import Image
from archiver.extract.selectors import image_elements, is_visually_hidden, select
from archiver.extract.text import element_text

_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-srcset", "data-lazy",
               "data-url", "src")
# In a figure, the photographer's element ("autor-zdjecia", "fotografo", "photo-author").
_CREDIT_CLASS = re.compile(r"credit|copyright|source|bron|byline|photographer|rights|autor|author|"
                           r"fotograf|zdjec", re.I)
_CREDIT_PROPS = {"copyrightHolder", "creditText", "author", "copyrightNotice"}
_CAPTION_CLASS = re.compile(r"caption|description|legend|onderschrift", re.I)
_ICON_CLASS = re.compile(r"avatar|icon|logo|emoji|spinner|author", re.I)
# How a selector is run from an element: select(), or a page index's cached equivalent.
Selector = Callable[[etree._Element, str], list[etree._Element]]


def image_url(img: etree._Element, base_url: str) -> str | None:
    """The real image URL: lazy-loading attributes beat a data: or blank placeholder src."""
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if not value or value.startswith(("data:", "about:")):
            continue
        if "srcset" in attr:
            value = value.split(",")[0].strip().split(" ")[0]
        return urljoin(base_url, value)
    srcset = img.get("srcset") or ""
    if srcset:
        return urljoin(base_url, srcset.split(",")[0].strip().split(" ")[0])
    for source in img.itersiblings(preceding=True):
        if source.tag == "source" and source.get("srcset"):
            return urljoin(base_url, (source.get("srcset") or "").split(",")[0].split(" ")[0])
    return None


def is_decorative(img: etree._Element) -> bool:
    for attr in ("width", "height"):
        value = img.get(attr) or ""
        if value.isdigit() and int(value) <= 40:
            return True
    cls = img.get("class") or ""
    return bool(_ICON_CLASS.search(cls)) or img.get("role") == "presentation"


def _split_figcaption(cap: etree._Element, caption_sel: str | None, credit_sel: str | None,
                      select_in: Selector, hidden: set[etree._Element]
                      ) -> tuple[str | None, str | None]:
    credit_els: list[etree._Element] = []
    if credit_sel:
        credit_els = select_in(cap, credit_sel)
    if not credit_els:
        credit_els = [el for el in cap.iter()
                      if el is not cap and isinstance(el.tag, str) and el not in hidden
                      and (_is_credit_element(el) or el.tag in ("small", "cite"))]
    if credit_els:
        credit_raw = strip_credit_marker(" ".join(element_text(e, hidden)
                                                  for e in credit_els)) or None
        caption_els = select_in(cap, caption_sel) if caption_sel else []
        caption = (" ".join(element_text(e, hidden) for e in caption_els) if caption_els
                   else element_text(cap, skip=hidden | set(credit_els)))
        caption_text, inner_credit = split_caption_credit(caption) if caption else (None, None)
        return caption_text, credit_raw or inner_credit
    return split_caption_credit(element_text(cap, hidden))


def _is_credit_element(el: etree._Element) -> bool:
    return bool(_CREDIT_CLASS.search(el.get("class") or "")) or el.get("itemprop") in _CREDIT_PROPS


def _credit_beside_caption(fig: etree._Element, cap: etree._Element | None,
                           credit_sel: str | None, select_in: Selector,
                           hidden: set[etree._Element]) -> str | None:
    """A credit element elsewhere in the figure (beside the image, outside the caption): the
    outermost ones that hold no image and are neither in the caption nor around it."""
    def beside(el: etree._Element) -> bool:
        if el is fig or el is cap or el in hidden or image_elements(el):
            return False
        return cap is None or (cap not in el.iterancestors() and el not in cap.iterancestors())

    found = [el for el in select_in(fig, credit_sel)] if credit_sel else []
    if not found:
        found = [el for el in fig.iter() if isinstance(el.tag, str) and _is_credit_element(el)]
    found = [el for el in found if beside(el)]
    chosen = set(found)
    outermost = [el for el in found if not any(a in chosen for a in el.iterancestors())]
    return strip_credit_marker(" ".join(element_text(e, hidden) for e in outermost)) or None


def read_figure(fig: etree._Element, base_url: str, caption_sel: str | None = None,
                credit_sel: str | None = None, select_in: Selector = select) -> Image | None:
    imgs = [i for i in image_elements(fig) if not is_decorative(i)]
    url = image_url(imgs[0], base_url) if imgs else None
    hidden = {el for el in fig.iter() if isinstance(el.tag, str) and is_visually_hidden(el)}
    caps = [c for c in fig.iter("figcaption")]
    if not caps and caption_sel:
        caps = select_in(fig, caption_sel)
    if not caps:
        caps = [el for el in fig.iter() if isinstance(el.tag, str) and el is not fig
                and _CAPTION_CLASS.search(el.get("class") or "")]
    caption, credit_raw = (_split_figcaption(caps[0], caption_sel, credit_sel, select_in, hidden)
                           if caps else (None, None))
    if credit_raw is None and url is not None:
        credit_raw = _credit_beside_caption(fig, caps[0] if caps else None, credit_sel,
                                            select_in, hidden)
    if url is None and caption is None and credit_raw is None:
        return None
    alt = (imgs[0].get("alt") or "").strip() or None if imgs else None
    return Image(url=url, alt=alt, caption=caption, credit=normalize_credit(credit_raw),
                 credit_raw=credit_raw)


def read_loose_image(img: etree._Element, base_url: str) -> Image | None:
    if is_decorative(img):
        return None
    url = image_url(img, base_url)
    if url is None:
        return None
    return Image(url=url, alt=(img.get("alt") or "").strip() or None)
