"""Several editions of one conference in one site.

The site's own files (site.yaml, content/, data/) are the current edition, built at the root as always.
Each past edition is a folder `editions/<year>/` with an `edition.yaml` (name, dates, venue, time zone)
and, optionally, its own `content/` and `data/` (committees, papers, program, ...). Each edition is read
and assembled by the same readers and assembly as the site, then planned with the same templates under
`/<year>/`: its pages get an `EditionLinks` in their context, through which `url()` sends the edition's
own addresses under its folder and everything else (styles, search, person pages, the archive) to the
root. The current edition is also planned under `/<year>/` (with the root pages as canonical), so an
edition's address stays the same once the next one takes the root.

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

import icalendar
from pydantic import Field, field_validator

from confsite import model
from confsite.assemble.site import GENERATED, Sources, assemble, with_person_urls
from confsite.check.checks import images_without_text, unused_data_files
from confsite.errors import Problems, SiteError
from confsite.render.ical import calendar_outputs
from confsite.assemble.citations import paper_json_ld
from confsite.assemble.people import committee_people, loose_name, normalize_name
from confsite.assemble.proceedings import outputs as proceedings_outputs
from confsite.read.content import slugify
from confsite.read.yaml_data import load_yaml_file
from confsite.schema import SLUG, Dates, NavItem, SiteConfig, Strict, Venue, check_timezone
from confsite.urls import absolute_url, has_public_address
from confsite.read.validate import validate

EDITIONS_DIR = "editions"
EDITION_FILE = "edition.yaml"
ARCHIVE_URL = "editions/"
ARCHIVE_TITLE = "Editions"
# Pages that belong to the whole site, not to one edition: a past edition links to the root's.
SITE_WIDE_LAYOUTS = ("search", "people", "archive", "404")


class EditionFile(Strict):
    """editions/<year>/edition.yaml: the conference part of site.yaml, for one past edition."""

    edition: str = Field(description="this edition's name", examples=["SysML 2019"])
    name: str | None = Field(None, description="the conference's short name that year (default: site.yaml's)",
                             examples=["SysML"])
    full_name: str | None = Field(None, description="the conference's full name that year",
                                  examples=["Conference on Systems and Machine Learning"])
    description: str | None = Field(None, description="one sentence about this edition, for search engines")
    dates: Dates | None = None
    venue: Venue | None = None
    status: str | None = Field(None, description="scheduled, cancelled, postponed, rescheduled or moved-online",
                               examples=["scheduled"])
    timezone: str | None = Field(None, description="the edition's IANA time zone (default: site.yaml's)",
                                 examples=["America/Los_Angeles"])
    nav: list[NavItem] | None = None

    _timezone = field_validator("timezone")(classmethod(lambda cls, value: check_timezone(value)))


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


@dataclass
class PastEdition:
    """A past edition as read from editions/<slug>/, not yet assembled."""

    slug: str
    folder: str  # 'editions/2019/', the prefix of its files in messages
    config: SiteConfig
    sources: Sources


def has_editions(site_dir: Path) -> bool:
    """True when the site keeps past editions (an editions/ folder)."""
    return (site_dir / EDITIONS_DIR).is_dir()


def current_slug(config: SiteConfig) -> str:
    """The current edition's folder: the year it starts, or '' when site.yaml gives no dates."""
    return str(config.dates.start.year) if config.dates else ""


