"""Reading Mini-Conf's calendar (`sitedata/main_calendar.json`) into the sessions of data/program.yaml.

Mini-Conf, the site of several virtual conferences (ICLR 2020 among them), keeps the program as a list of calendar
events: a title, a start and an end with their UTC offset, a link and a category (`calendarId`). Each event
becomes a session by the rules of the pretalx and frab import (schedule.py): in the conference's time zone, an
event past midnight reported. A poster session's link names the papers' session (`papers.html?session=Mon+Session+1`):
the papers of data/papers.bib whose `sessions` field (written by `confsite import miniconf`) lists that name are
the session's items. A paper is presented in one session of data/program.yaml: listed in two, it goes to the first.
An event is a session alone, without a talk repeating its title; its link is left out, since it leads to a page of
the virtual site itself (its list of a session's papers, a speaker's page), which this site replaces.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser

from confsite.errors import SiteError
from confsite.importers.schedule import ImportedSession, Raw, sessions_of

CALENDAR_FORMAT = "miniconf-calendar"


def read_calendar(shown: str, text: str, zone_name: str, papers_by_session: dict[str, list[str]]
                  ) -> tuple[list[ImportedSession], list[SiteError], list[str]]:
    """The sessions of a Mini-Conf calendar, in `zone_name`, holding the papers `papers_by_session` names for the
    session each event links to; the problems of the events that cannot be used; notes. ValueError: not a calendar."""
    events = json.loads(text)
    if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
        raise ValueError("expected a list of calendar events (title, start, end, link): this is not Mini-Conf's "
                         "main_calendar.json")
    raws = []
    for index, event in enumerate(events):
        get = lambda name: str(event.get(name) or "").strip()  # noqa: E731
        fields = {"title": get("title"), "date": get("start"), "end": get("end"),
                  # the category names no kind: the title's words may ("Poster Day 1", "The RL Social")
                  "type": f"{get('calendarId')} {get('title')}"}
        raws.append(Raw(f"{shown}: [{index}]", None, fields, [], papers=_session_named(get("link"))))
    # in time order, so that an event named twice gets '-2' on its later time, and papers go to their first session
    raws.sort(key=lambda raw: _moment(raw.fields["date"]))
    notes = _place_papers(raws, papers_by_session)
    sessions, problems, more = sessions_of(raws, None, zone_name)
    for session in sessions:
        session.talk = False
    return sessions, problems, notes + more


def papers_by_session(bib_path: Path) -> dict[str, list[str]]:
    """{Mini-Conf session name: the keys of its papers} from the `sessions` fields of data/papers.bib."""
    if not bib_path.is_file():
        return {}
    library = bibtexparser.parse_string(bib_path.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for entry in library.entries:
        field = entry.fields_dict.get("sessions")
        for name in str(field.value if field else "").split(";"):
            if name.strip():
                found.setdefault(" ".join(name.split()), []).append(entry.key)
    return found


def _session_named(link: str) -> list[str]:
    """The papers' session a link names (`papers.html?session=Mon+Session+1` -> ['Mon Session 1']), else []."""
    names = parse_qs(urlsplit(link).query).get("session", [])
    return [" ".join(names[0].split())] if names and names[0].strip() else []


def _place_papers(raws: list[Raw], papers_by_session: dict[str, list[str]]) -> list[str]:
    """Replace each event's session name by the keys of its papers, each paper in its first session only."""
    placed: dict[str, str] = {}
    notes = []
    for raw in raws:
        name = raw.papers[0] if raw.papers else None
        keys = papers_by_session.get(name, []) if name else []
        raw.papers = []
        for key in keys:
            if key in placed:
                notes.append(f"the paper {key} is also listed in '{raw.fields['title']}'; data/program.yaml presents "
                             f"it in '{placed[key]}' (a paper has one session)")
            else:
                placed[key] = raw.fields["title"]
                raw.papers.append(key)
    return notes


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return dt.datetime.max.replace(tzinfo=dt.timezone.utc)  # reported by the import as an unusable time
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
