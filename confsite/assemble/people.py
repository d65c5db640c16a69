"""The people of the proceedings: who is who (authors merged with committee members, one person per human) and
the person pages."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from bibtexparser.middlewares.names import parse_single_name_into_parts

from confsite import model
from confsite.assemble.citations import PAPERS_FILE
from confsite.assemble.proceedings_papers import copy_with, paper_order
from confsite.errors import Problems
from confsite.memo import Memo, remembered
from confsite.read.content import slugify
from confsite.read.papers import PaperEntry
from confsite.read.tex import tex_plain


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """The form two spellings of one person share: 'R{\\'e}, Chris' and 'Chris Ré' both -> 'chris re'."""
    text = tex_plain(name)
    if "," in text:  # 'Last, First' -> 'First Last'
        last, _, first = text.partition(",")
        text = f"{first} {last}"
    ascii_text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", ascii_text.casefold()).split())


@lru_cache(maxsize=1 << 16)
def loose_name(norm: str) -> str:
    """A normalized name without its initials: 'h brendan mcmahan' and 'brendan mcmahan' -> 'brendan mcmahan'."""
    words = [word for word in norm.split() if len(word) > 1]
    return " ".join(words) if len(words) >= 2 else norm


@lru_cache(maxsize=1 << 16)
def _last_name(name: str) -> str:
    """The last name of a name as written ('Chris Ré' -> 'Ré'), for the A-Z order; once a name, as every build
    gathers its people again (bibtexparser's parse: 10 µs, a third of assembling 10,000 papers' people)."""
    last = parse_single_name_into_parts(name, strict=False).last if name else []
    return " ".join(last) or name


@lru_cache(maxsize=1 << 16)
def _slug_base(wanted: str | None, name: str) -> str:
    """The address a person asks for (a member's id) or their name gives, before numbering; once a person, as
    every build gives everyone an address again."""
    return slugify(wanted or "") or slugify(name) or "person-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


@dataclass
class _Person:
    """One person as identity resolution gathers them: their name, papers and committee roles."""

    name: str
    last: str
    identity: tuple
    paper_keys: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    affiliation: str | None = None
    homepage: str | None = None
    orcid: str | None = None
    photo: str | None = None
    wanted_slug: str | None = None
    url: str = ""


class People:
    """Who is who: committee members first (with optional id/ORCID), then each paper's authors, each matched to
    the person their name (or `authorids`) names."""

    def __init__(self, committees: tuple[model.Committee, ...]):
        self.people: dict[tuple, _Person] = {}
        self.by_name: dict[str, list[tuple]] = {}
        self.authors_of: dict[str, list[tuple]] = {}
        self.by_loose_name: dict[str, set[tuple]] = {}  # the name without middle initials -> members
        self.members: list[list[tuple]] = []  # each committee member's identity, committee by committee
        # normalized name -> (identity, _Person) of an author without authorids, as add_authors resolved it: the same
        # at each paper until a person with that name is added (by_name changes only then), which drops it
        self.resolved: dict[str, tuple] = {}
        for committee in committees:
            self.members.append([])
            for member in committee.members:
                norm = normalize_name(member.name)
                identity = ("id", member.id) if member.id else ("orcid", member.orcid) if member.orcid else ("name", norm)
                person = self._get(identity, tex_plain(member.name), norm)
                self.members[-1].append(identity)
                for alias in member.aliases:
                    known = self.by_name.setdefault(normalize_name(alias), [])
                    if identity not in known:
                        known.append(identity)
                for spelling in (member.name, *member.aliases):
                    self.by_loose_name.setdefault(loose_name(normalize_name(spelling)), set()).add(identity)
                person.roles.append(model.Role(committee.name, f"committees/#{committee.id}", member.role,
                                                    committee.edition))
                person.affiliation = person.affiliation or member.affiliation
                person.homepage = person.homepage or member.url
                person.orcid = person.orcid or member.orcid
                person.photo = person.photo or member.photo
                person.wanted_slug = person.wanted_slug or member.id

    def _get(self, identity: tuple, name: str, norm: str) -> _Person:
        person = self.people.get(identity)
        if person is None:
            person = self.people[identity] = _Person(name, _last_name(name), identity)
            self.by_name.setdefault(norm, []).append(identity)
            self.resolved.pop(norm, None)
        return person

    def add_authors(self, entry: PaperEntry, problems: Problems) -> None:
        """Match each author of `entry` to a person (a committee member, an author already met, or a new one)."""
        ids = [part.strip() for part in re.split(r"\s+and\s+", entry.fields.get("authorids", ""))] \
            if entry.fields.get("authorids") else []
        identities, resolved = [], self.resolved
        for index, author in enumerate(entry.authors):
            norm = normalize_name(author.display)
            given = ids[index] if index < len(ids) else ""
            if not given and norm in resolved:
                identity, person = resolved[norm]
                if person.paper_keys[-1] != entry.key:
                    person.paper_keys.append(entry.key)
                identities.append(identity)
                continue
            known = self.by_name.get(norm, [])
            if not known and not given:  # 'Garth A. Gibson' is the member 'Garth Gibson', when only one member is
                loose = self.by_loose_name.get(loose_name(norm), set())
                known = list(loose) if len(loose) == 1 else []
            if given:
                identity = next((i for i in known if i[1] == given), ("id", given))
            elif len(known) > 1:
                identity = ("name", norm) if ("name", norm) in known else known[0]
                if ("name", norm) not in known:
                    problems.add(PAPERS_FILE, entry.line, f"the author '{author.display}' of '{entry.key}' matches "
                                 f"{len(known)} people in data/committees.yaml ({', '.join(i[1] for i in known)})",
                                 "say which one with authorids = {id-or-orcid and ...} (one per author, in order)")
            else:
                identity = known[0] if known else ("name", norm)
            person = self._get(identity, author.display, norm)
            if not given and (len(known) <= 1 or ("name", norm) in known):  # (no problem to report at each paper)
                resolved[norm] = (identity, person)
            # (a key is added by one call, its entry's: it is already there only when it is the last one; a member
            # matched by hundreds of papers no longer scans them all for each)
            if not person.paper_keys or person.paper_keys[-1] != entry.key:
                person.paper_keys.append(entry.key)
            identities.append(identity)
        self.authors_of[entry.key] = identities

    def member_urls(self) -> tuple[tuple[str, ...], ...]:
        """Each committee member's person address, committee by committee (after assign_urls)."""
        return tuple(tuple(self.people[identity].url for identity in members) for members in self.members)

    def assign_urls(self, reserved: set) -> dict:
        """Person URLs, unique and stable: the member's id, else the name's slug, numbered when two share it
        (or when a content page already has the address)."""
        used = set(reserved)
        for person in self.people.values():
            base = _slug_base(person.wanted_slug, person.name)
            slug, n = base, 2
            while slug in used:
                slug, n = f"{base}-{n}", n + 1
            used.add(slug)
            person.url = f"people/{slug}/"
        return {key: tuple(self.people[i].url for i in identities) for key, identities in self.authors_of.items()}

    def persons(self, papers: dict, memo: Memo | None = None) -> tuple[model.Person, ...]:
        """Everyone's Person (`papers`: key -> Paper), in the A-Z order; each made once while its values and its
        papers (the very same objects) stay the same."""
        order: dict = {}

        def position(key: str) -> tuple:
            """Where a paper stands in its people's lists: computed once a paper rather than once an author, and
            only for the people made (not found in the memo)."""
            found = order.get(key)
            if found is None:
                found = order[key] = _own_order(papers[key])
            return found

        result = [_person(person, papers, position, memo) for person in self.people.values()]
        return tuple(sorted(result, key=lambda p: (p.sort_key, p.slug)))


