"""`confsite import pretalx|frab`: a schedule export becomes data/program.yaml that builds, in the conference's
time zone, with located errors, nothing written on a bad event, and re-imports that keep what was added by hand."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL_SITE, build, confsite, html, write_tree

DATA = Path(__file__).parent / "data" / "schedule"
PAGES = {"content/program.md": "---\ntitle: Program\nlayout: program\n---\n"}


def program(site: Path) -> dict:
    return yaml.safe_load((site / "data" / "program.yaml").read_text(encoding="utf-8"))


def sessions(site: Path) -> dict:
    return {s["id"]: dict(s, date=str(day["date"])) for day in program(site)["days"] for s in day["sessions"]}


@pytest.fixture
def site(tmp_path):
    return write_tree(tmp_path / "site", {**MINIMAL_SITE, **PAGES})


def test_the_real_pretalx_export_imports_and_builds(site):
    result = confsite("import", "pretalx", DATA / "pretalx-rc3.json", "--site", site)
    assert result.code == 0, result.err
    assert result.out.strip().endswith("imported 48 events into data/program.yaml: 48 new, 0 updated, 0 unchanged")
    found = sessions(site)
    talk = found["mja8qy"]  # pretalx's code of the talk: the same in the next export
    assert (talk["date"], talk["start"], talk["end"]) == ("2020-12-27", "11:30", "12:10")  # +01:00 = Berlin time
    assert talk["room"] == "r3s - Monheim/Rhein" and talk["track"] == "MON r3s Rhein VHS"
    assert talk["items"][0]["speakers"] == ["Chris Fiege", "Kasa"]
    assert talk["items"][0]["abstract"].startswith("Eine wichtige Komponente von Freifunk")
    assert {s["kind"] for s in found.values()} == {"talks", "workshop"}
    built = build(site)
    assert built.code == 0, built.err
    page = html(site / "_site" / "program" / "mja8qy" / "index.html")
    assert page.find("h1").get_text() == "Der faule Admin automatisiert: Gluon auf echter Hardware testen"
    assert page.select_one(".talk-people").get_text() == "Chris Fiege, Kasa"


def test_times_move_into_the_conference_time_zone(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, **PAGES, "site.yaml": "name: X\ntimezone: America/New_York\n"})
    result = confsite("import", "frab", DATA / "frab-camp2019.json", "--site", site, "--skip-bad")
    assert result.code == 0, result.err
    assert "note: times moved from the export's time zone (Europe/Berlin) to the conference's (America/New_York)" \
        in result.out
    opening = sessions(site)["event-10386"]  # 11:00 in Berlin (CEST) is 05:00 in New York (EDT)
    assert (opening["date"], opening["start"], opening["end"]) == ("2019-08-21", "05:00", "05:30")


def test_an_unusable_event_is_located_and_nothing_is_written(site):
    result = confsite("import", "frab", DATA / "frab-camp2019.json", "--site", site)
    assert result.code == 1
    assert result.err.startswith(
        f"{DATA / 'frab-camp2019.json'}: schedule.conference.days[1].rooms[\"Meitner\"][8]: error: the event "
        "'Achtung, Datenpannen!' runs past midnight (2019-08-22 23:00 to 2019-08-23 00:30, Europe/Berlin)")
    assert "was not changed (fix them, or pass --skip-bad to import the others)" in result.err
    assert not (site / "data" / "program.yaml").exists()
    skipped = confsite("import", "frab", DATA / "frab-camp2019.json", "--site", site, "--skip-bad")
    assert skipped.code == 0 and "warning: the event 'Achtung, Datenpannen!' runs past midnight" in skipped.err
    assert skipped.out.strip().endswith("imported 78 events into data/program.yaml: 78 new, 0 updated, 0 unchanged")
    built = build(site)
    assert built.code == 0, built.err
    assert (site / "_site" / "program" / "event-10386" / "index.html").is_file()
    abstract = sessions(site)["event-10186"]["items"][0]["abstract"]  # frab's HTML, as the text the pages show
    assert abstract.startswith("spispy (https://github.com/osresearch/spispy) is an open source hardware tool")


BROKEN_XML = """<?xml version="1.0"?>
<schedule>
  <version>1</version>
  <conference><acronym>test</acronym><title>Test</title><time_zone_name>Europe/Berlin</time_zone_name></conference>
  <day index="1" date="2030-06-03" start="2030-06-03T09:00:00+02:00" end="2030-06-03T18:00:00+02:00">
    <room name="Hall">
      <event guid="c3642671-4c1f-5109-81ba-0535c1cc8428" id="1">
        <date>2030-06-03T09:00:00+02:00</date><start>09:00</start><duration>00:45</duration>
        <room>Hall</room><title>Opening</title><type>lecture</type><abstract/><track/>
        <persons><person id="1">Ann Lee</person></persons>
      </event>
      <event guid="c3642671-4c1f-5109-81ba-0535c1cc8429" id="2">
        <start>10:00</start><duration>ten minutes</duration>
        <room>Hall</room><title>Broken</title><type>lecture</type><abstract/><track/>
      </event>
      <event guid="c3642671-4c1f-5109-81ba-0535c1cc8430" id="3">
        <start>09:30</start><duration>00:30</duration>
        <room>Hall</room><title>Clash</title><type>workshop</type><abstract/><track/>
      </event>
    </room>
  </day>
