"""Page behaviours, each bounded in time and returning an :class:`Outcome`."""
