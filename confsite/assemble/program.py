"""The program: sessions placed in time and cross-referenced with the papers, and its calendar files."""
from __future__ import annotations

import datetime as dt
import difflib
import os
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import icalendar

from confsite import model
from confsite.assemble.program_grid import day_grid
from confsite.errors import Problems
from confsite.memo import Memo, kept
from confsite.model import Lookup
from confsite.read.content import slugify
from confsite.read.program import PROGRAM_FILE, ProgramSource
from confsite.read.yaml_data import line_of
from confsite.schema import SiteConfig

UTC = dt.timezone.utc


@dataclass(frozen=True)
class Talk:
    """One item of a session: a paper of the proceedings or a talk, with an id for starring it."""

    id: str
    title: str
    kind: str
    speakers: tuple[str, ...] = ()
    paper: model.Paper | None = None
    url: str | None = None
    abstract: str | None = None


@dataclass(frozen=True)
class Session:
    """A session placed in time: aware start and end in the program's zone, its page and calendar file."""

    id: str
    title: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    talks: tuple[Talk, ...]
    room: str | None = None
    track: str | None = None
    chair: str | None = None
    description: str | None = None
    folder: str = ""  # '2025/' in a site that keeps editions: where the edition's sessions have their pages

    @property
    def url(self) -> str:
        """The session's page."""
        return f"{self.folder}program/{self.id}/"

    @property
    def ics(self) -> str:
        """The session's calendar file."""
        return f"{self.folder}program/{self.id}/{self.id}.ics"

    @property
    def start_utc(self) -> str:
        """Start as an ISO UTC time, for scripts and machines."""
        return self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def end_utc(self) -> str:
        """End as an ISO UTC time."""
        return self.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Slot:
    """Sessions of one day that start at the same time (parallel tracks)."""

    start: dt.datetime
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class Day:
    """A conference day with its sessions grouped into time slots."""

    date: dt.date
    title: str | None
    slots: tuple[Slot, ...]

    @property
    def id(self) -> str:
        """An anchor for the day."""
        return f"day-{self.date.isoformat()}"

    @property
    def grid(self):
        """The day laid out in tracks and times, for the program page (program_grid.py)."""
        return day_grid(self.slots)


@dataclass(frozen=True)
class Program:
    """The whole program, and where each paper is presented."""

    timezone: str
    days: tuple[Day, ...]
    sessions: tuple[Session, ...]
    session_of_paper: dict
    uid_host: str  # the domain part of calendar UIDs, stable across builds

    @property
    def zone_label(self) -> str:
        """The zone's abbreviation on the first day (e.g. PDT), for display only."""
        first = self.sessions[0].start if self.sessions else None
        return first.tzname() if first else self.timezone


