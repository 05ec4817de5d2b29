"""Site profiles: loading, validation, lookup by host and by markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archiver.extract.html import load_html
from archiver.extract.profile_layer import choose_profile, detect_profile
from archiver.extract.selectors import select
from archiver.profiles import (
    ProfileError,
    SiteProfile,
    all_profiles,
    get_profile,
    load_profile_file,
    profile_for_url,
)

SAMPLE = Path(__file__).parent / "fixtures" / "liveblogs" / "sample-volkskrant" / "page.html"


def test_bundled_profiles_load_and_are_sorted() -> None:
    profiles = all_profiles()
    assert [p.name for p in profiles] == sorted(p.name for p in profiles)
    dpg = get_profile("dpg-media")
    assert isinstance(dpg, SiteProfile)
    assert dpg.timezone == "Europe/Amsterdam" and dpg.language == "nl"
    for domain in ("volkskrant.nl", "parool.nl", "trouw.nl", "ad.nl", "hln.be", "demorgen.be"):
        assert domain in dpg.domains
    assert dpg.entry_selector and dpg.load_more_selectors and dpg.consent_selectors
    assert dpg.embed_selectors and dpg.closed_selectors and dpg.detect_selectors


def test_every_selector_compiles_and_every_pattern_is_a_regex() -> None:
    for profile in all_profiles():
        selectors = [*profile.detect_selectors, *profile.consent_selectors,
                     *profile.load_more_selectors, *profile.embed_selectors,
                     *profile.closed_selectors, *profile.remove_selectors]
        selectors += [s for s in (profile.entry_selector, profile.title_selector,
                                  profile.time_selector, profile.body_selector,
                                  profile.figure_selector, profile.caption_selector,
                                  profile.credit_selector, profile.author_selector,
                                  profile.pinned_selector) if s]
        root = load_html(b"<p>x</p>")
        for selector in selectors:
            select(root, selector)
        for pattern in profile.consent_url_patterns:
            re.compile(pattern)


@pytest.mark.parametrize("url,name", [
    ("https://www.volkskrant.nl/nieuws-achtergrond/x~b1/", "dpg-media"),
    ("https://www.hln.be/buitenland/live~a1/", "dpg-media"),
    ("https://volkskrant.nl/x", "dpg-media"),
    ("https://www.notvolkskrant.nl/x", None),
    ("https://www.theguardian.com/live", None),
    ("not a url", None),
])
def test_profile_for_url(url: str, name: str | None) -> None:
    found = profile_for_url(url)
    assert (found.name if found else None) == name


def test_belgian_domains_get_their_own_timezone() -> None:
    dpg = get_profile("dpg-media")
    assert dpg.timezone_for("https://www.hln.be/x") == "Europe/Brussels"
    assert dpg.timezone_for("https://www.volkskrant.nl/x") == "Europe/Amsterdam"


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="dpg-media"):
        get_profile("nope")
    with pytest.raises(KeyError) as info:
        get_profile("nope")
    assert str(info.value) == "unknown site profile 'nope'; known profiles: dpg-media"


def test_sample_markup_is_detected_on_an_unknown_host() -> None:
    root = load_html(SAMPLE.read_bytes())
    found = detect_profile(root)
    assert found is not None and found.name == "dpg-media"
    assert choose_profile(None, ["http://127.0.0.1:1/x"], root) is found
    assert detect_profile(load_html(b"<div class='live'><p>x</p></div>")) is None
    # the capture counts entries with entry_selector and waits for embeds
    dpg = get_profile("dpg-media")
    assert dpg.entry_selector is not None
    assert len(select(root, dpg.entry_selector)) == 24
    assert len(select(root, dpg.embed_selectors[0])) == 8
    assert select(root, dpg.closed_selectors[0])


def test_bad_profile_files_give_clear_errors(tmp_path: Path) -> None:
    good = ('name = "x"\ndomains = ["x.example"]\ndetect_selectors = [".x"]\n'
            'timezone = "Europe/Amsterdam"\n')
    path = tmp_path / "p.toml"
    path.write_text(good, encoding="utf-8")
    assert load_profile_file(path).name == "x"
    for text, message in [
        (good + 'colour = "red"\n', "unknown keys"),
        (good.replace('timezone = "Europe/Amsterdam"\n', ""), "missing required"),
        (good.replace("Europe/Amsterdam", "Mars/Olympus"), "unknown timezone"),
        (good + 'consent_url_patterns = ["("]\n', "consent_url_patterns"),
        (good.replace('domains = ["x.example"]', 'domains = "x.example"'), "list of strings"),
        ("name = ", "p.toml"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ProfileError, match=message):
            load_profile_file(path)
