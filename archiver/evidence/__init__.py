"""Evidence packages: signed, timestamped WACZ, SHA256SUMS, custody log, report, verification.

Pure core: no Scrapy. Each module owns one thing (see docs/evidence.md).
"""
