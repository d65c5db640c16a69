"""The proceedings: paper pages, person pages (authors merged with committee members), groups and exports.

Everything is joined through dictionaries (key -> paper, normalized name -> person), never by scanning,
so 10,000 papers cost the same per paper as ten.
"""
from __future__ import annotations

import bisect
import dataclasses
import hashlib
import operator
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from typing import NamedTuple

from bibtexparser.middlewares.names import parse_single_name_into_parts

from confsite import model
from confsite.errors import Problems
from confsite.memo import Recent
from confsite.read.content import slugify
from confsite.read.papers import PaperEntry, latex_to_text, paragraphs
from confsite.urls import absolute_url

PAPERS_FILE = "data/papers.bib"
PROCEEDINGS_BIB = "papers/proceedings.bib"

# Custom BibTeX fields that become links, in the order a paper page shows them.
LINK_FIELDS = (("pdf", "PDF"), ("url", "Paper"), ("code", "Code"), ("slides", "Slides"), ("poster", "Poster"),
               ("video", "Video"), ("videoposter", "Poster video"), ("openreview", "OpenReview"))
MONTH_NUMBERS = {name: f"{number:02d}" for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), start=1)}


class Edit(NamedTuple):
    """How this build's proceedings (`after`) were made from the last build's (`before`) by replacing papers and
    people in their places (same keys and addresses): the program, the grouping by sessions and the plan of files
    that are given `after` redo only what the replaced ones change."""

    before: model.Proceedings
    after: model.Proceedings
    papers: dict  # key -> (old Paper, new Paper)
    people: list  # (old Person, new Person)


class ProceedingsMemo:
    """The preview's memory of the last build's papers and people: a paper made from the very same entry (the
    reader keeps an unchanged entry's identity, and its values when it only moved), slug, author addresses and
    base URL is the same `model.Paper` (a copy with the new line when the entry moved),
    and a person with the same values and the same papers the same `model.Person`. Reusing the objects
    themselves also makes the check of what each page read (incremental.Comparison) stop at `is`."""

    def __init__(self):
        self.papers = Recent()  # (id of the entry's fields, slug, author addresses, base URL) -> (entry, Paper)
        self.people = Recent()  # the Person's values, with its papers by id -> (papers, Person)
        self.grouped = Recent()  # (id of a Paper, group, group id) -> (paper, regrouped paper)
        self.last: _Assembly | None = None  # the last assembly, when it found no problem
        # the last grouped_by_sessions: (where papers sit, its proceedings, their papers by key, the regrouped
        # papers by key, what it gave)
        self.last_grouped: tuple | None = None
        self.sessions: dict = {}  # the last program's sessions by id (program.assemble_program)
        # this build's last edit of the proceedings: the assembly's, then the grouping's by sessions; else None
        self.edit: Edit | None = None
        self.last_program: tuple | None = None  # (program source, config, the Program), when it found no problem
        self.places_kept = False  # this build's program places every paper where the last one did (same sessions)
        self.people_at: dict | None = None  # identity -> index in the last proceedings' people (grouped or not)

    def turn(self) -> None:
        self.papers.turn()
        self.people.turn()
        self.grouped.turn()


def assemble_proceedings(config, entries: list[PaperEntry], committees: tuple[model.Committee, ...],
                         site_pages: list[model.Page], problems: Problems,
                         memo: ProceedingsMemo | None = None) -> model.Proceedings:
    """Papers with safe slugs, their people, the groups of the all-papers page; collisions are errors."""
    if memo is not None:
        memo.edit = None
    if not entries:
        return model.Proceedings()
    page_urls = {page.url: page.source for page in site_pages}
    papers_url = next((page.url for page in site_pages if page.layout == "papers"), "papers/")
    people_url = next((page.url for page in site_pages if page.layout == "people"), None)
    inputs = (config.base_url, committees, page_urls, papers_url, people_url)
    if memo is not None:
        reassembled = _reassembled(memo, config, entries, inputs)
        if reassembled is not None:
            return reassembled
    errors_before = len(problems.errors)
    slugs = _paper_slugs(entries, page_urls, problems)
    entries = [entry for entry in entries if entry.key in slugs]
    people = _People(committees)
    for entry in entries:
        people.add_authors(entry, problems)
    person_urls = people.assign_urls(_taken_person_slugs(page_urls))
    if memo is not None:
        memo.turn()
    in_file_order = [_remembered_paper(memo, config, entry, slugs[entry.key], person_urls) for entry in entries]
    by_key = {paper.key: paper for paper in in_file_order}
    persons = people.build(by_key, memo)
    proceedings = _proceedings(in_file_order, persons, papers_url=papers_url, people_url=people_url,
                               member_urls=people.member_urls())
    if memo is not None:
        memo.last = _Assembly(inputs, entries, in_file_order, by_key, people, person_urls, proceedings) \
            if len(problems.errors) == errors_before else None
    return proceedings


