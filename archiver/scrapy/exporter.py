"""The feed exporter for entries: one line per entry, written by the core's serializer, so the
capture and ``archiver extract`` produce byte-identical lines."""

from __future__ import annotations

from typing import Any, BinaryIO

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from archiver.extract import entry_to_json_line


class EntryLinesExporter(BaseItemExporter):
    def __init__(self, file: BinaryIO, **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file

    def export_item(self, item: Any) -> None:
        line = entry_to_json_line(ItemAdapter(item).asdict())
        self.file.write(line.encode("utf-8") + b"\n")
