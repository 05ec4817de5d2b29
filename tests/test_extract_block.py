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


def test_name_particles_in_capitals_belong_to_the_name() -> None:
    entries = _entries('<span class="x">Van Gaal</span>')
    assert all(e["authors"] == ["Van Gaal"] for e in entries)


@pytest.mark.parametrize("cls", ["diretta__firma", "autore", "post-signature"])
def test_signature_classes_mark_authors(cls: str) -> None:
    entries = _entries(f'<span class="{cls}">di Chiara De Santis</span>')
    assert all(e["authors"] == ["Chiara De Santis"] for e in entries)
    assert all("Chiara" not in str(e["body_text"]) for e in entries)
