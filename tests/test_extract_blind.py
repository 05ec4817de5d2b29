"""Blind evaluation: the extractor on hand-made pages of sites it has never seen, field by field.

The fixtures in tests/fixtures/blind/ were written from docs/entries.md alone, before the
extractor's code or its own fixtures were read (see docs/blind-fixtures.md). Each expected.jsonl
line holds only what the spec lets a reader derive: position, title, published_at, body_text,
images (url, caption, credit) and embeds (type, id, url, status). entry_id, permalink,
content_sha256, body_html, captured_at, source, time_text, time_source, authors and links are
left out of the comparison: their exact values are design choices or were not the point here.
An optional ``_accept`` maps a field to other values the spec also allows (a documented
ambiguity); ``_note`` says why an expectation is what it is.

Run ``python tests/test_extract_blind.py`` (or pytest with ``-s``) for the table and the list of
mismatches. The floors below are what the extractor reaches today: they guard against
regressions, they are not a statement that the current figures are good.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from archiver.extract import PageSnapshot, extract_entries

BLIND = Path(__file__).resolve().parent / "fixtures" / "blind"
FIXTURES = tuple(sorted(p.name for p in BLIND.iterdir() if (p / "meta.json").is_file()))

# Fields scored over every entry (missing and extra entries count as wrong).
ENTRY_FIELDS = ("position", "title", "published_at", "body_text")
# Fields scored only over entries that have images / embeds on either side.
IMAGE_FIELDS = ("images.url", "images.caption", "images.credit")
EMBED_FIELDS = ("embeds.type", "embeds.id", "embeds.url", "embeds.status")
FIELDS = ("entries", *ENTRY_FIELDS, *IMAGE_FIELDS, *EMBED_FIELDS)

# Below this similarity an expected and an extracted entry are not the same entry.
MATCH_THRESHOLD = 0.5

# Every mismatch of the first measured run, judged from the spec BEFORE reading the extractor's
# code (docs/blind-fixtures.md has the causes found afterwards):
#
# uk-broadsheet-blocks: BUG. Only 6 of 14 entries. The feed container carries a stray
#   itemprop="liveBlogUpdate" (no itemscope: non-conformant microdata, but the kind real pages
#   ship); the whole feed becomes one entry (id "liveblog-body", all 14 texts, all images and
#   the tweet) and the 14 <article id=block-…> blocks with <time datetime> and headings are never
#   read. The other 5 entries come from JSON-LD alone, with its shortened articleBody instead of
#   the text readers saw, and the pinned post lands last (position 6 instead of 1). Not scored
#   but wrong too: result.closed is True because of a coverageEndTime that is still in the future
#   at capture time.
# uk-tabloid-hard: BUG. The JSON-LD update of the untitled 21:06:12 entry is not merged with its
#   DOM entry (same datePublished to the second, same text, url ?postId=f9e1c6b0 vs
#   data-post-id="f9e1c6b0"): it appears twice, the copy at position 2, which shifts the
#   position of every later entry (position 0.05). The other untitled JSON-LD entry merged fine.
# it-diretta-epoch: BUG. 'di Marco Galli' (a byline in the time's own meta line, class
#   diretta__firma) opens every body_text; the spec leaves bylines out, "a name next to the
#   entry's time" included. AMBIGUITY: 'Foto di Alessandro Serranò' gives credit
#   'di Alessandro Serranò'; the spec lists 'Foto X' and not the Italian 'Foto di X'.
# us-microdata-frames: BUG. Visible clocks in US style ('9:58 p.m. ET',
#   'Nov. 5, 2024, 6:00 p.m. ET') are not taken for the entry's time and stay in body_text
#   (10 of 12 bodies); the relative '6m ago' / '19m ago' ones are removed correctly.
# de-ticker-headings: BUG. An 'Anzeige' ad block between two ticker headings ends up as a last
#   paragraph of the entry above it (2 bodies); the spec drops adverts between entries.
# in-cricket-jsonld: BUG (minor). '… wicket of Steve Smith. (PTI)' gives the caption without its
#   final full stop; with a marker credit the stop is kept ('… this afternoon. Photo: X').
# pl-midnight-hard: BUG, bordering on AMBIGUITY. '<span class=autor-zdjecia>fot. Reuters</span>'
#   inside the figcaption: neither the lower-case marker nor the span is recognised, so the
#   caption keeps 'fot. Reuters' and the credit is null. The spec lists the marker as 'Fot. X'
#   without saying whether markers are case-insensitive; Polish sites write both.
# ie-relative-feed, nl-hashed-dateheaders, ie-article-no-liveblog: no mismatch.
#
# Fixed since (general rules, docs/blind-fixtures.md "After the fixes"):
# - uk-broadsheet-blocks: itemprop="liveBlogUpdate" without itemscope is no item, and a
#   microdata update holding several entries gives way to the entries inside it.
# - uk-tabloid-hard: a structured entry meets its DOM entry by an id-like query value
#   (?postId=) against data-*id attributes, by an exact time to the second, or by one body
#   starting the other; newest-first is the majority of consecutive pairs, pinned left out.
# - us-microdata-frames: US zones (ET, CT, MT, PT, "Eastern") make "9:58 p.m. ET" a time,
#   read with the zone's summer time, so it leaves the body.
# - it-diretta-epoch: a name beside the time with the lower-case word for "by" (di, by, door,
#   von, par, przez) is a byline; signature classes (firma, autore) mark authors.
# - de-ticker-headings: adverts (marked by class/id, or showing only an advert label) are
#   dropped between ticker headings and inside entries, not only between blocks.
# - pl-midnight-hard, in-cricket-jsonld, it-diretta-epoch: "fot." in any case and a
#   photographer class (autor-zdjecia) in captions; the caption keeps its stop before "(PTI)";
#   "Foto di X" / "Photo by X" give the credit X.
# - (unscored) closed only when coverageEndTime has passed at capture (in-cricket-jsonld and
#   uk-broadsheet-blocks are live), and a future one no longer dates clock times.
# - uk-broadsheet-blocks: a "Pinned post" label with an icon inside is a label, not body text.
#
# Round 2 (docs/blind-fixtures.md "Round 2"): six new pages, written and frozen before their first
# run; every mismatch of that first run, judged from the spec BEFORE reading the extractor's code:
#
# fr-direct-ilya: BUG (a form of a spec rule the extractor lacks). French relative times
#   'il y a 6 min', 'il y a 23 min', 'il y a 48 min' and 'il y a 1 h · 15h12' are not read as
#   times: published_at null and the time text opens the body (#1-#4). The spec's rule 4 covers
#   relative text in general (examples in en/nl/de), and the time is never body text; in #4 the
#   clock '15h12' is there too ('14h32' alone is read fine in #5-#13).
# br-ha-minutos: BUG, same cause in Portuguese. 'há 2 minutos', 'há 14 minutos', 'há 38 minutos',
#   'há 1 hora': published_at null, the text opens the body (#1-#4); '14h31' clocks are right.
# uk-bbc-hashed: BUG. The credit span '<span class="ssrcss-…-Copyright">' (inside the <figure>,
#   beside the image, outside the figcaption) is not read: credit null for PA Media, Getty
#   Images and EPA (3 of 3). The spec names classes containing 'copyright'. AMBIGUITY, leaning
#   bug: a timeless '<li><aside>Get in touch…' promo in the <ol> becomes an entry (EXTRA at 9,
#   so #9-#13 are one position off); the spec does not say a block without time, id or
#   <article> is not an entry, but it is the odd one out among 13 timed <article>s. AMBIGUITY,
#   leaning bug: 'Skip twitter post by Met Office', the disclaimer and 'End of twitter post by
#   Met Office' of the embed's wrapper stay in #4's body; the spec leaves embeds and their
#   placeholders out without saying where an embed's wrapper ends.
# us-sports-pt-midnight: AMBIGUITY, leaning bug. All 14 instants are right (midnight walk
#   included), but expressed in -05:00: the site's zone is taken from lang en-US as
#   America/New_York, while every clock on the page says 'PT' ('Times are Pacific'). The spec
#   lets the clock's zone set that clock's offset and maps zone abbreviations to a site zone,
#   but does not say what a region with several zones (US) gives.
# es-cet-efe, no-nextdata-visflere: no mismatch (the DOM won over __NEXT_DATA__; only the 10
#   DOM entries, not the 3 older ones behind 'Vis flere').
# The same figures at HEAD 94b0ff5 and with the working tree's uncommitted extractor changes.
#
# Fixed since (general rules, docs/blind-fixtures.md "Round 2"):
# - uk-bbc-hashed: a credit element (credit/copyright/source… class, itemprop copyrightHolder)
#   elsewhere in the figure, outside the caption and not holding the image, is the credit when
#   the caption gives none; screen-reader-only elements (sr-only, visually-hidden,
#   screen-reader-text, camelCase VisuallyHidden/srOnly) are no caption, credit or body text.
#   An element around an embed whose class names an embed, holding that embed and little
#   else, is the embed's wrapper; so are a skip link to a later #id with an embed between, what
#   lies between and a short target: none of it is body text. An untimed item whose whole
#   content is one page-chrome element (<aside>, role=complementary, a form) is no entry.
#   uk-bbc-hashed is 1.00 in every field.
# - fr-direct-ilya, br-ha-minutos: relative text in more languages (fr "il y a", pt "há", es
#   "hace", it "fa", da/no "siden", sv "sedan", pl "temu"), with a clock beside it read too.
# - us-sports-pt-midnight: in a country of several zones, the page's most frequent clock
#   abbreviation of that country (PT) beats the region's default zone (en-US → New York).
#
# Round 3 (docs/blind-fixtures.md "Round 3"): six new pages, written and frozen (SHA-256) before
# their first run; every mismatch of that first run, judged from the spec BEFORE reading the
# extractor's code (counter-checks on edited copies of a page are not fixtures):
#
# jp-kanji-clock: BUG. No entries at all ("no liveblog entries found") and "no timezone known for
#   this page; clock times are read as UTC". The zone: the spec derives it from the domain's
#   country (.jp) and the language (ja), its lists being examples; Asia/Tokyo was not found
#   (also with lang ja-JP and HH:MM clocks, counter-check). The entries: MISSING FEATURE,
#   leaning bug. The clocks '午後4時15分' / '23時45分' are not among the spec's example forms, but
#   the 12 <section id=lb-…> with <h3> and paragraphs are an entry group by structure (time,
#   heading, id, paragraphs); with the clocks rewritten as '16:15' all 12 are found.
# se-igar-relative: BUG. A 'Läs mer' <li> in the <ol> (heading + a list of two related links, no
#   time) is an EXTRA entry at position 5, so #5-#12 are one position off (position 0.30); the
#   spec says link lists (related articles) are not entries. Everything else right: 'för 3
#   minuter sedan', 'för 1 timme sedan', 'i dag 00.14', 'I går 23.58' in <time> without datetime.
# be-bold-time-paragraphs: MISSING FEATURE, leaning bug. No entries: a wrapperless ticker whose
#   entries start with a bold time ('<p><strong>23.47 uur</strong> – …') and are separated by
#   <hr> is not read; the spec names only the heading form ('<h2>12.31 Uhr: …</h2>'). With each
#   bold time made an <h2> (counter-check) all 12 are found with the right times.
# intl-timeline-gmt: BUG. published_at null on 12 of 12: the visible time ('12 minutes ago',
#   '1 Dec 2023, 14:32 GMT') sits in <span aria-hidden="true"> (hidden from screen readers only,
#   shown to every reader) next to a screen-reader 'Published On '; without aria-hidden all 12
#   are right (relative-text and date-text). The time text is left out of the body (right).
#   AMBIGUITY, leaning bug: '<div class="tweet-embed" data-tweet-id="…">' is no embed (#7); the
#   spec's placeholder is "an empty element with the status URL", this one has only the id.
# gr-data-iso-hard: BUG with AMBIGUITIES. No entries. Each block has an id, a heading, paragraphs
#   and its exact time in data-published (ISO, no offset); the only visible time is Greek
#   relative text ('πριν από 6 λεπτά'), which the spec's list of languages does not name
#   (missing feature). A data-* ISO attribute is not named by rule 1 ('datetime'/'content'
#   attributes), epoch data attributes are (ambiguity, leaning bug). Counter-checks: with the
#   relative texts in English, 12 entries, but dated from the relative text (the pinned post
#   19:05 instead of 19:00:12, #2 22:59 instead of 22:58:41: data-published is never read) and
#   'Ενημερώθηκε 22:40' ("updated 22:40") left in the pinned body; with a <time datetime>
#   without offset instead, 12 entries in +03:00 (the zone from el/.gr is right).
# de-tickaroo-widget: no mismatch (the third-party widget inside the host article, 'vor 12 Min.',
#   the pinned event with 'Angepinnt', the ad event, credits in widget spans).
#
# Fixed since (general rules, docs/blind-fixtures.md "Round 3"): CJK clocks and dates, more
# zones by language and domain; a paragraph opening with a bold clock starts a ticker entry,
# <hr> ends one; an untimed mostly-links item among timed entries is no entry; an untimed group
# where most items have heading and id; aria-hidden times are read (never body text); ISO in a
# time-named data-* attribute (data-updated excluded); "Updated 22:40" in more languages is the
# update time; placeholders with only data-tweet-id/data-youtube-id; full-width CJK credit
# markers. All 22 blind fixtures are 1.00 in every field.
#
# Round 4 (docs/blind-fixtures.md "Round 4"): six new pages, written and frozen (SHA-256 in
# /work/tmp_blind4/frozen.sha256) before their first run at a688ccc; every mismatch of that first
# run, judged from the spec BEFORE reading the extractor's code (counter-checks on edited copies
# of a page, in memory, are not fixtures):
#
# id-wib-wita-wit: BUG. No entries and "no timezone known". Zone: .co.id, lang id and the page's
#   WIB clocks each give Asia/Jakarta by the spec's rules (its lists are examples; id-ID too gives
#   none, counter-check). Entries: the clocks '16.05 WIB' / '15.40 WITA' / '07.05 WIT' are not
#   read as times (the spec: "a zone abbreviation in the text sets the offset of that clock";
#   WIB/WITA/WIT are Indonesia's), so the id-less group is not taken; with the abbreviations
#   removed AND the empty decorative <span class=timeline__dot> before the clock removed, 13/13
#   are found (either edit alone: none). '5 menit yang lalu' is not read either (counter-check:
#   published_at null, text in the body) - missing language, same judgement as fr/pt in round 2.
# qa-arabic-indic-digits: BUG / MISSING FEATURE, leaning bug. No entries and "no timezone known".
#   Zone: the .qa domain (a one-zone country) gives Asia/Qatar by the spec's domain rule; none
#   found (nor with lang ar-QA, counter-check). Entries: clocks in Arabic-Indic digits
#   ('١٤:٥٢') are not clocks (the spec reads other scripts' clocks, e.g. CJK, but does not name
#   these digits); with Western digits all 12 are found (titles, bodies, embeds right), but
#   'منذ ٥ دقائق' is still not read (null, left in the body: missing language), and the Arabic
#   credits '(رويترز)', '(الفرنسية)', 'الصورة: الأناضول' are not split off (3 of 4; the
#   credit span is read): AMBIGUITY, leaning bug (Arabic agency names / marker not in the spec).
# sg-live-post-hard: MISSING FEATURE, leaning bug. No entries: the 14 entries are custom
#   elements <live-post role=article> (web components); the spec lists article/section/li/div
#   as the block tags. With <live-post> renamed <article> (or <div>), 14/14 and 1.00 in every
#   field (counter-check): pinned post, relative times across midnight, 12-hour clocks, credits.
# uk-amp-live-list: BUG. (1) the two <amp-ad> items of the <div items> list (own id and epoch
#   data-sort-time, no text) are EXTRA entries with an empty body (positions 5 and 11, so
#   #5-#13 are one or two positions off: position 0.26); the spec drops adverts and empty blocks.
#   (2) <amp-img src=…> gives an image with url null (caption and credit right, 3 of 3); the
#   spec: one object per image, absolute URL. (3) <amp-youtube data-videoid> is no embed
#   (#5); MISSING FEATURE leaning bug (YouTube players are embeds; the spec names iframes and
#   placeholders). (4) #2: the amp-twitter with its placeholder blockquote gives
#   twitter.com/i/status/<id> although the blockquote names the handle (author_handle is even
#   read): the spec's canonical URL is twitter.com/<handle>/status/<id>. Right: every time
#   (epoch ms with seconds, data-update-time not taken), the id-only amp-twitter, titles.
# ua-cyrillic-day-headers: BUG (missing language). '5 хвилин тому' / '47 хвилин тому' are not
#   read: published_at null and the text opens the body (#1, #2). MISSING FEATURE, leaning bug:
#   the Cyrillic 'Фото: X' marker is not recognised (caption keeps it, credit null: #2, #7) and
#   is not removed from a credit span ('Фото: Укрінформ', #10). Right: genitive day headings
#   ('Понеділок, 27 листопада') over three days, lang uk read as Ukrainian, zone from .com.ua.
# tr-li-span-heading: BUG. The share link '<div class=paylas><a …>Paylaş</a></div>' ends every
#   body (14 of 14; the spec leaves share buttons out). AMBIGUITY, leaning bug: the 'SON DAKİKA'
#   ("breaking") label opens #3's body (the spec's labels include 'Breaking'). MISSING
#   FEATURE / AMBIGUITY: 'Fotoğraf: AA' (Turkish for 'Photo:') and '(DHA)' (a Turkish agency
#   alone in brackets) are not split off (#2, #7). Right: the time in the heading's span, the
#   title without it, an untitled heading holding only the time, day <li>s across midnight,
#   '6 dakika önce', 'Foto: İHA', the fotograf-kaynak span.
#
# Round 4, fixed since (docs/blind-fixtures.md "Round 4 fixed"): zone abbreviations WIB/WITA/WIT
# and others, Arabic-Indic digits, relative text and month names in Cyrillic, Arabic,
# Indonesian and Turkish, credit markers and agencies in those scripts; custom elements and
# role=article as entry blocks; a clock after an empty/icon child; advert-only items (amp-ad)
# dropped even when timed; amp-img/amp-anim images and AMP embeds; the handle URL of an id-only
# tweet from its blockquote; share-intent bars and breaking-news labels in more languages.
# All 28 blind fixtures are 1.00 in every field.
#
# Round 5 (docs/blind-fixtures.md "Round 5"): six new pages, written and frozen (SHA-256 in
# /work/tmp_blind5/frozen.sha256) before their first run at 3fcf47c; every mismatch of that first
# run, judged from the spec BEFORE reading the extractor's code:
#
# hi-devanagari-relative: MISSING FEATURE (language), leaning bug. Hindi relative text
#   '5 मिनट पहले', '38 मिनट पहले', '1 घंटा पहले' ("… ago") is not read: published_at null and
#   the text opens the body (#1-#3); the spec's rule 4 lists many languages, not Hindi. BUG: the
#   date written beside the clock ('13:48 IST' + '<span>13 जनवरी 2024</span>') is not read as part
#   of the time (time_source clock-text+page-date; the instants are right only by the page date)
#   and opens every other body (#4-#12): the spec leaves the time out of the body and reads "a
#   date and clock written in the entry"; Devanagari month names are missing. MISSING FEATURE,
#   leaning bug: the Devanagari marker 'फोटो:' ("Photo:") is not recognised, neither in
#   '(फोटो: PTI)' / '(फोटो: सोशल मीडिया)' in the caption (caption keeps it, credit null: #7, #9)
#   nor in a photo-credit span ('फोटो: ANI' kept whole: #3).
# kr-dotted-dates-relative: BUG. The untitled entry #2, whose only time is Korean relative text
#   '23분 전' ("23 minutes ago"), is MISSING: an <li> with the entries' class and id pattern and a
#   paragraph is dropped, so #3-#12 are one position off (position 0.08). MISSING FEATURE
#   (language), leaning bug: '5분 전' is not read (#1: published_at null, the text opens the body).
#   MISSING FEATURE, leaning bug: the Korean marker '(사진=X)' ("(Photo=X)") is not split off
#   (#3 연합뉴스, #9 독자 제공). Right: 'YYYY.MM.DD HH:MM' (instants right; the date part is not
#   read, the walk gives the same), ko-KR → Asia/Seoul, the 'ⓒ 뉴스1' copyright span (accepted
#   with its 'ⓒ').
# pt-oldest-first-midnight: BUG. A credit span (class 'credito') holding 'Fotografia: Nuno
#   Ferreira Santos' gives the credit 'grafia: Nuno Ferreira Santos': the marker 'Foto' is cut out
#   of the word 'Fotografia'. The spec does not list 'Fotografia:' (its removal was optional, the
#   whole span accepted), but no reading of it splits a word. Everything else right: oldest-first
#   order across midnight (00h14 on the next day), 'há 33 min' / 'há 5 min', pt-PT → Lisbon
#   (+00:00), 'Atualizado às 23h05' out of the body.
# uk-football-mbm-minutes, cz-sidebar-ticker-two-feeds, nz-tables-quotes-tooltip-hard: no
#   mismatch. Match minutes give published_at null (the minute label is kept as the body's first
#   paragraph: accepted); the sidebar ticker of 16 timed <li>s is not taken for the 12-entry
#   liveblog; the table (each cell a paragraph: accepted), ordered list, pull quote and nested
#   blockquotes stay body text, the results widget and the map iframe between entries are no
#   entries, '<time>14 Oct 2023, 21:58</time>' is read as date-text ('Photo / X' unsplit:
#   accepted).
#
# Round 5, fixed since (docs/blind-fixtures.md "Round 5 fixed"): Hindi and Korean/Chinese
# relative text ("5 मिनट पहले", "23분 전", "5分钟前"), Hindi month names and "2024.01.13" dates;
# a date-only element beside the entry's clock is part of its time; credit markers "फोटो:",
# "사진=", "Fotografia:" (a marker is a whole word: "Fotografia" no longer leaves "grafia").
# All 34 blind fixtures are 1.00 in every field.
#
# Round 6 (docs/blind-fixtures.md "Round 6"): six new pages, written and frozen (SHA-256 in
# /work/tmp_blind6/frozen.sha256) before their first run at 462bd4a (archiver/extract clean); every
# mismatch of that first run, judged from the spec BEFORE reading the extractor's code
# (counter-checks on edited copies of a page, in memory, are not fixtures):
#
# ca-boldlead-fediverse: BUG. "no timezone known": lang "ca" (also "ca-ES", counter-check) gives no
#   zone, although the spec derives one from the language (its lists are examples; Catalan is
#   spoken in Spain, +02:00 here); the clocks are read as UTC, and since 22:41 UTC would be after
#   the capture (21:25Z) they land on 11 May (12 of 12 wrong; with lang "es" all ten clocks are
#   right, counter-check). MISSING FEATURE, leaning bug: Catalan relative text 'fa 7 minuts',
#   'fa 26 minuts' is not read (published_at null, the text opens the body, #1-#2). BUG: the three
#   fediverse iframes (Bluesky, Mastodon, Threads) are no embeds at all; the spec makes any other
#   frame type "iframe". Counter-check: with their wrappers' class "embed-social embed-…" renamed,
#   all three come out exactly as expected (rendered, rendered, failed). The bold lead sentences
#   (title null, lead in the body), the plain <blockquote> quote and the credits are right.
# dk-pinned-duplicates: AMBIGUITY, leaning bug. The two pinned posts shown on top AND in their
#   chronological places (same data-post-id, title, time, body; ids pinned-post-N / post-N) are
#   two entries each (14 for 12): the top copies are EXTRA at 1-2, the expectations of the pinned
#   posts pair with the later copies (positions 7 and 12), so #1, #2 and #7-#12 are off.
#   The spec does not speak of one entry shown twice, but its entries are "one per liveblog
#   entry" with a stable id, and the page marks both copies with one id. MISSING LANGUAGE, leaning
#   bug: the Danish pinned label 'Fastgjort' (svg + text, in a live-post--pinned block) opens the
#   top copies' bodies. Right: pinned posts dated on their own, 'kl. 22.51', 'for 4 minutter
#   siden', 'Opdateret kl. 22.40' as updated_at, credits, tweet.
# fi-template-noscript: BUG. The four older posts inside an inert <template> (only inserted by
#   'Näytä lisää') are entries (EXTRA at 10-13); a reader never sees template content. The same
#   posts in the <noscript> fallback are rightly ignored. BUG: the untitled #2 (id, image, time
#   '24 minuuttia sitten') is MISSING: an item whose time is not read and that has no heading is
#   dropped although it shares id pattern and class with its siblings (counter-check: with
#   'klo 22.17' it is found) - the round-5 kr finding in another language. MISSING FEATURE,
#   leaning bug: Finnish relative text 'N minuuttia sitten' is not read (#1 null, in the body).
#   Right: 'klo 21.58' clocks, Europe/Helsinki from fi, the Areena iframe; the caption__credit span
#   gives 'Kuva: Derrick Frilund / Yle' (marker kept: the accepted form). Masked by the missing #2
#   (counter-check): 'Kuva: X / Lehtikuva' in a caption is not split either (missing marker).
# vn-phut-truoc: MISSING FEATURE, leaning bug. Vietnamese relative text '5 phút trước',
#   '32 phút trước', '1 giờ trước' is not read (#1-#3: null, text in the body). MISSING FEATURE,
#   leaning bug: the marker 'Ảnh: X' (Vietnamese 'Photo:') is not recognised (3 of 3 captions keep
#   it, credit null). Right: Asia/Ho_Chi_Minh from vi/.vn, '14:50' clocks on the page date, fb-post,
#   YouTube, lazy data-src, the ul, ads and key events left out.
# au-react-testid-short, us-wire-updated-bylines: no mismatch (data-testid-only React blocks with
#   bare '45m' / '2h' times and data-testid credit spans; epoch ms in a custom element over the
#   relative text, 'Updated N mins ago', caps bylines, 'Copy Link', '(AP Photo/X)').
#
# Round 6, fixed since (docs/blind-fixtures.md "Round 6 fixed"): Catalan ("fa 7 minuts", zone
# from ca/ca-ES), Finnish ("sitten", "Kuva:") and Vietnamese ("trước", "Ảnh:"); a region's
# country gives the zone for any language; a "social" wrapper holding an embed keeps it; posts
# in a <template> are no entries; a post shown twice (pinned copy, same id attribute, title and
# text) is one entry; Nordic pinned labels. All 40 blind fixtures are 1.00 in every field.
#
# Round 7 (docs/blind-fixtures.md "Round 7"): six new pages, written and frozen (SHA-256 in
# /work/tmp_blind7/frozen.sha256) before their first run at 3edcc32 (archiver/extract clean); every
# mismatch judged from the spec BEFORE reading the extractor's code:
#
# uk-breaking-cards-dataid: BUG. No entries at all (warning "no liveblog entries found"): twelve
#   <div class=ncpost-container data-id> siblings with a heading and a date text 'Monday 29 July
#   2024 16:32, UK' are not taken for entries.
# nl-li-vandaag-gisteren: BUG. The day-divider <li>s ('Vandaag', 'Gisteren', 'Donderdag 31
#   oktober', …) are 4 EXTRA entries (title = divider, empty body), shifting every position; the
#   three 'Vandaag' entries are dated 1 instead of 2 November (the relative day names are not
#   read as day headings - missing feature, leaning bug, the spec's day heading is a general rule).
# ro-gallery-video-acum: BUG. The untitled #2 whose only time is 'acum 38 de minute' is dropped
#   (round 5/6 pattern). MISSING LANGUAGE, leaning bug: Romanian relative text ('acum 5 minute')
#   is not read (#1 null, text in body). BUG: the gallery counters '3 fotografii' / '4 fotografii'
#   are in the bodies (#3, #8); BUG: #4's second paragraph 'Urmăriți declarațiile…' is lost (next
#   to the video placeholder). AMBIGUITY, leaning bug: '(Agerpres)' (Romanian agency alone in
#   brackets) is not split off.
# he-rtl-embed-only, hr-heading-links-same-minute: MISSING LANGUAGE, leaning bug: Hebrew 'לפני 5
#   דקות' and Croatian 'prije 4 minute' / 'prije 17 minuta' relative text not read (#1, #2: null,
#   text in the body).
# hu-datetime-other-zone: MISSING MARKER, leaning bug: 'Fotó: X' (Hungarian spelling) not split
#   (caption/credit 2 of 3 entries with images). Every datetime in Z/-05:00 re-expressed right.
# MINE (harness): an entry with no title and an empty body (he #3, hr #6, hu #5, ro #7: embed
#   only) can never pair (similarity 0), so it counts MISSING + EXTRA although the extractor gives
#   it exactly as expected (checked by hand; ro's is one position up because of the lost #2).
#
# Round 7, fixed since (docs/blind-fixtures.md "Round 7 fixed"): relative text in ro/he/hr/cs/hu;
# a country code after a time ("16:32, UK"); day dividers ("Vandaag", "Gisteren", "Donderdag
# 31 oktober") date the entries after them and are no entries; gallery counters; a sentence is
# no byline; more screen-reader-only classes (u-hide-visually); "Fotó:", "Pic:", Agerpres. The
# harness pairs an entry that is only an embed by its embed ids (before, such entries could
# not pair). All 46 blind fixtures are 1.00 in every field.
#
# Floors: what the extractor reaches now (rounded down to 0.01). A floor of 0.0 only records the
# present state; raise the floors when the bugs above are fixed.
# Every field of every fixture has the floor 1.0 except those listed here.
FLOORS: dict[str, dict[str, float]] = {}
OVERALL_FLOORS: dict[str, float] = dict.fromkeys(FIELDS, 1.0)


@dataclass
class FieldScore:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return 1.0 if self.total == 0 else self.correct / self.total


@dataclass
class FixtureResult:
    name: str
    expected: int
    extracted: int
    matched: int
    scores: dict[str, FieldScore] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load_expected(name: str) -> list[dict[str, Any]]:
    path = BLIND / name / "expected.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_snapshot(name: str) -> PageSnapshot:
    folder = BLIND / name
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    frames = {url: (folder / rel).read_bytes() for url, rel in meta["frames"].items()}
    return PageSnapshot(
        url=meta["url"],
        html=(folder / "page.html").read_bytes(),
        captured_at=datetime.fromisoformat(meta["captured_at"].replace("Z", "+00:00")),
        content_type=meta["content_type"],
        frames=frames,
    )


def _similarity(exp: Mapping[str, Any], act: Mapping[str, Any]) -> float:
    if exp.get("title") and exp.get("title") == act.get("title"):
        return 1.0
    a, b = exp.get("body_text") or "", act.get("body_text") or ""
    if not a and not b and not exp.get("title") and not act.get("title"):
        # an entry that is only an embed (or only images): the same embed ids or image URLs
        for group, key in (("embeds", "id"), ("embeds", "url"), ("images", "url")):
            mine = {x.get(key) for x in exp.get(group) or ()} - {None}
            if mine and mine == {x.get(key) for x in act.get(group) or ()} - {None}:
                return 0.9
        return 0.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a[:400], b[:400]).ratio()


def pair_entries(
    expected: Sequence[Mapping[str, Any]], actual: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Greedy best-first pairing by title and body, so a reordered entry still pairs."""
    candidates = sorted(
        ((_similarity(e, a), i, j) for i, e in enumerate(expected) for j, a in enumerate(actual)),
        reverse=True,
    )
    used_e: set[int] = set()
    used_a: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for sim, i, j in candidates:
        if sim < MATCH_THRESHOLD:
            break
        if i not in used_e and j not in used_a:
            used_e.add(i)
            used_a.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _project(items: Sequence[Mapping[str, Any]] | None, key: str) -> list[Any]:
    return [item.get(key) for item in items or ()]


