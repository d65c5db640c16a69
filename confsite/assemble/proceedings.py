"""The proceedings: the papers with their addresses, their people, the groups of the all-papers page, and their files.

Everything is joined through dictionaries (key -> paper, normalized name -> person), never by scanning,
so 10,000 papers cost the same per paper as ten. Every build runs the whole assembly; with the preview's memo, what
is made per item (a paper, a person, a paper placed in its session) is made once while its inputs stay the same,
and proceedings equal to the last build's are that very object (confsite.memo).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict

from confsite import model
from confsite.assemble.citations import PAPERS_FILE, PROCEEDINGS_BIB, bib_file, paper_json_ld, proceedings_bib_file
from confsite.assemble.people import (People, committee_people, loose_name, normalize_name, person_page,
                                      taken_person_slugs, with_papers)
from confsite.assemble.proceedings_papers import LINK_FIELDS, copy_with, paper_of, paper_order
from confsite.assemble.volumes import volume_of
from confsite.errors import Problems
from confsite.memo import Memo, kept, remembered
from confsite.read.content import slugify
from confsite.read.papers import PaperEntry

# (names other modules import from here)
__all__ = ["LINK_FIELDS", "PROCEEDINGS_BIB", "assemble_proceedings", "committee_people", "grouped_by_sessions",
           "loose_name", "normalize_name", "outputs", "paper_json_ld", "paper_slug"]


def assemble_proceedings(config, entries: list[PaperEntry], committees: tuple[model.Committee, ...],
                         site_pages: list[model.Page], problems: Problems, memo: Memo | None = None,
                         folder: str = "", volume: PaperEntry | None = None) -> model.Proceedings:
    """Papers with safe slugs, their people, the groups of the all-papers page, the volume they appear in (the
    file's volume entry, when it has one); collisions are errors.

    The papers' pages and the volume's .bib are published under `folder` ('2025/' in a site that keeps editions)."""
    if not entries:
        return kept(memo, "proceedings", model.Proceedings())
    page_urls = {page.url: page.source for page in site_pages}
    papers_url = next((page.url for page in site_pages if page.layout == "papers"), "papers/")
    people_url = next((page.url for page in site_pages if page.layout == "people"), None)
    slugs = _paper_slugs(entries, page_urls, problems, folder)
    entries = [entry for entry in entries if entry.key in slugs]
    people = People(committees)
    for entry in entries:
        people.add_authors(entry, problems)
    person_urls = people.assign_urls(taken_person_slugs(page_urls))
    in_file_order = [paper_of(memo, config, entry, slugs[entry.key], person_urls.get(entry.key, ()), folder)
                     for entry in entries]
    persons = people.persons({paper.key: paper for paper in in_file_order}, memo)
    record = volume_of(volume, memo)
    groups, label = _groups(in_file_order, record.sections if record is not None else (),
                            config.proceedings.group_by)
    papers = sorted(in_file_order, key=paper_order)
    letters = defaultdict(list)
    for person in persons:
        letters[person.letter].append(person)
    return kept(memo, "proceedings", model.Proceedings(
        papers=tuple(papers), groups=groups, group_label=label, people=persons,
        letters=tuple((letter, tuple(letters[letter])) for letter in sorted(letters, key=lambda x: (x == "#", x))),
        topics=tuple(sorted({t for p in papers for t in p.topics}, key=str.lower)),
        has_awards=any(p.awards for p in papers), bib_url=f"{folder}{PROCEEDINGS_BIB}", papers_url=papers_url,
        people_url=people_url, member_urls=people.member_urls(), volume=record))


def _paper_slugs(entries: list[PaperEntry], page_urls: dict, problems: Problems, folder: str) -> dict:
    """A safe folder name for every key ('(NeurIPS2021)' -> 'neurips2021', '../x' -> 'x'); clashes are errors."""
    slugs, taken = {}, {}
    for entry in entries:
        slug = paper_slug(entry.key)
        if slug in taken:
            other = taken[slug]
            problems.add(PAPERS_FILE, entry.line, f"the entries '{other.key}' (line {other.line}) and '{entry.key}' "
                         f"would both be published at /{folder}papers/{slug}/",
                         "keys may only differ in letters, digits and dashes beyond case and punctuation; "
                         "rename one of the keys")
            continue
        url = f"{folder}papers/{slug}/"
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


def _groups(papers: list[model.Paper], order: tuple = (), group_by: str | None = None
            ) -> tuple[tuple[model.PaperGroup, ...], str]:
    """The groups of the all-papers page and what a group is. Tracks, sections and sessions come in the volume's
    order of its sections (`order`), else in the order the file first names them; papers without one by year,
    newest first; papers of no group last, under "Other papers" (with no heading when they are all the papers)."""
    by_group: dict[str, list] = {}
    for paper in papers:
        by_group.setdefault(paper.group_id, []).append(paper)
    if group_by is not None:
        label = group_by.replace("_", " ").capitalize()
    else:
        label = ("Track" if any(p.track for p in papers) else "Section" if any(p.section for p in papers)
                 else "Session" if any(p.session for p in papers) else "Year")
    place = {title: index for index, title in enumerate(order)}

    def position(item):
        index, (_, members) = item
        first = members[0]
        title = first.group
        if not title:
            return (2, 0, 0, "")
        if group_by is not None or first.track or first.section or first.session:
            return (0, place.get(title, len(place)), index, "")
        return (1, -int(first.year) if (first.year or "").isdigit() else 0, 0, title)

    groups = []
    for _, (anchor, members) in sorted(enumerate(by_group.items()), key=position):
        members.sort(key=paper_order)
        shown = members[0].group or ("Other papers" if len(by_group) > 1 else "")
        groups.append(model.PaperGroup(anchor, shown, tuple(members)))
    return tuple(groups), label


def grouped_by_sessions(proceedings: model.Proceedings, session_of_paper: dict,
                        memo: Memo | None = None) -> model.Proceedings:
    """When the program places papers in sessions (and no paper names a track), list them by session.

    Sessions come in program order; papers that no session presents follow, by year.
    """
    if not session_of_paper or proceedings.group_label not in ("Session", "Year"):
        return proceedings  # (the papers' own tracks or sections, or the field site.yaml names, group them)
    by_key = {}
    for paper in proceedings.papers:
        session = session_of_paper.get(paper.key)
        if session is not None:
            paper = _in_session(memo, paper, session.title, f"session-{session.id}")
        by_key[paper.key] = paper
    people = tuple(with_papers(memo, person, tuple(by_key[p.key] for p in person.papers))
                   for person in proceedings.people)
    papers = [by_key[p.key] for p in proceedings.papers]
    order = {session.id: (session.start, session.id) for session in session_of_paper.values()}
    groups, _ = _groups(papers)
    in_sessions = sorted((g for g in groups if g.id.startswith("session-")), key=lambda g: order[g.id[8:]])
    others = [g for g in groups if not g.id.startswith("session-")]
    by_letter: dict[str, list] = {}
    for person in people:
        by_letter.setdefault(person.letter, []).append(person)
    letters = tuple((letter, tuple(by_letter[letter])) for letter, _ in proceedings.letters)
    return kept(memo, "proceedings by sessions", dataclasses.replace(
        proceedings, papers=tuple(papers), groups=tuple(in_sessions + others), group_label="Session", people=people,
        letters=letters))


def _in_session(memo: Memo | None, paper: model.Paper, group: str, group_id: str) -> model.Paper:
    """`paper` listed under its session: made once for the very same paper and session."""
    return remembered(memo, "paper in session", (id(paper), group, group_id),
                      lambda: copy_with(paper, group=group, group_id=group_id))


def outputs(site: model.Site, memo: Memo | None = None) -> list[model.Output]:
    """The files of the proceedings: a page per paper (and its .bib when the site asks for one), the whole .bib,
    person pages; each paper's and person's made once while they are the very same objects (the preview's memo)."""
    proceedings = site.proceedings
    if not proceedings.papers:
        return []
    sessions = site.program.session_of_paper if site.program is not None else {}
    files = []
    for paper in proceedings.papers:
        session = sessions.get(paper.key)
        files += remembered(memo, "paper files", (id(paper), id(session)),
                            lambda paper=paper, session=session: paper_files(paper, session), (paper, session))
    files.append(remembered(memo, "proceedings bib", id(proceedings), lambda: proceedings_bib_file(proceedings),
                            proceedings))
    files += [remembered(memo, "person page", id(person), lambda person=person: person_page(person), person)
              for person in proceedings.people]
    return files


def paper_files(paper: model.Paper, session) -> tuple[model.Output, ...]:
    """A paper's page (with the program's session that presents it, or None) and, when the site asks for them
    (`paper_bib_files`), its .bib file."""
    page = model.Page(url=paper.url, title=paper.title, layout="paper", html="", source=f"{PAPERS_FILE}:{paper.line}",
                      description=paper.description)
    page_file = model.Output(path=paper.url + "index.html", source=page.source, template="paper.html",
                             context={"page": page, "paper": paper, "session": session})
    return (page_file, bib_file(paper, page.source)) if paper.bib_url else (page_file,)