def _proceedings(in_file_order: list, persons: tuple, **urls) -> model.Proceedings:
    """The proceedings of these papers (in the file's order) and people (in the A-Z order)."""
    groups, label = _groups(in_file_order)
    papers = sorted(in_file_order, key=_paper_order)
    letters = defaultdict(list)
    for person in persons:
        letters[person.letter].append(person)
    return model.Proceedings(
        papers=tuple(papers), groups=groups, group_label=label, people=persons,
        letters=tuple((letter, tuple(letters[letter])) for letter in sorted(letters, key=lambda x: (x == "#", x))),
        topics=tuple(sorted({t for p in papers for t in p.topics}, key=str.lower)),
        has_awards=any(p.awards for p in papers), **urls)


@dataclass
class _Assembly:
    """What one assembly started from and made: the next one, in the preview, starts from it."""

    inputs: tuple  # base URL, committees, content pages' addresses, the papers and people pages' addresses
    entries: list  # in the file's order
    papers: list  # each entry's Paper, in the file's order
    by_key: dict  # key -> Paper
    people: _People  # who wrote what, and each person's address
    person_urls: dict  # key -> the addresses of its authors
    proceedings: model.Proceedings


def _reassembled(memo: ProceedingsMemo, config, entries: list[PaperEntry], inputs: tuple) -> model.Proceedings | None:
    """The proceedings from the last assembly, with only the changed entries' papers and people made again; None
    when more than papers changed: entries added, removed or moved, their keys, authors or `authorids` (who is
    who, and so the people and their addresses), or the committees, pages or base URL.

    Everything else a full assembly computes from the whole list (the groups, the papers' order, the letters)
    is computed again from the reused objects, so the result is the full assembly's."""
    last = memo.last
    if last is None or last.inputs != inputs or len(entries) != len(last.entries):
        return None
    # the preview's tables keep what this path adds until the next full assembly: bounded here
    if len(memo.papers) > 2 * len(entries) + 64 or len(memo.people) > 2 * len(last.people.people) + 64:
        return None
    changed = list(compress(range(len(entries)), map(operator.is_not, entries, last.entries)))  # (a loop in C)
    for index in changed:
        entry, old = entries[index], last.entries[index]
        if entry.key != old.key or entry.authors != old.authors or \
                entry.fields.get("authorids") != old.fields.get("authorids"):
            return None
    papers, by_key, touched = last.papers, last.by_key, {}
    if changed:
        papers, by_key = list(papers), dict(by_key)
        for index in changed:
            entry = entries[index]
            paper = _remembered_paper(memo, config, entry, papers[index].slug, last.person_urls)
            if paper is not papers[index]:
                papers[index] = by_key[entry.key] = paper
                touched.update(dict.fromkeys(last.people.authors_of[entry.key]))
    proceedings = last.proceedings
    memo.edit = Edit(proceedings, proceedings, {}, [])
    if touched:
        made = {identity: last.people.person(last.people.people[identity], by_key, memo) for identity in touched}
        replaced = {entries[index].key: (last.papers[index], papers[index]) for index in changed
                    if papers[index] is not last.papers[index]}
        memo.edit = _proceedings_edited(memo, proceedings, replaced, made)
        if memo.edit is None:
            persons = tuple(made.get(person.identity, person) for person in proceedings.people)
            proceedings = _proceedings(papers, persons, papers_url=proceedings.papers_url,
                                       people_url=proceedings.people_url, member_urls=proceedings.member_urls)
        else:
            proceedings = memo.edit.after
    memo.last = _Assembly(inputs, entries, papers, by_key, last.people, last.person_urls, proceedings)
    return proceedings


def _paper_order(paper: model.Paper) -> tuple:
    """Where a paper stands in the papers list and in its group: newest first, then by title (and key)."""
    return -(int(paper.year) if (paper.year or "").isdigit() else 0), paper.title.lower(), paper.key


def _resorted(papers: tuple, replaced: list) -> tuple:
    """`papers` (in `_paper_order`) with each old paper of `replaced` taken out and its new one put in its place."""
    papers = list(papers)
    for old, new in replaced:
        del papers[_place_of(papers, old)]
        bisect.insort(papers, new, key=_paper_order)
    return tuple(papers)


def _place_of(papers: list, paper: model.Paper) -> int:
    """The index of `paper` itself in `papers` (in `_paper_order`, where papers alike may stand beside it)."""
    at = bisect.bisect_left(papers, _paper_order(paper), key=_paper_order)
    while papers[at] is not paper:
        at += 1
    return at


