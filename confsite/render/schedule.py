"""schedule.xml and schedule.json: the program in the frab/pretalx schedule format that conference apps read.

Giggity, ConfClerk, EventFahrplan and the video teams' tools (c3voc) read this format; pretalx and frab write it.
Both files hold the same events: one per session, and one per talk of a session with several talks (a paper
presented in a session is a talk, its authors the event's persons). A session with a single talk is one event,
so a program imported from pretalx or frab (one talk per session) is written back one event per talk.

A talk has no time of its own in data/program.yaml: a talk's event takes its session's time, not an invented
share of it. Every event's guid is a UUID made from the address of its page, so it stays the same from build to
build while the session keeps its id (apps keep a visitor's favourites by it); the numeric id, which the format
still requires, comes from the guid.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import uuid
import zoneinfo
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from confsite import __version__
from confsite.memo import Memo, remembered
from confsite.model import Output, Site
from confsite.read.content import slugify
from confsite.urls import absolute_url, base_path, has_public_address

XML_PATH = "program/schedule.xml"
JSON_PATH = "program/schedule.json"
JSON_SCHEMA = "https://c3voc.de/schedule/schema.json"
# XML 1.0 cannot carry most control characters, not even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Person:
    """A speaker or an author as the schedule names them."""

    name: str
    guid: str
    url: str | None = None


@dataclass(frozen=True)
class Event:
    """One event of the schedule: a session, or a talk of a session."""

    guid: str
    id: int
    start: object  # aware datetime in the program's zone
    minutes: int
    room: str
    slug: str
    url: str
    title: str
    subtitle: str
    track: str | None
    type: str
    language: str
    abstract: str
    description: str
    persons: tuple[Person, ...]
    links: tuple[tuple[str, str], ...]  # (url, title)


def schedule_outputs(site: Site, memo: Memo | None = None) -> list[Output]:
    """program/schedule.xml and program/schedule.json for a site with a program. In the preview (`memo`), each
    session's events and their XML and JSON are made once while the session is the same (10,000 talks take seconds)."""
    if site.program is None:
        return []
    schedule = _schedule(site, memo)
    return [Output(path=XML_PATH, source="data/program.yaml", data=_xml(schedule, memo)),
            Output(path=JSON_PATH, source="data/program.yaml", data=_json(schedule, memo))]


@dataclass(frozen=True)
class _Schedule:
    conference: dict
    version: str
    days: tuple  # (index, date, day start, day end, ((room, (Event, ...)), ...))
    rooms: tuple[tuple[str, str], ...]  # (name, guid)
    tracks: tuple[str, ...]
    url: str | None  # schedule.xml's own address, when the site has a public one
    base_url: str | None  # the site's public address