def _person(person: _Person, papers: dict, position, memo: Memo | None) -> model.Person:
    slug = person.url.split("/")[1]
    sort_key = normalize_name(person.last) + " " + normalize_name(person.name)
    letter = sort_key[:1].upper() if sort_key[:1].isascii() and sort_key[:1].isalpha() else "#"
    values = (slug, person.url, person.name, letter, sort_key, tuple(person.roles), person.affiliation,
              person.homepage, person.orcid, person.photo, person.identity)
    keys = [key for key in person.paper_keys if key in papers]

    def made() -> model.Person:
        # (the keys sorted as their papers would be: the same order, both sorts being stable)
        own = tuple(papers[key] for key in sorted(keys, key=position))
        return model.Person(*values[:5], own, *values[5:])

    if memo is None:
        return made()
    # (its papers in the file's order: the order of its page follows from them)
    own = tuple(papers[key] for key in keys)
    return memo.get("person", (values, tuple(map(id, own))), made, own)


def _own_order(paper: model.Paper) -> tuple:
    """Where a paper stands on the page of a person: newest first, then by title (papers alike keep their order)."""
    return paper_order(paper)[:2]


def taken_person_slugs(page_urls) -> set:
    """The person addresses that content pages already have (people/<slug>/)."""
    return {url.split("/")[1] for url in page_urls if url.startswith("people/")}


def committee_people(committees: tuple[model.Committee, ...], site_pages) -> model.Proceedings:
    """The people of a site without papers: its committee members, each with a page and its address."""
    people = People(committees)
    people.assign_urls(taken_person_slugs(page.url for page in site_pages))
    return model.Proceedings(people=people.persons({}), member_urls=people.member_urls())


def with_papers(memo: Memo | None, person: model.Person, papers: tuple) -> model.Person:
    """`person` listing `papers` instead of its own (the same papers, grouped by sessions); made once for the
    very same person and papers."""
    return remembered(memo, "person with papers", (id(person), tuple(map(id, papers))),
                      lambda: copy_with(person, papers=papers), (person, papers))


def person_page(person: model.Person) -> model.Output:
    """A person's page."""
    page = model.Page(url=person.url, title=person.name, layout="person", html="", source=PAPERS_FILE)
    return model.Output(path=person.url + "index.html", source=PAPERS_FILE, template="person.html",
                        context={"page": page, "person": person})