def _groups_edited(groups: tuple, replaced: list) -> tuple:
    """`groups` with the replaced papers, each in the group of the paper it replaces (the same group id)."""
    at = {group.id: index for index, group in enumerate(groups)}
    groups = list(groups)
    for old, new in replaced:
        group = groups[at[old.group_id]]
        groups[at[old.group_id]] = model.PaperGroup(group.id, group.title, _resorted(group.papers, [(old, new)]))
    return tuple(groups)


def _people_edited(memo: ProceedingsMemo, people: tuple, letters: tuple, made: dict) -> tuple[tuple, tuple, list]:
    """`people` and `letters` with the people of `made` (identity -> Person) put in place of those they replace, which
    have the same name and address, so the same place; and the (old, new) pairs."""
    at = memo.people_at
    if at is None or len(at) != len(people) or any(
            people[at.get(identity, 0)].identity != identity for identity in made):
        at = memo.people_at = {person.identity: index for index, person in enumerate(people)}
    people, letters, pairs = list(people), list(letters), []
    letter_at = {letter: index for index, (letter, _) in enumerate(letters)}
    for identity, person in made.items():
        old = people[at[identity]]
        if old is person:
            continue
        people[at[identity]] = person
        pairs.append((old, person))
        index = letter_at[old.letter]
        members = list(letters[index][1])
        members[next(number for number, member in enumerate(members) if member is old)] = person
        letters[index] = (old.letter, tuple(members))
    return tuple(people), tuple(letters), pairs


def _proceedings_edited(memo: ProceedingsMemo, before: model.Proceedings, replaced: dict, made: dict) -> Edit | None:
    """`_proceedings` of the last build's papers and people with some replaced (key -> (old, new) paper; identity ->
    new person), made from the last result; None when a paper changed its group (or track, session)."""
    pairs = replaced.values()
    if any((old.group_id, old.group, old.track, old.session) != (new.group_id, new.group, new.track, new.session)
           for old, new in pairs):
        return None
    people, letters, people_pairs = _people_edited(memo, before.people, before.letters, made)
    papers = _resorted(before.papers, pairs)
    topics, has_awards = before.topics, before.has_awards
    if any(old.topics != new.topics for old, new in pairs):
        topics = tuple(sorted({t for p in papers for t in p.topics}, key=str.lower))
    if any(bool(old.awards) != bool(new.awards) for old, new in pairs):
        has_awards = any(p.awards for p in papers)
    return Edit(before, dataclasses.replace(before, papers=papers, groups=_groups_edited(before.groups, pairs),
                                            people=people, letters=letters, topics=topics, has_awards=has_awards),
                replaced, people_pairs)


def committee_people(committees: tuple[model.Committee, ...], site_pages) -> model.Proceedings:
    """The people of a site without papers: its committee members, each with a page and its address."""
    people = _People(committees)
    people.assign_urls(_taken_person_slugs(page.url for page in site_pages))
    return model.Proceedings(people=people.build({}), member_urls=people.member_urls())


def _taken_person_slugs(page_urls) -> set:
    """The person addresses that content pages already have (people/<slug>/)."""
    return {url.split("/")[1] for url in page_urls if url.startswith("people/")}


def _paper_slugs(entries: list[PaperEntry], page_urls: dict, problems: Problems) -> dict:
    """A safe folder name for every key ('(NeurIPS2021)' -> 'neurips2021', '../x' -> 'x'); clashes are errors."""
    slugs, taken = {}, {}
    for entry in entries:
        slug = paper_slug(entry.key)
        if slug in taken:
            other = taken[slug]
            problems.add(PAPERS_FILE, entry.line, f"the entries '{other.key}' (line {other.line}) and '{entry.key}' "
                         f"would both be published at /papers/{slug}/",
                         "keys may only differ in letters, digits and dashes beyond case and punctuation; "
                         "rename one of the keys")
            continue
        url = f"papers/{slug}/"
        if url in page_urls:
            problems.add(PAPERS_FILE, entry.line, f"the paper '{entry.key}' would be published at /{url}, "
                         f"which is already the page {page_urls[url]}", "rename the key or move the page")
            continue
        taken[slug] = entry
        slugs[entry.key] = slug
    return slugs


def paper_slug(key: str) -> str:
    """A URL-safe slug for an untrusted BibTeX key; keys with no usable letter get a stable hash."""
    if len(key) <= 80 and _SLUG.fullmatch(key):  # (most keys: what slugify would give back)
        return key
    slug = slugify(key)[:80].strip("-")
    return slug or "paper-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """The form two spellings of one person share: 'R{\\'e}, Chris' and 'Chris Ré' both -> 'chris re'."""
    text = latex_to_text(name)
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


