"""Markdown tables for the sample's README, made from the data files so the documentation
cannot drift from them (a test checks that the README holds them): run
``python -m archiver.sample.tables``."""

from __future__ import annotations

import sys

from archiver.sample.content import Image, Paragraph, TweetEmbed, load_liveblog, load_tweets
from archiver.sample.live import load_script


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\xa0", " ")


def entries_table() -> str:
    """Seed number, id, clock time, title and what each entry holds."""
    rows = ["| # | id | time | title | blocks |", "|---|---|---|---|---|"]
    for number, entry in enumerate(load_liveblog().entries, start=1):
        counts = {"p": 0, "img": 0, "tweet": 0}
        for block in entry.blocks:
            key = ("p" if isinstance(block, Paragraph) else
                   "img" if isinstance(block, Image) else "tweet")
            counts[key] += 1
        held = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
        rows.append(f"| {number} | {entry.id} | {entry.time} | {_cell(entry.title)} | {held} |")
    return "\n".join(rows)


def images_table() -> str:
    blog = load_liveblog()
    rows = ["| entry | file | loading | caption | credit |", "|---|---|---|---|---|"]
    items: list[tuple[str, Image]] = [("lead", blog.lead_image)]
    for number, entry in enumerate(blog.entries, start=1):
        items += [(str(number), b) for b in entry.blocks if isinstance(b, Image)]
    loading = {"eager": "eager", "native": 'loading="lazy"', "script": "data-src"}
    for where, image in items:
        caption = _cell(image.caption.strip()) if image.caption else "(none)"
        rows.append(f"| {where} | {image.file} | {loading[image.lazy]} | {caption} | "
                    f"{image.credit} |")
    return "\n".join(rows)


def tweets_table() -> str:
    tweets = load_tweets()
    rows = ["| entry | tweet id | author | created_at (UTC) | text |", "|---|---|---|---|---|"]
    for number, entry in enumerate(load_liveblog().entries, start=1):
        for block in entry.blocks:
            if isinstance(block, TweetEmbed):
                t = tweets[block.tweet_id]
                rows.append(f"| {number} | {t.id} | {_cell(t.name)} @{t.screen_name} | "
                            f"{t.created_at} | {_cell(t.text)} |")
    return "\n".join(rows)


def live_table() -> str:
    script = load_script()
    rows = ["| step | time | offset (s) | at speed 60 | change |", "|---|---|---|---|---|"]
    for step in script.steps:
        wall = int(step.offset / 60)
        rows.append(f"| {step.index} | {step.time} | {step.offset:g} | "
                    f"{wall // 60}:{wall % 60:02d} | {_cell(script.describe(step))} |")
    return "\n".join(rows)


TABLES = {"entries": entries_table, "images": images_table, "tweets": tweets_table,
          "live": live_table}


def main(argv: list[str] | None = None) -> int:
    names = (sys.argv[1:] if argv is None else argv) or list(TABLES)
    for name in names:
        print(f"<!-- table: {name} -->\n{TABLES[name]()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
