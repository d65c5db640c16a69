"""The schema of data/calls.yaml: calls for papers (and artifacts, workshops...) and their important dates.

Dates stay strings in the YAML reader; here each is parsed by confsite.dates so that a wrong one is
reported on its own line with what to write instead.
"""
from __future__ import annotations

from typing import Annotated, Union

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator

from confsite import dates
from confsite.schema import Strict, slug_check


class Period(Strict):
    """A period's new start and end, when it was moved."""

    start: str = Field(description="the first day, YYYY-MM-DD", examples=["2018-11-26"])
    end: str = Field(description="the last day, YYYY-MM-DD or YYYY-MM-DD HH:MM", examples=["2018-12-03 17:00"])

    @field_validator("start", "end")
    @classmethod
    def _when(cls, value):
        return str(dates.parse_when(value))


def _extension_kind(value) -> str:
    """A mapping is a moved period ({start, end}); anything else is a new date."""
    return "period" if isinstance(value, dict) or isinstance(value, Period) else "date"


Extension = Annotated[Union[Annotated[str, Tag("date")], Annotated[Period, Tag("period")]],
                      Discriminator(_extension_kind)]


class DateEntry(Strict):
    """One date of a call: a deadline or a day (`date`), a period (`start` and `end`), or `tba: true`."""

    label: str = Field(description="what happens on this date", examples=["Paper submission deadline"])
    id: str | None = Field(None, description="a stable id (calendar entries keep it), lower-case letters, digits "
                           "and dashes; default: made from the label", examples=["paper-deadline"])
    date: str | None = Field(None, description="YYYY-MM-DD (the end of that day) or YYYY-MM-DD HH:MM",
                             examples=["2018-09-28 16:59"])
    start: str | None = Field(None, description="a period's first day, YYYY-MM-DD", examples=["2023-01-16"])
    end: str | None = Field(None, description="a period's last day, YYYY-MM-DD or YYYY-MM-DD HH:MM",
                            examples=["2023-01-20"])
    timezone: str | None = Field(None, description="an IANA time zone, UTC or AoE; default: the call's, "
                                 "else the conference's", examples=["America/Los_Angeles"])
    deadline: bool | None = Field(None, description="false for a date that is no deadline (a notification); "
                                  "default: true for a date, false for a period", examples=["false"])
    extended: Extension | None = Field(None, description="the new date of an extended deadline (the old one is "
                                          "shown struck through); for a period, its new end or its new start and end",
                                          examples=["2022-03-18"])
    tba: bool = Field(False, description="true for a date that is to be announced", examples=["true"])
    note: str | None = Field(None, description="a short remark shown with the date")

    @field_validator("date", "start", "end")
    @classmethod
    def _when(cls, value):
        return None if value is None else str(dates.parse_when(value))

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value):
        return None if value is None else dates.check_zone(value)

    _id = field_validator("id")(slug_check("id", "paper-deadline"))

    @field_validator("extended")
    @classmethod
    def _extended(cls, value, info: ValidationInfo):
        if value is None:
            return value
        original = info.data.get("date") or info.data.get("end")
        if isinstance(value, Period) and info.data.get("date"):
            raise ValueError("'extended:' with 'start:' and 'end:' is for periods; for a date write the new date, "
                             "e.g. extended: 2022-03-18")
        if isinstance(value, Period):
            new_end, new_start = dates.parse_when(value.end), dates.parse_when(value.start)
            if new_end.wall() < new_start.wall(start=True):
                raise ValueError(f"the moved period ends ({value.end}) before it starts ({value.start}); swap them")
        else:
            new_end = dates.parse_when(value)
            value = str(new_end)
        if original:
            old = dates.parse_when(original)
            if new_end.wall() < old.wall():
                raise ValueError(f"the extension ({new_end}) is earlier than the original date ({old}); an extension "
                                 f"must be later: write the new date, later than {old}, or correct 'date:' instead")
        return value

    @model_validator(mode="after")
    def _shape(self):
        has_period = self.start is not None or self.end is not None
        if self.tba and (self.date or has_period or self.extended):
            raise ValueError("a date that is to be announced ('tba: true') has no date; remove 'date:' or 'tba:'")
        if not self.tba and self.date is None and not has_period:
            raise ValueError(f"'{self.label}' has no date; write 'date: YYYY-MM-DD', a period with 'start:' and "
                             "'end:', or 'tba: true' if it is to be announced")
        if self.date is not None and has_period:
            raise ValueError("write either 'date:' or a period with 'start:' and 'end:', not both")
        if has_period and (self.start is None or self.end is None):
            raise ValueError("a period needs both 'start:' and 'end:'; for a single day write 'date:'")
        if has_period and dates.parse_when(self.end).wall() < dates.parse_when(self.start).wall(start=True):
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start}); swap them")
        if isinstance(self.extended, Period) and not has_period:
            raise ValueError("'extended:' with 'start:' and 'end:' is for periods; for a date write 'extended: YYYY-MM-DD'")
        return self


class Submission(Strict):
    url: str | None = Field(None, description="where authors submit (https://...)",
                            examples=["https://cmt3.research.microsoft.com/MLSys2023"])
    label: str = Field("Submit", description="the submission button's text", examples=["Submit a paper"])
    instructions: str | None = Field(None, description="how to submit, in Markdown")

    @field_validator("url")
    @classmethod
    def _url(cls, value):
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"'{value}' is not a web address; write the full address, e.g. https://cmt3.example.org/Conf")
        return value


class Call(Strict):
    """One call: for papers, artifacts, workshops, tutorials, demos..."""

    title: str = Field(description="the call's title, with the edition it belongs to",
                       examples=["MLSys 2023 call for papers"])
    id: str | None = Field(None, description="the call's address under calls/, lower-case letters, digits and "
                           "dashes; default: made from the title", examples=["mlsys-2023-papers"])
    edition: str | None = Field(None, description="the edition the call belongs to", examples=["MLSys 2023"])
    summary: str | None = Field(None, description="one or two sentences shown in the overview of calls")
    page: str | None = Field(None, description="the call's page: a Markdown file under content/ whose text is "
                             "shown above the call's topics and dates", examples=["content/calls/mlsys-2023.md"])
    timezone: str | None = Field(None, description="the zone of the call's dates (IANA name, UTC or AoE); "
                                 "default: the conference's", examples=["America/New_York"])
    topics: list[str] = Field(default_factory=list, description="the topics the call invites")
    submission: Submission | None = None
    opens: str | None = Field(None, description="when submissions open, YYYY-MM-DD or YYYY-MM-DD HH:MM "
                              "(default: open until the deadline)", examples=["2022-08-01"])
    closes: str | None = Field(None, description="the id of the date that closes submissions; default: the "
                               "call's first deadline", examples=["paper-deadline"])
    dates: list[DateEntry] = Field(default_factory=list, description="the call's important dates")

    _id = field_validator("id")(slug_check("id", "mlsys-2023-papers"))

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value):
        return None if value is None else dates.check_zone(value)

    @field_validator("opens")
    @classmethod
    def _opens(cls, value):
        return None if value is None else str(dates.parse_when(value))


class CallsFile(Strict):
    """data/calls.yaml"""

    timezone: str | None = Field(None, description="the default zone of every date in this file; default: "
                                 "site.yaml's timezone", examples=["AoE"])
    dates: list[DateEntry] = Field(default_factory=list,
                                       description="conference-wide important dates that belong to no call")
    calls: list[Call] = Field(default_factory=list, description="the calls, each with a title and its dates")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value):
        return None if value is None else dates.check_zone(value)
