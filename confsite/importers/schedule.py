"""Reading a pretalx or frab schedule export (schedule.json or schedule.xml) into the sessions of data/program.yaml.

Every event becomes a session of its own, in its room and track, holding one talk with the event's speakers: the
same program as the export, one event per session (render/schedule.py writes such a session back as one event).
Times are moved into the conference's time zone. An event that data/program.yaml cannot hold (no title, no time,
no length, one running past midnight, one that overlaps another in its room) is a located problem: `FILE:LINE` in
XML, `FILE: key path` in JSON.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.parsers import expat

from confsite.errors import SiteError
from confsite.read.content import slugify
from confsite.schema import SLUG

SCHEDULE_FORMATS = ("pretalx", "frab", "miniconf-calendar")  # the last: miniconf_calendar.py
_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$")
_CODE = re.compile(r"^[A-Z0-9]{4,}$")
# the event's type in the export -> the session's kind in program.yaml (the first word found in the type wins)
_KINDS = (("keynote", "keynote"), ("invited", "invited"), ("panel", "panel"), ("poster", "posters"),
          ("tutorial", "tutorial"), ("workshop", "workshop"), ("break", "break"), ("pause", "break"),
          ("lunch", "break"), ("coffee", "break"), ("social", "social"), ("party", "social"),
          ("concert", "social"), ("performance", "social"), ("paper", "papers"))


@dataclass
class ImportedSession:
    """One event of the export as a session of data/program.yaml, with where in the export it is."""

    where: SiteError  # its location, as an error without a message (path, line)
    id: str
    date: dt.date
    start: dt.time
    end: dt.time
    title: str
    kind: str = "talks"
    room: str | None = None
    track: str | None = None
    subtitle: str | None = None
    abstract: str | None = None
    url: str | None = None
    speakers: list[str] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)  # BibTeX keys of the papers presented in it
    talk: bool = True  # it holds one talk named as the event (a calendar's event is the session alone)


@dataclass
class Raw:
    """An event as an export gives it: its fields as text, its speakers (and papers), where it is."""

    path: str  # the file, or 'FILE: key path' for JSON
    line: int | None
    fields: dict
    speakers: list[str]
    day: str | None = None  # the <day date=...> (XML) or the day's date (JSON) it is listed under
    papers: list[str] = field(default_factory=list)


def read_schedule(shown: str, text: str, zone_name: str) -> tuple[list[ImportedSession], list[SiteError], list[str]]:
    """The sessions of a schedule export (JSON or XML, told apart by their first character), the problems of the
    events that cannot be used, and notes for the user; times in `zone_name`. ValueError: not a schedule at all."""
    raws, export_zone = (_xml_events(shown, text) if text.lstrip().startswith("<") else _json_events(shown, text))
    return sessions_of(raws, export_zone, zone_name)


def sessions_of(raws: list[Raw], export_zone: str | None, zone_name: str) -> tuple[list[ImportedSession],
                                                                                    list[SiteError], list[str]]:
    """The sessions of the events `raws` (times without an offset are in `export_zone`), moved into `zone_name`;
    the problems of the events that cannot be used; notes for the user."""
    zone = zoneinfo.ZoneInfo(zone_name)
    notes = []
    try:
        export_tz = zoneinfo.ZoneInfo(export_zone) if export_zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        export_tz = None
    if export_zone and export_zone != zone_name:
        notes.append(f"times moved from the export's time zone ({export_zone}) to the conference's ({zone_name})")
    sessions, problems, used = [], [], {}
    for raw in raws:
        session = _session(raw, zone, export_tz or zone, problems)
        if session is not None:
            session.id = _unique(session.id, used)
            sessions.append(session)
    clashes = _overlaps(sessions)
    problems += [problem for _, problem in clashes]
    dropped = {id(session) for session, _ in clashes}
    return [session for session in sessions if id(session) not in dropped], problems, notes


def _problem(raw: Raw, message: str, hint: str) -> SiteError:
    return SiteError(raw.path, raw.line, message, hint)


def _session(raw: Raw, zone, export_zone, problems: list[SiteError]) -> ImportedSession | None:
    get = lambda name: (raw.fields.get(name) or "").strip()  # noqa: E731
    title = " ".join(get("title").split())
    name = f"the event '{title}'" if title else f"the event {get('guid') or get('id') or ''}".rstrip()
    if not title:
        problems.append(_problem(raw, f"{name} has no title", "give the event a title in pretalx or frab, or pass "
                                                              "--skip-bad to leave it out"))
        return None
    start = _start(raw, get, export_zone)
    if start is None:
        problems.append(_problem(raw, f"{name} has no usable time: date '{get('date')}', start '{get('start')}'",
                                 "export the schedule with each event's date and start (e.g. 2025-05-12T09:30:00+02:00)"))
        return None
    start = start.astimezone(zone)
    if get("end"):
        try:
            end = dt.datetime.fromisoformat(get("end")).astimezone(zone)
        except ValueError:
            end = None
    else:
        match = _DURATION.match(get("duration"))
        end = start + dt.timedelta(hours=int(match.group(1)), minutes=int(match.group(2))) if match else None
    if end is None:
        problems.append(_problem(raw, f"{name} has no usable length: duration '{get('duration')}'",
                                 "write its duration as hours:minutes, e.g. 00:30"))
        return None
    if end <= start:
        problems.append(_problem(raw, f"{name} has no length (it starts and ends at {start:%H:%M})",
                                 "give it a duration, or pass --skip-bad to leave it out"))
        return None
    if end.date() != start.date() and end.time() != dt.time(0, 0) or end - start > dt.timedelta(days=1):
        problems.append(_problem(raw, f"{name} runs past midnight ({start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}, "
                                      f"{zone.key}); a session of data/program.yaml ends on the day it starts",
                                 "end it by midnight in the export, or pass --skip-bad to leave it out"))
        return None
    end_clock = end.time() if end.date() == start.date() else dt.time(23, 59)  # an event until midnight
    kind = next((kind for word, kind in _KINDS if word in get("type").lower()), "talks")
    return ImportedSession(SiteError(raw.path, raw.line, ""), _session_id(get, title), start.date(),
                           start.time().replace(second=0), end_clock.replace(second=0), title, kind,
                           get("room") or None, get("track") or None, " ".join(get("subtitle").split()) or None,
                           _paragraphs(get("abstract") or get("description")) or None, get("url") or None,
                           [" ".join(name.split()) for name in raw.speakers if name.strip()], list(raw.papers))


def _start(raw: Raw, get, export_zone) -> dt.datetime | None:
    """The event's start: its date with its offset, else the day's date and its start time in the export's zone."""
    if get("date") and "T" in get("date"):
        try:
            moment = dt.datetime.fromisoformat(get("date"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=export_zone)
    clock, day = _CLOCK.match(get("start")), get("date") or raw.day
    if not clock or not day:
        return None
    try:
        date = dt.date.fromisoformat(day[:10])
    except ValueError:
        return None
    return dt.datetime.combine(date, dt.time(int(clock.group(1)), int(clock.group(2))), export_zone)


def _session_id(get, title: str) -> str:
    """A stable id: pretalx's code (its talk's address), else frab's number, else the title. A title may change
    between two exports; these do not, so that a second import finds the session again."""
    code = get("code") or (get("slug") if _CODE.match(get("slug")) else "")
    if code and SLUG.match(code.lower()):
        return code.lower()
    if get("id").isdigit():
        return f"event-{get('id')}"
    return slugify(title)[:60].strip("-") or "event"


def _unique(base: str, used: dict) -> str:
    """A submission that pretalx schedules twice has two events with one code: the second gets '-2'."""
    used[base] = used.get(base, 0) + 1
    return base if used[base] == 1 else f"{base}-{used[base]}"


def _paragraphs(text: str) -> str:
    """The abstract as plain text, its lines without trailing spaces: frab's may be HTML, which the site's pages
    would show as written, tags and all (program.yaml holds text)."""
    if _TAG.search(text):
        reader = _TextOfHtml()
        reader.feed(text)
        reader.close()
        text = "".join(reader.parts)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]")