@dataclass
class _Person:
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


class _People:
    """Identity resolution: committee members first (with optional id/ORCID), then each paper's authors."""

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
                person = self._get(identity, latex_to_text(member.name), norm)
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
            last = parse_single_name_into_parts(name, strict=False).last if name else []
            person = self.people[identity] = _Person(name, " ".join(last) or name, identity)
            self.by_name.setdefault(norm, []).append(identity)
            self.resolved.pop(norm, None)
        return person

    def add_authors(self, entry: PaperEntry, problems: Problems) -> None:
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
            base = slugify(person.wanted_slug or "") or slugify(person.name) or \
                "person-" + hashlib.sha1(person.name.encode("utf-8")).hexdigest()[:10]
            slug, n = base, 2
            while slug in used:
                slug, n = f"{base}-{n}", n + 1
            used.add(slug)
            person.url = f"people/{slug}/"
        return {key: tuple(self.people[i].url for i in identities) for key, identities in self.authors_of.items()}

    def build(self, papers: dict, memo: ProceedingsMemo | None = None) -> tuple[model.Person, ...]:
        # where each paper stands in its people's lists, computed once a paper rather than once an author
        order = {key: _own_order(paper) for key, paper in papers.items()}
        result = [self.person(person, papers, memo, order) for person in self.people.values()]
        return tuple(sorted(result, key=lambda p: (p.sort_key, p.slug)))

    @staticmethod
    def person(person: _Person, papers: dict, memo: ProceedingsMemo | None = None,
               order: dict | None = None) -> model.Person:
        slug = person.url.split("/")[1]
        sort_key = normalize_name(person.last) + " " + normalize_name(person.name)
        letter = sort_key[:1].upper() if sort_key[:1].isascii() and sort_key[:1].isalpha() else "#"
        if order is None:
            own = sorted((papers[key] for key in person.paper_keys if key in papers), key=_own_order)
        else:  # (the keys sorted as their papers would be: the same order, both sorts being stable)
            own = [papers[key] for key in sorted((key for key in person.paper_keys if key in papers),
                                                 key=order.__getitem__)]
        values = (slug, person.url, person.name, letter, sort_key, tuple(own), tuple(person.roles),
                  person.affiliation, person.homepage, person.orcid, person.photo, person.identity)
        return _remembered(memo.people if memo is not None else None, values[:5] + values[6:], values[5],
                           lambda: model.Person(*values))


def _own_order(paper: model.Paper) -> tuple:
    """Where a paper stands on the page of a person: newest first, then by title (papers alike keep their order)."""
    return _paper_order(paper)[:2]


def _remembered(table: Recent | None, values: tuple, objects: tuple, make):
    """`make()`, or what it made last build for equal `values` and the very same `objects` (papers, a person)."""
    if table is None:
        return make()
    key = (values, tuple(map(id, objects)))
    known = table.get(key)
    if known is not None and all(map(operator.is_, known[0], objects)):
        return known[1]
    made = make()
    table[key] = (objects, made)
    return made


def _remembered_paper(memo: ProceedingsMemo | None, config, entry: PaperEntry, slug: str, person_urls: dict):
    if memo is None:
        return _paper(config, entry, slug, person_urls)
    urls = person_urls.get(entry.key, ())
    key = (id(entry.fields), slug, urls, config.base_url)
    known = memo.papers.get(key)
    if known is not None and known[0] is entry:
        return known[1]
    if known is not None and all(getattr(known[0], name) is getattr(entry, name) for name in _ENTRY_VALUES):
        paper = dataclasses.replace(known[1], line=entry.line)  # the same entry, moved by lines added above it
    else:
        paper = _paper(config, entry, slug, person_urls)
    memo.papers[key] = (entry, paper)
    return paper


# what a Paper is made of besides the entry's line (the reader keeps these objects for an unchanged entry)
_ENTRY_VALUES = ("key", "entry_type", "title", "authors", "et_al", "edited", "fields", "raw", "bibtex")


