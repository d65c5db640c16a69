"""`confsite import`: exports of submission systems become papers.bib entries that build, with stable keys."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import bibtexparser
import pytest

from conftest import MINIMAL_SITE, build, confsite, html, write_tree

DATA = Path(__file__).parent / "data"


@pytest.fixture
def site(tmp_path):
    return write_tree(tmp_path / "site", MINIMAL_SITE)


def entries(site: Path) -> dict:
    library = bibtexparser.parse_string((site / "data" / "papers.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def test_miniconf_papers_csv_imports_builds_and_reimports_unchanged(site):
    export = DATA / "miniconf_iclr2020" / "papers.csv"
    rows = list(csv.DictReader(export.open(newline="", encoding="utf-8")))
    result = confsite("import", "miniconf", export, "--site", site, "--venue", "ICLR 2020", "--year", "2020")
    assert result.code == 0, result.err
    assert result.out.strip().endswith(f"imported {len(rows)} papers into data/papers.bib: {len(rows)} new, 0 updated, 0 unchanged")
    imported = entries(site)
    by_uid = {fields["miniconf"]: fields for fields in imported.values()}
    for row in rows:
        fields = by_uid[row["UID"]]
        assert fields["booktitle"] == "ICLR 2020" and fields["year"] == "2020"
        assert "*" not in fields["author"] and "†" not in fields["author"]
        assert fields.get("topics", "") == ", ".join(k for k in row["keywords"].split("|") if k)
    assert build(site).code == 0
    page = html(site / "_site" / "papers" / "index.html")
    starred = next(r for r in rows if "*" in r["authors"])
    listed = page.find("a", string=starred["title"]).find_parent("li").select_one(".paper-authors").get_text()
    assert listed == ", ".join(a.rstrip("*") for a in starred["authors"].split("|"))
    before = (site / "data" / "papers.bib").read_bytes()
    again = confsite("import", "miniconf", export, "--site", site, "--venue", "ICLR 2020", "--year", "2020")
    assert again.out.strip().endswith(f"0 new, 0 updated, {len(rows)} unchanged")
    assert (site / "data" / "papers.bib").read_bytes() == before


def test_reimport_keeps_keys_and_hand_added_fields(site):
    export = write_tree(site.parent, {"hotcrp.json": json.dumps([
        {"pid": 7, "title": "Fast Things", "decision": "Accepted", "authors": [{"first": "Chris", "last": "Ré"}]},
    ])}) / "hotcrp.json"
    assert confsite("import", "hotcrp", export, "--site", site, "--year", "2025").code == 0
    (key,) = entries(site)
    bib = site / "data" / "papers.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("  year ", "  award = {Best Paper},\n  year "), encoding="utf-8")
    export.write_text(json.dumps([{"pid": 7, "title": "Faster Things", "decision": "Accepted",
                                   "authors": [{"first": "Chris", "last": "Ré"}, {"first": "Jakub", "last": "Konečný"}]}]),
                      encoding="utf-8")
    result = confsite("import", "hotcrp", export, "--site", site, "--year", "2025")
    assert result.out.strip().endswith("0 new, 1 updated, 0 unchanged")
    fields = entries(site)[key]
    assert key == "re2025fast"
    assert fields["title"] == "Faster Things" and fields["award"] == "Best Paper"
    assert fields["author"] == "Ré, Chris and Konečný, Jakub"


def test_hugo_academic_front_matter_with_mangled_accents(site):
    result = confsite("import", "hugo", DATA / "hugo_academic" / "index.md", "--site", site)
    assert result.code == 0, result.err
    assert "author name 'Jakub Konevcn'y' read as 'Jakub Konečný'" in result.out
    assert "author name 'Christopher R'e' read as 'Christopher Ré'" in result.out
    (fields,) = entries(site).values()
    authors = fields["author"].split(" and ")
    assert len(authors) == 69 and "Konečný, Jakub" in authors and "Ré, Christopher" in authors
    assert fields["year"] == "2019" and fields["booktitle"] == "arXiv preprint arXiv:1904.03257"
    assert build(site).code == 0
    page = html(site / "_site" / "papers" / "index.html")
    assert "Christopher Ré" in page.select_one(".paper-authors").get_text()


def test_hotcrp_skips_rejected_and_reports_unusable_rows_with_their_line(site):
    export = write_tree(site.parent, {"hotcrp.json": (
        '[\n  {"pid": 1, "title": "Kept", "decision": "Accepted",\n   "authors": [{"first": "Ann", "last": "Lee"}]},\n'
        '  {"pid": 2, "title": "Gone", "decision": "Rejected", "authors": [{"first": "Bo", "last": "Chen"}]},\n'
        '  {"pid": 3, "title": "", "decision": "Accepted", "authors": [{"first": "Cy", "last": "Diaz"}]}\n]\n')}) / "hotcrp.json"
    result = confsite("import", "hotcrp", export, "--site", site)
    assert result.code == 1
    assert f"{export}:5: error: paper 3 has no title" in result.err
    assert "data/papers.bib was not changed" in result.err
    assert not (site / "data" / "papers.bib").exists()
    assert f"{export}:4: submission" not in result.out and "paper 2 skipped (decision: Rejected)" in result.out
    result = confsite("import", "hotcrp", export, "--site", site, "--skip-bad")
    assert result.code == 0
    assert [f["title"] for f in entries(site).values()] == ["Kept"]


def test_openreview_notes_v1_and_v2(site):
    notes = {"notes": [
        {"id": "abc123", "forum": "abc123", "pdate": 1735689600000, "content": {
            "title": {"value": "Serving at Scale"}, "authors": {"value": ["Ion Stoica", "Matei Zaharia"]},
            "abstract": {"value": "We serve 100% of requests & more."}, "pdf": {"value": "/pdf/abc123.pdf"},
            "venue": {"value": "MLSys 2025"}, "keywords": {"value": ["serving", "LLM"]}}},
        {"id": "def456", "cdate": 1704067200000, "content": {
            "title": "Old API Paper", "authors": ["Virginia Smith"], "venue": "Submitted to MLSys"}},
    ]}
    export = write_tree(site.parent, {"notes.json": json.dumps(notes, indent=1)}) / "notes.json"
    assert confsite("import", "openreview", export, "--site", site).code == 0
    imported = entries(site)
    serving = imported["stoica2025serving"]
    assert serving["pdf"] == "https://openreview.net/pdf/abc123.pdf"
    assert serving["url"] == "https://openreview.net/forum?id=abc123"
    assert serving["abstract"] == r"We serve 100\% of requests \& more."
    assert serving["booktitle"] == "MLSys 2025" and serving["topics"] == "serving, LLM"  # the keywords, as topics
    assert "booktitle" not in imported["smith2024old"]
    assert build(site).code == 0
    page = html(site / "_site" / "papers" / "stoica2025serving" / "index.html").find("main").get_text(" ")
    assert "serving" in page and "LLM" in page  # shown on the paper's page


def test_easychair_and_cmt_csv(site):
    easychair = write_tree(site.parent, {"submission.csv": (
        "#,title,authors,submitted,keywords,decision,abstract,deleted?\n"
        '1,Learned Indexes,"Tim Kraska, Alex Beutel and Ed Chi",2024-01-01,"indexes\nlearning",accept,"Multi\nline",no\n'
        "2,Rejected One,Ann Lee,2024-01-01,x,reject,y,no\n")}) / "submission.csv"
    result = confsite("import", "easychair", easychair, "--site", site)
    assert result.code == 0, result.err
    assert "submission.csv:5: submission 2 skipped (decision: reject)" in result.out
    cmt = write_tree(site.parent, {"cmt.txt": (
        "Paper ID\tPaper Title\tAbstract\tAuthors\tTrack Name\tStatus\n"
        "12\tTiny Models\tSmall.\tGauri Joshi (CMU)*; Song Han (MIT)\tMain\tAccept\n")}) / "cmt.txt"
    assert confsite("import", "cmt", cmt, "--site", site).code == 0
    imported = entries(site)
    assert imported["kraskalearned"]["author"] == "Kraska, Tim and Beutel, Alex and Chi, Ed"
    assert imported["kraskalearned"]["topics"] == "indexes, learning"
    assert imported["joshitiny"]["author"] == "Joshi, Gauri and Han, Song"


def test_broken_exports_are_located(site, tmp_path):
    bad_json = write_tree(tmp_path, {"x.json": '[\n  {"pid": 1,\n  "title": }\n]\n'}) / "x.json"
    result = confsite("import", "hotcrp", bad_json, "--site", site)
    assert result.code == 1 and result.err.startswith(f"{bad_json}:3: error: not valid JSON")
    not_utf8 = write_tree(tmp_path, {"y.csv": b"UID,title,authors\nA,Caf\xe9,Ann\n"}) / "y.csv"
    result = confsite("import", "miniconf", not_utf8, "--site", site)
    assert result.code == 1 and result.err.startswith(f"{not_utf8}:2: error: the file is not UTF-8")
    multi = write_tree(tmp_path, {"z.csv": 'UID,title,authors,abstract\nA,T,Ann,"one\ntwo"\nB,,Bo,x\n'}) / "z.csv"
    result = confsite("import", "miniconf", multi, "--site", site)
    assert result.code == 1 and result.err.startswith(f"{multi}:4: error: the paper B has no title")
    assert confsite("import", "miniconf", tmp_path / "missing.csv", "--site", site).code == 2
    assert confsite("import", "nosuchformat", multi).code == 2
    assert "Traceback" not in result.err
