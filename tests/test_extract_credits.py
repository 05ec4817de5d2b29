"""Captions and credits: glued text, markers, agency spelling, persons and handles."""

from __future__ import annotations

import pytest

from archiver.extract.credits import normalize_credit, split_caption_credit, strip_credit_marker
from archiver.extract.html import load_html
from archiver.extract.images import read_figure
from archiver.extract.model import Image


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


@pytest.mark.parametrize("text,caption,credit", [
    ("倒壊した住宅＝石川県輪島市（写真：共同）", "倒壊した住宅＝石川県輪島市", "共同"),
    ("被害の様子 提供：気象庁", "被害の様子", "気象庁"),
    ("记者会见（图：新华社）", "记者会见", "新华社"),
    ("A man in Gaza (Photo：Reuters)", "A man in Gaza", "Reuters"),
])
def test_full_width_markers_in_cjk_captions(text: str, caption: str, credit: str) -> None:
    assert split_caption_credit(text) == (caption, credit)


@pytest.mark.parametrize("text,caption,credit", [
    ("Рятувальники на місці удару. Фото: ДСНС", "Рятувальники на місці удару.", "ДСНС"),
    ("Kurtarma ekipleri enkaz başında. Fotoğraf: AA", "Kurtarma ekipleri enkaz başında.", "AA"),
    ("Kurtarma ekipleri (DHA)", "Kurtarma ekipleri", "DHA"),
    ("متظاهرون في الدوحة (رويترز)", "متظاهرون في الدوحة", "رويترز"),
    ("سور المدينة القديمة الصورة: الأناضول", "سور المدينة القديمة", "الأناضول"),
    ("हादसे के बाद का दृश्य। (फोटो: PTI)", "हादसे के बाद का दृश्य।", "PTI"),
    ("구조대가 수색하고 있다. (사진=연합뉴스)", "구조대가 수색하고 있다.", "연합뉴스"),
    ("Poliisi paikalla. Kuva: Emmi Korhonen / Lehtikuva", "Poliisi paikalla.",
     "Emmi Korhonen / Lehtikuva"),
    ("Người dân xếp hàng. Ảnh: Ngọc Thành", "Người dân xếp hàng.", "Ngọc Thành"),
    ("Tüntetők a Kossuth téren. Fotó: MTI/Kovács Tamás", "Tüntetők a Kossuth téren.",
     "MTI/Kovács Tamás"),
    ("Rachel Reeves in the Commons. Pic: House of Commons", "Rachel Reeves in the Commons.",
     "House of Commons"),
    ("Coadă la vot în București (Agerpres)", "Coadă la vot în București", "Agerpres"),
])
def test_markers_and_agencies_in_more_scripts(text: str, caption: str, credit: str) -> None:
    assert split_caption_credit(text) == (caption, credit)


@pytest.mark.parametrize("text,credit", [
    ("Fotografia: Nuno Ferreira Santos", "Nuno Ferreira Santos"), ("फोटो: ANI", "ANI"),
    ("Fot.PAP", "PAP"), ("Fotograaf Jan", "Fotograaf Jan"), ("Kuva: Derrick Frilund / Yle",
                                                            "Derrick Frilund / Yle"),
    ("Ảnh minh họa", "Ảnh minh họa"),             # the word "image", no marker without ':'
])
def test_a_marker_is_a_whole_word(text: str, credit: str) -> None:
    assert strip_credit_marker(text) == credit


def test_full_width_brackets_without_a_marker_stay_in_the_caption() -> None:
    assert split_caption_credit("輪島市（石川県）で火災") == ("輪島市（石川県）で火災", None)


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


@pytest.mark.parametrize("text,caption,credit", [
    # the caption keeps its own full stop before a bracketed credit
    ("Jadeja celebrates a wicket. (PTI)", "Jadeja celebrates a wicket.", "PTI"),
    ("Fans at the ground. [Reuters]", "Fans at the ground.", "Reuters"),
    # Polish photo credits in either case
    ("Andrzej Duda w Łowiczu fot. Reuters", "Andrzej Duda w Łowiczu", "Reuters"),
    ("Komisja wyborcza. FOT. PAP", "Komisja wyborcza.", "PAP"),
    # the word for "by" after a marker is not part of the credit
    ("Un seggio a Roma. Foto di Alessandro Serranò", "Un seggio a Roma.", "Alessandro Serranò"),
    ("Una protesta en Madrid. Foto de EFE", "Una protesta en Madrid.", "EFE"),
    ("Crowds at the gate. Photo by Jane Doe", "Crowds at the gate.", "Jane Doe"),
    ("Fans outside the ground. Picture by PA", "Fans outside the ground.", "PA"),
    ("Der Kanzler in Berlin. Bild von dpa", "Der Kanzler in Berlin.", "dpa"),
    ("Rashford scores (Photo by Jane Doe/Getty Images)", "Rashford scores",
     "Jane Doe/Getty Images"),
])
def test_split_more_markers(text: str, caption: str | None, credit: str | None) -> None:
    assert split_caption_credit(text) == (caption, credit)