def _paper(config, entry: PaperEntry, slug: str, person_urls: dict) -> model.Paper:
    fields = entry.fields
    get = fields.get
    # only the values a page shows are decoded, each when it is needed (`publisher` is shown by no page)
    venue = None
    for name in _VENUE_FIELDS:
        value = get(name)
        if value and (value := latex_to_text(value)):
            venue = value
            break
    year = get("year")
    year = _year(latex_to_text(year)) if year else None
    month, track, session, tldr, contribution, pages, doi = (
        (latex_to_text(value) or None) if (value := get(name)) else None for name in _SHOWN_FIELDS)
    authors = tuple(map(_shown_author, [author.display for author in entry.authors], person_urls.get(entry.key, ())))
    url = f"papers/{slug}/"
    if doi is not None:
        doi = doi.removeprefix("https://doi.org/").removeprefix("http://dx.doi.org/") or None
    abstract = get("abstract")
    abstract = paragraphs(abstract) if abstract else ()
    topics, awards = _items(get("topics", ""), ","), _items(get("award", "") or get("awards", ""), ",")
    group = track or session or year or "Other papers"
    paper = dict(
        key=entry.key, url=url, title=entry.title, authors=authors, year=year, venue=venue,
        links=_links(fields, doi), source=PAPERS_FILE, line=entry.line, slug=slug, et_al=entry.et_al,
        edited=entry.edited, month=month, group=group, group_id=_group_anchor(group), track=track, session=session,
        abstract=abstract, tldr=tldr, contribution=contribution, findings=_items(get("findings", ""), "|"),
        topics=topics, awards=awards, badges=_items(get("badges", ""), ","), doi=doi,
        pages=pages.replace("--", "–") or None if pages is not None else None,
        description=tldr or (_shorten(abstract[0]) if abstract else None), bibtex=entry.bibtex,
        bib_url=f"{url}{slug}.bib")
    paper["citation"] = _citation(paper)
    paper["search_text"] = " ".join([entry.title, *(a.name for a in authors), venue or "", *topics, *awards,
                                     tldr or ""]).lower()
    paper["meta"] = _scholar_meta(config, paper, entry)
    paper["json_ld"] = paper_json_ld(config, paper)
    return _made(model.Paper, paper)


# (booktitle first: the first of these that is not empty names where a paper appeared)
_VENUE_FIELDS = ("booktitle", "journal", "howpublished", "school", "institution")
_SHOWN_FIELDS = ("month", "track", "session", "tldr", "contribution", "pages", "doi")


def _made(cls, values: dict):
    """`cls(**values)` for a frozen view model given every field, in the order of its fields (as `__init__` would
    set them), without `__init__`'s 33 `object.__setattr__` calls (10,000 papers: 0.05 CPU s). See `_copy_with`."""
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


@lru_cache(maxsize=1 << 16)
def _shown_author(name: str, person_url: str | None) -> model.Author:
    """An author as papers show one: one object per name and address, shared by their papers (frozen)."""
    return model.Author(name, person_url)


@lru_cache(maxsize=1 << 12)
def _year(text: str) -> str | None:
    """The year a `year` field says: '{\\noopsort{1973b}}1973' reads '1973b1973', which is 1973; computed once a
    distinct value."""
    return re.sub(r"^\D*(\d{4}).*$", r"\1", text) or None


@lru_cache(maxsize=1 << 12)
def _group_anchor(group: str) -> str:
    """The anchor of a group on the all-papers page: once a group, not once a paper."""
    return "group-" + (slugify(group) or hashlib.sha1(group.encode()).hexdigest()[:8])


def _items(value: str, separator: str) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(text for text in (latex_to_text(part) for part in value.split(separator)) if text)


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _links(fields: dict, doi: str | None) -> tuple[model.Link, ...]:
    """Only full http(s) addresses become links: a field value never becomes a javascript: or file: link."""
    links, seen = [], set()
    candidates = [(label, latex_to_text(fields[name])) for name, label in LINK_FIELDS if fields.get(name)]
    if fields.get("eprint") and fields.get("archiveprefix", "").lower() == "arxiv":  # before 'url', which may be it too
        candidates.insert(1 if fields.get("pdf") else 0,
                          ("arXiv", f"https://arxiv.org/abs/{latex_to_text(fields['eprint'])}"))
    if doi:
        candidates.append(("DOI", f"https://doi.org/{doi}"))
    for label, href in candidates:
        href = href.replace(" ", "")
        if href.startswith(("https://", "http://")) and href not in seen:
            seen.add(href)
            links.append(model.Link(label, href, external=True))
    return tuple(links)


def _citation(paper: dict) -> str:
    names = [a.name for a in paper["authors"]]
    if paper["et_al"]:
        names.append("et al.")
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]
    if paper["edited"]:
        who += " (eds.)"
    where = f" In {paper['venue']}" if paper["venue"] else ""
    pages = f", pages {paper['pages']}" if paper["pages"] else ""
    year = f", {paper['year']}" if paper["year"] else ""
    return f"{who}. {paper['title']}.{where}{pages}{year}.".replace("..", ".")