def assemble_program(source: ProgramSource | None, config: SiteConfig, papers: tuple[model.Paper, ...],
                     problems: Problems, memo: Memo | None = None, folder: str = "") -> Program | None:
    """Place every session in time and check it against the papers, the conference days and the rooms; the
    sessions' pages go under `folder` ('2025/' in a site that keeps editions).

    With the preview's `memo`, a session is made once while what program.yaml says of it, the zone and the papers
    it presents (the very same objects) stay the same, and a program equal to the last build's is that object."""
    if source is None:
        return None
    zone_name = source.program.timezone or config.timezone
    zone = zoneinfo.ZoneInfo(zone_name)
    papers_by_key = {paper.key: paper for paper in papers}
    presented: dict[str, tuple[str, object]] = {}  # paper key -> (the title of its session, the item presenting it)
    used_ids: dict[str, int] = {}
    days = []
    all_sessions = []
    for d, day in enumerate(source.program.days):
        raw_day = source.data["days"][d]
        if config.dates and not config.dates.start <= day.date <= config.dates.end:
            problems.add(PROGRAM_FILE, line_of(raw_day, "date"),
                         f"the day {day.date} is outside the conference dates ({config.dates.start} to {config.dates.end})",
                         "fix the date, or widen 'dates' in site.yaml if the conference has this day")
        sessions = []
        for s, spec in enumerate(day.sessions):
            raw = raw_day["sessions"][s]
            start = dt.datetime.combine(day.date, spec.start, zone)
            end = dt.datetime.combine(day.date, spec.end, zone)
            if end <= start:
                problems.add(PROGRAM_FILE, line_of(raw, "end"),
                             f"the session '{spec.title}' ends at {spec.end:%H:%M}, not after it starts at {spec.start:%H:%M}",
                             "write the end time after the start time (24-hour clock, e.g. end: \"14:30\")")
            session_id = _unique_id(spec.id or slugify(spec.title) or "session", used_ids, spec.id is not None,
                                    problems, line_of(raw, "id" if spec.id else "title"))
            talks = []  # (index, item, paper) of each item the session presents
            for i, item in enumerate(spec.items):
                raw_item = raw["items"][i]
                paper = None
                if item.paper is not None:
                    paper = papers_by_key.get(item.paper)
                    if paper is None:
                        close = difflib.get_close_matches(item.paper, papers_by_key, n=1)
                        problems.add(PROGRAM_FILE, line_of(raw_item, "paper"),
                                     f"there is no paper '{item.paper}' in data/papers.bib",
                                     f"did you mean '{close[0]}'?" if close else "use the BibTeX key of an accepted paper")
                        continue
                    if item.paper in presented:
                        other, other_item = presented[item.paper]
                        problems.add(PROGRAM_FILE, line_of(raw_item, "paper"),
                                     f"the paper '{item.paper}' is already in the session '{other}' "
                                     f"(line {line_of(other_item, 'paper')})",
                                     "a paper is presented in one session; remove one of the two")
                        continue
                    presented[item.paper] = (spec.title, raw_item)
                talks.append((i, item, paper))
            session = _session(memo, zone_name, day.date, spec, session_id, start, end, talks, folder)
            sessions.append((session, raw))
        _check_rooms(sessions, problems)
        ordered = sorted((s for s, _ in sessions), key=lambda s: (s.start, s.end, s.track or "", s.room or ""))
        all_sessions.extend(ordered)
        days.append(Day(day.date, day.title, _slots(ordered)))
    days.sort(key=lambda day: day.date)
    _papers_in_no_session(papers, presented, problems)
    session_of_paper = Lookup((talk.paper.key, session) for session in all_sessions for talk in session.talks if talk.paper)
    host = urlsplit(config.base_url).netloc or f"{slugify(config.name) or 'conference'}.confsite"
    in_time = tuple(sorted(all_sessions, key=lambda s: (s.start, s.id)))
    return kept(memo, "program", Program(zone_name, tuple(days), in_time, session_of_paper, host))


def _session(memo: Memo | None, zone_name: str, date: dt.date, spec, session_id: str, start: dt.datetime,
             end: dt.datetime, talks: list, folder: str) -> Session:
    """A session of program.yaml (`spec`) with its talks ((index, item, paper) each); made once while what
    program.yaml says of it, its zone and the papers it presents (the very same objects) stay the same."""

    def made() -> Session:
        return Session(session_id, spec.title, spec.kind, start, end,
                       tuple(Talk(id=f"{session_id}-{i + 1}", title=paper.title if paper else item.title,
                                  kind=item.kind or ("paper" if paper else spec.kind), speakers=tuple(item.speakers),
                                  paper=paper, url=item.url, abstract=item.abstract) for i, item, paper in talks),
                       spec.room, spec.track, spec.chair, spec.description, folder)

    if memo is None:
        return made()
    # (equal datetimes may be in two zones: the key holds the zone's name and the times as written)
    return memo.get("session", (zone_name, date, spec.start, spec.end, session_id, folder, spec.title, spec.kind,
                                spec.room, spec.track, spec.chair, spec.description,
                                tuple((i, item.title, item.kind, tuple(item.speakers), id(paper), item.url,
                                       item.abstract) for i, item, paper in talks)), made,
                    tuple(paper for _, _, paper in talks))


def _papers_in_no_session(papers, presented: dict, problems: Problems) -> None:
    """Once the program places papers, an accepted paper missing from it is probably forgotten (a warning)."""
    if not presented:
        return
    for paper in papers:
        if paper.key not in presented:
            problems.warn(paper.source or "data/papers.bib", paper.line or None, f"the paper '{paper.key}' is in no session of the program",
                          f"add '- paper: {paper.key}' to a session in {PROGRAM_FILE}, or remove the entry if it was withdrawn")


