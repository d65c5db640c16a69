"""Calls and important dates: from data/calls.yaml and site.yaml to what the call, calls and dates pages show.

Every date is turned into one moment (an aware datetime) here, once; pages, the calendar and the
page's script all show that same moment. "Now" is given by the build (--now, SOURCE_DATE_EPOCH or
the clock), so whether a date has passed is decided in one place.
"""
from __future__ import annotations

import dataclasses
import json
import datetime as dt
from dataclasses import dataclass, field

from confsite import dates, model
from confsite.assemble.event import event_json_ld
from confsite.errors import Problems
from confsite.read.calls import CALLS_FILE, CallsData
from confsite.read.content import slugify
from confsite.read.yaml_data import line_at
from confsite.schema import SiteConfig
from confsite.schema_calls import Call as CallEntry
from confsite.schema_calls import DateEntry, Period

CALLS_URL, DATES_URL, ICS_FILE = "calls/", "dates/", "dates.ics"


@dataclass(frozen=True)
class Moment:
    """One moment as the pages show it: in its declared zone, in UTC, and as ISO for <time> and the script."""

    iso: str  # UTC, e.g. 2018-09-28T23:59:00Z
    declared: str  # Fri 28 Sep 2018, 16:59 PDT
    utc: str  # Fri 28 Sep 2018, 23:59 UTC
    day: str  # Fri 28 Sep 2018 (in the declared zone)
    day_iso: str  # 2018-09-28
    day_only: bool  # a day that is no deadline: shown as the day, without a time

    @property
    def datetime(self) -> str:
        """For <time datetime>: the day for a day, else the UTC moment."""
        return self.day_iso if self.day_only else self.iso

    @property
    def text(self) -> str:
        """The day alone for a day, else the moment in its declared zone."""
        return self.day if self.day_only else self.declared


@dataclass(frozen=True)
class ImportantDate:
    """A date as every page shows it: what, when (or from when to when), passed or not, and where it belongs."""

    anchor: str  # unique id on the dates page, also the calendar entry's id
    label: str
    kind: str  # 'moment' (a deadline or a timed date), 'day', 'period' or 'tba'
    deadline: bool
    zone: str  # the declared zone's name: America/Los_Angeles, UTC, AoE
    start: Moment | None  # a period's start
    end: Moment | None  # the moment, the day, or a period's end
    previous: tuple[str, ...] = ()  # earlier dates of an extended deadline, shown struck through
    passed: bool = False
    ongoing: bool = False
    ends_iso: str = ""  # the moment it passes (UTC), for the script's live marking
    call_title: str | None = None
    call_url: str | None = None
    edition: str | None = None
    note: str | None = None
    ics_url: str | None = None
    sequence: int = 0  # how often it was moved: calendars update an entry when this grows
    begins: dt.datetime | None = field(default=None, compare=False)  # for the calendar file
    ends: dt.datetime | None = field(default=None, compare=False)

    @property
    def single_day(self) -> bool:
        """A period of one whole day (as published: '15 Dec 2021 to 15 Dec 2021'), shown as that day."""
        return self.kind == "period" and self.start.day_only and self.end.day_only and self.start.day == self.end.day


@dataclass(frozen=True)
class Call:
    """A call as its page and the overview show it."""

    id: str
    title: str
    url: str
    edition: str | None
    summary: str | None
    topics: tuple[str, ...]
    dates: tuple[ImportantDate, ...]
    state: str  # 'open', 'closed' or 'upcoming'
    closes: ImportantDate | None
    opens: Moment | None
    submission_url: str | None
    submission_label: str
    instructions_html: str
    next_deadline: ImportantDate | None = None
    upcoming_json: str = "[]"  # the deadlines still to come, for the page's live countdown

    @property
    def state_label(self) -> str:
        """'Open', 'Closed' or 'Not open yet'."""
        return {"open": "Open", "closed": "Closed", "upcoming": "Not open yet"}[self.state]

    @property
    def show_submit(self) -> bool:
        """The submission button shows only while the call is open."""
        return self.state == "open" and bool(self.submission_url)


