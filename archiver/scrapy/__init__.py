"""Thin Scrapy components: add-on, download handler, extensions, middleware, exporter."""
