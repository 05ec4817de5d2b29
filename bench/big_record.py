"""Subject of the memory line: ``python -m bench.rss_exec bench.big_record FILE DIR`` writes FILE
as one WARC resource record, streamed from the open file (``BodySource(fileobj)``), with our
writer, and prints the record's length and digest."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from archiver.warc.builders import build_resource
from archiver.warc.files import WarcFiles
from archiver.warc.records import BodySource


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    source, directory = Path(args[0]), Path(args[1])
    files = WarcFiles(directory, lambda: [("software", "bench")], prefix="bench")
    with source.open("rb") as fh:
        record = build_resource(f"urn:bench:{source.name}", "application/octet-stream",
                                BodySource(fh), datetime.now(UTC))
        written = files.write([record])
    files.close()
    print(json.dumps({"length": record.content_length, "payload_digest": record.payload_digest,
                      "file_bytes": sum(p.stat().st_size for p in files.closed_files),
                      "offset": written[0].offset}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
