"""Reading one entry: bylines beside the time, labels that are not body text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archiver.extract import PageSnapshot, extract_entries

CAPTURED = datetime(2022, 9, 26, 8, 0, tzinfo=UTC)


def _entries(meta: str, lang: str = "it", n: int = 3) -> list[dict[str, object]]:
    posts = "".join(
        f'<div class="p" id="p{i}"><div class="m"><span class="h">0{i}:1{i}</span> {meta}</div>'
        f"<p>Il testo dell'aggiornamento numero {i}, abbastanza lungo da essere una voce.</p>"
        "</div>"
        for i in range(n, 0, -1))
    html = f'<html lang="{lang}"><body><main><div>{posts}</div></main></body></html>'
    return extract_entries(PageSnapshot(url="https://giornale.example/diretta", html=html.encode(),
                                        captured_at=CAPTURED)).entries


@pytest.mark.parametrize("byline,name", [
    ("di Marco Galli", "Marco Galli"),
    ("by Jane Doe", "Jane Doe"),
    ("By Reuters", "Reuters"),
    ("door Jan de Vries", "Jan de Vries"),
    ("von Anna Schmidt", "Anna Schmidt"),
    ("par Jean Dupont", "Jean Dupont"),
    ("przez Jana Kowalskiego", "Jana Kowalskiego"),
    ("Aoife Byrne", "Aoife Byrne"),
])
def test_a_name_beside_the_time_is_a_byline_with_or_without_its_by(byline: str,
                                                                   name: str) -> None:
    entries = _entries(f'<span class="x">{byline}</span>')
    assert all(e["authors"] == [name] for e in entries)
    assert all(str(e["body_text"]).startswith("Il testo") for e in entries)


@pytest.mark.parametrize("text", ["di più", "Reuters", "in diretta"])
def test_other_short_texts_beside_the_time_are_not_bylines(text: str) -> None:
    entries = _entries(f'<span class="x">{text}</span>')
    assert all(e["authors"] == [] for e in entries)
    assert all(str(e["body_text"]).startswith(text) for e in entries)


@pytest.mark.parametrize("heading", ["<h2>Strade chiuse</h2>", "<h3>Strade chiuse</h3>",
                                     '<div role="heading">Strade chiuse</div>',
                                     '<span itemprop="headline">Strade chiuse</span>'])
def test_a_heading_beside_the_time_is_the_title_not_a_byline(heading: str) -> None:
    entries = _entries(heading)
    assert all(e["title"] == "Strade chiuse" and e["authors"] == [] for e in entries)


def test_name_particles_in_capitals_belong_to_the_name() -> None:
    entries = _entries('<span class="x">Van Gaal</span>')
    assert all(e["authors"] == ["Van Gaal"] for e in entries)


@pytest.mark.parametrize("cls", ["diretta__firma", "autore", "post-signature"])
def test_signature_classes_mark_authors(cls: str) -> None:
    entries = _entries(f'<span class="{cls}">di Chiara De Santis</span>')
    assert all(e["authors"] == ["Chiara De Santis"] for e in entries)
    assert all("Chiara" not in str(e["body_text"]) for e in entries)


def _feed(label: str, head: str = "") -> list[dict[str, object]]:
    head = head or f'{label}<time datetime="2022-09-26T06:00:00Z">08:00</time>'
    posts = [f'<article id="a0">{head}'
             "<h2>How to follow the day</h2><p>Welcome to the live coverage.</p></article>"]
    posts += [f'<article id="a{i}"><time datetime="2022-09-26T0{i}:30:00Z">0{i + 2}:30</time>'
              f"<h2>Update {i}</h2><p>Text of update {i}.</p></article>" for i in (7, 6)]
    html = f'<html lang="en-GB"><body><main><div>{"".join(posts)}</div></main></body></html>'
    return extract_entries(PageSnapshot(url="https://news.example.co.uk/live", html=html.encode(),
                                        captured_at=CAPTURED)).entries


@pytest.mark.parametrize("label", [
    "<p>Pinned post</p>",
    '<p class="label"><svg width="12" height="12"><path d="M0 0h12v12H0z"></path></svg> '
    "Pinned post</p>",
    '<div><span class="icon icon-pin"></span><span>Vastgepind</span></div>',
    '<span><i class="fa fa-thumbtack"></i> Angepinnt</span>',
    '<div class="badge"><img src="/pin.svg" alt=""> In evidenza</div>',
    "<span>📌 Pinned</span>",
])
def test_a_pinned_label_with_or_without_an_icon_is_not_body_text(label: str) -> None:
    entries = _feed(label)
    assert entries[0]["body_text"] == "Welcome to the live coverage."
    assert entries[0]["published_at"] == "2022-09-26T07:00:00+01:00"


def test_a_meta_line_holding_the_label_and_the_time_keeps_its_time() -> None:
    entries = _feed("", head='<div class="meta"><span>📌 Pinned</span> <time datetime='
                    '"2022-09-26T06:00:00Z">08:00</time> <span>by Jane Doe</span></div>')
    assert entries[0]["body_text"] == "Welcome to the live coverage."
    assert entries[0]["time_text"] == "08:00"
    assert entries[0]["authors"] == ["Jane Doe"]


def test_a_photographer_in_a_caption_is_the_credit_not_the_entry_author() -> None:
    fig = ('<figure><img src="/duda.jpg" alt=""><figcaption>Andrzej Duda w Łowiczu '
           '<span class="autor-zdjecia">fot. Reuters</span></figcaption></figure>')
    entries = _entries(f'<span class="autor">Anna Nowak</span>{fig}', lang="pl")
    assert all(e["authors"] == ["Anna Nowak"] for e in entries)
    images = [img for e in entries for img in e["images"]]   # type: ignore[attr-defined]
    expected = ("Andrzej Duda w Łowiczu", "Reuters")
    assert [(i["caption"], i["credit"]) for i in images] == [expected] * 3


@pytest.mark.parametrize("cls", ["sr-only", "visually-hidden", "screen-reader-text",
                                 "k3s-VisuallyHidden e1", "srOnly"])
def test_screen_reader_only_text_is_not_body_text(cls: str) -> None:
    entries = _entries(f'<span class="x">di Marco Galli</span><p><span class="{cls}">'
                       "Nota per i lettori di schermo</span></p>")
    assert all("lettori di schermo" not in str(e["body_text"]) for e in entries)
    assert all(str(e["body_text"]).startswith("Il testo") for e in entries)
