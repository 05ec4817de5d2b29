"""Exit codes shared by every verb, so scripts can tell failures apart."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1          # something went wrong that has no more specific code
EXIT_USAGE = 2            # bad command line or input file (argparse uses 2 as well)
EXIT_CAPTURE_FAILED = 3   # a page could not be captured (unreachable, 4xx/5xx)
EXIT_NO_BROWSER = 4       # no Chromium found and none could be installed
EXIT_OUTPUT_ERROR = 5     # the output could not be written (permissions, full disk)
EXIT_TAMPERED = 6         # verify: a digest, hash or signature does not match
EXIT_CANNOT_CHECK = 7     # verify: something needed for a check is missing or unreadable
EXIT_BUSY = 8             # another pass of the same target holds the lock
EXIT_INTERRUPTED = 130    # SIGINT / SIGTERM: what was captured is closed cleanly
