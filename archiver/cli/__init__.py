"""The ``archiver`` command line: one module per verb, dispatched by :mod:`archiver.cli.main`."""
