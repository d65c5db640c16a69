"""A day of the program as a grid: one column per track (or room), one row per stretch of time between two of the
day's start or end times, so that parallel sessions stand side by side and a long one spans the rows it lasts.

The page lists the sessions in time order (what a phone and a screen reader read); the grid only places them,
with CSS. A session that runs alone (a keynote, a break) spans every column.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where one session sits in its day's grid: CSS grid lines (row 1 holds the column headings, column 1 the
    times)."""

    session: object  # program.Session
    row: int
    row_end: int
    column: int
    column_end: int
    spans: bool = False  # across every column: it runs alone

    @property
    def style(self) -> str:
        """The inline CSS that places it (custom properties: a phone's one column ignores them)."""
        return f"--row:{self.row}/{self.row_end};--column:{self.column}/{self.column_end}"


@dataclass(frozen=True)
class Slot:
    """The sessions that start at one time, after a heading for that time."""

    start: dt.datetime
    row: int
    places: tuple[Place, ...]


@dataclass(frozen=True)
class Grid:
    """A day laid out: its column headings and its slots."""

    columns: tuple[str, ...]  # a heading per column: its track or room, '' when its sessions have neither
    slots: tuple[Slot, ...]

    @property
    def style(self) -> str:
        """The inline CSS that sizes the grid."""
        return f"--columns:{max(1, len(self.columns))}"


def day_grid(slots) -> Grid:
    """The grid of a day, from its slots (program.Slot: sessions that start together, in time order)."""
    sessions = [session for slot in slots for session in slot.sessions]  # in order of their starts
    lines = sorted({moment for session in sessions for moment in (session.start, session.end)})
    row_of = {moment: index + 2 for index, moment in enumerate(lines)}
    alone, latest_end = set(), None
    for index, session in enumerate(sessions):
        after = sessions[index + 1].start if index + 1 < len(sessions) else None
        if (latest_end is None or latest_end <= session.start) and (after is None or after >= session.end):
            alone.add(id(session))
        latest_end = session.end if latest_end is None else max(latest_end, session.end)
    # a column per track (or room), and more than one where sessions of one track overlap (two rooms at once)
    lanes: dict[str, list] = {}  # key -> the end of the last session in each of its columns
    lane_of = {}
    for session in sessions:
        if id(session) in alone:
            continue
        # sessions of neither a track nor a room share columns without a heading (a calendar of one stream)
        ends = lanes.setdefault(session.track or session.room or "", [])
        number = next((n for n, end in enumerate(ends) if end <= session.start), len(ends))
        if number == len(ends):
            ends.append(session.end)
        ends[number] = session.end
        lane_of[id(session)] = (session.track or session.room or "", number)
    columns, column_of = [], {}
    for key, key_lanes in lanes.items():
        for number in range(len(key_lanes)):
            column_of[(key, number)] = len(columns) + 2
            columns.append(key)
    last = len(columns) + 2 if columns else 3
    laid = []
    for slot in slots:
        places = []
        for session in slot.sessions:
            if id(session) in alone:
                column, column_end = 2, last
            else:
                column = column_of[lane_of[id(session)]]
                column_end = column + 1
            places.append(Place(session, row_of[session.start], row_of[session.end], column, column_end,
                                id(session) in alone))
        laid.append(Slot(slot.start, row_of[slot.start], tuple(places)))
    return Grid(tuple(columns), tuple(laid))
