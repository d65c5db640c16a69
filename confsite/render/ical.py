"""The calendar: dates.ics with every important date, and one small .ics per date for "add to calendar" links.

Written with the icalendar package (RFC 5545). Times are UTC; a day without a time that is no
deadline is an all-day entry. UIDs come from the dates' ids, so a calendar that subscribed to
dates.ics updates an entry when its date moves (SEQUENCE counts the moves) instead of adding a
second one. DTSTAMP is the build's fixed "now" (--now or SOURCE_DATE_EPOCH), else 1970-01-01, so
that the same input always gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from confsite.assemble.calls import ImportantDate
from confsite.dates import UTC
from confsite.model import Output, Site
from confsite.read.content import slugify
from confsite.urls import absolute_url

PRODID = "-//confsite//confsite//EN"


def calendar_outputs(site: Site) -> list[Output]:
    """dates.ics and calendar/<date>.ics for every date that has a day (TBA dates have none)."""
    calendar = site.calendar
    if calendar is None or calendar.ics_url is None:
        return []
    name = site.config.edition or site.config.name
    dated = [item for item in calendar.dates if item.ics_url]
    outputs = [Output(path=calendar.ics_url, source="data/calls.yaml",
                      data=ics_bytes(site, dated, f"{name}: important dates"))]
    for item in dated:
        outputs.append(Output(path=item.ics_url, source="data/calls.yaml", data=ics_bytes(site, [item], item.label)))
    return outputs


def ics_bytes(site: Site, items: list[ImportantDate], title: str) -> bytes:
    """One VCALENDAR with a VEVENT per date."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    for item in items:
        cal.add_component(_event(site, item))
    return cal.to_ical()


def uid(site: Site, item: ImportantDate) -> str:
    """A stable id: the date's id at the site's host (or its name)."""
    host = urlsplit(site.config.base_url).netloc or f"{slugify(site.config.name) or 'conference'}.confsite"
    return f"{item.anchor}@{host}"


def _event(site: Site, item: ImportantDate) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid(site, item))
    event.add("dtstamp", site.calendar.stamp or dt.datetime(1970, 1, 1, tzinfo=UTC))
    all_day = item.kind == "period" and item.start.day_only and item.end.day_only or item.kind == "day"
    if all_day:
        first = dt.date.fromisoformat((item.start or item.end).day_iso)
        last = dt.date.fromisoformat(item.end.day_iso)
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))  # DTEND of an all-day entry is the day after
    else:
        event.add("dtstart", item.begins.astimezone(UTC))
        # a deadline is an instant: RFC 5545 (3.8.2.2) wants a DTEND later than DTSTART, or none at all
        if item.ends > item.begins:
            event.add("dtend", item.ends.astimezone(UTC))
    summary = f"{item.edition}: {item.label}" if item.edition and item.edition not in item.label else item.label
    event.add("summary", summary)
    lines = [f"{item.label}: {_when_text(item)} ({item.zone})"]
    if item.previous:
        lines.append("Moved from: " + "; ".join(item.previous))
    if item.call_title:
        lines.append(item.call_title)
    if item.note:
        lines.append(item.note)
    page = item.call_url or (site.calendar.dates_url or "")
    link = absolute_url(site.config.base_url, page)
    if "://" in link:
        event.add("url", link + ("" if item.call_url else f"#{item.anchor}"))
        lines.append(link)
    event.add("description", "\n".join(lines))
    event.add("transp", "TRANSPARENT")
    if item.sequence:
        event.add("sequence", item.sequence)
    return event


def _when_text(item: ImportantDate) -> str:
    if item.kind == "period":
        return f"{item.start.text} – {item.end.text}"
    return item.end.text
