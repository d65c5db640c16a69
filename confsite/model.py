"""View models: what the templates are given, computed once by assemble.py. Frozen, so templates cannot change them."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from confsite.schema import SiteConfig


class Lookup(dict):
    """A dict of the site's view models that templates read one key at a time (the session of each paper):
    a page then depends on the entry it looked up, not on the whole table (the preview's read recorder,
    render/reuse.py, records each key read)."""


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
    """An accepted paper as the proceedings show it; every text is decoded and safe to print escaped."""

    key: str
    url: str  # 'papers/<slug>/', or '2025/papers/<slug>/' in a site that keeps editions (its permanent address)
    title: str
    authors: tuple[Author, ...]
    year: str | None
    venue: str | None
    links: tuple[Link, ...] = ()
    source: str = ""
    # where the entry is written, for messages; no page shows it, so the preview does not render the pages that
    # list a paper again only because lines were added above its entry (incremental.Comparison skips it)
    line: int = field(default=0, metadata={"shown": False})
    slug: str = ""
    et_al: bool = False  # the author list is incomplete ('and others')
    edited: bool = False  # the names are the editors of a volume
    month: str | None = None
    group: str = ""  # the track, session or year the all-papers page lists it under
    group_id: str = ""  # that group's anchor on the all-papers page
    track: str | None = None
    session: str | None = None
    abstract: tuple[str, ...] = ()  # paragraphs
    tldr: str | None = None
    contribution: str | None = None
    findings: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    badges: tuple[str, ...] = ()
    doi: str | None = None
    pages: str | None = None
    description: str | None = None  # one sentence for search engines and link previews
    bibtex: str = ""  # the clean entry offered for citing
    bib_url: str = ""  # 'papers/<slug>/<slug>.bib' when the site asks for a file per paper (paper_bib_files)
    citation: str = ""  # plain-text reference
    search_text: str = ""  # lower-case text the client-side filter matches
    meta: tuple[tuple[str, str], ...] = ()  # Google Scholar citation_* (name, content) pairs, in order
    json_ld: dict = field(default_factory=dict)  # schema.org ScholarlyArticle
    title_html: Markup = Markup("")  # the title as pages show it: styles as HTML, math as MathML (`title` is plain)
    abstract_html: tuple[Markup, ...] = ()  # the abstract's paragraphs as pages show them
    section: str | None = None  # the section of the volume it appears in (PMLR's `section`)
    sort_key: str = ""  # its title as the papers list sorts it (markup, accents, case, leading punctuation ignored)
    has_math: bool = False  # its title or abstract holds a formula: the search index reads their plain text instead


@dataclass(frozen=True)
class Volume:
    """The proceedings' own record (a @proceedings entry): what the papers page shows of the volume and what every
    paper's citation says of it. Every text is plain, but `title_html`."""

    key: str
    title: str
    title_html: Markup
    short_name: str | None = None  # 'COLT'
    editors: tuple[str, ...] = ()
    volume: str | None = None
    series: str | None = None
    publisher: str | None = None
    issn: str | None = None
    isbn: str | None = None
    doi: str | None = None
    dates: str | None = None  # when the conference took place: '12–15 July 2023'
    published: str | None = None  # when the volume was published: '12 July 2023'
    location: str | None = None
    url: str | None = None  # the conference's or the volume's page (https only)
    sections: tuple[str, ...] = ()  # the volume's sections, in its order
    bibtex: str = ""  # its own entry, first in the whole proceedings' .bib


@dataclass(frozen=True)
class Role:
    """A person's place on a committee, as their person page lists it."""

    committee: str
    url: str  # 'committees/#program'
    role: str | None = None
    edition: str | None = None  # on a site with several editions, the edition's name ('SysML 2019')


@dataclass(frozen=True)
class Person:
    """Everyone who wrote a paper or sits on a committee, with both merged onto one page."""

    slug: str
    url: str  # 'people/<slug>/'
    name: str
    letter: str  # the A-Z index section
    sort_key: str
    papers: tuple[Paper, ...] = ()
    roles: tuple[Role, ...] = ()
    affiliation: str | None = None
    homepage: str | None = None
    orcid: str | None = None
    photo: str | None = None  # a path under static/, from committees.yaml
    identity: tuple = ()  # ('id', ...), ('orcid', ...) or ('name', normalized name): who this is across editions


@dataclass(frozen=True)
class PaperGroup:
    """The papers of one track, session or year on the all-papers page."""

    id: str
    title: str
    papers: tuple[Paper, ...]


@dataclass(frozen=True)
class Proceedings:
    """The accepted papers, grouped, with the people behind them and the choices the filter offers."""

    papers: tuple[Paper, ...] = ()
    groups: tuple[PaperGroup, ...] = ()
    group_label: str = "Year"  # what a group is: Track, Section, Session, Year or the field site.yaml names
    people: tuple[Person, ...] = ()
    letters: tuple[tuple[str, tuple[Person, ...]], ...] = ()  # ('A', people) in order, for the A-Z index
    topics: tuple[str, ...] = ()
    has_awards: bool = False
    bib_url: str = "papers/proceedings.bib"
    papers_url: str = "papers/"  # the all-papers page
    people_url: str | None = None  # the A-Z index, when the site has one
    member_urls: tuple[tuple[str, ...], ...] = ()  # each committee member's person page, committee by committee
    volume: Volume | None = None  # the volume the papers appear in, when papers.bib has its entry


@dataclass(frozen=True)
class Member:
    """A person's place on a committee."""

    name: str
    role: str | None = None
    affiliation: str | None = None
    url: str | None = None
    photo: str | None = None  # a path under static/
    id: str | None = None
    orcid: str | None = None
    aliases: tuple[str, ...] = ()  # other spellings of the name, as papers give it
    person_url: str | None = None  # their page with their papers and roles, when the site has person pages


@dataclass(frozen=True)
class Committee:
    """A named committee and its members, in the order the data gives them."""

    id: str
    name: str
    members: tuple[Member, ...]
    description: str | None = None
    edition: str | None = None  # the edition it served, when not the site's own ('SysML 2018')


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
    proceedings: Proceedings = field(default_factory=Proceedings)
    program: object = None  # confsite.assemble.program.Program, when the site has data/program.yaml
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

