"""Presentation filters for templates: how dates read on a page. Pure functions of their arguments."""
from __future__ import annotations

import datetime as dt


def date_range(start: dt.date, end: dt.date | None = None) -> str:
    """'May 12–15, 2025', 'May 30 – June 2, 2025', 'December 30, 2025 – January 2, 2026', or one day."""
    if end is None or end == start:
        return f"{start:%B} {start.day}, {start.year}"
    if start.year != end.year:
        return f"{start:%B} {start.day}, {start.year} – {end:%B} {end.day}, {end.year}"
    if start.month != end.month:
        return f"{start:%B} {start.day} – {end:%B} {end.day}, {end.year}"
    return f"{start:%B} {start.day}–{end.day}, {end.year}"


def long_date(day: dt.date) -> str:
    """'May 12, 2025'."""
    return f"{day:%B} {day.day}, {day.year}"


FILTERS = {"date_range": date_range, "long_date": long_date}