def _unique_id(base: str, used: dict[str, int], explicit: bool, problems: Problems, line: int | None) -> str:
    if base not in used:
        used[base] = line or 0
        return base
    if explicit:
        problems.add(PROGRAM_FILE, line, f"the session id '{base}' is also used at line {used[base]}",
                     "give each session its own id")
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    used[f"{base}-{n}"] = line or 0
    return f"{base}-{n}"


def _check_rooms(sessions, problems: Problems) -> None:
    by_room: dict[str, list] = {}
    for session, raw in sessions:
        if session.room:
            by_room.setdefault(session.room.casefold(), []).append((session, raw))
    for entries in by_room.values():
        entries.sort(key=lambda entry: entry[0].start)
        for (first, _), (second, raw) in zip(entries, entries[1:]):
            if second.start < first.end:
                problems.add(PROGRAM_FILE, line_of(raw, "start"),
                             f"'{second.title}' starts in {second.room} at {second.start:%H:%M} while "
                             f"'{first.title}' is still there (until {first.end:%H:%M})",
                             "move one of the sessions to another room or time")


def _slots(sessions: list[Session]) -> tuple[Slot, ...]:
    slots: dict[dt.datetime, list[Session]] = {}
    for session in sessions:
        slots.setdefault(session.start, []).append(session)
    return tuple(Slot(start, tuple(group)) for start, group in sorted(slots.items()))


# Calendar files -----------------------------------------------------------------------------------------------


def calendar_stamp(program: Program) -> dt.datetime:
    """DTSTAMP for every event: SOURCE_DATE_EPOCH when set, else the first day, so builds stay byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), UTC)
    first = program.days[0].date if program.days else dt.date(1970, 1, 1)
    return dt.datetime.combine(first, dt.time(0, 0), UTC)


def calendar_bytes(sessions, program: Program, config: SiteConfig, events: dict | None = None) -> bytes:
    """An RFC 5545 calendar of `sessions`, in UTC, with stable UIDs and a link to each session's page.

    `events` keeps each session's VEVENT as written, so that a session in several calendars (the whole
    program's and its own) is made once.
    """
    head = _calendar_head(f"{config.edition or config.name} program")
    end = b"END:VCALENDAR\r\n"
    events = {} if events is None else events
    for session in sessions:
        if session.id not in events:
            events[session.id] = _event(session, program, config).to_ical()
    return head[: -len(end)] + b"".join(events[session.id] for session in sessions) + end


@lru_cache(maxsize=16)
def _calendar_head(name: str) -> bytes:
    """A calendar's own lines, before its events (with its END line, which the caller cuts off); made once per name,
    not once per session's calendar (a third of planning a one-paper edit of 10,000 papers)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//confsite//program//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar.to_ical()  # the calendar's own lines, then its events, then its END line (as icalendar orders them)


def _event(session: Session, program: Program, config: SiteConfig) -> icalendar.Event:
    venue = ", ".join(part for part in ((config.venue.name, config.venue.city) if config.venue else ()) if part)
    event = icalendar.Event()
    event.add("uid", f"{session.id}@{program.uid_host}")
    event.add("dtstamp", calendar_stamp(program))
    event.add("dtstart", session.start.astimezone(UTC))
    event.add("dtend", session.end.astimezone(UTC))
    event.add("summary", session.title)
    location = ", ".join(part for part in (session.room, venue) if part)
    if location:
        event.add("location", location)
    lines = [talk.title + (f" ({', '.join(talk.speakers)})" if talk.speakers else "") for talk in session.talks]
    if session.chair:
        lines.insert(0, f"Chair: {session.chair}")
    if "://" in config.base_url:
        page = config.base_url + session.url
        event.add("url", page)
        lines.append(page)
    if lines:
        event.add("description", "\n".join(lines))
    return event


def session_event(session: Session, program: Program, config: SiteConfig) -> bytes:
    """A session's VEVENT as the program's calendar and the session's own write it."""
    return _event(session, program, config).to_ical()
