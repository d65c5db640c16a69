"""Readers for submission-system exports: each returns ImportedPaper records and located RowProblems."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import yaml

from confsite.importers import ImportedPaper, RowProblem

OPENREVIEW = "https://openreview.net"


def read_export(fmt: str, path: Path, text: str) -> tuple[list[ImportedPaper], list[RowProblem], list[str]]:
    """Dispatch on the format name; the third list holds notes for the user (skipped rows, repaired names)."""
    return {"openreview": _openreview, "hotcrp": _hotcrp, "cmt": _cmt, "easychair": _easychair,
            "miniconf": _miniconf, "hugo": _hugo}[fmt](path, text)


# CSV exports ---------------------------------------------------------------------------------------------------


def _csv_rows(text: str):
    """(line, row) for each record, the line being where the record starts (cells may span lines)."""
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 2
    for row in reader:
        yield start, {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        start = reader.line_num + 1


def _column(row: dict, *names: str) -> str:
    lowered = {k.lower(): v for k, v in row.items()}
    for name in names:
        if lowered.get(name.lower()):
            return lowered[name.lower()]
    return ""


def _accepted(decision: str) -> bool:
    return not decision or decision.strip().lower().startswith(("accept", "oral", "poster", "spotlight", "conditional accept"))


def _require(line: int, title: str, authors: list[str], problems: list[RowProblem], what: str) -> bool:
    if not title:
        problems.append(RowProblem(line, f"{what} has no title", "fill in the title column of this row"))
    if not authors:
        problems.append(RowProblem(line, f"{what} has no authors", "fill in the authors of this row"))
    return bool(title and authors)


# Marks after a name that footnote it: equal contribution (*), equal advising (†), ...
_MARKS = "*†‡§¶"


def _miniconf(path: Path, text: str):
    papers, problems = [], []
    for line, row in _csv_rows(text):
        title = _column(row, "title")
        # names are separated by '|'; one written 'Ann Lee and Bo Chen' names two (BibTeX would read it so anyway)
        names = (name for cell in _column(row, "authors").split("|") for name in re.split(r"\s+and\s+", cell))
        authors = [name for name in (a.strip().rstrip(_MARKS).strip() for a in names) if name]
        if not _require(line, title, authors, problems, f"the paper {_column(row, 'UID') or ''}".strip()):
            continue
        fields = {"topics": ", ".join(k.strip() for k in _column(row, "keywords").split("|") if k.strip()),
                  "sessions": "; ".join(s.strip() for s in _column(row, "sessions").split("|") if s.strip()),
                  "track": _column(row, "track"), "pdf": _column(row, "pdf_url")}
        papers.append(ImportedPaper(line, _column(row, "UID") or None, title, authors, _column(row, "abstract") or None,
                                    fields=fields))
    return papers, problems, []


def _easychair(path: Path, text: str):
    papers, problems, notes = [], [], []
    for line, row in _csv_rows(text):
        number = _column(row, "#", "submission #", "paper")
        if _column(row, "deleted?").lower() == "yes" or not _accepted(_column(row, "decision")):
            notes.append(f"{path.name}:{line}: submission {number} skipped (decision: {_column(row, 'decision') or 'none'})")
            continue
        title = _column(row, "title")
        authors = [a.strip() for a in re.split(r",\s*|\s+and\s+", _column(row, "authors")) if a.strip()]
        if not _require(line, title, authors, problems, f"submission {number}"):
            continue
        keywords = ", ".join(k.strip() for k in re.split(r"[\n;]", _column(row, "keywords")) if k.strip())
        papers.append(ImportedPaper(line, number or None, title, authors, _column(row, "abstract") or None,
                                    fields={"topics": keywords, "track": _column(row, "track")}))
    return papers, problems, notes


def _cmt(path: Path, text: str):
    papers, problems, notes = [], [], []
    for line, row in _csv_rows(text):
        number = _column(row, "Paper ID", "ID")
        status = _column(row, "Status", "Decision")
        if not _accepted(status):
            notes.append(f"{path.name}:{line}: paper {number} skipped (status: {status})")
            continue
        title = _column(row, "Paper Title", "Title")
        names = _column(row, "Author Names")
        if names:
            authors = [a.strip() for a in names.split(";") if a.strip()]
        else:  # "Ann Lee (MIT)*; Bo Chen (CMU)": affiliations in brackets, * marks the contact
            authors = [re.sub(r"\s*\([^)]*\)\s*\*?$", "", a).strip().rstrip("*").strip()
                       for a in _column(row, "Authors").split(";") if a.strip()]
        if not _require(line, title, authors, problems, f"paper {number}"):
            continue
        papers.append(ImportedPaper(line, number or None, title, authors, _column(row, "Abstract") or None,
                                    fields={"track": _column(row, "Track Name", "Track"),
                                            "topics": _column(row, "Primary Subject Area")}))
    return papers, problems, notes


# JSON exports --------------------------------------------------------------------------------------------------


def _json_records(text: str, keys: tuple[str, ...]):
    """(line, record) for each record of a JSON export: a list, or an object holding the list under one of `keys`."""
    data = json.loads(text)
    start = 0
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), list):
                start = text.index("[", text.index(f'"{key}"'))
                data = data[key]
                break
        else:
            raise ValueError(f"expected a list of records, or an object with one of: {', '.join(keys)}")
    elif isinstance(data, list):
        start = text.index("[")
    else:
        raise ValueError("expected a list of records")
    decoder, position = json.JSONDecoder(), start + 1
    for record in data:
        while text[position] in " \t\r\n,":
            position += 1
        line = text.count("\n", 0, position) + 1
        _, position = decoder.raw_decode(text, position)
        yield line, record


def _hotcrp(path: Path, text: str):
    papers, problems, notes = [], [], []
    for line, record in _json_records(text, ("papers", "submissions")):
        if not isinstance(record, dict):
            problems.append(RowProblem(line, "a record is not an object", "each paper must be a JSON object"))
            continue
        pid = str(record.get("pid", record.get("id", "")))
        decision = str(record.get("decision") or "")
        if record.get("withdrawn") or str(record.get("status", "")).lower() == "withdrawn" or not _accepted(decision):
            notes.append(f"{path.name}:{line}: paper {pid} skipped (decision: {decision or 'withdrawn'})")
            continue
        authors = [" ".join(p for p in (str(a.get("first") or ""), str(a.get("last") or "")) if p).strip()
                   or str(a.get("name") or "") for a in record.get("authors") or [] if isinstance(a, dict)]
        authors = [a for a in authors if a]
        title = str(record.get("title") or "").strip()
        if not _require(line, title, authors, problems, f"paper {pid}"):
            continue
        topics = record.get("topics") or []
        papers.append(ImportedPaper(line, pid or None, title, authors, record.get("abstract") or None,
                                    fields={"topics": ", ".join(map(str, topics)) if isinstance(topics, list) else ""}))
    return papers, problems, notes


def _value(content: dict, name: str):
    value = content.get(name)
    return value.get("value") if isinstance(value, dict) else value


def _openreview_notes(text: str):
    """(line, note) for each note of an OpenReview export: the API's notes, or a crawl that wraps each venue's
    notes as {"venue": ..., "submissions": [...]} (OpenReviewCrawler's output), each note at the line of its id."""
    for line, record in _json_records(text, ("notes", "papers")):
        if isinstance(record, dict) and "content" not in record and isinstance(record.get("submissions"), list):
            at = 0
            for note in record["submissions"]:
                found = re.compile(r'"id"\s*:\s*%s' % re.escape(json.dumps(note.get("id")))).search(text, at) \
                    if isinstance(note, dict) else None
                at = found.end() if found else at
                yield (text.count("\n", 0, found.start()) + 1 if found else line), note
        else:
            yield line, record


def _openreview(path: Path, text: str):
    papers, problems = [], []
    for line, note in _openreview_notes(text):
        content = note.get("content") if isinstance(note, dict) else None
        if not isinstance(content, dict):
            problems.append(RowProblem(line, "a note has no 'content'", "export notes with their content (API v1 or v2)"))
            continue
        title = str(_value(content, "title") or "").strip()
        authors = [str(a) for a in _value(content, "authors") or []]
        if not _require(line, title, authors, problems, f"the note {note.get('id', '')}".strip()):
            continue
        stamp = note.get("pdate") or note.get("odate") or note.get("cdate")
        year = str(dt.datetime.fromtimestamp(stamp / 1000, dt.timezone.utc).year) if isinstance(stamp, (int, float)) else None
        pdf = str(_value(content, "pdf") or "")
        venue = str(_value(content, "venue") or "")
        keywords = _value(content, "keywords") or []
        fields = {"pdf": OPENREVIEW + pdf if pdf.startswith("/") else pdf,
                  "url": f"{OPENREVIEW}/forum?id={note['forum' if note.get('forum') else 'id']}" if note.get("id") else "",
                  "topics": ", ".join(map(str, keywords)) if isinstance(keywords, list) else str(keywords),
                  "code": str(_value(content, "code") or "")}
        papers.append(ImportedPaper(line, note.get("id"), title, authors, _value(content, "abstract"), year,
                                    venue if venue and not venue.lower().startswith("submitted") else None, fields))
    return papers, problems, []


# Hugo Academic publications ------------------------------------------------------------------------------------

_HUGO_LINKS = {"url_pdf": "pdf", "url_code": "code", "url_slides": "slides", "url_video": "video",
               "url_poster": "poster", "url_dataset": "dataset", "url_project": "project", "doi": "doi"}
# Names that went through a converter which dropped LaTeX's backslashes and braces: R{\'e} -> R'e, {\v{c}} -> vc.
_MANGLED_MARK = re.compile(r"(?<=\w)(['`\"^~])([A-Za-z])")
_ACCENTS = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303"}
_MANGLED_CARON = re.compile(r"(?<=[aeiouy])v([cszrnCSZRN])(?!h)")


def repair_name(name: str) -> str:
    """Undo the mangling of LaTeX accents ("Konevcn'y" -> "Konečný"); names without its marks are left alone."""
    import unicodedata

    if not _MANGLED_MARK.search(name):
        return name
    name = _MANGLED_MARK.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _ACCENTS[m.group(1)]), name)
    return _MANGLED_CARON.sub(lambda m: unicodedata.normalize("NFC", m.group(1) + "\u030c"), name)