def read_editions(site_dir: Path, config: SiteConfig | None, problems: Problems, reads: set,
                  read_sources) -> list[PastEdition]:
    """Read every editions/<slug>/ with the site's readers; every error is located in the edition's files."""
    if not has_editions(site_dir):
        return []
    editions = []
    for folder in sorted(path for path in (site_dir / EDITIONS_DIR).iterdir() if not path.name.startswith(".")):
        shown = f"{EDITIONS_DIR}/{folder.name}/"
        if not folder.is_dir():
            problems.add(shown.rstrip("/"), None, "editions/ holds one folder per past edition, not files",
                         f"move this file into a folder such as {EDITIONS_DIR}/2019/, or out of {EDITIONS_DIR}/")
            continue
        if not SLUG.match(folder.name):
            problems.add(shown + EDITION_FILE, None, f"'{folder.name}' cannot be an address: the edition's pages go "
                         f"under /{folder.name}/", "name the folder after the edition's year, e.g. editions/2019/")
            continue
        if config is not None and folder.name == current_slug(config):
            problems.add(shown + EDITION_FILE, 1, f"{folder.name} is the current edition's year (site.yaml's dates), "
                         "which the site's own content/ and data/ already build under /" + folder.name + "/",
                         "move the current edition's files into this folder and site.yaml to the next edition, "
                         "or rename the folder")
            continue
        edition = _read_edition(site_dir, folder, shown, config, problems, reads, read_sources)
        if edition is not None:
            editions.append(edition)
    return editions


def _read_edition(site_dir, folder: Path, shown: str, root: SiteConfig | None, problems: Problems, reads: set,
                  read_sources) -> PastEdition | None:
    path = folder / EDITION_FILE
    if not path.is_file():
        problems.add(shown + EDITION_FILE, None, f"the edition in {shown} has no {EDITION_FILE}",
                     f"write {shown}{EDITION_FILE} with at least 'edition: {root.name if root else 'Conf'} "
                     f"{folder.name}' (and its dates and venue)")
        return None
    data, error = load_yaml_file(path, shown + EDITION_FILE)
    if error:
        problems.extend([error])
        return None
    if not isinstance(data, dict):
        problems.add(shown + EDITION_FILE, getattr(data, "line", 1), f"{EDITION_FILE} must be a mapping of keys to values",
                     f"write 'edition: SysML {folder.name}' and the edition's dates and venue, one per line")
        return None
    edition, errors = validate(EditionFile, data, shown + EDITION_FILE)
    sub = Problems(strict=problems.strict)
    sources = read_sources(folder, sub)
    sub.extend(unused_data_files(folder, reads))
    sub.extend(images_without_text(sources.pages))
    problems.extend(errors)
    problems.extend(located(sub.errors + sub.warnings, shown, site_dir))
    if edition is None or root is None:
        return None
    values = {key: getattr(edition, key) for key in ("edition", "full_name", "description", "dates", "venue", "nav")}
    values["name"] = edition.name or root.name
    values["timezone"] = edition.timezone or root.timezone
    if edition.status is not None:
        values["status"] = edition.status
    config = root.model_copy(update=values)
    config._data = data
    return PastEdition(folder.name, shown, config, sources)


def located(errors: list[SiteError], folder: str, site_dir: Path) -> list[SiteError]:
    """Errors of an edition's files, named from the site's folder ('editions/2019/data/papers.bib').

    Photos and logos are the site's: a path under the site's static/ is no error.
    """
    result = []
    for error in errors:
        missing = re.match(r"there is no file static/(.+)$", error.message)
        if missing and (site_dir / "static" / missing.group(1)).is_file():
            continue
        path = EDITION_FILE if error.path == "site.yaml" else error.path
        result.append(dataclasses.replace(error, path=folder + path))
    return result


def combine(site: model.Site, sources: Sources, past: list[PastEdition], problems: Problems,
            site_dir: Path) -> tuple[model.Site, list[model.Output]]:
    """Assemble the past editions beside the current one: the root site (with the archive page, the site-wide
    people and the menu entry) and the outputs of every edition under /<year>/."""
    if not past:
        return site, []
    config = site.config
    slug = current_slug(config)
    current = Edition(config.edition or config.name, slug, "/", True, config.dates, config.venue, config.full_name)
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
    outputs = [model.Output(path="css/editions.css", source="(editions)", template="editions.css")]
    if not site.proceedings.papers and people:  # the root's proceedings would have written them
        outputs += _person_outputs(people)
    if slug:
        outputs += _planned(site, current, f"{slug}/", {}, "", canonical=True)
    for info, edition, edition_site in assembled:
        edition_site = _edition_site(edition_site, info, extra, moved.get(info.slug, {}), site.config)
        outputs += _planned(edition_site, info, info.url, moved.get(info.slug, {}), edition.folder)
    return site, outputs


