"""The schema of every input file: what organizers may write, with types, defaults and examples."""
from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from confsite.located import line_at

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def slug_check(what: str, example: str):
    """A field validator: the value, when given, is a slug (lower-case letters, digits and dashes)."""
    def check(cls, value):
        if value is not None and not SLUG.match(value):
            raise ValueError(f"'{value}' is not a valid {what}; use lower-case letters, digits and dashes, e.g. {example}")
        return value
    return classmethod(check)


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not be silently ignored); values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Venue(Strict):
    name: str | None = Field(None, description="the venue's name", examples=["Santa Clara Convention Center"])
    city: str | None = Field(None, description="city and region", examples=["Santa Clara, CA"])
    address: str | None = None
    country: str | None = None
    url: str | None = None


class Dates(Strict):
    start: dt.date = Field(description="first day, YYYY-MM-DD", examples=["2025-05-12"])
    end: dt.date = Field(description="last day, YYYY-MM-DD", examples=["2025-05-15"])

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"the conference ends ({self.end}) before it starts ({self.start}); swap the two dates")
        return self


class ProceedingsOptions(Strict):
    """How the papers page presents data/papers.bib."""

    group_by: str | None = Field(
        None, description="the field of data/papers.bib whose value groups the papers page (default: track, "
        "then PMLR's section, then session, then year)", examples=["section"])

    @field_validator("group_by")
    @classmethod
    def _field_name(cls, value):
        if value is not None and not re.fullmatch(r"[A-Za-z][\w-]*", value):
            raise ValueError(f"'{value}' is not a BibTeX field name; write a field of data/papers.bib, e.g. section")
        return value.lower() if value is not None else value


class NavItem(Strict):
    title: str = Field(description="the menu label", examples=["Call for Papers"])
    url: str = Field(description="a page of the site ('/call-for-papers/') or a full link ('https://...')",
                     examples=["/call-for-papers/"])


def check_timezone(value: str | None) -> str | None:
    """An IANA time zone name such as America/Los_Angeles."""
    if value is None:
        return value
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{value}' is not a time zone name; use an IANA name such as America/Los_Angeles, "
                         "Europe/Berlin or UTC (abbreviations like PDT or ET are ambiguous)") from None
    return value


class SiteConfig(Strict):
    """site.yaml"""

    name: str = Field(description="the conference's short name", examples=["MLSys"])
    full_name: str | None = Field(None, description="the conference's full name",
                                  examples=["Conference on Machine Learning and Systems"])
    edition: str | None = Field(None, description="this edition's name", examples=["MLSys 2025"])
    description: str | None = Field(None, description="one sentence about the conference, for search engines")
    dates: Dates | None = None
    venue: Venue | None = None
    status: Literal["scheduled", "cancelled", "postponed", "rescheduled", "moved-online"] = Field(
        "scheduled", description="whether the conference takes place as announced", examples=["scheduled"])
    timezone: str = Field("UTC", description="the conference's IANA time zone", examples=["America/Los_Angeles"])
    base_url: str = Field("/", description="where the site is published, with any sub-path",
                          examples=["https://example.org/conf2026/"])
    language: str = Field("en", description="the pages' language code", examples=["en"])
    theme: str = Field("default", description="the theme folder's name under themes/", examples=["default"])
    nav: list[NavItem] | None = None
    proceedings: ProceedingsOptions = Field(default_factory=ProceedingsOptions,
                                            description="how the papers page presents data/papers.bib")
    links: dict[str, str] = Field(default_factory=dict, description="named links usable in templates")
    paper_bib_files: bool = Field(False, description="also write a .bib file beside each paper's page (each page "
                                  "shows its BibTeX, with copy and download buttons, either way)", examples=[True])
    _data: object = PrivateAttr(default=None)

    def line_of(self, *steps) -> int | None:
        """The line of site.yaml where a value was written, e.g. line_of('nav', 2)."""
        return line_at(self._data, *steps)

    _timezone = field_validator("timezone")(classmethod(lambda cls, value: check_timezone(value)))

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str):
        parts = urlsplit(value)
        if value.startswith("/") and not parts.netloc:
            return value if value.endswith("/") else value + "/"
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"'{value}' is not a site address; write a full URL such as "
                             "https://example.org/conf2026/ or a path such as /conf2026/")
        return value if value.endswith("/") else value + "/"

    @field_validator("theme")
    @classmethod
    def _theme(cls, value: str):
        if not SLUG.match(value):
            raise ValueError(f"'{value}' is not a theme folder name; use letters, digits and dashes, e.g. default")
        return value


class Member(Strict):
    name: str = Field(description="the person's name as it should be shown", examples=["Chris Ré"])
    role: str | None = Field(None, description="a role within the committee", examples=["Program Chair"])
    affiliation: str | None = Field(None, description="university or company", examples=["Stanford University"])
    url: str | None = Field(None, description="a personal web page", examples=["https://example.org/~name"])
    orcid: str | None = Field(None, description="ORCID iD, to tell apart two people of one name",
                              examples=["0000-0002-1825-0097"])
    id: str | None = Field(None, description="a stable id, to tell apart two people of one name", examples=["jane-doe-2"])
    photo: str | None = Field(None, description="an image path under static/", examples=["img/people/jane.jpg"])
    aliases: list[str] = Field([], description="other spellings of the name, as papers give it",
                               examples=[["Christopher Ré"]])
    _photo = field_validator("photo")(classmethod(lambda cls, value: check_static_path(value)))