@pytest.mark.parametrize("text", [
    "The picture by Monet hangs in the Louvre.",
    "Picture by the lake at dawn.",
    "Children photographed by their parents in the park",
])
def test_by_inside_a_caption_sentence_is_no_credit(text: str) -> None:
    assert split_caption_credit(text) == (text, None)


@pytest.mark.parametrize("text,credit", [
    ("fot. Reuters", "Reuters"), ("Photo by Jane Doe", "Jane Doe"),
    ("Foto di Marco Rossi", "Marco Rossi"), ("Credit: Van Gogh Museum", "Van Gogh Museum"),
])
def test_strip_marker_and_its_by_word(text: str, credit: str) -> None:
    assert strip_credit_marker(text) == credit


@pytest.mark.parametrize("span", ['<span class="autor-zdjecia">fot. Reuters</span>',
                                  '<span class="photo-author">Photo by Reuters</span>'])
def test_a_photographer_element_in_the_caption_is_the_credit(span: str) -> None:
    fig = load_html(f'<figure><img src="/a.jpg"><figcaption>Andrzej Duda w Łowiczu {span}'
                    "</figcaption></figure>".encode()).find(".//figure")
    assert fig is not None
    image = read_figure(fig, "https://x.example/")
    assert image is not None
    assert (image.caption, image.credit) == ("Andrzej Duda w Łowiczu", "Reuters")


def _figure(html: str) -> Image:
    fig = load_html(html.encode()).find(".//figure")
    assert fig is not None
    image = read_figure(fig, "https://x.example/")
    assert image is not None
    return image


@pytest.mark.parametrize("credit", [
    '<span class="x1y2-Copyright" role="text">PA Media</span>',
    '<span class="image-credit">Photo: PA Media</span>',
    '<div class="meta"><span itemprop="copyrightHolder">PA Media</span></div>',
])
@pytest.mark.parametrize("caption", ["<figcaption>Sunbathers in Bournemouth</figcaption>", ""])
def test_a_credit_element_beside_the_image_outside_the_caption_is_the_credit(
        credit: str, caption: str) -> None:
    image = _figure(f'<figure><div><span><img src="/a.jpg"></span>{credit}</div>{caption}'
                    "</figure>")
    assert image.credit == "PA Media"
    assert image.caption == ("Sunbathers in Bournemouth" if caption else None)


def test_the_caption_credit_wins_and_an_image_holder_is_no_credit() -> None:
    image = _figure('<figure><div class="credit-wrap"><img src="/a.jpg"></div>'
                    '<span class="credit">Getty Images</span>'
                    "<figcaption>Fans at the ground. (Reuters)</figcaption></figure>")
    assert (image.caption, image.credit) == ("Fans at the ground.", "Reuters")
    image = _figure('<figure><div class="image-credit"><img src="/a.jpg"></div>'
                    "<figcaption>Fans at the ground.</figcaption></figure>")
    assert (image.caption, image.credit) == ("Fans at the ground.", None)


@pytest.mark.parametrize("cls", ["sr-only", "visually-hidden", "u-visually-hidden",
                                 "screen-reader-text", "x9f-VisuallyHidden e16", "srOnly",
                                 "u-hide-visually", "element-invisible", "show-for-sr"])
def test_screen_reader_labels_are_not_caption_or_credit_text(cls: str) -> None:
    image = _figure(f'<figure><img src="/a.jpg"><span class="x-Copyright">'
                    f'<span class="{cls}">Image source, </span>Getty Images</span>'
                    f'<figcaption><span class="{cls}">Image caption, </span>A rail engineer'
                    "</figcaption></figure>")
    assert (image.caption, image.credit) == ("A rail engineer", "Getty Images")
    image = _figure(f'<figure><img src="/a.jpg"><figcaption><span class="{cls}">Image caption,'
                    " </span>A rail engineer. Photo: EPA</figcaption></figure>")
    assert (image.caption, image.credit) == ("A rail engineer.", "EPA")