@dataclass(frozen=True)
class Calendar:
    """Everything about dates the site shows: the calls, every important date, the next deadline, the Event."""

    calls: tuple[Call, ...] = ()
    dates: tuple[ImportantDate, ...] = ()  # every date of the conference, in time order, TBA last
    next_deadline: ImportantDate | None = None
    upcoming_json: str = "[]"
    calls_url: str | None = None
    dates_url: str | None = None
    ics_url: str | None = None
    event: dict | None = None  # schema.org Event of the conference, for JSON-LD
    now_iso: str = ""
    stamp: dt.datetime | None = None  # the calendar file's DTSTAMP


def assemble_calls(config: SiteConfig, data: CallsData | None, pages: list[model.Page], now: dt.datetime,
                   fixed_now: bool, problems: Problems, render_markdown) -> tuple[list[model.Page], Calendar]:
    """Attach calls to their pages, add the generated call, calls and dates pages; return them and the Calendar."""
    by_source = {page.source: page for page in pages}
    urls = {page.url for page in pages}
    context = _Context(config, data.raw if data else None, now, problems)
    calls, claimed = [], {}
    file = data.calls if data else None
    default_zone = (file.timezone if file else None) or dates.site_zone(config.timezone)
    used_ids: set[str] = set()
    for index, entry in enumerate(file.calls if file else ()):
        call_id = entry.id or slugify(entry.title) or f"call-{index + 1}"
        if call_id in used_ids:
            problems.add(CALLS_FILE, context.line("calls", index), f"two calls have the id '{call_id}'",
                         "give each call its own 'id:'")
            continue
        used_ids.add(call_id)
        url = f"calls/{call_id}/"
        if entry.page is not None:
            page = by_source.get(entry.page.lstrip("./"))
            if page is None:
                problems.add(CALLS_FILE, context.line("calls", index, "page"),
                             f"the call's page '{entry.page}' is no page of the site",
                             "write the path of a Markdown file under content/, e.g. page: content/call-for-papers.md, "
                             "or remove 'page:' to get a page made from the data")
                continue
            if page.source in claimed:
                problems.add(CALLS_FILE, context.line("calls", index, "page"),
                             f"the page '{entry.page}' already belongs to the call '{claimed[page.source]}'",
                             "give each call its own page")
                continue
            claimed[page.source] = entry.title
            url = page.url
        call = _call(entry, index, call_id, url, entry.timezone or default_zone, context, render_markdown)
        calls.append(call)
    conference_dates = [_entry_date(entry, ("dates", index), entry.timezone or default_zone, None, context)
                        for index, entry in enumerate(file.dates if file else ())]
    conference_dates = [d for d in conference_dates if d is not None]
    if config.dates is not None:
        conference_dates.append(_conference_days(config, context))
    all_dates = [*conference_dates, *(d for call in calls for d in call.dates)]

    pages = _attach_pages(pages, calls, problems)
    layouts = {page.layout for page in pages}
    calls_url = next((page.url for page in pages if page.layout == "calls"), None)
    if calls and calls_url is None and CALLS_URL not in urls:
        pages.append(model.Page(url=CALLS_URL, title="Calls", layout="calls", html="", source=f"({CALLS_FILE})"))
        calls_url = CALLS_URL
    dates_url = next((page.url for page in pages if page.layout == "dates"), None)
    has_dates = bool(all_dates) and file is not None
    if has_dates and "dates" not in layouts and DATES_URL not in urls:
        pages.append(model.Page(url=DATES_URL, title="Important dates", layout="dates", html="",
                                source=f"({CALLS_FILE})"))
        dates_url = DATES_URL
    ordered = tuple(sorted(all_dates, key=_time_order))
    upcoming = _upcoming(ordered)
    stamp = now if fixed_now else dt.datetime(1970, 1, 1, tzinfo=dates.UTC)
    calendar = Calendar(calls=tuple(calls), dates=ordered, next_deadline=upcoming[0] if upcoming else None,
                        upcoming_json=_countdown_json(upcoming),
                        calls_url=calls_url, dates_url=dates_url, ics_url=ICS_FILE if ordered else None,
                        event=event_json_ld(config), now_iso=dates.iso_utc(now), stamp=stamp)
    return pages, calendar


@dataclass
class _Context:
    config: SiteConfig
    raw: object
    now: dt.datetime
    problems: Problems
    anchors: set = field(default_factory=set)

    def anchor(self, wanted: str) -> str:
        """A unique id for a date on the dates page (and in the calendar): the wanted one, or wanted-2, -3..."""
        anchor, n = wanted, 2
        while anchor in self.anchors:
            anchor, n = f"{wanted}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor

    def line(self, *steps) -> int | None:
        """The line of data/calls.yaml where the value at `steps` was written."""
        return line_at(self.raw, *steps)


