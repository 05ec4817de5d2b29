"""The benchmark harness: our capture, extraction and WARC writing against their floors."""