def _scholar_meta(config, paper: dict, entry: PaperEntry) -> tuple[tuple[str, str], ...]:
    """Google Scholar's citation_* tags: title, each author, date, venue, pdf, pages, doi."""
    meta = [("citation_title", paper["title"])]
    meta += [("citation_author", a.name) for a in paper["authors"]]
    if paper["year"]:
        month = MONTH_NUMBERS.get((paper["month"] or "").lower()) or (
            f"{int(paper['month']):02d}" if (paper["month"] or "").isdigit() and 1 <= int(paper["month"]) <= 12 else "")
        meta.append(("citation_publication_date", paper["year"] + (f"/{month}" if month else "")))
    if paper["venue"]:
        kind = "citation_journal_title" if entry.entry_type == "article" else "citation_conference_title"
        meta.append((kind, paper["venue"]))
    pdf = next((link.url for link in paper["links"] if link.title == "PDF"), None)
    if pdf:
        meta.append(("citation_pdf_url", pdf))
    if paper["pages"]:
        first, _, last = paper["pages"].partition("–")
        meta.append(("citation_firstpage", first.strip()))
        if last.strip():
            meta.append(("citation_lastpage", last.strip()))
    if paper["doi"]:
        meta.append(("citation_doi", paper["doi"]))
    if entry.fields.get("eprint") and entry.fields.get("archiveprefix", "").lower() == "arxiv":
        meta.append(("citation_arxiv_id", latex_to_text(entry.fields["eprint"])))
    if "://" in config.base_url:
        meta.append(("citation_abstract_html_url", absolute_url(config.base_url, paper["url"])))
    return tuple(meta)


def paper_json_ld(config, paper: dict) -> dict:
    """A paper as a schema.org ScholarlyArticle (its page's JSON-LD), from the values a paper page shows."""
    absolute = "://" in config.base_url
    data = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": paper["title"][:110],
            "name": paper["title"],
            "author": [{"@type": "Person", "name": a.name,
                        **({"url": absolute_url(config.base_url, a.person_url)} if absolute and a.person_url else {})}
                       for a in paper["authors"]]}
    if paper["year"]:
        data["datePublished"] = paper["year"]
    if paper["abstract"]:
        data["abstract"] = "\n\n".join(paper["abstract"])
    if paper["venue"]:
        data["isPartOf"] = {"@type": "CreativeWork", "name": paper["venue"]}
    if paper["topics"]:
        data["keywords"] = list(paper["topics"])
    if paper["doi"]:
        data["sameAs"] = f"https://doi.org/{paper['doi']}"
    if absolute:
        data["url"] = absolute_url(config.base_url, paper["url"])
    return data


def _groups(papers: list[model.Paper]) -> tuple[tuple[model.PaperGroup, ...], str]:
    """Tracks and sessions in the order the file first names them; papers without one by year, newest first."""
    by_group: dict[str, list] = {}
    for paper in papers:
        by_group.setdefault(paper.group_id, []).append(paper)
    label = "Track" if any(p.track for p in papers) else "Session" if any(p.session for p in papers) else "Year"

    def order(item):
        index, (anchor, members) = item
        first = members[0]
        if first.track or first.session:
            return (0, index, "")
        return (1, -int(first.year) if (first.year or "").isdigit() else 0, first.group)

    groups = []
    for _, (anchor, members) in sorted(enumerate(by_group.items()), key=order):
        members.sort(key=_paper_order)
        groups.append(model.PaperGroup(anchor, members[0].group, tuple(members)))
    return tuple(groups), label


def grouped_by_sessions(proceedings: model.Proceedings, session_of_paper: dict,
                        memo: ProceedingsMemo | None = None) -> model.Proceedings:
    """When the program places papers in sessions (and no paper names a track), list them by session.

    Sessions come in program order; papers that no session presents follow, by year.
    """
    if memo is not None and memo.places_kept and memo.edit is not None and memo.last_grouped is not None \
            and memo.last_grouped[1] is memo.edit.before and proceedings is memo.edit.after:
        regrouped = _regrouped_edited(memo, proceedings, session_of_paper)
        if regrouped is not None:
            return regrouped
    if not session_of_paper or any(p.track for p in proceedings.papers):
        return proceedings
    placed = {key: (session.title, session.id, session.start) for key, session in session_of_paper.items()}
    last = memo.last_grouped if memo is not None else None
    if last is not None and last[0] == placed and len(last[1].people) == len(proceedings.people) and \
            last[1].papers_url == proceedings.papers_url:
        regrouped = _regrouped_again(memo, proceedings, session_of_paper, *last[1:])
        if regrouped is not None:
            return regrouped
    by_key = {}
    for paper in proceedings.papers:
        session = session_of_paper.get(paper.key)
        if session is not None:
            paper = _regrouped(memo, paper, session.title, f"session-{session.id}")
        by_key[paper.key] = paper
    people = tuple(_with_papers(memo, person, tuple(by_key[p.key] for p in person.papers))
                   for person in proceedings.people)
    result = _in_sessions(proceedings, session_of_paper, by_key, people)
    if memo is not None:
        memo.last_grouped = (placed, proceedings, {p.key: p for p in proceedings.papers}, by_key, result)
    return result


