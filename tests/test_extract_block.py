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


def _feed_of(posts: str, lang: str = "el", url: str = "https://news.example.gr/live") -> list[
        dict[str, object]]:
    html = f'<html lang="{lang}"><body><main><div class="feed">{posts}</div></main></body></html>'
    return extract_entries(PageSnapshot(url=url, html=html.encode(),
                                        captured_at=CAPTURED)).entries


def test_an_iso_time_in_a_data_attribute_is_the_entry_time_in_the_site_zone() -> None:
    posts = "".join(
        f'<div class="post" id="p{i}" data-published="2022-09-25T2{i}:0{i}:1{i}" '
        f'data-updated="2022-09-26T07:00:00"><h3>Τίτλος {i}</h3>'
        f"<p>Κείμενο της ενημέρωσης {i}, αρκετά μεγάλο για να είναι καταχώριση.</p></div>"
        for i in range(3, 0, -1))
    entries = _feed_of(posts)
    assert [e["published_at"] for e in entries] == [
        "2022-09-25T23:03:13+03:00", "2022-09-25T22:02:12+03:00", "2022-09-25T21:01:11+03:00"]
    assert all(e["time_source"] == "datetime-attribute" for e in entries)


def test_an_updated_clock_beside_the_time_is_the_update_not_body_text() -> None:
    posts = "".join(
        f'<div class="post" id="p{i}"><div class="meta"><time datetime="2022-09-25T2{i}:00:00'
        f'+03:00">2{i}:00</time> <span class="upd">Ενημερώθηκε 2{i}:40</span></div>'
        f"<h3>Τίτλος {i}</h3><p>Κείμενο της ενημέρωσης {i}, αρκετά μεγάλο.</p></div>"
        for i in range(3, 0, -1))
    entries = _feed_of(posts)
    assert [e["body_text"] for e in entries] == [
        f"Κείμενο της ενημέρωσης {i}, αρκετά μεγάλο." for i in range(3, 0, -1)]
    assert entries[0]["time_text"] == "23:00"
    assert entries[0]["updated_at"] == "2022-09-25T23:40:00+03:00"


def test_a_time_shown_only_in_an_aria_hidden_element_is_read() -> None:
    posts = "".join(
        f'<article class="post" id="p{i}"><div class="meta"><span aria-hidden="true">'
        f"Published On 1 Dec 2023, 1{i}:02 GMT</span></div><h3>Title {i}</h3>"
        f"<p>The text of update {i}, long enough to be an entry of its own.</p></article>"
        for i in range(5, 2, -1))
    entries = _feed_of(posts, lang="en", url="https://news.example.com/live")
    assert [e["published_at"] for e in entries] == [
        "2023-12-01T15:02:00+00:00", "2023-12-01T14:02:00+00:00", "2023-12-01T13:02:00+00:00"]
    assert all("Published" not in str(e["body_text"]) for e in entries)


def _posts(inner: str, lang: str = "tr", url: str = "https://haber.example.com.tr/canli",
           head: str = "") -> list[dict[str, object]]:
    posts = "".join(
        f'<li class="madde" id="m{i}">{head}<h3><span class="saat">1{i}:05</span> Başlık {i}</h3>'
        f"<div><p>Güncellemenin metni {i}, bir giriş olacak kadar uzun.</p></div>{inner}</li>"
        for i in range(3, 0, -1))
    html = f'<html lang="{lang}"><body><main><ul class="akis">{posts}</ul></main></body></html>'
    return extract_entries(PageSnapshot(url=url, html=html.encode(),
                                        captured_at=CAPTURED)).entries


_PAGE = "https%3A%2F%2Fhaber.example.com.tr%2Fcanli"


