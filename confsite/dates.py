"""Dates, times and time zones of deadlines: pure functions, no files, no clock unless asked.

A date in the data is a day, optionally with a time, in a named zone: an IANA name
(America/Los_Angeles), UTC, or AoE (anywhere on earth, UTC-12). A day without a time means the
end of that day, 23:59:59, in its zone. Every function here raises ValueError with a message that
says what to write instead; the callers turn it into a located error.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import re
import zoneinfo
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

UTC = dt.timezone.utc
AOE = "AoE"
AOE_ZONE = "Etc/GMT+12"  # the sign is inverted in Etc names: Etc/GMT+12 is UTC-12
END_OF_DAY = dt.time(23, 59, 59)
START_OF_DAY = dt.time(0, 0, 0)

# Abbreviations people write for a zone, and the IANA name they usually mean.
ABBREVIATIONS = {
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "MT": "America/Denver", "MST": "America/Denver", "MDT": "America/Denver",
    "CT": "America/Chicago", "CST": "America/Chicago", "CDT": "America/Chicago",
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "GMT": "UTC", "Z": "UTC", "BST": "Europe/London", "WET": "Europe/Lisbon",
    "CET": "Europe/Berlin", "CEST": "Europe/Berlin", "MET": "Europe/Berlin", "EET": "Europe/Athens",
    "IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "HKT": "Asia/Hong_Kong",
    "SGT": "Asia/Singapore", "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney",
    "ANYWHERE ON EARTH": AOE,
}

_WHEN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@dataclass(frozen=True, order=True)
class When:
    """What the data says: a day, and a time of day or None (the end of that day)."""

    day: dt.date
    time: dt.time | None = None

    def wall(self, start: bool = False) -> dt.datetime:
        """The local wall-clock moment: the time given, else the day's end (or its start for a period's start)."""
        return dt.datetime.combine(self.day, self.time or (START_OF_DAY if start else END_OF_DAY))

    def __str__(self) -> str:
        if self.time is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()} {self.time.strftime('%H:%M:%S' if self.time.second else '%H:%M')}"


def parse_when(text: object) -> When:
    """'2018-09-28' or '2018-09-28 16:59' (or with 'T', or with seconds) -> When."""
    value = str(text).strip()
    example = "write YYYY-MM-DD, e.g. 2018-09-28, or YYYY-MM-DD HH:MM, e.g. 2018-09-28 16:59"
    if _OFFSET.search(value) and re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d", value):
        raise ValueError(f"'{value}' carries a UTC offset; write the local time without it "
                         "and name the zone with 'timezone:' (e.g. 2018-09-28 16:59 and timezone: America/Los_Angeles)")
    match = _WHEN.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date; {example}")
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' is not a date: there is no month {month}; {example}")
    try:
        day_value = dt.date(year, month, day)
    except ValueError:
        last = _days_in_month(year, month)
        raise ValueError(f"'{value}' is not a date: {_MONTHS[month - 1]} {year} has {last} days; "
                         f"write a day from 1 to {last}, e.g. {year:04d}-{month:02d}-{last:02d}") from None
    if match.group(4) is None:
        return When(day_value)
    hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
    if hour == 24 and minute == 0 and second == 0:
        raise ValueError(f"'{value}': 24:00 is ambiguous; write {day_value.isoformat()} 23:59 "
                         f"(or the date alone, which means 23:59:59), or {day_value + dt.timedelta(days=1)} 00:00")
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"'{value}' has an impossible time of day; write hours 00-23 and minutes 00-59, e.g. 16:59")
    return When(day_value, dt.time(hour, minute, second))


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def check_zone(name: object) -> str:
    """The zone's canonical name ('AoE', 'UTC' or an IANA name); ValueError saying what to write otherwise."""
    value = str(name).strip()
    if value.upper() in ("AOE", "ANYWHERE ON EARTH"):
        return AOE
    if value.upper() in ("UTC", "ETC/UTC"):
        return "UTC"
    meant = ABBREVIATIONS.get(value.upper())
    # Names without a '/' (EST, CET, PST8PDT ...) are legacy zones or abbreviations: EST in tzdata never
    # switches to summer time, which is not what people who write EST mean.
    if meant or "/" not in value:
        suggestion = f"write {meant}" if meant else "write an IANA name such as America/Los_Angeles, Europe/Berlin"
        raise ValueError(f"'{value}' is ambiguous or not a time zone name; {suggestion} "
                         "(or UTC, or AoE for anywhere on earth)")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, IsADirectoryError):
        close = difflib.get_close_matches(value, sorted(zoneinfo.available_timezones()), n=1)
        suggestion = f"did you mean {close[0]}?" if close else "use an IANA name such as America/Los_Angeles"
        raise ValueError(f"'{value}' is not a known time zone; {suggestion}") from None
    return value


def site_zone(name: str) -> str:
    """site.yaml's zone (already checked to exist) as a canonical name for the functions here."""
    try:
        return check_zone(name)
    except ValueError:
        return name


