"""Watching liveblogs: targets, the schedule of passes, locks, stop rules, progress."""

from __future__ import annotations
