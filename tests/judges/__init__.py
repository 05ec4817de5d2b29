"""Outside judges for the project's tests: warcio, cdxj-indexer, pywb, py-wacz, Chromium.

Each helper runs the real program (pywb and py-wacz from their own venvs under .judges/) and
returns parsed results; nothing here reads WARCs with the project's own code.
"""