@lru_cache(maxsize=None)
def zone(name: str) -> dt.tzinfo:
    """The tzinfo of a canonical zone name (AoE is Etc/GMT+12, i.e. UTC-12)."""
    if name == "UTC":
        return UTC
    return zoneinfo.ZoneInfo(AOE_ZONE if name == AOE else name)


def instant(when: When, zone_name: str, start: bool = False) -> dt.datetime:
    """The moment `when` means in `zone_name`, as an aware datetime in that zone.

    A local time that the zone skips (clocks going forward) or passes twice (clocks going back) is an
    error: a deadline must name one moment.
    """
    tz = zone(zone_name)
    wall = when.wall(start)
    moment = wall.replace(tzinfo=tz)
    if moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
        raise ValueError(f"{wall:%Y-%m-%d %H:%M} does not exist in {zone_name}: the clocks skip that hour "
                         "when summer time starts; write a time an hour later or earlier")
    if wall.replace(tzinfo=tz, fold=1).utcoffset() != moment.utcoffset():
        raise ValueError(f"{wall:%Y-%m-%d %H:%M} happens twice in {zone_name}: the clocks go back that night; "
                         "write a time outside that hour, or give the date in UTC")
    return moment


def day_span(first: dt.date, last: dt.date, zone_name: str) -> tuple[dt.datetime, dt.datetime]:
    """From the first moment of `first` to 23:59:59 of `last` in the zone (the conference's days).

    Unlike a deadline, a day always has a start: where a zone skips midnight, the day starts at
    the first moment that exists.
    """
    tz = zone(zone_name)
    start = dt.datetime.combine(first, START_OF_DAY).replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    end = dt.datetime.combine(last, END_OF_DAY).replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    return start, end


def abbreviation(moment: dt.datetime, zone_name: str) -> str:
    """How a page may label the zone at that moment: PDT, EDT, UTC, AoE, or UTC+05:30 when tzdata has no letters."""
    if zone_name == AOE:
        return AOE
    if zone_name == "UTC":
        return "UTC"
    name = moment.astimezone(zone(zone_name)).tzname() or ""
    if name and name[0] not in "+-":
        return name
    return "UTC" + utc_offset(moment.astimezone(zone(zone_name)))


def utc_offset(moment: dt.datetime) -> str:
    """'+05:30', '-07:00' for an aware datetime."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def format_day(day: dt.date) -> str:
    """'Fri 28 Sep 2018'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def format_time(moment: dt.datetime) -> str:
    """'16:59', or '23:59:59' when there are seconds."""
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def format_in_zone(moment: dt.datetime, zone_name: str) -> str:
    """'Fri 28 Sep 2018, 16:59 PDT': the moment as the zone's clocks show it."""
    local = moment.astimezone(zone(zone_name))
    return f"{format_day(local.date())}, {format_time(local)} {abbreviation(local, zone_name)}"


def format_utc(moment: dt.datetime) -> str:
    """'Fri 28 Sep 2018, 23:59 UTC'."""
    return format_in_zone(moment, "UTC")


_instants: ContextVar[set | None] = ContextVar("confsite_instants", default=None)


@contextlib.contextmanager
def recording_instants():
    """Collect every moment a build compared with its "now": the pages change only when now passes one of them."""
    instants: set[dt.datetime] = set()
    token = _instants.set(instants)
    try:
        yield instants
    finally:
        _instants.reset(token)


def reached(now: dt.datetime, moment: dt.datetime) -> bool:
    """Whether `moment` has come as of `now` (now >= moment). Every "has it passed?" of a build goes through here."""
    instants = _instants.get()
    if instants is not None:
        instants.add(moment)
    return now >= moment


def iso_utc(moment: dt.datetime) -> str:
    """'2018-09-28T23:59:00Z': what <time datetime> and the page's script read."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_with_offset(moment: dt.datetime) -> str:
    """'2025-05-12T00:00:00-07:00': ISO 8601 with the zone's offset, for schema.org."""
    return moment.isoformat(timespec="seconds")


def parse_now(text: str) -> dt.datetime:
    """--now: ISO 8601 ('2022-10-01T12:00:00Z', '2022-10-01T12:00+02:00', '2022-10-01'); no offset means UTC."""
    value = text.strip()
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time; write e.g. 2022-10-01T12:00:00Z or 2022-10-01") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def clock() -> tuple[dt.datetime, bool]:
    """"Now" when the caller gave none: SOURCE_DATE_EPOCH if it is usable, else the current time."""
    try:
        return build_now(None, os.environ)
    except ValueError:
        return build_now(None, {})


def build_now(now: str | None, environ: dict) -> tuple[dt.datetime, bool]:
    """The build's 'now': --now, else SOURCE_DATE_EPOCH, else the clock; and whether it was fixed."""
    if now is not None:
        return parse_now(now), True
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch not in (None, ""):
        try:
            return dt.datetime.fromtimestamp(int(epoch), UTC), True
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH='{epoch}' is not a number of seconds since 1970; "
                             "set it to e.g. 1700000000, or unset it") from None
    return dt.datetime.now(UTC).replace(microsecond=0), False
