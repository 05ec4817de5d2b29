"""Reference for benchmark 3, run with the interpreter of a separate venv that has trafilatura:
``python bench/trafilatura_ref.py PAGE.html URL REPS`` times ``bare_extraction`` on the bytes
(after one untimed call) and prints one JSON line. Standard library and trafilatura only."""

from __future__ import annotations

import json
import sys
import time
from importlib.metadata import version


def main() -> int:
    path, url, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    from trafilatura import bare_extraction  # type: ignore[import-not-found]

    data = open(path, "rb").read()  # noqa: SIM115
    result = bare_extraction(data, url=url)
    text = getattr(result, "text", None) or (result or {}).get("text", "")
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        bare_extraction(data, url=url)
        times.append(time.perf_counter() - started)
    print(json.dumps({"seconds": times, "text_chars": len(text or ""),
                      "version": version("trafilatura")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
