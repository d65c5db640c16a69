"""schedule.xml and schedule.json as conference apps read them, and every calendar file as ical.js and icalendar
read them."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import jsonschema
import pytest

from big_program import write_big_program
from conftest import MINIMAL_SITE, REPO, build, html, write_tree

DATA = Path(__file__).parent / "data" / "schedule"
ICAL_JS = REPO / "node_modules" / "ical.js" / "dist" / "ical.js"


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    site = write_big_program(tmp_path_factory.mktemp("big") / "site")
    result = build(site)
    assert result.code == 0, result.err
    return site


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("example") / "out"
    result = build(REPO, "--out", out)
    assert result.code == 0, result.err
    return out


def _formats() -> jsonschema.FormatChecker:
    """The schema's formats checked for real (jsonschema checks date-time, uuid and uri only with extra packages)."""
    checker = jsonschema.FormatChecker()
    checker.checks("date", raises=ValueError)(lambda value: bool(dt.date.fromisoformat(value)))
    checker.checks("date-time", raises=ValueError)(
        lambda value: dt.datetime.fromisoformat(value).tzinfo is not None)
    checker.checks("uuid", raises=ValueError)(lambda value: bool(uuid.UUID(value)))
    checker.checks("uri")(lambda value: bool(urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc))
    return checker


def validate_json(path: Path) -> dict:
    """schedule.json checked against the c3voc JSON schema; returns the document."""
    document = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))
    errors = [f"{e.json_path}: {e.message}" for e in
              jsonschema.Draft6Validator(schema, format_checker=_formats()).iter_errors(document)]
    assert errors == []
    return document