class _TextOfHtml(HTMLParser):
    """The text of an HTML fragment; a link keeps its address after its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        elif tag in ("br", "p", "li", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href and href not in "".join(self.parts[-1:]):
                self.parts.append(f" ({href})")
        elif tag in ("p", "li", "div"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def _overlaps(sessions: list[ImportedSession]) -> list[tuple[ImportedSession, SiteError]]:
    """Two events at once in one room: the build would refuse them, so the import does (the later one is left out
    with --skip-bad)."""
    problems, by_room = [], {}
    for session in sessions:
        if session.room:
            by_room.setdefault((session.date, session.room.casefold()), []).append(session)
    for group in by_room.values():
        group.sort(key=lambda s: (s.start, s.end))
        for first, second in zip(group, group[1:]):
            if second.start < first.end:
                problems.append((second, SiteError(second.where.path, second.where.line,
                                          f"the event '{second.title}' starts in {second.room} at {second.start:%H:%M} "
                                          f"while '{first.title}' is still there (until {first.end:%H:%M})",
                                          "move one of the two in the export, or pass --skip-bad to leave it out")))
    return problems


# schedule.json ----------------------------------------------------------------------------------------------------


def _json_events(shown: str, text: str) -> tuple[list[Raw], str | None]:
    data = json.loads(text)
    conference = data.get("schedule", {}).get("conference") if isinstance(data, dict) and \
        isinstance(data.get("schedule"), dict) else None
    if not isinstance(conference, dict) or not isinstance(conference.get("days"), list):
        raise ValueError("there is no schedule.conference.days list: this is not a pretalx or frab schedule.json")
    raws = []
    for d, day in enumerate(conference["days"]):
        path = f"schedule.conference.days[{d}]"
        rooms = day.get("rooms") if isinstance(day, dict) else None
        if not isinstance(rooms, dict):
            raws.append(Raw(f"{shown}: {path}", None, {}, []))
            continue
        for room, events in rooms.items():
            for e, event in enumerate(events if isinstance(events, list) else [events]):
                where = f"{shown}: {path}.rooms[{json.dumps(room, ensure_ascii=False)}][{e}]"
                if not isinstance(event, dict):
                    raws.append(Raw(where, None, {}, []))
                    continue
                fields = {key: _json_text(value) for key, value in event.items() if key not in ("persons", "links")}
                fields.setdefault("room", room)
                speakers = [str(p.get("public_name") or p.get("name") or "") for p in event.get("persons") or []
                            if isinstance(p, dict)]
                raws.append(Raw(where, None, fields, speakers, str(day.get("date") or "")))
    return raws, conference.get("time_zone_name") or None


def _json_text(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


# schedule.xml -----------------------------------------------------------------------------------------------------


@dataclass
class _Element:
    tag: str
    attrs: dict
    line: int
    children: list = field(default_factory=list)
    text: str = ""

    def find(self, tag: str):
        return next((child for child in self.children if child.tag == tag), None)


def _parse_xml(shown: str, text: str) -> _Element:
    """The document as elements that know their line (ElementTree's do not)."""
    parser = expat.ParserCreate()
    root, stack = [], []

    def start(tag, attrs):
        element = _Element(tag, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(tag):
        stack.pop()

    def data(chunk):
        if stack:
            stack[-1].text += chunk
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise XmlError(exc.lineno, expat.errors.messages[exc.code]) from None
    return root[0]


class XmlError(ValueError):
    """Not well-formed XML, at a line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _xml_events(shown: str, text: str) -> tuple[list[Raw], str | None]:
    root = _parse_xml(shown, text)
    if root.tag != "schedule":
        raise ValueError(f"the document is a <{root.tag}>, not a <schedule>: this is not a pretalx or frab schedule.xml")
    conference = root.find("conference")
    zone = conference.find("time_zone_name") if conference is not None else None
    raws = []
    for day in (child for child in root.children if child.tag == "day"):
        for room in (child for child in day.children if child.tag == "room"):
            for event in (child for child in room.children if child.tag == "event"):
                fields = {child.tag: child.text for child in event.children if not child.children}
                fields.update({name: value for name, value in event.attrs.items() if name in ("guid", "id", "code")})
                fields.setdefault("room", room.attrs.get("name", ""))
                persons = event.find("persons")
                speakers = [person.text for person in persons.children if person.tag == "person"] if persons else []
                raws.append(Raw(shown, event.line, fields, speakers, day.attrs.get("date")))
    return raws, (zone.text.strip() if zone is not None else None) or None