def _acceptable(exp: Mapping[str, Any], fld: str) -> list[Any]:
    """The expected value of a field and the alternatives the spec also allows."""
    accept: Mapping[str, Any] = exp.get("_accept", {})
    if "." in fld:
        group, key = fld.split(".")
        return [_project(alt, key) for alt in [exp[group], *accept.get(group, [])]]
    return [exp[fld], *accept.get(fld, [])]


def _actual(act: Mapping[str, Any], fld: str) -> Any:
    if "." in fld:
        group, key = fld.split(".")
        return _project(act.get(group), key)
    return act.get(fld)


def _describe_time(exp: str | None, got: str | None) -> str:
    if got is None or exp is None:
        return "null" if got is None else "unexpected value"
    try:
        same = datetime.fromisoformat(exp) == datetime.fromisoformat(got)
    except ValueError:
        return "unparseable"
    return "same instant, other offset" if same else "wrong instant"


@cache
def evaluate(name: str) -> FixtureResult:
    """Extract the fixture's page and score it against its expectations (once per session)."""
    expected = load_expected(name)
    result = extract_entries(load_snapshot(name))
    actual = result.entries
    pairs = pair_entries(expected, actual)
    paired_e = {i for i, _ in pairs}
    paired_a = {j for _, j in pairs}
    missing = [expected[i] for i in range(len(expected)) if i not in paired_e]
    extra = [actual[j] for j in range(len(actual)) if j not in paired_a]
    out = FixtureResult(name, len(expected), len(actual), len(pairs), warnings=result.warnings)
    out.scores = {f: FieldScore() for f in FIELDS}
    out.scores["entries"] = FieldScore(len(pairs), len(expected) + len(extra))

    for fld in FIELDS[1:]:
        group = fld.split(".")[0] if "." in fld else None

        def relevant(entry: Mapping[str, Any], group: str | None = group) -> bool:
            return group is None or bool(entry.get(group))

        score = out.scores[fld]
        for i, j in pairs:
            exp, act = expected[i], actual[j]
            if not (relevant(exp) or relevant(act)):
                continue
            score.total += 1
            got = _actual(act, fld)
            if got in _acceptable(exp, fld):
                score.correct += 1
                continue
            want = _acceptable(exp, fld)[0]
            kind = f" [{_describe_time(want, got)}]" if fld == "published_at" else ""
            out.mismatches.append(
                f"{name} #{exp['position']} {fld}{kind}: expected {want!r}, got {got!r}"
            )
        score.total += sum(1 for e in missing if relevant(e)) + sum(1 for a in extra if relevant(a))
    for e in missing:
        out.mismatches.append(
            f"{name} #{e['position']} MISSING: {e['title']!r} {(e['body_text'] or '')[:60]!r}"
        )
    for a in extra:
        out.mismatches.append(
            f"{name} EXTRA at position {a.get('position')}: {a.get('title')!r} "
            f"{(a.get('body_text') or '')[:60]!r}"
        )
    return out


