"""WARC/1.1 writing and reading: record builders, serializer, file management, recovery."""
