"""Reading the seed text dump into entries: titles, paragraphs, tweet slots, images."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TWEET = "Twitter bericht wordt geladen..."
_ENTRY = re.compile(r"^ {2}(\d+)\. (.+?)\s*$")
_BEELD = re.compile(r"^(?P<caption>.*?)\s?Beeld (?P<credit>.+?)\s*$")


@dataclass
class SeedImage:
    caption: str | None
    credit: str


@dataclass
class SeedEntry:
    number: int
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tweets: int = 0
    images: list[SeedImage] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.paragraphs)


def parse_seed(text: str) -> list[SeedEntry]:
    entries: list[SeedEntry] = []
    for line in text.splitlines():
        match = _ENTRY.match(line)
        if match:
            entries.append(SeedEntry(int(match.group(1)), match.group(2)))
            continue
        if not entries or not line.strip():
            continue
        content = line.strip()
        entry = entries[-1]
        if content == TWEET:
            entry.tweets += 1
            continue
        beeld = _BEELD.match(content)
        if beeld and "Beeld " in content and len(beeld.group("credit")) < 30:
            caption = beeld.group("caption").strip() or None
            entry.images.append(SeedImage(caption, beeld.group("credit")))
            continue
        entry.paragraphs.append(content)
    return entries
