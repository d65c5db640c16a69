"""The proceedings' own record: the volume entry of papers.bib (PMLR's @Proceedings, a dblp @proceedings that the
papers crossref) as the papers page shows it."""
from __future__ import annotations

import datetime as dt
import re

from confsite import model
from confsite.assemble.citations import location, plain
from confsite.memo import Memo, remembered
from confsite.read.papers import PaperEntry

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def volume_of(entry: PaperEntry | None, memo: Memo | None = None) -> model.Volume | None:
    """The Volume of the file's volume entry (None without one); made once while it is the same entry."""
    if entry is None:
        return None
    return remembered(memo, "volume record", id(entry), lambda: _volume(entry), entry)


def _volume(entry: PaperEntry) -> model.Volume:
    fields = entry.fields
    url = next((address for name in ("conference_url", "url")
                if (address := (plain(fields, name) or "").replace(" ", "")).startswith(("https://", "http://"))),
               None)
    sections = tuple(part.strip() for part in (plain(fields, "sections") or "").split("|") if part.strip())
    return model.Volume(
        key=entry.key, title=entry.title, title_html=entry.title_html, short_name=plain(fields, "shortname"),
        editors=tuple(author.display for author in entry.authors), volume=plain(fields, "volume"),
        series=plain(fields, "series"), publisher=plain(fields, "publisher"), issn=plain(fields, "issn"),
        isbn=plain(fields, "isbn"), doi=plain(fields, "doi"), dates=_dates(fields), published=_day(fields.get("published")),
        location=location(fields), url=url, sections=sections, bibtex=entry.bibtex)


def _dates(fields: dict) -> str | None:
    """When the conference took place: PMLR's start and end ('12–15 July 2023'), else the month and year given."""
    start, end = _parsed(fields.get("start")), _parsed(fields.get("end"))
    if start is not None and end is not None and end >= start:
        if start == end:
            return _written(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {end:%B} {end.year}"
        if start.year == end.year:
            return f"{start.day} {start:%B} – {end.day} {end:%B} {end.year}"
        return f"{_written(start)} – {_written(end)}"
    if start is not None:
        return _written(start)
    month, year = plain(fields, "month"), plain(fields, "year")
    return " ".join(part for part in (month, year) if part) or None


def _day(value: str | None) -> str | None:
    day = _parsed(value)
    return _written(day) if day is not None else None


def _parsed(value: str | None) -> dt.date | None:
    found = _DATE.fullmatch((value or "").strip())
    if found is None:
        return None
    try:
        return dt.date(*map(int, found.groups()))
    except ValueError:
        return None


def _written(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"