def validate_xml(path: Path) -> None:
    """schedule.xml checked against the c3voc XSD by xmllint (libxml2)."""
    assert shutil.which("xmllint"), "xmllint is missing: `make test` installs it (Debian libxml2-utils)"
    result = subprocess.run(["xmllint", "--noout", "--schema", str(DATA / "schedule.xml.xsd"), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def events(document: dict) -> list[dict]:
    return [event for day in document["schedule"]["conference"]["days"] for room in day["rooms"].values()
            for event in room]


def test_both_files_validate_and_hold_every_session_and_talk(big):
    out = big / "_site" / "program"
    validate_xml(out / "schedule.xml")
    document = validate_json(out / "schedule.json")
    conference = document["schedule"]["conference"]
    assert (conference["acronym"], conference["title"], conference["daysCount"]) == ("bigconf_2031", "BigConf 2031", 3)
    assert (conference["start"], conference["end"], conference["time_zone_name"]) == ("2031-06-02", "2031-06-04",
                                                                                       "Europe/Lisbon")
    assert [day["date"] for day in conference["days"]] == ["2031-06-02", "2031-06-03", "2031-06-04"]
    assert len(conference["rooms"]) == 10  # Rooms A to H, the Main Hall, and the venue for the breaks
    found = events(document)
    sessions, talks = [e for e in found if "#" not in e["url"] and "/papers/" not in e["url"]], \
        [e for e in found if "/papers/" in e["url"]]
    assert len(talks) == 397  # every paper presented, as a talk of its session
    assert len(sessions) == 3 * (8 * 4 + 5)  # the paper sessions, keynotes and breaks of each day
    keynote = next(e for e in found if e["title"] == "Keynote 1")
    assert keynote["subtitle"] == "The next 1 years of systems" and keynote["persons"][0]["name"] == "Ana Abe"
    assert keynote["date"] == "2031-06-02T09:00:00+01:00" and keynote["duration"] == "01:00"
    xml = (out / "schedule.xml").read_text(encoding="utf-8")
    assert xml.count("<event ") == len(found) and all(f'guid="{e["guid"]}"' in xml for e in found)


def test_a_paper_is_a_talk_with_its_authors_as_persons(big):
    document = json.loads((big / "_site" / "program" / "schedule.json").read_text(encoding="utf-8"))
    page = html(big / "_site" / "program" / "d1-compilers-1" / "index.html")
    first = page.select_one(".session-talks .talk-title a")
    authors = page.select_one(".session-talks .talk-people").get_text().split(", ")
    talk = next(e for e in events(document) if e["title"] == first.get_text())
    assert talk["subtitle"] == "Compilers 1" and talk["track"] == "Compilers" and talk["room"] == "Room B"
    assert [p["name"] for p in talk["persons"]] == authors
    assert talk["type"] == "paper" and talk["url"].startswith("https://big.example.org/papers/")
    assert talk["date"] == "2031-06-02T10:30:00+01:00" and talk["duration"] == "01:30"  # its session's time


def test_guids_and_ids_stay_when_the_program_changes(tmp_path, big):
    before = {e["slug"]: (e["guid"], e["id"]) for e in events(json.loads(
        (big / "_site" / "program" / "schedule.json").read_text(encoding="utf-8")))}
    copy = tmp_path / "site"
    shutil.copytree(big, copy, ignore=shutil.ignore_patterns("_site"))
    program = copy / "data" / "program.yaml"
    program.write_text(program.read_text(encoding="utf-8").replace(
        "    sessions:\n", "    sessions:\n      - {title: Early yoga, id: yoga, kind: social, start: \"07:30\", "
                          "end: \"08:15\", room: Garden}\n", 1), encoding="utf-8")
    assert build(copy).code == 0
    after = {e["slug"]: (e["guid"], e["id"]) for e in events(json.loads(
        (copy / "_site" / "program" / "schedule.json").read_text(encoding="utf-8")))}
    assert set(after) - set(before) == {"bigconf_2031-yoga"}
    assert all(after[slug] == value for slug, value in before.items())
    assert (copy / "_site" / "program" / "schedule.xml").read_bytes() != (big / "_site" / "program" /
                                                                          "schedule.xml").read_bytes()


def test_the_example_site_validates_and_the_program_page_links_both(example):
    validate_xml(example / "program" / "schedule.xml")
    document = validate_json(example / "program" / "schedule.json")
    assert [e["title"] for e in events(document)] == ["Keynote: Soumith Chintala", "Keynote: Ion Stoica"]
    assert document["schedule"]["base_url"] == "https://mlsys.org/"
    page = html(example / "program" / "index.html")
    apps = page.select_one(".program-apps")
    assert [a["href"] for a in apps.find_all("a")] == ["schedule.xml", "schedule.json"]
    assert all(name in apps.get_text() for name in ("Giggity", "ConfClerk", "EventFahrplan"))


def test_a_site_without_a_public_address_still_validates(tmp_path):
    site = write_tree(tmp_path / "site", {
        **MINIMAL_SITE,
        "content/program.md": "---\ntitle: Program\nlayout: program\n---\n",
        "data/program.yaml": "days:\n  - date: 2030-06-03\n    sessions:\n      - {title: Opening & <welcome>, "
                             "start: \"09:00\", end: \"09:30\", items: [{title: \"A\\u0007b\", speakers: [Ann]}]}\n"
                             "      - {title: Lunch, id: ab, kind: break, start: \"12:00\", end: \"13:00\"}\n",
    })
    assert build(site).code == 0
    out = site / "_site" / "program"
    validate_xml(out / "schedule.xml")
    document = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    schema = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft6Validator(schema).validate(document)  # its addresses are paths: no http(s) URIs to check
    assert [e["url"] for e in events(document)] == ["/program/opening-welcome/", "/program/ab/"]
    assert [e["slug"] for e in events(document)] == ["testconf_2030-opening-welcome", "testconf_2030-event-ab"]
    assert "<title>Opening &amp; &lt;welcome&gt;</title>" in (out / "schedule.xml").read_text(encoding="utf-8")


# Calendar files ----------------------------------------------------------------------------------------------

_READ_WITH_ICAL_JS = """
import ICAL from %s;
import { readFileSync } from "node:fs";
const out = {};
for (const file of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  out[file] = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return { uid: event.uid, start: event.startDate.toString(), end: component.hasProperty("dtend")
      ? event.endDate.toString() : null, summary: event.summary };
  });
}
console.log(JSON.stringify(out));
"""


def read_with_ical_js(files: list[Path], tmp_path: Path) -> dict:
    """{file: [its events as ical.js reads them]}: ical.js throws on a file it cannot parse."""
    assert ICAL_JS.is_file(), "ical.js is missing: `make test` installs it (npm ci)"
    script = tmp_path / "read.mjs"
    script.write_text(_READ_WITH_ICAL_JS % json.dumps(ICAL_JS.as_uri()), encoding="utf-8")
    result = subprocess.run(["node", str(script), *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_calendar_file_reads_in_ical_js_and_icalendar(example, big, tmp_path):
    files = sorted(example.rglob("*.ics")) + sorted((big / "_site").rglob("*.ics"))[:50]
    assert len(files) > 20
    read = read_with_ical_js(files, tmp_path)
    for file in files:
        calendar = icalendar.Calendar.from_ical(file.read_bytes())
        python = calendar.walk("VEVENT")
        assert [e["uid"] for e in read[str(file)]] == [str(e["UID"]) for e in python], file
        for event in read[str(file)]:
            assert event["end"] is None or event["end"] > event["start"], (file, event)  # RFC 5545 3.8.2.2


def test_a_deadline_is_an_instant_without_dtend(example, tmp_path):
    dates = example / "dates.ics"
    read = {e["uid"]: e for e in read_with_ical_js([dates], tmp_path)[str(dates)]}
    deadline = read["sysml-2019-papers-paper-deadline@mlsys.org"]
    assert deadline["end"] is None and deadline["start"].endswith("Z")
    event = next(e for e in icalendar.Calendar.from_ical(dates.read_bytes()).walk("VEVENT")
                 if str(e["UID"]) == "sysml-2019-papers-paper-deadline@mlsys.org")
    assert "DTEND" not in event and isinstance(event.decoded("DTSTART"), dt.datetime)
    conference = next(e for e in read.values() if e["end"] and len(e["start"]) == 10)  # a whole-day entry keeps one
    assert conference["end"] > conference["start"]