def overall(results: Sequence[FixtureResult]) -> dict[str, FieldScore]:
    total = {f: FieldScore() for f in FIELDS}
    for res in results:
        for f, s in res.scores.items():
            total[f].correct += s.correct
            total[f].total += s.total
    return total


def report(results: Sequence[FixtureResult]) -> str:
    short = {f: f.replace("images.", "img.").replace("embeds.", "emb.") for f in FIELDS}
    width = max(len(r.name) for r in results) + 2
    head = "fixture".ljust(width) + " exp/got " + " ".join(short[f].rjust(9) for f in FIELDS)
    lines = [head, "-" * len(head)]

    def cell(s: FieldScore) -> str:
        return "-".rjust(9) if s.total == 0 else f"{s.accuracy:9.2f}"

    for r in results:
        lines.append(
            r.name.ljust(width)
            + f" {r.expected:>3}/{r.extracted:<3} "
            + " ".join(cell(r.scores[f]) for f in FIELDS)
        )
    tot = overall(results)
    lines.append("-" * len(head))
    lines.append("OVERALL".ljust(width) + " " * 9 + " ".join(cell(tot[f]) for f in FIELDS))
    lines.append("")
    for r in results:
        lines.extend(r.mismatches)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Tests


def test_fixtures_are_well_formed() -> None:
    assert len(FIXTURES) >= 8
    for name in FIXTURES:
        meta = json.loads((BLIND / name / "meta.json").read_text(encoding="utf-8"))
        assert set(meta) >= {"url", "captured_at", "content_type", "frames"}
        for rel in meta["frames"].values():
            assert (BLIND / name / rel).is_file()
        entries = load_expected(name)
        assert [e["position"] for e in entries] == list(range(1, len(entries) + 1))
        for e in entries:
            assert set(e) - {"_accept", "_note"} == {
                "position",
                "title",
                "published_at",
                "body_text",
                "images",
                "embeds",
            }


@pytest.mark.parametrize("name", FIXTURES)
def test_blind_fixture_floors(name: str) -> None:
    res = evaluate(name)
    floors = {f: FLOORS.get(name, {}).get(f, 1.0) for f in FIELDS}
    below = {
        f: round(res.scores[f].accuracy, 3)
        for f, floor in floors.items()
        if res.scores[f].accuracy < floor
    }
    assert not below, f"{name}: below floor {below}\n" + "\n".join(res.mismatches)


def test_blind_overall_floors() -> None:
    results = [evaluate(n) for n in FIXTURES]
    tot = overall(results)
    print("\n" + report(results))
    below = {
        f: round(tot[f].accuracy, 3)
        for f, floor in OVERALL_FLOORS.items()
        if tot[f].accuracy < floor
    }
    assert not below, f"overall below floor: {below}"


def test_no_liveblog_page_gives_no_entries_and_says_so() -> None:
    result = extract_entries(load_snapshot("ie-article-no-liveblog"))
    assert result.entries == []
    assert "no liveblog entries found on the page" in result.warnings


if __name__ == "__main__":
    print(report([evaluate(n) for n in FIXTURES]))
