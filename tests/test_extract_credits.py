"""Captions and credits: glued text, markers, agency spelling, persons and handles."""

from __future__ import annotations

import pytest

from archiver.extract.credits import normalize_credit, split_caption_credit, strip_credit_marker


@pytest.mark.parametrize("text,caption,credit", [
    ("Toeschouwers voor het Presidentieel paleis in Helsinki.Beeld epa",
     "Toeschouwers voor het Presidentieel paleis in Helsinki.", "epa"),
    ("Trump en Poetin schudden elkaar de hand na afloop van de persconferentieBeeld REUTERS",
     "Trump en Poetin schudden elkaar de hand na afloop van de persconferentie", "REUTERS"),
    ("De presidenten Ford en Breznjev in 1975, bij het sluiten van de Helsinki akkoorden. Beeld ap",
     "De presidenten Ford en Breznjev in 1975, bij het sluiten van de Helsinki akkoorden.", "ap"),
    ("Beeld Tom Vennink", None, "Tom Vennink"),
    ("Het Binnenhof. Foto: ANP", "Het Binnenhof.", "ANP"),
    ("Het plein in de ochtend. Foto Jan de Vries", "Het plein in de ochtend.", "Jan de Vries"),
    ("The Speaker addresses the House. (Image: PTI)", "The Speaker addresses the House.", "PTI"),
    ("Boris Johnson at No 10. Photograph: Stefan Rousseau/PA", "Boris Johnson at No 10.",
     "Stefan Rousseau/PA"),
    ("Police at the scene (Getty Images)", "Police at the scene", "Getty Images"),
    ("A march in Dublin (reuters)", "A march in Dublin", "reuters"),
    ("(AFP)", None, "AFP"),
    ("Waves in Salthill. Clodagh Kilcoyne via Getty Images", "Waves in Salthill.",
     "Clodagh Kilcoyne via Getty Images"),
    ("Traffic on the M50. @GardaTraffic", "Traffic on the M50.", "@GardaTraffic"),
    ("Fallen tree. Photo: @GardaTraffic", "Fallen tree.", "@GardaTraffic"),
    ("Het gebouw. © Hollandse Hoogte", "Het gebouw.", "Hollandse Hoogte"),
    ("Een kaart van de route. Bron: NOS", "Een kaart van de route.", "NOS"),
    ("A protest. Credit: Jane Doe", "A protest.", "Jane Doe"),
    ("Das Robert Koch-Institut. Foto: dpa", "Das Robert Koch-Institut.", "dpa"),
    ("Drosten bei einer Pressekonferenz. Bild: picture alliance",
     "Drosten bei einer Pressekonferenz.", "picture alliance"),
    ("Komisja wyborcza w Krakowie. Fot. PAP/Leszek Szymański", "Komisja wyborcza w Krakowie.",
     "PAP/Leszek Szymański"),
    ("Demonstrators in London. Leon Neal/Getty Images", "Demonstrators in London.",
     "Leon Neal/Getty Images"),
    ("REUTERS", None, "REUTERS"),
])
def test_split(text: str, caption: str | None, credit: str | None) -> None:
    assert split_caption_credit(text) == (caption, credit)


@pytest.mark.parametrize("text", [
    "Boris Johnson (left) and Rishi Sunak in Downing Street",
    "Een voorbeeld van het beeld dat de krant koos",
    "Crowds gather in the square (file photo)",
    "Fotografen wachten op de president",
])
def test_captions_without_credit_stay_whole(text: str) -> None:
    assert split_caption_credit(text) == (text, None)


@pytest.mark.parametrize("raw,norm", [
    ("REUTERS", "Reuters"), ("reuters", "Reuters"), ("Reuters", "Reuters"), ("ap", "AP"),
    ("afp", "AFP"), ("epa", "EPA"), ("EPA", "EPA"), ("anp", "ANP"),
    ("getty images", "Getty Images"), ("Getty Images", "Getty Images"),
    ("Tom Vennink", "Tom Vennink"), ("@GardaTraffic", "@GardaTraffic"),
    ("Jordan Pettitt/PA", "Jordan Pettitt/PA"), (None, None),
])
def test_agencies_are_normalised_persons_keep_their_spelling(raw: str | None,
                                                            norm: str | None) -> None:
    assert normalize_credit(raw) == norm


@pytest.mark.parametrize("text,credit", [
    ("Beeld epa", "epa"), ("Beeld REUTERS", "REUTERS"), ("Foto: ANP", "ANP"),
    ("(Image: PA)", "PA"), ("© Jan Jansen", "Jan Jansen"), ("Getty Images", "Getty Images"),
    ("(Getty Images)", "Getty Images"),
])
def test_strip_marker_from_a_credit_only_element(text: str, credit: str) -> None:
    assert strip_credit_marker(text) == credit


def test_empty() -> None:
    assert split_caption_credit("  ") == (None, None)
