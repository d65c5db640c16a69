"""Several editions of one conference in one site.

The site's own files (site.yaml, content/, data/) are the current edition, built at the root as always.
Each past edition is a folder `editions/<year>/` with an `edition.yaml` (name, dates, venue, time zone)
and, optionally, its own `content/` and `data/` (committees, papers, program, ...). Each edition is read
and assembled by the same readers and assembly as the site, then planned with the same templates under
`/<year>/`: its pages get an `EditionLinks` in their context, through which `url()` sends the edition's
own addresses under its folder and everything else (styles, search, person pages, the archive) to the
root. The current edition's papers and sessions have their pages under its year from the start
(`/2025/papers/KEY/`, see assemble/site.py `year_folder`), so their addresses stay when the next edition takes
the root; its other pages are at the root, and its year's addresses of those lead there (render/redirects.py).

People are one set for the whole site: each edition's people (matched by id, ORCID or normalized name,
as the proceedings match them) are merged into one person page at the root, listing their roles and
papers edition by edition. The archive page (`editions/`, or the content page with `layout: archive`)
lists every edition; the menu gets an entry for it.

A site without an `editions/` folder is built exactly as before: nothing here runs.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from confsite import model
from confsite.assemble.citations import paper_json_ld
from confsite.assemble.people import committee_people, loose_name, normalize_name
from confsite.assemble.site import GENERATED, assemble, with_person_urls
from confsite.errors import Problems
from confsite.read.content import slugify
from confsite.read.editions import PastEdition, current_slug, located
from confsite.read.site import Sources
from confsite.schema import Dates, SiteConfig, Venue
from confsite.urls import absolute_url, has_public_address

ARCHIVE_URL = "editions/"
ARCHIVE_TITLE = "Editions"
# Pages that belong to the whole site, not to one edition: a past edition links to the root's.
SITE_WIDE_LAYOUTS = ("search", "people", "archive", "404")


@dataclass(frozen=True)
class Edition:
    """One edition as the archive and the theme show it."""

    name: str  # 'SysML 2019'
    slug: str  # its folder under the output: '2019' ('' when the current edition has no year)
    url: str  # where its home page is: '2019/', '/' (the site's root) for the current edition
    current: bool
    dates: Dates | None = None
    venue: Venue | None = None
    full_name: str | None = None


@dataclass(frozen=True)
class EditionLinks:
    """How `url()` resolves a link on a page of an edition planned under `prefix`."""

    prefix: str  # '2019/'
    local: frozenset  # the edition's own addresses ('', 'papers/', 'papers/x/x.bib', ...)
    moved: dict = field(default_factory=dict)  # the edition's person addresses -> the site's person pages

    def resolve(self, target: str) -> str:
        """'papers/' -> '2019/papers/'; 'css/site.css' (not the edition's) stays; a person goes to the site's page.

        In templates, a leading '/' names the site's root: url('/') is the current edition's home page.
        """
        if target.startswith("/"):
            return target.lstrip("/")
        path, mark, fragment = target.partition("#")
        if path in self.moved:
            path = self.moved[path]
        elif path in self.local:
            path = self.prefix + path
        return path + mark + fragment

    def __repr__(self) -> str:  # a short, complete fingerprint for incremental builds
        text = repr((self.prefix, sorted(self.local), sorted(self.moved.items())))
        return f"EditionLinks({self.prefix!r}, {hashlib.sha1(text.encode()).hexdigest()})"


@dataclass(frozen=True)
class AssembledEdition:
    """A past edition assembled for its pages under /<year>/."""

    info: Edition
    site: model.Site
    folder: str  # 'editions/2019/', the prefix of its files in messages
    moved: dict  # its person addresses -> the site's person pages


def combine(site: model.Site, sources: Sources, past: list[PastEdition], problems: Problems,
            site_dir: Path) -> tuple[model.Site, list[AssembledEdition]]:
    """Assemble the past editions beside the current one: the root site (with the archive page, the site-wide
    people and the menu entry), and each past edition's site for its pages under /<year>/ (render/editions.py)."""
    if not past:
        return site, []
    config = site.config
    current = Edition(config.edition or config.name, current_slug(config), "/", True, config.dates, config.venue,
                      config.full_name)
    assembled = []
    for edition in past:
        edition.sources.now, edition.sources.show_drafts = sources.now, sources.show_drafts
        sub = Problems(strict=problems.strict)
        edition_site = assemble(edition.config, edition.sources, sub)
        problems.extend(located(sub.errors + sub.warnings, edition.folder, site_dir))
        info = Edition(edition.config.edition or f"{edition.config.name} {edition.slug}", edition.slug,
                       edition.slug + "/", False, edition.config.dates, edition.config.venue, edition.config.full_name)
        assembled.append((info, edition, edition_site))
    assembled.sort(key=lambda item: item[0].slug, reverse=True)  # newest first: the folders are years
    editions = (current, *(info for info, _, _ in assembled))
    archive = next((page for page in site.pages if page.layout == "archive"), None)
    archive_url = archive.url if archive else ARCHIVE_URL
    archive_title = (archive.nav_title or archive.title) if archive else ARCHIVE_TITLE
    extra = {"editions": editions, "current_edition": current, "archive_url": archive_url,
             "archive_title": archive_title}

    site = _committee_people(site)
    assembled = [(info, edition, _committee_people(edition_site)) for info, edition, edition_site in assembled]
    people, moved = _site_people(site, current, [(info, edition_site) for info, _, edition_site in assembled])
    site = _root_site(site, people, extra, archive_url, current, problems)
    return site, [AssembledEdition(info, _edition_site(edition_site, info, extra, moved.get(info.slug, {}), site.config),
                                   edition.folder, moved.get(info.slug, {})) for info, edition, edition_site in assembled]


def _root_site(site: model.Site, people: tuple, extra: dict, archive_url: str, current: Edition,
               problems: Problems) -> model.Site:
    pages = list(site.pages)
    if not any(page.layout == "archive" for page in pages):
        if any(page.url == archive_url for page in pages):
            source = next(page.source for page in pages if page.url == archive_url)
            problems.add(source, 1, f"this page has the address /{archive_url}, where the list of editions goes",
                         "give this page another 'slug:', or 'layout: archive' to make it the list of editions")
        pages.append(model.Page(url=archive_url, title=ARCHIVE_TITLE, layout="archive", html="",
                                source="(editions)", description="Every edition of the conference."))
    nav = site.nav
    if not any(not link.external and link.url.partition("#")[0] == archive_url for link in nav):
        nav = (*nav, model.Link(extra["archive_title"], archive_url))
    proceedings = site.proceedings
    if people:
        letters: dict[str, list] = {}
        for person in people:
            letters.setdefault(person.letter, []).append(person)
        proceedings = dataclasses.replace(
            proceedings, people=people,
            letters=tuple((letter, tuple(letters[letter])) for letter in sorted(letters, key=lambda x: (x == "#", x))))
    return dataclasses.replace(site, pages=tuple(pages), nav=nav, proceedings=proceedings,
                               extra={**site.extra, **extra, "edition": current})


def _edition_site(site: model.Site, info: Edition, extra: dict, moved: dict, root_config: SiteConfig) -> model.Site:
    """A past edition: a home page when it has none, a menu of its sections, its papers' addresses under /<year>/."""
    pages = [page for page in site.pages if page.layout not in SITE_WIDE_LAYOUTS]
    if not any(page.url == "" for page in pages):
        pages.insert(0, model.Page(url="", title=info.name, layout="home", html="", source="(edition)"))
    nav = site.nav
    if site.config.nav is None:
        urls = {link.url for link in nav}
        generated = {layout for layout, _, _ in GENERATED}
        sections = [model.Link(page.nav_title or page.title, page.url) for page in pages
                    if page.layout in generated and page.source.startswith("(") and page.url not in urls]
        order = [layout for layout, _, _ in GENERATED]
        sections.sort(key=lambda link: order.index(next(p.layout for p in pages if p.url == link.url)))
        nav = (*nav, *sections)
    nav = (*nav, model.Link(extra["archive_title"], extra["archive_url"]))
    proceedings = site.proceedings
    if proceedings.papers:
        papers = tuple(_paper_under(paper, info.url, moved, root_config) for paper in proceedings.papers)
        by_key = {paper.key: paper for paper in papers}
        groups = tuple(dataclasses.replace(group, papers=tuple(by_key[p.key] for p in group.papers))
                       for group in proceedings.groups)
        proceedings = dataclasses.replace(proceedings, papers=papers, groups=groups, people=(), letters=())
    calendar = site.calendar
    if calendar is not None and calendar.event and "url" in calendar.event:
        calendar = dataclasses.replace(calendar, event={**calendar.event, "url": calendar.event["url"] + info.url})
    return dataclasses.replace(site, pages=tuple(pages), nav=nav, proceedings=proceedings, calendar=calendar,
                               extra={**site.extra, **extra, "edition": info})


def _paper_under(paper: model.Paper, prefix: str, moved: dict, config: SiteConfig) -> model.Paper:
    """A past edition's paper with full addresses (JSON-LD, Scholar tags) under /<year>/ and to the site's people."""
    if not has_public_address(config.base_url):
        return paper
    authors = tuple(dataclasses.replace(a, person_url=moved.get(a.person_url, a.person_url)) for a in paper.authors)
    values = {f.name: getattr(paper, f.name) for f in dataclasses.fields(paper)}
    values.update(url=prefix + paper.url, authors=authors)
    meta = tuple((name, absolute_url(config.base_url, prefix + paper.url) if name == "citation_abstract_html_url"
                  else value) for name, value in paper.meta)
    return dataclasses.replace(paper, json_ld=paper_json_ld(config, values), meta=meta)


def _site_people(root: model.Site, current: Edition, past: list[tuple[Edition, model.Site]]) -> tuple[tuple, dict]:
    """One person per human across editions: the current edition's people keep their addresses; people of past
    editions are matched by id, ORCID or normalized name, else get a new address. Returns the people and, per
    edition, its person addresses -> the site's."""
    merged: list[dict] = []
    index: dict[tuple, dict] = {}
    moved: dict[str, dict] = {}
    used = {url.split("/")[1] for url in (page.url for page in root.pages) if url.startswith("people/")}
    loose_index: dict[str, list] = {}
    for edition, site, prefix in [(current, root, "")] + [(info, site, info.url) for info, site in past]:
        label = edition.name
        spellings = _spellings(site)
        for person in site.proceedings.people:
            keys, loose = _keys(person, spellings)
            found = _match(keys, loose, index, loose_index) if prefix else None  # the current edition's are resolved
            if found is None:
                if prefix:
                    base = slugify(person.slug) or "person"
                    slug, n = base, 2
                    while slug in used:
                        slug, n = f"{base}-{n}", n + 1
                else:
                    slug = person.slug
                used.add(slug)
                found = {"person": person, "slug": slug, "url": f"people/{slug}/", "papers": [], "roles": [],
                         "keys": set()}
                merged.append(found)
            for key in keys:
                index.setdefault(key, found)
                found["keys"].add(key)
            for key in loose:
                if not any(entry is found for entry in loose_index.setdefault(key, [])):
                    loose_index[key].append(found)
            moved.setdefault(edition.slug if prefix else "", {})[person.url] = found["url"]
            found["papers"] += [_moved_paper(paper, prefix) for paper in person.papers]
            found["roles"] += [dataclasses.replace(role, url=prefix + role.url, edition=role.edition or label) for role in person.roles]
            for name in ("affiliation", "homepage", "orcid", "photo"):
                found.setdefault(name, None)
                found[name] = found[name] or getattr(person, name)
    people = []
    for entry in merged:
        person = entry["person"]
        papers = sorted(entry["papers"], key=lambda p: (-(int(p.year) if (p.year or "").isdigit() else 0),
                                                        p.title.lower(), p.url))
        roles = sorted(entry["roles"], key=_newest_first)  # stable: a committee's order within an edition stays
        people.append(dataclasses.replace(person, slug=entry["slug"], url=entry["url"], papers=tuple(papers),
                                          roles=tuple(roles), affiliation=entry["affiliation"],
                                          homepage=entry["homepage"], orcid=entry["orcid"], photo=entry["photo"]))
    people.sort(key=lambda p: (p.sort_key, p.slug))
    return tuple(people), moved


def _newest_first(role: model.Role) -> int:
    """Roles of later editions first, by the year in the edition's name ('SysML 2018'); roles without one last."""
    year = re.search(r"\b(\d{4})\b", role.edition or "")
    return -int(year.group(1)) if year else 0


def _committee_people(site: model.Site) -> model.Site:
    """An edition without papers has no people in its proceedings: its committee members are its people, and
    their names on its committees page lead to their pages."""
    if site.proceedings.people or not site.committees:
        return site
    members = committee_people(site.committees, site.pages)
    return dataclasses.replace(site, committees=with_person_urls(site.committees, members.member_urls),
                               proceedings=dataclasses.replace(site.proceedings, people=members.people))


def _spellings(site: model.Site) -> dict[tuple, set]:
    """Each committee member's identity (as the proceedings give it) -> the normalized spellings of the name."""
    result: dict[tuple, set] = {}
    for committee in site.committees:
        for member in committee.members:
            norm = normalize_name(member.name)
            identity = ("id", member.id) if member.id else ("orcid", member.orcid) if member.orcid else ("name", norm)
            result.setdefault(identity, set()).update(
                normalize_name(spelling) for spelling in (member.name, *getattr(member, "aliases", ())))
    return result


def _keys(person: model.Person, spellings: dict) -> tuple[list[tuple], list[str]]:
    """The person's id and ORCID keys, then a key per spelling of the name; and the names without initials."""
    keys = []
    if person.identity and person.identity[0] in ("id", "orcid"):
        keys.append(person.identity)
    if person.orcid and ("orcid", person.orcid) not in keys:
        keys.append(("orcid", person.orcid))
    names = sorted({normalize_name(person.name)} | spellings.get(person.identity, set()))
    keys += [("name", name) for name in names]
    return keys, sorted({loose_name(name) for name in names})


def _match(keys: list[tuple], loose: list[str], index: dict, loose_index: dict) -> dict | None:
    """The person of an earlier edition this is: same id or ORCID; else a shared spelling of the name, or the
    name without middle initials when it names one person only; never two people with different ids or ORCIDs."""
    strong = [key for key in keys if key[0] != "name"]

    def compatible(entry):
        return not any(key[0] == other[0] and key != other for key in strong for other in entry["keys"])

    found = next((index[key] for key in strong if key in index), None)
    if found is not None:
        return found
    found = next((index[key] for key in keys if key[0] == "name" and key in index and compatible(index[key])), None)
    if found is not None:
        return found
    candidates = [entry for key in loose for entry in loose_index.get(key, ()) if compatible(entry)]
    unique = {id(entry): entry for entry in candidates}
    return next(iter(unique.values())) if len(unique) == 1 else None


def _moved_paper(paper: model.Paper, prefix: str) -> model.Paper:
    """A paper as a site-wide person page lists it: its address under /<year>/."""
    if not prefix:
        return paper
    return dataclasses.replace(paper, url=prefix + paper.url, bib_url=prefix + paper.bib_url if paper.bib_url else "")


