"""Vietnam's day: UTC+7, no daylight saving — the day a Vietnamese duty falls on, whatever the
host's time zone. Standard library ``time`` only: the default ``--on``/``--as-of`` of every query uses it."""
from __future__ import annotations

import time

__all__ = ["UTC_OFFSET_SECONDS", "today_iso"]

UTC_OFFSET_SECONDS = 7 * 3600


def today_iso() -> str:
    """Today's date in Vietnam as ``YYYY-MM-DD``."""
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + UTC_OFFSET_SECONDS))