def _regrouped_edited(memo: ProceedingsMemo, proceedings: model.Proceedings, session_of_paper: dict):
    """grouped_by_sessions from the last build's, when the proceedings are the last ones with some papers and people
    replaced (memo.edit) and every paper sits where it sat: only those are regrouped, and put in their places; the
    grouping's edit then replaces the assembly's in memo.edit."""
    replaced = memo.edit.papers
    placed, before, before_by_key, by_key, result = memo.last_grouped
    if not replaced and not memo.edit.people:
        return result
    pairs = {}
    for key, (old, new) in replaced.items():
        session = session_of_paper.get(key)
        if session is None or new.track:  # (a paper in no session is listed by year, where its first place counts)
            return None
        pairs[key] = (by_key[key], _regrouped(memo, new, session.title, f"session-{session.id}"))
    # (these tables are the memo's alone: updated in place, not copied; nothing can fail from here)
    for key, (old, new) in replaced.items():
        before_by_key[key] = new
        by_key[key] = pairs[key][1]
    made = {person.identity: _with_papers(memo, person, tuple(by_key[p.key] for p in person.papers))
            for _, person in memo.edit.people}
    people, letters, people_pairs = _people_edited(memo, result.people, result.letters, made)
    regrouped = dataclasses.replace(proceedings, papers=_resorted(result.papers, pairs.values()),
                                    groups=_groups_edited(result.groups, pairs.values()), group_label="Session",
                                    people=people, letters=letters)
    memo.edit = Edit(result, regrouped, pairs, people_pairs)
    memo.last_grouped = (placed, proceedings, before_by_key, by_key, regrouped)
    return regrouped


def _regrouped_again(memo: ProceedingsMemo, proceedings: model.Proceedings, session_of_paper: dict,
                     before: model.Proceedings, before_by_key: dict, by_key: dict, result: model.Proceedings):
    """grouped_by_sessions from the last build's, when the same papers sit in the same sessions: only the papers
    and people that are other objects than last time are regrouped again (None when the people moved)."""
    changed = [paper for paper in proceedings.papers if before_by_key.get(paper.key) is not paper]
    if len(by_key) != len(proceedings.papers) or any(paper.key not in by_key for paper in changed):
        return None
    by_key = dict(by_key)
    for paper in changed:
        session = session_of_paper.get(paper.key)
        by_key[paper.key] = paper if session is None else \
            _regrouped(memo, paper, session.title, f"session-{session.id}")
    people = []
    for person, old, made in zip(proceedings.people, before.people, result.people):
        if person is not old:
            if person.identity != old.identity or person.slug != old.slug:
                return None
            made = _with_papers(memo, person, tuple(by_key[p.key] for p in person.papers))
        people.append(made)
    regrouped = _in_sessions(proceedings, session_of_paper, by_key, tuple(people))
    memo.last_grouped = (memo.last_grouped[0], proceedings, {p.key: p for p in proceedings.papers}, by_key, regrouped)
    return regrouped


def _in_sessions(proceedings: model.Proceedings, session_of_paper: dict, by_key: dict, people: tuple):
    papers = [by_key[p.key] for p in proceedings.papers]
    order = {session.id: (session.start, session.id) for session in session_of_paper.values()}
    groups, _ = _groups(papers)
    in_sessions = sorted((g for g in groups if g.id.startswith("session-")), key=lambda g: order[g.id[8:]])
    others = [g for g in groups if not g.id.startswith("session-")]
    by_letter: dict[str, list] = {}
    for person in people:
        by_letter.setdefault(person.letter, []).append(person)
    letters = tuple((letter, tuple(by_letter[letter])) for letter, _ in proceedings.letters)
    return dataclasses.replace(proceedings, papers=tuple(papers), groups=tuple(in_sessions + others),
                               group_label="Session", people=people, letters=letters)


def _copy_with(obj, **changes):
    """`dataclasses.replace` for the frozen view models (no __post_init__, no init=False field), without calling
    __init__ again with every field: regrouping 10,000 papers: 0.19 CPU s, 0.03 s with this."""
    copy = object.__new__(type(obj))
    copy.__dict__.update(obj.__dict__, **changes)
    return copy


def _regrouped(memo: ProceedingsMemo | None, paper: model.Paper, group: str, group_id: str) -> model.Paper:
    if memo is None:
        return _copy_with(paper, group=group, group_id=group_id)
    known = memo.grouped.get((id(paper), group, group_id))
    if known is not None and known[0] is paper:
        return known[1]
    regrouped = _copy_with(paper, group=group, group_id=group_id)
    memo.grouped[(id(paper), group, group_id)] = (paper, regrouped)
    return regrouped


