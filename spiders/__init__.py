"""Scrapy spiders of the project: only what is job- or site-specific lives here."""
