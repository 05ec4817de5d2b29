"""How big each benchmark is at each scale: the full run, ``--quick``, and the smoke test's."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1_000_000


@dataclass(frozen=True)
class Plan:
    scale: str
    raw_reps: int                      # A/B pairs of benchmark 1
    raw_pages: int                     # 1: pages of the generated site
    raw_warmup_pages: int
    rendered_reps: int                 # 2: A/B pairs of the one-page rendered capture
    concurrency: tuple[int, ...]       # 2: pages per minute at these concurrencies
    concurrency_pages: int             # 2: pages per concurrency run
    concurrency_reps: int
    entries: int                       # 3: entries of the generated liveblog page
    extract_reps: int
    floor_reps: int                    # 3: lxml parses per B run (it takes milliseconds)
    warc_reps: int
    warc_records: int                  # 4: records (half requests, half responses)
    warc_rotate_mb: float              # 4: file size at which our writer rotates
    big_record_bytes: int              # 4: the one big record streamed from a file
    big_page_bytes: int                # 4: the file a rendered page loads
    install_trafilatura: bool


PLANS = {
    "full": Plan("full", raw_reps=3, raw_pages=2000, raw_warmup_pages=100, rendered_reps=4,
                 concurrency=(1, 2, 4), concurrency_pages=4, concurrency_reps=1,
                 entries=2000, extract_reps=3, floor_reps=20, warc_reps=3, warc_records=20_000,
                 warc_rotate_mb=40, big_record_bytes=500 * MB, big_page_bytes=200 * MB,
                 install_trafilatura=True),
    "quick": Plan("quick", raw_reps=3, raw_pages=500, raw_warmup_pages=50, rendered_reps=2,
                  concurrency=(1, 2, 4), concurrency_pages=4, concurrency_reps=1,
                  entries=500, extract_reps=3, floor_reps=20, warc_reps=3, warc_records=5_000,
                  warc_rotate_mb=10, big_record_bytes=100 * MB, big_page_bytes=50 * MB,
                  install_trafilatura=True),
    # The smoke test: every line of the table, at sizes that keep the harness from rotting.
    "smoke": Plan("smoke", raw_reps=1, raw_pages=20, raw_warmup_pages=0, rendered_reps=1,
                  concurrency=(2,), concurrency_pages=2, concurrency_reps=1,
                  entries=50, extract_reps=1, floor_reps=3, warc_reps=1, warc_records=200,
                  warc_rotate_mb=0.2, big_record_bytes=5 * MB, big_page_bytes=2 * MB,
                  install_trafilatura=False),
}