def _with_papers(memo: ProceedingsMemo | None, person: model.Person, papers: tuple) -> model.Person:
    return _remembered(memo.grouped if memo is not None else None, ("with papers",), (person, *papers),
                       lambda: _copy_with(person, papers=papers))


def outputs(site: model.Site, memo: dict | None = None, edit: Edit | None = None) -> list[model.Output]:
    """The files of the proceedings: a page and a .bib per paper, the whole .bib, person pages.

    `memo` (the preview's, pages.PlanMemo.proceedings) maps the id of each paper and person of the last build to
    it and its files: the very same paper or person gives the very same Output objects (made only from it). It
    also keeps, under "last", the last proceedings with their files and the set of their paths (the very same
    set while the paths are the same): proceedings that `edit` (ProceedingsMemo.edit) made from the last ones get
    the last files with only those of the replaced papers and people made again and put in their places."""
    proceedings = site.proceedings
    if not proceedings.papers:
        if memo is not None:
            memo.clear()
        return []
    last = memo if memo is not None else {}
    known_last = last.get("last")
    if known_last is not None:
        if known_last[0] is proceedings:
            return known_last[1]
        if edit is not None and edit.after is proceedings and edit.before is known_last[0]:
            return _outputs_edited(memo, edit)
    made: dict = {}
    files = []
    for paper in proceedings.papers:
        known = last.get(id(paper))
        if known is None or known[0] is not paper:
            known = _paper_files(paper)
        made[id(paper)] = known
        files += known[1:]
    files.append(_whole_bib(proceedings))
    for person in proceedings.people:
        known = last.get(id(person))
        if known is None or known[0] is not person:
            known = _person_files(person)
        made[id(person)] = known
        files.append(known[1])
    if memo is not None:
        paths = {output.path for output in files}
        same_paths = known_last is not None and known_last[2] == paths
        memo.clear()
        memo.update(made)
        memo["last"] = (proceedings, files, known_last[2] if same_paths else paths)
    return files


def _paper_files(paper: model.Paper) -> tuple:
    page = model.Page(url=paper.url, title=paper.title, layout="paper", html="", source=f"{PAPERS_FILE}:{paper.line}",
                      description=paper.description)
    return (paper, model.Output(path=paper.url + "index.html", source=page.source, template="paper.html",
                                context={"page": page, "paper": paper}),
            model.Output(path=paper.bib_url, source=page.source, data=paper.bibtex.encode("utf-8")))


def _person_files(person: model.Person) -> tuple:
    page = model.Page(url=person.url, title=person.name, layout="person", html="", source=PAPERS_FILE)
    return (person, model.Output(path=person.url + "index.html", source=PAPERS_FILE, template="person.html",
                                 context={"page": page, "person": person}))


def _whole_bib(proceedings: model.Proceedings) -> model.Output:
    whole = "\n".join(map(operator.attrgetter("bibtex"), proceedings.papers))
    return model.Output(path=proceedings.bib_url, source=PAPERS_FILE, data=whole.encode("utf-8"))


def _outputs_edited(memo: dict, edit: Edit) -> list[model.Output]:
    """`outputs` of the proceedings `edit` made from the last ones: the last files, each replaced paper's two taken
    out and its new ones put where its new place in the papers list puts them (as _resorted moves it), each
    replaced person's page in its place, the whole .bib again."""
    _, files, paths = memo["last"]
    before, proceedings = edit.before, edit.after
    files, papers = list(files), list(before.papers)
    for old, new in edit.papers.values():
        at = _place_of(papers, old)
        del papers[at]
        del files[2 * at:2 * at + 2]
        memo.pop(id(old), None)
        at = bisect.bisect_left(papers, _paper_order(new), key=_paper_order)
        papers.insert(at, new)
        known = memo.get(id(new))
        if known is None or known[0] is not new:
            known = memo[id(new)] = _paper_files(new)
        files[2 * at:2 * at] = known[1:]
    count = 2 * len(papers)
    if edit.papers:
        files[count] = _whole_bib(proceedings)
    if edit.people:
        at = {id(person): index for index, person in enumerate(before.people)} if len(edit.people) > 8 else None
        for old, new in edit.people:
            index = at[id(old)] if at is not None else list(map(operator.is_, before.people, repeat(old))).index(True)
            memo.pop(id(old), None)
            known = memo[id(new)] = _person_files(new)
            files[count + 1 + index] = known[1]
    memo["last"] = (proceedings, files, paths)
    return files