@pytest.mark.parametrize("bar", [
    f'<div class="paylas"><a href="https://twitter.com/intent/tweet?url={_PAGE}">Paylaş</a></div>',
    f'<div class="teilen"><a href="https://www.facebook.com/sharer/sharer.php?u={_PAGE}">Teilen'
    f'</a> <a href="https://wa.me/?text={_PAGE}">WhatsApp</a></div>',
    f'<ul class="condividi"><li><a href="https://api.whatsapp.com/send?text={_PAGE}">WhatsApp</a>'
    f'</li><li><a href="https://t.me/share/url?url={_PAGE}">Telegram</a></li>'
    f'<li><a href="https://www.linkedin.com/shareArticle?mini=true&amp;url={_PAGE}">LinkedIn</a>'
    f'</li><li><a href="mailto:?subject=Canlı&amp;body={_PAGE}">E-posta</a></li></ul>',
    f'<p class="x"><a href="https://x.com/intent/post?url={_PAGE}">Compartir en X</a></p>',
])
def test_a_share_bar_in_any_language_is_not_body_text(bar: str) -> None:
    entries = _posts(bar)
    assert [e["body_text"] for e in entries] == [
        f"Güncellemenin metni {i}, bir giriş olacak kadar uzun." for i in range(3, 0, -1)]


def test_share_links_in_running_text_and_other_links_stay() -> None:
    inner = (f'<p>Yorumlarınızı <a href="https://twitter.com/intent/tweet?url={_PAGE}">Twitter</a>'
             ' üzerinden paylaşın.</p><div class="kaynak"><a href="https://twitter.com/ysk">'
             "@ysk</a></div>")
    for entry in _posts(inner):
        body = str(entry["body_text"])
        assert "Yorumlarınızı Twitter üzerinden paylaşın." in body
        assert body.endswith("@ysk")


@pytest.mark.parametrize("label,lang", [
    ("SON DAKİKA", "tr"), ("Eilmeldung", "de"), ("Dernière minute", "fr"),
    ("Ultima ora", "it"), ("ÚLTIMA HORA", "es"), ("Срочно", "ru"), ("Терміново", "uk"),
    ("عاجل", "ar"), ("Breaking news", "en"),
])
def test_a_breaking_news_label_in_many_languages_is_not_body_text(label: str, lang: str) -> None:
    entries = _posts("", lang=lang, head=f'<span class="etiket">{label}</span>')
    assert [e["body_text"] for e in entries] == [
        f"Güncellemenin metni {i}, bir giriş olacak kadar uzun." for i in range(3, 0, -1)]


def test_amp_images_are_images() -> None:
    fig = ('<figure><amp-img src="/img/goodison-1200x675.jpg" width="1200" height="675" '
           'layout="responsive" alt="Goodison Park"><noscript><img src="/img/goodison-1200x675.jpg"'
           ' alt=""></noscript></amp-img><figcaption>Goodison Park on Friday. Photograph: '
           "Peter Byrne/PA</figcaption></figure>"
           '<amp-anim src="/img/goal.gif" width="400" height="225" alt="The goal"></amp-anim>'
           '<amp-img src="/img/icon.png" width="16" height="16" alt=""></amp-img>')
    entries = _posts(fig, lang="en", url="https://www.matchday.example.co.uk/live")
    for entry in entries:
        images = entry["images"]
        assert [(i["url"], i["alt"], i["caption"], i["credit"])  # type: ignore[index]
                for i in images] == [  # type: ignore[attr-defined]
            ("https://www.matchday.example.co.uk/img/goodison-1200x675.jpg", "Goodison Park",
             "Goodison Park on Friday.", "Peter Byrne/PA"),
            ("https://www.matchday.example.co.uk/img/goal.gif", "The goal", None, None)]


def test_a_date_beside_the_clock_is_part_of_the_time_not_body_text() -> None:
    posts = "".join(
        f'<div class="post" id="p{i}"><div class="t"><span>1{i}:05 IST</span> '
        f"<span>{day} जनवरी 2024</span></div><h3>शीर्षक {i}</h3>"
        f"<p>अपडेट {i} का पाठ, जो एक प्रविष्टि होने के लिए काफ़ी लंबा है।</p></div>"
        for i, day in ((3, 13), (2, 13), (1, 12)))
    entries = _feed_of(posts, lang="hi", url="https://news.example.in/live")
    assert [e["published_at"] for e in entries] == [
        "2024-01-13T13:05:00+05:30", "2024-01-13T12:05:00+05:30", "2024-01-12T11:05:00+05:30"]
    assert all(str(e["body_text"]).startswith("अपडेट") for e in entries)