def _hugo(path: Path, text: str):
    files = sorted(p for p in path.rglob("*.md")) if path.is_dir() else [path]
    papers, problems, notes = [], [], []
    for file in files:
        body = file.read_text(encoding="utf-8") if file != path or path.is_dir() else text
        lines = body.replace("\r\n", "\n").split("\n")
        shown = file.relative_to(path).as_posix() if path.is_dir() else file.name
        if not lines or lines[0].strip() != "---" or "---" not in (l.strip() for l in lines[1:]):
            problems.append(RowProblem(1, f"{shown}: no front matter between '---' lines", "export the publication's index.md"))
            continue
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        try:
            meta = yaml.safe_load("\n".join(lines[1:end])) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(RowProblem((mark.line + 2) if mark else 1, f"{shown}: front matter is not valid YAML",
                                       "check the quotes and indentation"))
            continue
        authors = []
        for author in meta.get("authors") or []:
            fixed = repair_name(str(author))
            if fixed != str(author):
                notes.append(f"{shown}: author name '{author}' read as '{fixed}' (LaTeX accents had lost their backslashes)")
            authors.append(fixed)
        title = str(meta.get("title") or "").strip()
        if not _require(1, title, authors, problems, shown):
            continue
        date = str(meta.get("date") or "")
        venue = re.sub(r"[_*]", "", str(meta.get("publication") or "")).strip()
        fields = {target: str(meta.get(source) or "") for source, target in _HUGO_LINKS.items()}
        papers.append(ImportedPaper(1, None, title, authors, str(meta.get("abstract") or "") or None,
                                    date[:4] if re.match(r"\d{4}", date) else None, venue or None, fields))
    return papers, problems, notes
