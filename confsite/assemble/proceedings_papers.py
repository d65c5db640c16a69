"""The papers of the proceedings: each entry's values decoded as its page shows them, made once per entry."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from confsite import model
from confsite.assemble.citations import PAPERS_FILE, citation_text, paper_json_ld, scholar_meta
from confsite.memo import Memo
from confsite.read.content import slugify
from confsite.read.papers import PaperEntry, latex_to_text, paragraphs

# Custom BibTeX fields that become links, in the order a paper page shows them.
LINK_FIELDS = (("pdf", "PDF"), ("url", "Paper"), ("code", "Code"), ("slides", "Slides"), ("poster", "Poster"),
               ("video", "Video"), ("videoposter", "Poster video"), ("openreview", "OpenReview"))


def paper_of(memo: Memo | None, config, entry: PaperEntry, slug: str, author_urls: tuple,
             folder: str = "") -> model.Paper:
    """The Paper of `entry`, published at <folder>papers/<slug>/, its authors linked to `author_urls`; made once
    while the entry (the reader gives an unchanged entry as the very same object), the addresses, the base URL and
    whether papers get a .bib file stay the same (all of the configuration a paper shows)."""
    if memo is None:
        return _paper(config, entry, slug, author_urls, folder)
    return memo.get("paper", (id(entry), slug, author_urls, folder, config.base_url, config.paper_bib_files),
                    lambda: _moved(memo, config, entry, slug, author_urls, folder), entry)


def _moved(memo: Memo, config, entry: PaperEntry, slug: str, author_urls: tuple, folder: str) -> model.Paper:
    """The Paper of an entry that is new to the memo, or the copy with its new line of an entry that lines added or
    removed above it moved: the reader then gives a copy of the entry with the very same values (so its pages,
    which do not show the line, are found unchanged by the preview's render)."""
    values = (id(entry.fields), id(entry.authors), entry.key, entry.entry_type, entry.title, entry.et_al,
              entry.edited, entry.raw, entry.bibtex)
    paper = memo.get("paper at any line", (values, slug, author_urls, folder, config.base_url, config.paper_bib_files),
                     lambda: _paper(config, entry, slug, author_urls, folder), (entry.fields, entry.authors))
    return paper if paper.line == entry.line else copy_with(paper, line=entry.line)


def paper_order(paper: model.Paper) -> tuple:
    """Where a paper stands in the papers list and in its group: newest first, then by title (and key)."""
    return -(int(paper.year) if (paper.year or "").isdigit() else 0), paper.title.lower(), paper.key


def copy_with(obj, **changes):
    """`dataclasses.replace` for the frozen view models (no __post_init__, no init=False field), without calling
    __init__ again with every field: regrouping 10,000 papers: 0.19 CPU s, 0.03 s with this."""
    copy = object.__new__(type(obj))
    copy.__dict__.update(obj.__dict__, **changes)
    return copy


def _paper(config, entry: PaperEntry, slug: str, author_urls: tuple, folder: str) -> model.Paper:
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
    authors = tuple(map(_shown_author, [author.display for author in entry.authors], author_urls))
    url = f"{folder}papers/{slug}/"
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
        bib_url=f"{url}{slug}.bib" if config.paper_bib_files else "")
    paper["citation"] = citation_text(paper)
    paper["search_text"] = " ".join([entry.title, *(a.name for a in authors), venue or "", *topics, *awards,
                                     tldr or ""]).lower()
    paper["meta"] = scholar_meta(config, paper, entry)
    paper["json_ld"] = paper_json_ld(config, paper)
    return _made(model.Paper, paper)


# (booktitle first: the first of these that is not empty names where a paper appeared)
_VENUE_FIELDS = ("booktitle", "journal", "howpublished", "school", "institution")
_SHOWN_FIELDS = ("month", "track", "session", "tldr", "contribution", "pages", "doi")


def _made(cls, values: dict):
    """`cls(**values)` for a frozen view model given every field, in the order of its fields (as `__init__` would
    set them), without `__init__`'s 33 `object.__setattr__` calls (10,000 papers: 0.05 CPU s). See `copy_with`."""
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