def test_a_pinned_post_shown_again_in_its_place_is_one_entry() -> None:
    def post(n: int, pinned: bool = False) -> str:
        cls = "post is-pinned" if pinned else "post"
        ident = f"pinned-{n}" if pinned else f"post-{n}"
        return (f'<article class="{cls}" id="{ident}" data-post-id="{n}"><time datetime='
                f'"2022-09-25T2{n}:00:00+02:00">2{n}:00</time><h3>Title {n}</h3>'
                f"<p>The text of update {n}, long enough to be an entry.</p></article>")
    html = post(1, pinned=True) + "".join(post(n) for n in (3, 2, 1))
    entries = _feed_of(html, lang="da", url="https://news.example.dk/live")
    assert [e["title"] for e in entries] == ["Title 1", "Title 3", "Title 2"]
    assert entries[0]["entry_id"] == "post-1"      # the id that stays once it is unpinned


def test_posts_in_a_template_are_not_entries() -> None:
    shown = "".join(
        f'<article class="post" id="p{n}"><time datetime="2022-09-25T2{n}:00:00+02:00">'
        f"2{n}:00</time><h3>Title {n}</h3><p>Text of update {n}, long enough.</p></article>"
        for n in (3, 2, 1))
    hidden = shown.replace('id="p', 'id="h').replace("Title", "Later")
    entries = _feed_of(f'<div class="feed">{shown}<template>{hidden}</template></div>',
                       lang="fi", url="https://news.example.fi/live")
    assert [e["title"] for e in entries] == ["Title 3", "Title 2", "Title 1"]


def test_a_social_embed_wrapper_keeps_its_embed() -> None:
    posts = "".join(
        f'<article class="post" id="p{n}"><time datetime="2022-09-25T2{n}:00:00+02:00">'
        f"2{n}:00</time><h3>Title {n}</h3><p>Text of update {n}, long enough.</p>"
        f'<div class="embed-social"><iframe src="https://bsky.example/embed/{n}"></iframe>'
        "</div></article>" for n in (3, 2, 1))
    entries = _feed_of(posts, lang="ca", url="https://news.example.cat/live")
    assert all(len(e["embeds"]) == 1 for e in entries)  # type: ignore[arg-type]


def test_day_dividers_between_entries_date_them_and_are_no_entries() -> None:
    def post(n: int, clock: str) -> str:
        return (f'<li class="item" id="i{n}"><span class="t">{clock}</span><h3>Titel {n}</h3>'
                f"<p>De tekst van bericht {n}, lang genoeg om een bericht te zijn.</p></li>")
    html = ('<ul class="feed"><li class="day"><h2>Vandaag</h2></li>' + post(4, "09:20")
            + post(3, "08:10") + '<li class="day"><h2>Gisteren</h2></li>' + post(2, "23:40")
            + post(1, "22:05") + "</ul>")
    entries = _feed_of(html, lang="nl", url="https://nos.example.nl/liveblog")
    assert [e["title"] for e in entries] == ["Titel 4", "Titel 3", "Titel 2", "Titel 1"]
    # CAPTURED is 2022-09-26 08:00 UTC (10:00 in Amsterdam): "Gisteren" is the 25th
    assert [e["published_at"] for e in entries] == [
        "2022-09-26T09:20:00+02:00", "2022-09-26T08:10:00+02:00",
        "2022-09-25T23:40:00+02:00", "2022-09-25T22:05:00+02:00"]


def test_a_gallery_counter_and_sentences_beside_a_duration_are_kept_apart() -> None:
    posts = "".join(
        f'<div class="item" id="i{n}"><time datetime="2024-11-24T2{n}:00:00+02:00">2{n}:00'
        f"</time><h2>T {n}</h2><div class=\"c\"><p>Candidații au început {n}.</p>"
        "<p>Urmăriți declarațiile în materialul video.</p><div class=\"player\"><span>1:24"
        '</span></div><div class="gallery"><div class="count">3 fotografii</div>'
        + "".join(f'<figure><img src="https://x.ro/{n}-{k}.jpg"></figure>' for k in range(3))
        + "</div></div></div>" for n in (3, 2, 1))
    entries = _feed_of(posts, lang="ro", url="https://stiri.example.ro/live")
    assert entries[0]["body_text"] == ("Candidații au început 3.\n\n"
                                       "Urmăriți declarațiile în materialul video.")
    assert entries[0]["authors"] == []
    assert len(entries[0]["images"]) == 3  # type: ignore[arg-type]