def clashes(outputs: list[model.Output]) -> list[SiteError]:
    """Two inputs that would become the same file (a root page under /2019/ and the 2019 edition's)."""
    first: dict[str, model.Output] = {}
    errors = []
    for output in outputs:
        other = first.setdefault(output.path, output)
        if other is not output:
            errors.append(SiteError(other.source.split(":")[0], None, f"this becomes /{output.path}, which the page "
                                    f"from {output.source} also becomes", "give one of them another 'slug:', or move "
                                    f"the page into {EDITIONS_DIR}/{output.path.split('/')[0]}/content/"))
    return errors


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
    return dataclasses.replace(paper, url=prefix + paper.url, bib_url=prefix + paper.bib_url)


def _person_outputs(people: tuple) -> list[model.Output]:
    files = []
    for person in people:
        page = model.Page(url=person.url, title=person.name, layout="person", html="", source="(people)")
        files.append(model.Output(path=person.url + "index.html", source="(people)", template="person.html",
                                  context={"page": page, "person": person}))
    return files


def _own_uids(data: bytes, slug: str) -> bytes:
    """'conference@host' -> 'conference.2019@host': each edition's events stay apart in a calendar app."""
    calendar = icalendar.Calendar.from_ical(data)
    for event in calendar.walk("VEVENT"):
        local, _, host = str(event["UID"]).partition("@")
        event["UID"] = icalendar.vText(f"{local}.{slug}@{host}")
    return calendar.to_ical()


def _planned(site: model.Site, info: Edition, prefix: str, moved: dict, folder: str,
             canonical: bool = False) -> list[model.Output]:
    """The edition's own files (pages, program, calendars, papers), under `prefix`, linked through EditionLinks.

    `canonical`: the copy of the current edition, whose canonical addresses are the root's pages.
    """
    from confsite.render.plan import program_files

    outputs = [model.Output(path=page.url + "index.html", source=page.source, template=f"{page.layout}.html",
                            context={"page": page}) for page in site.pages if page.layout not in SITE_WIDE_LAYOUTS]
    # Calendar files link to the edition's pages by full address; a past edition's events get UIDs of their own.
    at_prefix = dataclasses.replace(site, config=site.config.model_copy(update={"base_url": site.config.base_url + prefix}))
    calendars = program_files(at_prefix) + calendar_outputs(at_prefix)
    if not canonical:
        calendars = [dataclasses.replace(output, data=_own_uids(output.data, info.slug))
                     if output.data is not None and output.path.endswith(".ics") else output for output in calendars]
    outputs += calendars
    outputs += [output for output in proceedings_outputs(site) if output.template != "person.html"]
    local = set()
    for output in outputs:
        local.add(output.path)
        if output.path.endswith("index.html"):
            local.add(output.path[: -len("index.html")])
    links = EditionLinks(prefix, frozenset(local), dict(moved))
    nav = tuple(dataclasses.replace(link, url=prefix + link.url)
                if not link.external and link.url.partition("#")[0] in local else link for link in site.nav)
    planned = []
    for output in outputs:
        context = dict(output.context)
        if output.template is not None:
            context.update(site=site, config=site.config, nav=nav, edition_links=links)
            if canonical:
                context["duplicate_of_root"] = True  # the search index holds the root's page, not this copy
                page_url = output.path[: -len("index.html")] if output.path.endswith("index.html") else output.path
                context["canonical_url"] = absolute_url(site.config.base_url, page_url) \
                    if has_public_address(site.config.base_url) else ""
        source = output.source if output.source.startswith("(") else folder + output.source
        planned.append(dataclasses.replace(output, path=prefix + output.path, source=source, context=context))
    return planned