class Committee(Strict):
    name: str = Field(description="the committee's name", examples=["Program Committee"])
    id: str | None = Field(None, description="an anchor id, letters, digits and dashes", examples=["program"])
    description: str | None = None
    edition: str | None = Field(None, description="the edition the committee served, when not the site's own",
                                examples=["SysML 2018"])
    members: list[Member] = Field(description="the list of people")

    _id = field_validator("id")(slug_check("id", "program"))


class CommitteesFile(Strict):
    """data/committees.yaml"""

    committees: list[Committee] = Field(description="a list of committees, each with a name and members")


class FrontMatter(Strict):
    """The YAML block at the top of a content page, between two '---' lines."""

    title: str = Field(description="the page's title", examples=["Call for Papers"])
    layout: str = Field("page", description="the template to use", examples=["page"])
    nav_order: int | None = Field(None, description="position in the menu when site.yaml has no nav", examples=[2])
    nav_title: str | None = Field(None, description="a shorter label for the menu", examples=["CFP"])
    description: str | None = Field(None, description="one sentence for search engines and link previews")
    slug: str | None = Field(None, description="the page's address, lower-case letters, digits and dashes",
                             examples=["call-for-papers"])
    draft: bool = Field(False, description="true keeps the page out of the built site", examples=["true"])
    date: dt.date | None = Field(None, description="publication date, YYYY-MM-DD", examples=["2025-01-15"])

    _slug = field_validator("slug")(slug_check("slug", "venue"))

    @field_validator("layout")
    @classmethod
    def _layout(cls, value):
        if not SLUG.match(value):
            raise ValueError(f"'{value}' is not a layout name; use the name of a template without .html, e.g. page")
        return value


def check_web_address(value: str | None) -> str | None:
    """A full http(s) address."""
    if value is not None and urlsplit(value).scheme not in ("http", "https"):
        raise ValueError(f"'{value}' is not a web address; write it in full, e.g. https://example.org/")
    return value


def check_static_path(value: str | None) -> str | None:
    """A file path under static/, written without a leading slash and without '..'."""
    if value is not None and (value.startswith("/") or "\\" in value or ".." in value.split("/") or "://" in value):
        raise ValueError(f"'{value}' is not a path under static/; write it like img/people/jane.jpg")
    return value


class Sponsor(Strict):
    name: str = Field(description="the sponsor's name, also the logo's text alternative", examples=["Example Corp"])
    url: str | None = Field(None, description="the sponsor's web site", examples=["https://example.com/"])
    logo: str | None = Field(None, description="a logo image under static/", examples=["img/sponsors/example.svg"])

    _url = field_validator("url")(classmethod(lambda cls, value: check_web_address(value)))
    _logo = field_validator("logo")(classmethod(lambda cls, value: check_static_path(value)))


class SponsorTier(Strict):
    name: str = Field(description="the tier's name", examples=["Platinum"])
    sponsors: list[Sponsor] = Field(description="the sponsors of this tier, in the order to show them")


class SponsorsFile(Strict):
    """data/sponsors.yaml"""

    tiers: list[SponsorTier] = Field(description="sponsor tiers, the highest first, each with a name and sponsors")


class Speaker(Strict):
    name: str = Field(description="the speaker's name", examples=["Jane Doe"])
    affiliation: str | None = Field(None, description="university or company", examples=["Stanford University"])
    talk: str | None = Field(None, description="the talk's title", examples=["Systems for the next decade of ML"])
    bio: str | None = Field(None, description="a short biography, plain text")
    url: str | None = Field(None, description="a personal web page", examples=["https://example.org/~jane"])
    photo: str | None = Field(None, description="an image path under static/", examples=["img/people/jane.jpg"])

    _url = field_validator("url")(classmethod(lambda cls, value: check_web_address(value)))
    _photo = field_validator("photo")(classmethod(lambda cls, value: check_static_path(value)))


class SpeakersFile(Strict):
    """data/speakers.yaml"""

    speakers: list[Speaker] = Field(description="invited and keynote speakers, in the order to show them")


class ThemeFile(Strict):
    """themes/NAME/theme.yaml"""

    name: str | None = Field(None, description="the theme's name, the folder's name", examples=["my-theme"])
    description: str | None = Field(None, description="one sentence about the theme")
    extends: str | None = Field(None, description="the theme this one builds on: a folder name under themes/ or a built-in theme",
                                examples=["default"])

    @field_validator("extends")
    @classmethod
    def _extends(cls, value):
        if value is not None and not SLUG.match(value):  # a theme is a folder name, never a path
            raise ValueError(f"'{value}' is not a theme name; write the name of a theme folder, e.g. default")
        return value