</schedule>
"""


def test_an_xml_export_gives_file_and_line(site, tmp_path):
    export = write_tree(tmp_path, {"schedule.xml": BROKEN_XML}) / "schedule.xml"
    result = confsite("import", "frab", export, "--site", site)
    assert result.code == 1
    assert f"{export}:12: error: the event 'Broken' has no usable length: duration 'ten minutes'" in result.err
    assert f"{export}:16: error: the event 'Clash' starts in Hall at 09:30 while 'Opening' is still there" in result.err
    assert not (site / "data" / "program.yaml").exists()
    assert confsite("import", "frab", export, "--site", site, "--skip-bad").code == 0
    assert [(s["title"], s["start"], s["end"]) for s in sessions(site).values()] == [("Opening", "09:00", "09:45")]
    broken = write_tree(tmp_path, {"bad.xml": "<schedule>\n  <day>\n</schedule>\n"}) / "bad.xml"
    result = confsite("import", "frab", broken, "--site", site)
    assert result.code == 1 and result.err.startswith(f"{broken}:3: error: not well-formed XML: mismatched tag")
    other = write_tree(tmp_path, {"other.json": json.dumps({"papers": []})}) / "other.json"
    result = confsite("import", "pretalx", other, "--site", site)
    assert result.code == 1 and "there is no schedule.conference.days list" in result.err
    assert "Traceback" not in result.err


def test_our_own_schedule_xml_imports_back_to_the_same_program(site, tmp_path):
    assert confsite("import", "pretalx", DATA / "pretalx-rc3.json", "--site", site).code == 0
    base = write_tree(site, {"site.yaml": MINIMAL_SITE["site.yaml"] + "base_url: https://rc3.example.org/\n"})
    assert build(base).code == 0
    again = write_tree(tmp_path / "again", {**MINIMAL_SITE, **PAGES})
    result = confsite("import", "pretalx", site / "_site" / "program" / "schedule.xml", "--site", again)
    assert result.code == 0, result.err

    def shown(found):
        return sorted((s["date"], s["start"], s["end"], s.get("room"), s.get("track"), s["title"], s["kind"],
                       tuple(s["items"][0].get("speakers", []))) for s in found.values())
    assert shown(sessions(again)) == shown(sessions(site))


def test_a_second_import_updates_in_place_and_keeps_what_was_added_by_hand(site, tmp_path):
    export = json.loads((DATA / "pretalx-rc3.json").read_text(encoding="utf-8"))
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    assert confsite("import", "pretalx", path, "--site", site).code == 0
    file = site / "data" / "program.yaml"
    text = file.read_text(encoding="utf-8")
    # by hand: a comment, a chair, a slides link, a second talk, and a session of one's own on a new day
    text = text.replace("days:\n", "# Rooms as streamed by the channels.\ndays:\n", 1)
    text = text.replace("      - title: 'Der faule Admin automatisiert: Gluon auf echter Hardware testen'\n"
                        "        id: mja8qy\n",
                        "      - title: 'Der faule Admin automatisiert: Gluon auf echter Hardware testen'\n"
                        "        id: mja8qy\n        chair: Rosa Rossi\n", 1)
    text = text.replace("            url: https://pretalx.rc3.studio/rc3-channels-2020/talk/MJA8QY/\n",
                        "            url: https://pretalx.rc3.studio/rc3-channels-2020/talk/MJA8QY/\n"
                        "          - {title: Questions and answers, speakers: [Kasa]}\n", 1)
    text += "  - date: 2020-12-31\n    sessions:\n      - {title: Farewell, id: farewell, start: \"18:00\", end: \"19:00\"}\n"
    file.write_text(text, encoding="utf-8")
    same = confsite("import", "pretalx", path, "--site", site)
    assert same.out.strip().endswith("0 new, 0 updated, 48 unchanged; 1 other session kept as they were")
    assert file.read_text(encoding="utf-8") == text  # nothing to change: the file is not even rewritten
    # the next export: a talk renamed and moved an hour later, another one gone, a new one
    days = export["schedule"]["conference"]["days"]
    room = days[0]["rooms"]["r3s - Monheim/Rhein"]
    room[0]["title"], room[0]["date"] = "Gluon auf echter Hardware testen", "2020-12-27T12:00:00+01:00"
    gone = room.pop(1)
    room.append(dict(gone, guid="c3642671-4c1f-5109-81ba-0535c1cc0000", id=999, slug="NEWONE", title="New talk",
                     date="2020-12-27T23:00:00+01:00", duration="00:30"))
    path.write_text(json.dumps(export), encoding="utf-8")
    result = confsite("import", "pretalx", path, "--site", site)
    assert result.code == 0, result.err
    assert result.out.strip().endswith("1 new, 1 updated, 46 unchanged; 2 other sessions kept as they were")
    updated = file.read_text(encoding="utf-8")
    assert updated.startswith("# Imported from schedule.json (pretalx)") and "# Rooms as streamed" in updated
    found = sessions(site)
    renamed = found["mja8qy"]
    assert (renamed["title"], renamed["start"], renamed["end"], renamed["chair"]) == \
        ("Gluon auf echter Hardware testen", "12:00", "12:40", "Rosa Rossi")
    assert [item["title"] for item in renamed["items"]] == ["Gluon auf echter Hardware testen", "Questions and answers"]
    assert found["farewell"]["date"] == "2020-12-31" and found["newone"]["start"] == "23:00"
    assert gone["slug"].lower() in found  # no longer in the export, kept: it may have been moved there by hand
    assert build(site).code == 0
    room[0]["date"] = "2020-12-27T12:30:00+01:00"  # now in the way of the session that the export no longer has
    path.write_text(json.dumps(export), encoding="utf-8")
    result = confsite("import", "pretalx", path, "--site", site)
    assert result.code == 0 and "data/program.yaml: warning: the session 'Ethical Hackers + Investigative Journos... " \
        f"GAME OVER?' (id {gone['slug'].lower()}) is not in the export and is in r3s - Monheim/Rhein while " \
        "'Gluon auf echter Hardware testen' is" in result.err


CALENDAR = [  # as Mini-Conf's main_calendar.json writes events (ICLR 2020's, shortened)
    {"title": "Poster Day 1 Session 2 (P1S2)", "start": "2020-04-27T08:00:00+00:00", "end": "2020-04-27T10:00:00+00:00",
     "link": "https://iclr.cc/virtual/papers.html?session=Mon+Session+2&filter=keywords", "calendarId": "---"},
    {"title": "Live Q&A: Leslie Kaelbling", "start": "2020-04-27T19:00:00+00:00", "end": "2020-04-27T19:30:00+00:00",
     "link": "https://iclr.cc/virtual/speaker_2.html", "calendarId": "qa"},
    {"title": "Poster Day 1 Session 1 (P1S1)", "start": "2020-04-27T05:00:00+00:00", "end": "2020-04-27T07:00:00+00:00",
     "link": "papers.html?session=Mon+Session+1&filter=keywords", "calendarId": "---"},
    {"title": "QueerInAI Social", "start": "2020-04-27T18:00:00+00:00", "end": "2020-04-27T20:00:00+00:00",
     "link": None, "calendarId": "---"},
    {"title": "ICLR Town", "start": "2020-04-29T22:00:00+00:00", "end": "2020-04-30T01:00:00+00:00", "link": None},
    {"title": "QueerInAI Social", "start": "2020-04-29T10:00:00+00:00", "end": "2020-04-29T12:00:00+00:00"},
]
MINICONF_PAPERS = ("UID,title,authors,abstract,keywords,sessions\n"
                   "A1,Spiking Networks,Nitin Rathi|Kaushik Roy,Spikes.,snn,Mon Session 1|Tues Session 1\n"
                   "B2,Sparse Training,Junjie Liu,Sparse.,pruning,Mon Session 2\n"
                   "C3,Dense Training,Zhe Xu,Dense.,,Mon Session 2\n")


def test_a_miniconf_calendar_imports_with_the_papers_of_its_poster_sessions(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, **PAGES, "site.yaml": "name: ICLR\ntimezone: UTC\n"})
    export = write_tree(tmp_path, {"main_calendar.json": json.dumps(CALENDAR), "papers.csv": MINICONF_PAPERS})
    assert confsite("import", "miniconf", export / "papers.csv", "--site", site, "--year", "2020").code == 0
    calendar = export / "main_calendar.json"
    refused = confsite("import", "miniconf-calendar", calendar, "--site", site)
    assert refused.code == 1 and not (site / "data" / "program.yaml").exists()
    assert f"{calendar}: [4]: error: the event 'ICLR Town' runs past midnight" in refused.err
    result = confsite("import", "miniconf-calendar", calendar, "--site", site, "--skip-bad")
    assert result.code == 0, result.err
    assert "imported 5 events into data/program.yaml: 5 new" in result.out
    found = sessions(site)
    assert list(found) == ["poster-day-1-session-1-p1s1", "poster-day-1-session-2-p1s2", "queerinai-social",
                           "live-q-a-leslie-kaelbling", "queerinai-social-2"]  # in time order; a title twice gets -2
    assert found["poster-day-1-session-1-p1s1"]["items"] == [{"paper": "rathi2020spiking"}]
    assert found["poster-day-1-session-2-p1s2"]["items"] == [{"paper": "liu2020sparse"}, {"paper": "xu2020dense"}]
    assert "items" not in found["live-q-a-leslie-kaelbling"]  # an event is its session: no talk repeating its title
    assert [found[key]["kind"] for key in found] == ["posters", "posters", "social", "talks", "social"]
    assert (found["queerinai-social-2"]["date"], found["queerinai-social-2"]["start"]) == ("2020-04-29", "10:00")
    assert build(site).code == 0
    page = html(site / "_site" / "program" / "poster-day-1-session-2-p1s2" / "index.html")
    assert [a.get_text() for a in page.select(".talk-title a")] == ["Sparse Training", "Dense Training"]
    again = confsite("import", "miniconf-calendar", calendar, "--site", site, "--skip-bad")
    assert again.out.strip().endswith("0 new, 0 updated, 5 unchanged")


def test_a_paper_of_two_poster_sessions_is_presented_in_the_first(tmp_path):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, **PAGES, "site.yaml": "name: ICLR\ntimezone: UTC\n"})
    two = [dict(CALENDAR[2]), dict(CALENDAR[2], title="Poster Day 2 Session 1 (P2S1)", start="2020-04-28T05:00:00+00:00",
                                    end="2020-04-28T07:00:00+00:00", link="papers.html?session=Tues+Session+1")]
    export = write_tree(tmp_path, {"calendar.json": json.dumps(two), "papers.csv": MINICONF_PAPERS})
    assert confsite("import", "miniconf", export / "papers.csv", "--site", site, "--year", "2020").code == 0
    result = confsite("import", "miniconf-calendar", export / "calendar.json", "--site", site)
    assert result.code == 0, result.err
    assert ("note: the paper rathi2020spiking is also listed in 'Poster Day 2 Session 1 (P2S1)'; data/program.yaml "
            "presents it in 'Poster Day 1 Session 1 (P1S1)' (a paper has one session)") in result.out
    assert "items" not in sessions(site)["poster-day-2-session-1-p2s1"]
    not_a_calendar = write_tree(tmp_path, {"other.json": json.dumps({"papers": []})}) / "other.json"
    refused = confsite("import", "miniconf-calendar", not_a_calendar, "--site", site)
    assert refused.code == 1 and "this is not Mini-Conf's main_calendar.json" in refused.err
    assert "(main_calendar.json)?" in refused.err and "Traceback" not in refused.err
