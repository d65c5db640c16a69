"""The program: sessions with papers and talks, session pages, calendar files and the checks on program.yaml."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import icalendar
import pytest
import yaml

from conftest import MINIMAL_SITE, build, html, write_tree

DATA = Path(__file__).parent / "data" / "acl2020"
UTC = dt.timezone.utc


def acl_site(root: Path, base_url: str = "https://acl2020.example.org/virtual/") -> Path:
    """A site made of real ACL 2020 data: its papers as BibTeX, its sessions 1A and 1B as the program."""
    rows = list(csv.DictReader((DATA / "main_papers.csv").open(encoding="utf-8")))
    bib = "".join(f"@inproceedings{{{row['UID']},\n  title = {{{row['title']}}},\n"
                  f"  author = {{{' and '.join(row['authors'].split('|'))}}},\n  booktitle = {{ACL 2020}},\n"
                  f"  year = 2020\n}}\n\n" for row in rows)
    sessions = yaml.safe_load((DATA / "main_paper_sessions.yml").read_text(encoding="utf-8"))
    program = "days:\n  - date: 2020-07-06\n    sessions:\n"
    for name, session in sorted(sessions.items()):
        start = session["date"].split("_")[1][:5]
        end = f"{int(start[:2]) + 1:02d}:00"
        program += (f"      - title: Session {name}\n        id: session-{name.lower()}\n        kind: papers\n"
                    f"        start: \"{start}\"\n        end: \"{end}\"\n        room: Zoom {name}\n        items:\n")
        program += "".join(f"          - paper: {key}\n" for key in session["papers"])
    return write_tree(root, {
        "site.yaml": f"name: ACL\nedition: ACL 2020\ntimezone: UTC\nbase_url: {base_url}\n"
                     "dates: {start: 2020-07-05, end: 2020-07-10}\n",
        "content/index.md": "---\ntitle: Home\nlayout: home\n---\n",
        "data/papers.bib": bib,
        "data/program.yaml": program,
    }), sessions, {row["UID"]: row["title"] for row in rows}


@pytest.fixture(scope="module")
def acl(tmp_path_factory):
    site, sessions, titles = acl_site(tmp_path_factory.mktemp("acl") / "site")
    result = build(site)
    assert result.code == 0, result.err
    return site / "_site", sessions, titles


def test_every_paper_of_a_session_is_on_its_page_and_the_paper_says_where(acl):
    out, sessions, titles = acl
    papers_page = html(out / "papers" / "index.html")
    for name, session in sessions.items():
        page = html(out / "program" / f"session-{name.lower()}" / "index.html")
        assert page.find("h1").get_text() == f"Session {name}"
        listed = [a.get_text(strip=True) for a in page.select(".session-talks .talk-title a")]
        assert listed == [titles[key] for key in session["papers"]]
        for key in session["papers"]:
            entry = papers_page.find("a", string=titles[key]).find_parent("li")
            presented = entry.select_one(".paper-session")
            assert presented.a.get_text() == f"Session {name}"
            assert presented.a["href"] == f"../program/session-{name.lower()}/"
            paper_page = html(out / "papers" / entry.find("a", string=titles[key])["href"] / "index.html")
            here = paper_page.select_one(".paper-session")
            assert here.a.get_text() == f"Session {name}" and "Zoom " + name in here.get_text()


def test_program_page_has_one_section_per_day_with_times(acl):
    out, _, _ = acl
    page = html(out / "program" / "index.html")
    days = page.select("section.program-day")
    assert [d.find("h2").get_text() for d in days] == ["Monday, July 6, 2020"]
    times = [t.get_text() for t in page.select(".session-time time")]
    assert times == ["05:00", "06:00", "06:00", "07:00"]


def test_calendar_files_parse_back_with_utc_times_uids_and_links(acl):
    out, _, _ = acl
    whole = icalendar.Calendar.from_ical((out / "program" / "program.ics").read_bytes())
    events = whole.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Session 1A", "Session 1B"]
    first = events[0]
    assert first.decoded("dtstart") == dt.datetime(2020, 7, 6, 5, 0, tzinfo=UTC)
    assert first.decoded("dtend") == dt.datetime(2020, 7, 6, 6, 0, tzinfo=UTC)
    assert str(first["uid"]) == "session-1a@acl2020.example.org"
    assert str(first["url"]) == "https://acl2020.example.org/virtual/program/session-1a/"
    assert str(first["location"]) == "Zoom 1A"
    one = icalendar.Calendar.from_ical((out / "program" / "session-1b" / "session-1b.ics").read_bytes())
    assert [str(e["uid"]) for e in one.walk("VEVENT")] == ["session-1b@acl2020.example.org"]


def test_the_program_calendar_is_what_icalendar_writes_for_the_same_events(acl):
    """Each session's entry is made once for both calendars; the whole calendar must still be icalendar's own."""
    out, _, _ = acl
    whole = icalendar.Calendar.from_ical((out / "program" / "program.ics").read_bytes())
    again = icalendar.Calendar()
    for name in ("prodid", "version", "calscale", "x-wr-calname"):
        again.add(name, str(whole[name]))
    for session in ("session-1a", "session-1b"):
        for event in icalendar.Calendar.from_ical((out / "program" / session / f"{session}.ics").read_bytes()).walk("VEVENT"):
            again.add_component(event)
    assert again.to_ical() == (out / "program" / "program.ics").read_bytes()


def test_long_lines_of_a_calendar_are_folded_where_icalendar_folds_them(tmp_path):
    """A piece of a folded line never ends inside a UTF-8 character nor after the backslash of an escape."""
    titles = {"escape": "a" * 61 + ", b", "accents": "x" + "é" * 40, "emoji": "x" + "😀" * 20,
              "long": "Caffè; naïve \\ résumé, " * 12}
    program = "days:\n  - date: 2030-06-01\n    sessions:\n" + "".join(
        f"      - {{title: {name}, start: \"{9 + i}:00\", end: \"{9 + i}:30\", items: [{{title: {title!r}}}]}}\n"
        for i, (name, title) in enumerate(titles.items()))
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "data/program.yaml": program})
    assert build(site).code == 0
    written = {name: (site / "_site" / "program" / name / f"{name}.ics").read_bytes() for name in titles}
    assert b"DESCRIPTION:" + b"a" * 61 + b"\r\n \\, b" in written["escape"]
    assert b"DESCRIPTION:x" + "é".encode() * 30 + "\r\n é".encode() in written["accents"]
    assert b"DESCRIPTION:x" + "😀".encode() * 15 + "\r\n 😀".encode() in written["emoji"]
    for name, ics in [*written.items(), ("program", (site / "_site" / "program" / "program.ics").read_bytes())]:
        assert icalendar.Calendar.from_ical(ics).to_ical() == ics, name
        assert max(len(line) for line in ics.split(b"\r\n")) <= 75, name


def test_times_are_conference_time_across_a_dst_change(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "site.yaml": "name: T\ntimezone: America/Los_Angeles\n",
                                          "data/program.yaml": "days:\n"
                                          "  - date: 2025-03-08\n    sessions:\n      - {title: Before, start: \"10:00\", end: \"11:00\"}\n"
                                          "  - date: 2025-03-10\n    sessions:\n      - {title: After, start: \"10:00\", end: \"11:00\"}\n"})
    assert build(site).code == 0
    events = icalendar.Calendar.from_ical((site / "_site" / "program" / "program.ics").read_bytes()).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [dt.datetime(2025, 3, 8, 18, 0, tzinfo=UTC),   # PST, UTC-8
                                                     dt.datetime(2025, 3, 10, 17, 0, tzinfo=UTC)]  # PDT, UTC-7


def test_a_site_without_a_program_has_no_program_page(site):
    assert build(site).code == 0
    assert not (site / "_site" / "program").exists()


def test_the_example_site_shows_the_published_keynotes():
    from conftest import REPO
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        assert build(REPO, "--out", Path(tmp) / "out").code == 0
        page = html(Path(tmp) / "out" / "program" / "index.html")
        sessions = [(s.select_one(".session-title").get_text(strip=True), [t.get_text() for t in s.select(".session-time time")])
                    for s in page.select("article.session")]
        assert sessions == [("Keynote: Soumith Chintala", ["09:30", "10:30"]), ("Keynote: Ion Stoica", ["10:30", "11:30"])]


PROGRAM_HEAD = "days:\n  - date: 2030-06-01\n    sessions:\n"
BAD_PROGRAMS = [
    ("unknown paper", "      - title: S\n        start: \"09:00\"\n        end: \"10:00\"\n        items:\n          - paper: smith2030\n",
     "data/program.yaml:8: error: there is no paper 'smith2030' in data/papers.bib\n    hint: did you mean 'smith2030a'?"),
    ("paper twice", "      - title: S\n        start: \"09:00\"\n        end: \"10:00\"\n        items:\n          - paper: smith2030a\n"
                    "      - title: T\n        start: \"11:00\"\n        end: \"12:00\"\n        items:\n          - paper: smith2030a\n",
     "data/program.yaml:13: error: the paper 'smith2030a' is already in the session 'S' (line 8)"),
    ("ends before it starts", "      - title: S\n        start: \"10:00\"\n        end: \"09:00\"\n",
     "data/program.yaml:6: error: the session 'S' ends at 09:00, not after it starts at 10:00"),
    ("one room twice", "      - {title: S, start: \"09:00\", end: \"10:30\", room: Hall A}\n"
                       "      - {title: T, start: \"10:00\", end: \"11:00\", room: hall a}\n",
     "data/program.yaml:5: error: 'T' starts in hall a at 10:00 while 'S' is still there (until 10:30)"),
    ("outside the conference", "      - {title: S, start: \"09:00\", end: \"10:00\"}\n  - date: 2030-06-05\n    sessions: []\n",
     "data/program.yaml:5: error: the day 2030-06-05 is outside the conference dates (2030-06-01 to 2030-06-02)"),
    ("not a time", "      - {title: S, start: \"25:00\", end: \"10:00\"}\n",
     "data/program.yaml:4:27: error: days[0].sessions[0].start: '25:00' is not a time of day"),
    ("paper and title", "      - title: S\n        start: \"09:00\"\n        end: \"10:00\"\n        items:\n          - {paper: smith2030a, title: X}\n",
     "data/program.yaml:8:13: error: days[0].sessions[0].items[0]: an item needs either 'paper: KEY'"),
    ("misspelled key", "      - {title: S, start: \"09:00\", end: \"10:00\", chiar: Ann}\n",
     "data/program.yaml:4:50: error: unknown key 'chiar'\n    hint: did you mean 'chair'?"),
    ("same id twice", "      - {title: S, id: s, start: \"09:00\", end: \"10:00\"}\n      - {title: T, id: s, start: \"11:00\", end: \"12:00\"}\n",
     "data/program.yaml:5: error: the session id 's' is also used at line 4"),
]


@pytest.mark.parametrize("body,expected", [c[1:] for c in BAD_PROGRAMS], ids=[c[0] for c in BAD_PROGRAMS])
def test_program_errors_name_the_line_and_the_fix(tmp_path, body, expected):
    site = write_tree(tmp_path / "site", {
        **MINIMAL_SITE,
        "site.yaml": "name: T\ndates: {start: 2030-06-01, end: 2030-06-02}\n",
        "data/papers.bib": "@article{smith2030a, title={A}, author={Smith, Ann}}\n",
        "data/program.yaml": PROGRAM_HEAD + body,
    })
    result = build(site)
    assert result.code == 1
    assert result.err.startswith(expected), result.err
    assert "Traceback" not in result.err
