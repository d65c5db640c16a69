"""data/program.yaml: days, sessions and their items (papers by BibTeX key, talks, breaks), with the schema."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from confsite.errors import SiteError
from confsite.read.data_file import read_data_file
from confsite.read.yaml_data import YDict
from confsite.schema import Strict, check_timezone, slug_check

PROGRAM_FILE = "data/program.yaml"
CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
SessionKind = Literal["papers", "talks", "keynote", "invited", "panel", "posters", "tutorial", "workshop", "break",
                      "social", "other"]


def parse_clock(value) -> dt.time:
    """'9:30' or '14:05' (24-hour clock) -> time."""
    match = CLOCK.match(str(value).strip())
    if not match:
        raise ValueError(f"'{value}' is not a time of day; write hours and minutes on a 24-hour clock, e.g. \"14:30\"")
    return dt.time(int(match.group(1)), int(match.group(2)))


class ProgramItem(Strict):
    """One entry of a session: an accepted paper by its BibTeX key, or a talk, panel or other item."""

    paper: str | None = Field(None, description="the BibTeX key of an accepted paper in data/papers.bib",
                              examples=["ratner2019mlsys"])
    title: str | None = Field(None, description="the title of a talk that is not a paper", examples=["Opening remarks"])
    speakers: list[str] = Field(default_factory=list, description="who speaks", examples=["[Ion Stoica]"])
    kind: SessionKind | None = Field(None, description="what the item is, when it differs from its session's kind")
    abstract: str | None = None
    url: str | None = Field(None, description="a link for the item (slides, video)")

    @model_validator(mode="after")
    def _paper_or_title(self):
        if (self.paper is None) == (self.title is None):
            raise ValueError("an item needs either 'paper: KEY' (an accepted paper) or 'title: ...' (a talk), not both")
        return self


class Session(Strict):
    """A block of the program in one room, with a start and an end on its day."""

    title: str = Field(description="the session's name", examples=["Session 1: Training"])
    id: str | None = Field(None, description="the session's address and calendar id: letters, digits and dashes",
                           examples=["training-1"])
    start: dt.time = Field(description="start time in the conference time zone, 24-hour clock", examples=['"09:30"'])
    end: dt.time = Field(description="end time in the conference time zone, 24-hour clock", examples=['"10:30"'])
    kind: SessionKind = Field("talks", description="papers, talks, keynote, invited, panel, posters, tutorial, "
                                                   "workshop, break, social or other")
    room: str | None = Field(None, description="where it takes place", examples=["Mission City Ballroom"])
    track: str | None = Field(None, description="the track, for parallel sessions", examples=["Systems"])
    chair: str | None = Field(None, description="who chairs the session", examples=["Matei Zaharia"])
    description: str | None = None
    items: list[ProgramItem] = Field(default_factory=list)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value):
        return parse_clock(value)

    _id = field_validator("id")(slug_check("id", "session-1"))


class Day(Strict):
    """One day of the conference and its sessions."""

    date: dt.date = Field(description="the day, YYYY-MM-DD", examples=["2025-05-12"])
    title: str | None = Field(None, description="a name for the day", examples=["Tutorials"])
    sessions: list[Session] = Field(default_factory=list)


class ProgramFile(Strict):
    """data/program.yaml"""

    timezone: str | None = Field(None, description="the program's IANA time zone; default: site.yaml's timezone",
                                 examples=["America/Los_Angeles"])
    days: list[Day] = Field(description="the conference days, each with its sessions")

    _timezone = field_validator("timezone")(classmethod(lambda cls, value: check_timezone(value)))


@dataclass(frozen=True)
class ProgramSource:
    """The validated program with the YAML it came from, so that later checks can name lines."""

    program: ProgramFile
    data: YDict


def read_program(site_dir: Path) -> tuple[ProgramSource | None, list[SiteError]]:
    """Read and check data/program.yaml; a site without one has no program."""
    program, data, errors = read_data_file(site_dir, PROGRAM_FILE, ProgramFile, "days")
    return (ProgramSource(program, data) if program else None), errors