def _schedule(site: Site, memo: Memo | None) -> _Schedule:
    config, program = site.config, site.program
    public = has_public_address(config.base_url)
    address = (lambda path: absolute_url(config.base_url, path)) if public else \
        (lambda path: base_path(config.base_url) + path)
    acronym = _acronym(config.edition or config.name)
    host = program.uid_host
    fallback_room = (config.venue.name if config.venue and config.venue.name else None) or "Venue"
    events_by_day, rooms, tracks, used_ids, used_slugs = [], {}, {}, set(), set()
    for day in program.days:
        sessions = [session for slot in day.slots for session in slot.sessions]
        events = []
        for session in sessions:
            room = session.room or fallback_room
            rooms.setdefault(room, str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{host}/rooms/{room}")))
            if session.track:
                tracks.setdefault(session.track, None)
            made = remembered(memo, "schedule events", (id(session), config.base_url, config.language, acronym, host, room),
                              lambda: _events(session, config, address, acronym, host, room), session)
            for event in made:
                events.append(_unique(event, used_ids, used_slugs, memo))
        by_room: dict[str, list] = {name: [] for name in rooms}
        for event in events:
            by_room[event.room].append(event)
        start = min((s.start for s in sessions), default=None)
        end = max((s.end for s in sessions), default=None)
        events_by_day.append((day, start, end, tuple((name, tuple(found)) for name, found in by_room.items() if found)))
    first = config.dates.start if config.dates else program.days[0].date if program.days else None
    last = config.dates.end if config.dates else program.days[-1].date if program.days else None
    conference = {"acronym": acronym, "title": config.edition or config.full_name or config.name,
                  "start": first.isoformat() if first else "", "end": last.isoformat() if last else "",
                  "daysCount": len(program.days), "timeslot_duration": _timeslot(program.sessions),
                  "time_zone_name": program.timezone}
    if public:
        conference["url"] = absolute_url(config.base_url, "program/")
    days = tuple((index, day.date, start or _midnight(day.date, program.timezone),
                  end or _midnight(day.date, program.timezone, 1), rooms_of_day)
                 for index, (day, start, end, rooms_of_day) in enumerate(events_by_day, 1))
    # (the version names what the schedule holds: its events as written in schedule.xml, and the conference)
    hasher = hashlib.sha256(repr(conference).encode())
    for _, date, start, end, rooms_of_day in days:
        hasher.update(f"{date}{start}{end}".encode())
        for room, found in rooms_of_day:
            hasher.update(room.encode())
            for event in found:
                hasher.update(_xml_event(event, memo).encode())
    digest = hasher.hexdigest()[:12]
    return _Schedule(conference, f"confsite-{digest}", days, tuple(rooms.items()), tuple(tracks),
                     absolute_url(config.base_url, XML_PATH) if public else None, config.base_url if public else None)


def _events(session, config, address, acronym: str, host: str, room: str) -> list[Event]:
    """The session's events: itself, then each of its talks when it has more than one."""
    minutes = max(1, round((session.end - session.start).total_seconds() / 60))
    language = config.language
    page = address(session.url)
    talks = session.talks
    common = dict(start=session.start, minutes=minutes, room=room, track=session.track, language=language)
    only = talks[0] if len(talks) == 1 else None
    listing = "\n".join(f"{talk.title}" + (f" ({', '.join(_names(talk))})" if _names(talk) else "") for talk in talks)
    description = "\n\n".join(part for part in (session.description, listing if len(talks) > 1 else None,
                                                f"Chair: {session.chair}" if session.chair else None) if part)
    session_event = Event(
        guid=_guid(host, session.url), id=0, slug=_slug(acronym, session.id), url=page, title=session.title,
        subtitle=only.title if only is not None and only.title != session.title else "",
        type=(only.kind if only is not None and only.paper is not None else session.kind),
        abstract=_abstract(only) if only is not None else "", description=description,
        persons=_persons(only, host, address) if only is not None else (),
        links=_links(only, address) if only is not None else (), **common)
    events = [session_event]
    if only is None:
        for talk in talks:
            events.append(Event(
                guid=_guid(host, f"{session.url}#{talk.id}"), id=0, slug=_slug(acronym, talk.id),
                url=address(talk.paper.url) if talk.paper else f"{page}#{talk.id}", title=talk.title,
                subtitle=session.title, type=talk.kind, abstract=_abstract(talk), description="",
                persons=_persons(talk, host, address), links=_links(talk, address), **common))
    return events


def _names(talk) -> list[str]:
    if talk.speakers:
        return list(talk.speakers)
    return [author.name for author in talk.paper.authors] if talk.paper else []


def _persons(talk, host: str, address) -> tuple[Person, ...]:
    """The talk's speakers, or the authors of its paper (with their person pages, where the site has them)."""
    pages = {author.name: author.person_url for author in talk.paper.authors} if talk.paper else {}
    return tuple(Person(name, str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{host}/people/{name}")),
                        address(pages[name]) if pages.get(name) else None)
                 for name in _names(talk))


def _abstract(talk) -> str:
    if talk.abstract:
        return talk.abstract
    return "\n\n".join(talk.paper.abstract) if talk.paper else ""


def _links(talk, address) -> tuple[tuple[str, str], ...]:
    links = []
    if talk.url:
        links.append((talk.url if "://" in talk.url else address(talk.url.lstrip("/")), "Link"))
    if talk.paper:
        links.append((address(talk.paper.url), "Paper"))
        links += [(link.url if "://" in link.url else address(link.url.lstrip("/")), link.title)
                  for link in talk.paper.links]
    return tuple(links)


def _guid(host: str, page: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{host}/{page}"))


def _slug(acronym: str, item_id: str) -> str:
    """'<acronym>-<id>', as frab makes them; the XSD wants four characters or more after the dash."""
    tail = item_id.replace(".", "-")
    return f"{acronym}-{tail}" if len(tail) >= 4 else f"{acronym}-event-{tail}"


def _unique(event: Event, used_ids: set, used_slugs: set, memo: Memo | None = None) -> Event:
    """The event with its numeric id (from its guid: 28 bits, so any app's 32-bit integer holds it) and slug made
    unique in the schedule, as the format requires (the very same object for the same event, id and slug)."""
    number = int(event.guid.replace("-", "")[:7], 16) + 1
    while number in used_ids:
        number += 1
    slug, n = event.slug, 2
    while slug in used_slugs:
        slug, n = f"{event.slug}-{n}", n + 1
    used_ids.add(number)
    used_slugs.add(slug)
    return remembered(memo, "schedule event", (id(event), number, slug), lambda: _replace(event, id=number, slug=slug),
                      event)


def _replace(event: Event, **changes) -> Event:
    return Event(**{**event.__dict__, **changes})


def _acronym(name: str) -> str:
    """'MLSys 2025' -> 'mlsys_2025': lower-case letters, digits and underscores, at least four (both schemas)."""
    word = re.sub(r"[^a-z0-9]+", "_", slugify(name)).strip("_") or "conference"
    return word if len(word) >= 4 else (word + "_conf")


def _timeslot(sessions) -> str:
    """The grid the program's times fall on: the greatest common divisor of every start and length, 5 to 60 minutes."""
    step = 0
    for session in sessions:
        for moment in (session.start, session.end):
            step = math.gcd(step, moment.hour * 60 + moment.minute)
    step = min(60, max(5, step or 60))
    return f"{step // 60:02d}:{step % 60:02d}"


def _midnight(date, zone_name: str, days: int = 0):
    return dt.datetime.combine(date + dt.timedelta(days=days), dt.time(0, 0), zoneinfo.ZoneInfo(zone_name))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# schedule.json ---------------------------------------------------------------------------------------------------


def _json(schedule: _Schedule, memo: Memo | None) -> bytes:
    """schedule.json, written by json's C encoder; each event's text is made once for the very same event (the
    preview's memo), and the document joined from them."""
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def event_text(event: Event) -> str:
        return remembered(memo, "schedule json", id(event), lambda: dumps(_json_event(event)), event)

    conference = dict(schedule.conference)
    conference["rooms"] = [{"name": name, "slug": slugify(name) or "room", "guid": guid}
                           for name, guid in schedule.rooms]
    conference["tracks"] = [{"name": track, "slug": slugify(track) or "track"} for track in schedule.tracks]
    days = []
    for index, date, start, end, rooms in schedule.days:
        head = dumps({"index": index, "date": date.isoformat(), "day_start": start.isoformat(),
                      "day_end": end.isoformat()})
        listed = ",".join(f"{dumps(room)}:[{','.join(map(event_text, events))}]" for room, events in rooms)
        days.append(f'{head[:-1]},"rooms":{{{listed}}}}}')
    conference_text = f'{dumps(conference)[:-1]},"days":[{",".join(days)}]}}'
    own = {"version": schedule.version, **({"base_url": schedule.base_url} if schedule.base_url else {})}
    document = dumps({"$schema": JSON_SCHEMA, "generator": {"name": "confsite", "version": __version__}})
    return f'{document[:-1]},"schedule":{dumps(own)[:-1]},"conference":{conference_text}}}}}\n'.encode()


def _json_event(event: Event) -> dict:
    # a person is written as pretalx writes one (name, guid): the schema takes exactly one of its two kinds of
    # person, and public_name is there too for the readers that know only frab's
    return {"guid": event.guid, "id": event.id, "date": event.start.isoformat(),
            "start": event.start.strftime("%H:%M"), "duration": _clock(event.minutes), "room": event.room,
            "slug": event.slug, "url": event.url, "title": event.title, "subtitle": event.subtitle,
            "track": event.track, "type": event.type, "language": event.language, "abstract": event.abstract,
            "description": event.description,
            "persons": [{"name": p.name, "public_name": p.name, "guid": p.guid, **({"url": p.url} if p.url else {})}
                        for p in event.persons],
            "links": [{"url": url, "title": title} for url, title in event.links]}


# schedule.xml ----------------------------------------------------------------------------------------------------


def _text(value) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _attr(value) -> str:
    return quoteattr(_NOT_XML.sub("", str(value)))


def _xml(schedule: _Schedule, memo: Memo | None) -> bytes:
    conference = schedule.conference
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n',
           f'  <generator name="confsite" version={_attr(__version__)}/>\n']
    if schedule.url:
        out.append(f"  <url>{_text(schedule.url)}</url>\n")
    out.append(f"  <version>{_text(schedule.version)}</version>\n  <conference>\n")
    shown = {**conference, "base_url": schedule.base_url}
    for name, tag in (("acronym", "acronym"), ("title", "title"), ("start", "start"), ("end", "end"),
                      ("daysCount", "days"), ("timeslot_duration", "timeslot_duration"), ("base_url", "base_url"),
                      ("url", "url"), ("time_zone_name", "time_zone_name")):
        if shown.get(name) not in (None, ""):
            out.append(f"    <{tag}>{_text(shown[name])}</{tag}>\n")
    for track in schedule.tracks:
        slug = slugify(track)
        slug_attr = f" slug={_attr(slug)}" if re.fullmatch(r"[a-z][a-z0-9-]+", slug) else ""
        out.append(f"    <track name={_attr(track)}{slug_attr}>{_text(track)}</track>\n")
    out.append("  </conference>\n")
    guids = dict(schedule.rooms)
    for index, date, start, end, rooms in schedule.days:
        out.append(f'  <day index="{index}" date="{date.isoformat()}" start="{start.isoformat()}" '
                   f'end="{end.isoformat()}">\n')
        for room, events in rooms:
            out.append(f"    <room name={_attr(room)} guid={_attr(guids[room])}>\n")
            out += [_xml_event(event, memo) for event in events]
            out.append("    </room>\n")
        out.append("  </day>\n")
    out.append("</schedule>\n")
    return "".join(out).encode()


def _xml_event(event: Event, memo: Memo | None) -> str:
    """An event as schedule.xml writes it, made once for the very same event."""
    return remembered(memo, "schedule xml", id(event), lambda: _xml_event_text(event), event)


def _xml_event_text(event: Event) -> str:
    fields = [("date", event.start.isoformat()), ("start", event.start.strftime("%H:%M")),
              ("duration", _clock(event.minutes)), ("room", event.room), ("slug", event.slug), ("title", event.title),
              ("subtitle", event.subtitle), ("track", event.track or ""), ("type", event.type),
              ("language", event.language), ("abstract", event.abstract), ("description", event.description)]
    lines = [f'      <event guid="{event.guid}" id="{event.id}">\n']
    lines += [f"        <{tag}>{_text(value)}</{tag}>\n" for tag, value in fields]
    if "://" in event.url:
        lines.append(f"        <url>{_text(event.url)}</url>\n")
    lines.append("        <persons>\n")
    lines += [f'          <person guid="{person.guid}">{_text(person.name)}</person>\n' for person in event.persons]
    lines.append("        </persons>\n        <links>\n")
    lines += [f"          <link href={_attr(url)}>{_text(title)}</link>\n" for url, title in event.links]
    lines.append("        </links>\n      </event>\n")
    return "".join(lines)
