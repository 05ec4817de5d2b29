"""Rendered capture: traffic recording, page behaviours and snapshots in Playwright (no Scrapy)."""