def _call(entry: CallEntry, index: int, call_id: str, url: str, zone: str, context: _Context, render_markdown) -> Call:
    where = ("calls", index)
    call_dates, ids = [], {}
    for number, item in enumerate(entry.dates):
        date_id = item.id or slugify(item.label) or f"date-{number + 1}"
        if date_id in ids:
            context.problems.add(CALLS_FILE, context.line(*where, "dates", number),
                                 f"two dates of this call have the id '{date_id}'", "give one of them another 'id:'")
            continue
        made = _entry_date(item, (*where, "dates", number), item.timezone or zone, (entry, call_id, url), context,
                           date_id)
        ids[date_id] = made
        if made is not None:
            call_dates.append(made)
    opens = opens_at = None
    if entry.opens:
        opens_at = _moment(dates.parse_when(entry.opens), zone, context, (*where, "opens"), start=True)
        opens = _shown(opens_at, zone, False) if opens_at else None
    closes = None
    if entry.closes:
        closes = ids.get(entry.closes)
        if entry.closes not in ids:
            known = ", ".join(sorted(ids)) or "(the call has no dates)"
            context.problems.add(CALLS_FILE, context.line(*where, "closes"),
                                 f"'closes: {entry.closes}' names no date of this call",
                                 f"write the id of one of its dates: {known}")
    else:
        closes = next((d for d in call_dates if d.deadline), None)
    if opens_at is not None and not dates.reached(context.now, opens_at):
        state = "upcoming"
    elif closes is not None and closes.passed:
        state = "closed"
    else:
        state = "open"
    submission = entry.submission
    upcoming = _upcoming(sorted(call_dates, key=_time_order))
    instructions = render_markdown(submission.instructions)[0] if submission and submission.instructions else ""
    return Call(id=call_id, title=entry.title, url=url, edition=entry.edition, summary=entry.summary,
                topics=tuple(entry.topics), dates=tuple(call_dates), state=state, closes=closes, opens=opens,
                submission_url=submission.url if submission else None,
                submission_label=submission.label if submission else "Submit", instructions_html=instructions,
                next_deadline=upcoming[0] if upcoming else None, upcoming_json=_countdown_json(upcoming))


def _entry_date(item: DateEntry, where: tuple, zone: str, call, context: _Context,
                date_id: str | None = None) -> ImportantDate | None:
    """One date of the data as pages show it; None (with an error recorded) if its time does not exist."""
    entry, call_id, call_url = call if call else (None, None, None)
    date_id = date_id or item.id or slugify(item.label) or "date"
    anchor = context.anchor(f"{call_id}-{date_id}" if call_id else date_id)
    common = dict(anchor=anchor, label=item.label, ics_url=None if item.tba else f"calendar/{anchor}.ics", zone=zone, note=item.note,
                  call_title=entry.title if entry else None, call_url=call_url,
                  edition=entry.edition if entry else None)
    if item.tba:
        return ImportantDate(kind="tba", deadline=bool(item.deadline), start=None, end=None, **common)
    now = context.now
    if item.date is not None:
        deadline = True if item.deadline is None else item.deadline
        original = dates.parse_when(item.date)
        current = dates.parse_when(item.extended) if isinstance(item.extended, str) else original
        day_only = current.time is None and not deadline
        line_key = "extended" if item.extended else "date"
        moment = _moment(current, zone, context, (*where, line_key))
        if moment is None:
            return None
        previous = ()
        if item.extended:
            old = _moment(original, zone, context, (*where, "date"))
            if old is None:
                return None
            previous = (_shown(old, zone, original.time is None and not deadline).text,)
        shown = _shown(moment, zone, day_only)
        return ImportantDate(kind="day" if day_only else "moment", deadline=deadline, start=None, end=shown,
                             previous=previous, passed=dates.reached(now, moment), ends_iso=dates.iso_utc(moment),
                             sequence=len(previous), begins=moment, ends=moment, **common)
    start_when, end_when = dates.parse_when(item.start), dates.parse_when(item.end)
    previous = ()
    if item.extended is not None:
        old_start = _moment(start_when, zone, context, (*where, "start"), start=True)
        old_end = _moment(end_when, zone, context, (*where, "end"))
        if old_start is None or old_end is None:
            return None
        previous = (_period_text(_shown(old_start, zone, start_when.time is None),
                                 _shown(old_end, zone, end_when.time is None)),)
        if isinstance(item.extended, Period):
            start_when, end_when = dates.parse_when(item.extended.start), dates.parse_when(item.extended.end)
        else:
            end_when = dates.parse_when(item.extended)
    start = _moment(start_when, zone, context, (*where, "extended" if item.extended else "start"), start=True)
    end = _moment(end_when, zone, context, (*where, "extended" if item.extended else "end"))
    if start is None or end is None:
        return None
    return ImportantDate(kind="period", deadline=bool(item.deadline), start=_shown(start, zone, start_when.time is None),
                         end=_shown(end, zone, end_when.time is None), previous=previous, passed=dates.reached(now, end),
                         ongoing=dates.reached(now, start) and not dates.reached(now, end), ends_iso=dates.iso_utc(end), sequence=len(previous),
                         begins=start, ends=end, **common)


