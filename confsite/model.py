"""View models: what the templates are given, computed once by assemble.py. Frozen, so templates cannot change them."""
from __future__ import annotations

from dataclasses import dataclass, field

from confsite.schema import SiteConfig


@dataclass(frozen=True)
class Link:
    """A menu entry or any other labelled link; `url` is site-relative ('papers/') or absolute."""

    title: str
    url: str
    external: bool = False


@dataclass(frozen=True)
class Page:
    """A content page: its address, title, rendered body and the file it came from."""

    url: str
    title: str
    layout: str
    html: str
    source: str
    description: str | None = None
    date: object = None
    toc: tuple = ()
    nav_order: int | None = None
    nav_title: str | None = None
    call: object = None  # the call (calls.Call) a page of layout 'call' presents


@dataclass(frozen=True)
class Author:
    """An author of a paper, linked to the person's page when there is one."""

    name: str
    person_url: str | None = None


@dataclass(frozen=True)
class Paper:
    """An accepted paper as the proceedings show it."""

    key: str
    url: str
    title: str
    authors: tuple[Author, ...]
    year: str | None
    venue: str | None
    links: tuple[Link, ...] = ()
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class Member:
    """A person's place on a committee."""

    name: str
    role: str | None = None
    affiliation: str | None = None
    url: str | None = None
    photo: str | None = None  # a path under static/


@dataclass(frozen=True)
class Committee:
    """A named committee and its members, in the order the data gives them."""

    id: str
    name: str
    members: tuple[Member, ...]
    description: str | None = None


@dataclass(frozen=True)
class Sponsor:
    """A sponsor as shown in its tier; `logo` is a path under static/."""

    name: str
    url: str | None = None
    logo: str | None = None


@dataclass(frozen=True)
class SponsorTier:
    """A tier of sponsors (Platinum, Gold, ...), highest first."""

    id: str
    name: str
    sponsors: tuple[Sponsor, ...]


@dataclass(frozen=True)
class Speaker:
    """An invited or keynote speaker."""

    name: str
    affiliation: str | None = None
    talk: str | None = None
    bio: str | None = None
    url: str | None = None
    photo: str | None = None


@dataclass(frozen=True)
class Site:
    """Everything the build knows, assembled and cross-referenced, ready to render."""

    config: SiteConfig
    nav: tuple[Link, ...]
    pages: tuple[Page, ...]
    committees: tuple[Committee, ...] = ()
    papers: tuple[Paper, ...] = ()
    program: object = None  # confsite.program.Program, when the site has data/program.yaml
    news: tuple[Page, ...] = ()  # the posts under content/news/, newest first
    feed_url: str | None = None  # the Atom feed's site path ('feed.xml') when one is written
    calendar: object = None  # calls.Calendar: the calls and every important date
    sponsors: tuple[SponsorTier, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Output:
    """One file to write: rendered from `template` with `context`, or given as `data` bytes."""

    path: str  # relative to the output folder, e.g. 'papers/index.html'
    source: str  # the input that produced it, for error messages
    template: str | None = None
    context: dict = field(default_factory=dict)
    data: bytes | None = None