def _moment(when: dates.When, zone: str, context: _Context, where: tuple, start: bool = False) -> dt.datetime | None:
    try:
        return dates.instant(when, zone, start=start)
    except ValueError as exc:
        context.problems.add(CALLS_FILE, context.line(*where), str(exc),
                             "a deadline must name one moment; see the time zone's summer time rules")
        return None


def _shown(moment: dt.datetime, zone: str, day_only: bool) -> Moment:
    local = moment.astimezone(dates.zone(zone))
    return Moment(iso=dates.iso_utc(moment), declared=dates.format_in_zone(moment, zone),
                        utc=dates.format_utc(moment), day=dates.format_day(local.date()),
                        day_iso=local.date().isoformat(), day_only=day_only)


def _period_text(start: Moment, end: Moment) -> str:
    return f"{start.text} – {end.text}"


def _conference_days(config: SiteConfig, context: _Context) -> ImportantDate:
    zone = dates.site_zone(config.timezone)
    start, end = dates.day_span(config.dates.start, config.dates.end, zone)
    name = config.edition or config.name
    anchor = context.anchor("conference")
    return ImportantDate(anchor=anchor, label=f"{name} conference", kind="period", deadline=False, zone=zone,
                         start=_shown(start, zone, True), end=_shown(end, zone, True), edition=config.edition,
                         passed=dates.reached(context.now, end),
                         ongoing=dates.reached(context.now, start) and not dates.reached(context.now, end), ends_iso=dates.iso_utc(end),
                         ics_url=f"calendar/{anchor}.ics", begins=start, ends=end)


def _attach_pages(pages: list[model.Page], calls: list[Call], problems: Problems) -> list[model.Page]:
    """Call pages get the 'call' layout (unless they chose another) and their call; calls without a page get one."""
    by_url = {call.url: call for call in calls}
    result = []
    for page in pages:
        call = by_url.pop(page.url, None)
        if call is not None:
            result.append(dataclasses.replace(page, call=call, layout="call" if page.layout == "page" else page.layout))
        elif page.layout == "call":
            problems.add(page.source, 1, "this page has 'layout: call' but no call in data/calls.yaml names it",
                         f"add 'page: {page.source}' to its call in data/calls.yaml, or use another layout")
        else:
            result.append(page)
    for call in by_url.values():
        result.append(model.Page(url=call.url, title=call.title, layout="call", html="", source=f"({CALLS_FILE})",
                                 description=call.summary, call=call))
    return result


def _upcoming(ordered) -> list[ImportantDate]:
    """The deadlines not passed yet, soonest first."""
    return [d for d in ordered if d.deadline and not d.passed and d.kind != "tba"]


def _countdown_json(upcoming: list[ImportantDate]) -> str:
    """What the live countdown needs to move on to the next deadline when one passes."""
    return json.dumps([{"at": d.ends_iso, "label": f"{d.label} ({d.edition})" if d.edition else d.label}
                       for d in upcoming], ensure_ascii=False)


def _time_order(item: ImportantDate):
    if item.kind == "tba":
        return (1, "", item.anchor)
    return (0, (item.start or item.end).iso, item.anchor)


