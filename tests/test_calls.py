"""Calls and important dates as a visitor sees them: pages, passed states, the submission button, the calendar."""
from __future__ import annotations

import json

import icalendar
import pytest

from conftest import MINIMAL_SITE, build, confsite, html, snapshot, write_tree

SITE_YAML = """name: TestConf
edition: TestConf 2030
timezone: Europe/Berlin
dates:
  start: 2030-09-02
  end: 2030-09-04
venue:
  name: Kongresshaus
  city: Berlin
  country: Germany
"""

CALLS_YAML = """calls:
  - id: papers
    title: TestConf 2030 call for papers
    edition: TestConf 2030
    summary: Papers <b>welcome</b>.
    page: content/cfp.md
    timezone: America/Los_Angeles
    topics: [Compilers, "Hardware <&> ML"]
    closes: paper
    submission:
      url: https://submit.example.org/testconf2030
      label: Submit a paper
      instructions: Use the **template**.
    dates:
      - id: abstract
        label: Abstract deadline
        date: 2030-03-08 12:00
      - id: paper
        label: Paper deadline
        date: 2030-03-15
        extended: 2030-03-22
      - label: Notification
        date: 2030-05-01
        deadline: false
  - id: artifacts
    title: TestConf 2030 artifact evaluation
    timezone: AoE
    dates:
      - label: Artifact deadline
        date: 2030-06-01
      - label: Camera ready
        tba: true
dates:
  - label: Registration opens
    date: 2030-04-01 09:00
    deadline: false
"""

CALLS_SITE = {
    **MINIMAL_SITE,
    "site.yaml": SITE_YAML,
    "data/calls.yaml": CALLS_YAML,
    "content/cfp.md": "---\ntitle: Call for Papers\nnav_order: 3\n---\nWe invite **papers**.\n",
}

BEFORE_PAPER_DEADLINE = "2030-03-10T00:00:00Z"
AFTER_PAPER_DEADLINE = "2030-03-24T00:00:00Z"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site built twice: while the paper call is open, and after its (extended) deadline."""
    root = tmp_path_factory.mktemp("calls")
    site = write_tree(root / "site", CALLS_SITE)
    outs = {}
    for name, now in (("open", BEFORE_PAPER_DEADLINE), ("closed", AFTER_PAPER_DEADLINE)):
        outs[name] = root / name
        result = build(site, "--out", outs[name], "--now", now)
        assert result.code == 0, result.err
    return outs


def _row(page, anchor):
    return page.find("tr", id=anchor)


def test_the_call_page_shows_its_text_topics_dates_and_instructions(built):
    page = html(built["open"] / "cfp" / "index.html")
    assert page.h1.get_text() == "Call for Papers"
    assert page.find("strong", string="papers")  # the Markdown body of content/cfp.md
    assert [li.get_text() for li in page.select(".cs-topics li")] == ["Compilers", "Hardware <&> ML"]
    assert "<&>" not in str(page.select_one(".cs-topics"))  # escaped in the HTML source
    rows = page.select("table.cs-dates tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == ["Abstract deadline", "Paper deadline", "Notification"]
    assert page.find("strong", string="template")  # submission instructions are Markdown
    assert len(page.find_all("h1")) == 1


def test_times_show_in_the_declared_zone_and_utc_across_a_dst_change(built):
    page = html(built["open"] / "cfp" / "index.html")
    abstract = _row(page, "papers-abstract")
    assert abstract.select_one(".cs-declared").get_text(strip=True) == "Fri 8 Mar 2030, 12:00 PST"
    assert abstract.select_one(".cs-utc").get_text(strip=True) == "Fri 8 Mar 2030, 20:00 UTC"
    assert abstract.select_one("time")["datetime"] == "2030-03-08T20:00:00Z"
    paper = _row(page, "papers-paper")  # a day without a time: 23:59:59, after the switch to summer time
    assert paper.select_one(".cs-declared").get_text(strip=True) == "Fri 22 Mar 2030, 23:59:59 PDT"
    assert paper.select_one(".cs-utc").get_text(strip=True) == "Sat 23 Mar 2030, 06:59:59 UTC"


def test_an_extended_deadline_shows_the_new_date_and_the_old_one_struck_through(built):
    paper = _row(html(built["open"] / "cfp" / "index.html"), "papers-paper")
    assert paper.select_one(".cs-previous del").get_text() == "Fri 15 Mar 2030, 23:59:59 PDT"
    assert "extended from" in paper.select_one(".cs-previous").get_text()


def test_aoe_dates_and_tba_dates(built):
    page = html(built["open"] / "dates" / "index.html")
    artifact = _row(page, "artifacts-artifact-deadline")
    assert artifact.select_one(".cs-declared").get_text(strip=True) == "Sat 1 Jun 2030, 23:59:59 AoE"
    assert artifact.select_one(".cs-utc").get_text(strip=True) == "Sun 2 Jun 2030, 11:59:59 UTC"
    tba = _row(page, "artifacts-camera-ready")
    assert tba.select_one(".cs-tba").get_text() == "To be announced"
    assert tba.select_one('a[href$=".ics"]') is None


def test_a_notification_day_is_shown_as_that_day(built):
    row = _row(html(built["open"] / "dates" / "index.html"), "papers-notification")
    assert row.select_one(".cs-declared").get_text(strip=True) == "Wed 1 May 2030"
    assert row.select_one("time")["datetime"] == "2030-05-01"
    assert row.select_one(".cs-utc") is None


def test_passed_dates_are_marked_as_of_now(built):
    before = html(built["open"] / "dates" / "index.html")
    after = html(built["closed"] / "dates" / "index.html")
    assert "is-passed" in _row(before, "papers-abstract")["class"]
    assert "is-passed" not in _row(before, "papers-paper")["class"]
    assert _row(before, "papers-paper").select_one(".cs-status").get_text() == "Upcoming"
    assert "is-passed" in _row(after, "papers-paper")["class"]
    assert _row(after, "papers-paper").select_one(".cs-status").get_text() == "Passed"
    assert _row(after, "papers-paper")["data-ends"] == "2030-03-23T06:59:59Z"


def test_the_submission_button_shows_only_while_the_call_is_open(built):
    open_page = html(built["open"] / "cfp" / "index.html")
    button = open_page.select_one("a.cs-submit")
    assert button["href"] == "https://submit.example.org/testconf2030"
    assert button.get_text() == "Submit a paper"
    assert open_page.select_one("[data-closes]")["data-closes"] == "2030-03-23T06:59:59Z"
    closed_page = html(built["closed"] / "cfp" / "index.html")
    assert closed_page.select_one("a.cs-submit") is None
    assert "Submissions are closed" in closed_page.select_one(".cs-state").get_text()


def test_the_overview_lists_every_call_with_its_state(built):
    for name, states in (("open", ["Open", "Open"]), ("closed", ["Closed", "Open"])):
        page = html(built[name] / "calls" / "index.html")
        calls = page.select("li.cs-call")
        assert [c.h3.get_text(strip=True) for c in calls] == ["TestConf 2030 call for papers",
                                                               "TestConf 2030 artifact evaluation"]
        assert [c.select_one(".cs-badge").get_text() for c in calls] == states
        assert calls[0].a["href"] == "../cfp/"
        assert calls[1].a["href"] == "artifacts/"


def test_a_call_without_a_page_gets_one_from_the_data(built):
    page = html(built["open"] / "calls" / "artifacts" / "index.html")
    assert page.h1.get_text() == "TestConf 2030 artifact evaluation"
    assert page.select_one("a.cs-submit") is None  # open, but no submission address


def test_the_dates_table_lists_every_date_in_time_order_with_its_call(built):
    page = html(built["open"] / "dates" / "index.html")
    rows = page.select("table.cs-dates tbody tr")
    assert [r["id"] for r in rows] == ["papers-abstract", "papers-paper", "registration-opens", "papers-notification",
                                       "artifacts-artifact-deadline", "conference", "artifacts-camera-ready"]
    registration = _row(page, "registration-opens")  # conference-wide, in site.yaml's zone
    assert registration.select_one(".cs-declared").get_text(strip=True) == "Mon 1 Apr 2030, 09:00 CEST"
    assert _row(page, "papers-paper").find("a", string="TestConf 2030 call for papers")["href"] == "../cfp/"
    conference = _row(page, "conference")
    assert conference.th.get_text(strip=True) == "TestConf 2030 conference"
    assert " ".join(conference.select_one(".cs-declared").get_text().split()) == "Mon 2 Sep 2030 – Wed 4 Sep 2030"


def test_the_next_deadline_is_named_without_javascript(built):
    page = html(built["open"] / "dates" / "index.html")
    countdown = page.select_one("[data-countdown]")
    assert countdown.select_one(".cs-next-text").get_text() == (
        "Next deadline: Paper deadline (TestConf 2030), Fri 22 Mar 2030, 23:59:59 PDT")
    assert countdown.a["href"] == "./#papers-paper"
    assert json.loads(countdown["data-deadlines"]) == [
        {"at": "2030-03-23T06:59:59Z", "label": "Paper deadline (TestConf 2030)"},
        {"at": "2030-06-02T11:59:59Z", "label": "Artifact deadline"}]


def test_internal_links_of_the_date_pages_resolve(built):
    out = built["open"]
    for page_path in ("dates/index.html", "calls/index.html", "cfp/index.html", "calls/artifacts/index.html"):
        page = html(out / page_path)
        for link in page.select("main a[href]"):
            href = link["href"]
            if href.startswith(("http://", "https://")):
                continue
            path, _, fragment = href.partition("#")
            target = (out / page_path).parent / path
            target = target / "index.html" if href.endswith("/") or path.endswith("/") or not path else target
            if path == "":
                target = out / page_path
            assert target.resolve().is_file(), f"{page_path}: {href}"
            if fragment:
                assert html(target).find(id=fragment), f"{page_path}: {href}"


def test_dates_ics_parses_back_with_utc_times_and_stable_uids(built):
    data = (built["open"] / "dates.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == sorted(f"{anchor}@testconf.confsite" for anchor in (
        "papers-abstract", "papers-paper", "papers-notification", "artifacts-artifact-deadline",
        "registration-opens", "conference"))
    paper = events["papers-paper@testconf.confsite"]
    start = paper.decoded("DTSTART")
    assert start.isoformat() == "2030-03-23T06:59:59+00:00"
    assert b"DTSTART:20300323T065959Z" in data  # written in UTC, not with a TZID
    assert int(paper["SEQUENCE"]) == 1  # moved once: subscribed calendars update the entry
    assert str(paper["SUMMARY"]) == "TestConf 2030: Paper deadline"
    conference = events["conference@testconf.confsite"]
    assert str(conference.decoded("DTSTART")) == "2030-09-02" and str(conference.decoded("DTEND")) == "2030-09-05"
    assert all(e.decoded("DTSTAMP").isoformat() == "2030-03-10T00:00:00+00:00" for e in events.values())


def test_each_date_has_its_own_add_to_calendar_file(built):
    page = html(built["open"] / "dates" / "index.html")
    link = _row(page, "papers-abstract").select_one('a[href$=".ics"]')
    assert link.get_text() == "Add to calendar: Abstract deadline (TestConf 2030)"  # the visible part, then for screen readers
    assert link["href"] == "../calendar/papers-abstract.ics"
    single = icalendar.Calendar.from_ical((built["open"] / "calendar" / "papers-abstract.ics").read_bytes())
    [event] = single.walk("VEVENT")
    assert str(event["UID"]) == "papers-abstract@testconf.confsite"
    assert event.decoded("DTSTART").isoformat() == "2030-03-08T20:00:00+00:00"


def test_the_home_page_has_the_conference_as_a_schema_org_event(built):
    page = html(built["open"] / "index.html")
    [script] = page.find_all("script", type="application/ld+json")
    event = json.loads(script.string)
    assert event["@type"] == "Event"
    assert event["startDate"] == "2030-09-02T00:00:00+02:00"
    assert event["endDate"] == "2030-09-04T23:59:59+02:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"] == {"@type": "Place", "name": "Kongresshaus", "address": {
        "@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "Germany"}}


def test_the_same_now_gives_the_same_bytes(built, tmp_path):
    site = write_tree(tmp_path / "site", CALLS_SITE)
    assert build(site, "--out", tmp_path / "again", "--now", BEFORE_PAPER_DEADLINE).code == 0
    assert snapshot(tmp_path / "again") == snapshot(built["open"])


def test_source_date_epoch_sets_now(tmp_path, monkeypatch):
    site = write_tree(tmp_path / "site", CALLS_SITE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # 2030-03-17T17:46:40Z
    assert build(site).code == 0
    page = html(site / "_site" / "dates" / "index.html")
    assert "is-passed" in _row(page, "papers-abstract")["class"]
    assert "is-passed" not in _row(page, "papers-paper")["class"]
    stamp = icalendar.Calendar.from_ical((site / "_site" / "dates.ics").read_bytes()).walk("VEVENT")[0]
    assert stamp.decoded("DTSTAMP").isoformat() == "2030-03-17T17:46:40+00:00"


def test_a_wrong_now_is_a_usage_error(site):
    result = build(site, "--now", "soon")
    assert result.code == 2
    assert "--now: 'soon' is not a date and time" in result.err
    assert not (site / "_site").exists()


def test_json_ld_and_attributes_escape_data(tmp_path):
    evil = {"site.yaml": SITE_YAML.replace("name: Kongresshaus", 'name: "</script><script>alert(1)</script>"'),
            "data/calls.yaml": CALLS_YAML.replace("label: Abstract deadline", "label: 'Abstract \"</td>'")}
    site = write_tree(tmp_path / "site", {**CALLS_SITE, **evil})
    assert build(site, "--now", BEFORE_PAPER_DEADLINE).code == 0
    home = (site / "_site" / "index.html").read_text()
    assert "</script><script>alert(1)" not in home
    assert json.loads(html(site / "_site" / "index.html").find("script", type="application/ld+json").string)[
        "location"]["name"] == "</script><script>alert(1)</script>"
    row = _row(html(site / "_site" / "dates" / "index.html"), "papers-abstract")
    assert row.th.get_text() == 'Abstract "</td>'


BASE = """calls:
  - title: C
    timezone: America/Los_Angeles
    dates:
      - label: Deadline
        date: 2030-03-15
"""

ERROR_CASES = [
    ("unknown time zone", BASE.replace("America/Los_Angeles", "America/Los_Angles"),
     "data/calls.yaml:3:15: error: calls[0].timezone: 'America/Los_Angles' is not a known time zone; "
     "did you mean America/Los_Angeles?"),
    ("abbreviation", BASE.replace("date: 2030-03-15", "date: 2030-03-15\n        timezone: PDT"),
     "data/calls.yaml:7:19: error: calls[0].dates[0].timezone: 'PDT' is ambiguous or not a time zone name; "
     "write America/Los_Angeles"),
    ("impossible date", BASE.replace("2030-03-15", "2030-02-30"),
     "data/calls.yaml:6:15: error: calls[0].dates[0].date: '2030-02-30' is not a date: February 2030 has 28 days"),
    ("extension earlier than the original", BASE + "        extended: 2030-03-01\n",
     "data/calls.yaml:7:19: error: calls[0].dates[0].extended: the extension (2030-03-01) is earlier than the "
     "original date (2030-03-15)"),
    ("time skipped by summer time", BASE.replace("2030-03-15", "2030-03-10 02:30"),
     "data/calls.yaml:6: error: 2030-03-10 02:30 does not exist in America/Los_Angeles"),
    ("offset instead of a zone", BASE.replace("2030-03-15", "'2030-03-15T12:00:00-07:00'"),
     "data/calls.yaml:6:15: error: calls[0].dates[0].date: '2030-03-15T12:00:00-07:00' carries a UTC offset"),
    ("no date", BASE.replace("        date: 2030-03-15\n", "        note: soon\n"),
     "data/calls.yaml:5:9: error: calls[0].dates[0]: 'Deadline' has no date"),
    ("closes names no date", BASE.replace("    dates:", "    closes: paper\n    dates:"),
     "data/calls.yaml:4: error: 'closes: paper' names no date of this call"),
    ("page that does not exist", BASE.replace("    dates:", "    page: content/nope.md\n    dates:"),
     "data/calls.yaml:4: error: the call's page 'content/nope.md' is no page of the site"),
    ("period ends before it starts", BASE.replace("date: 2030-03-15", "start: 2030-03-15\n        end: 2030-03-01"),
     "data/calls.yaml:5:9: error: calls[0].dates[0]: the period ends (2030-03-01) before it starts (2030-03-15)"),
    ("unknown key", BASE.replace("date: 2030-03-15", "dead_line: 2030-03-15"),
     "data/calls.yaml:6:9: error: unknown key 'dead_line'"),
]


@pytest.mark.parametrize("calls_yaml,expected", [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_bad_dates_are_located_with_what_to_write_instead(tmp_path, calls_yaml, expected):
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "data/calls.yaml": BASE})
    assert build(site).code == 0
    before = snapshot(site / "_site")
    write_tree(site, {"data/calls.yaml": calls_yaml})
    result = build(site)
    assert result.code == 1
    assert result.err.startswith(expected), result.err
    assert any(advice in result.err for advice in ("write", "swap", "did you mean", "hint:"))
    assert "Traceback" not in result.err
    assert snapshot(site / "_site") == before


def test_every_bad_date_is_reported_at_once(site):
    write_tree(site, {"data/calls.yaml": BASE.replace("2030-03-15", "2030-02-30") + "      - label: B\n        date: x\n"})
    err = build(site).err
    assert [line.split(": error:")[0] for line in err.splitlines() if ": error:" in line] == [
        "data/calls.yaml:6:15", "data/calls.yaml:8:15"]


def test_a_call_that_is_not_open_yet_shows_when_it_opens_and_no_button(tmp_path):
    calls = """timezone: AoE
calls:
  - id: demos
    title: Demos
    opens: 2030-04-01 09:00
    submission: {url: https://submit.example.org/demos}
    dates:
      - {label: Demo deadline, date: 2030-05-01}
"""
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "data/calls.yaml": calls})
    assert build(site, "--now", "2030-03-01T00:00:00Z").code == 0
    page = html(site / "_site" / "calls" / "demos" / "index.html")
    assert page.select_one("a.cs-submit") is None
    assert page.select_one(".cs-state").get_text(" ", strip=True) == "Submissions open on Mon 1 Apr 2030, 09:00 AoE ."
    assert _row(page, "demos-demo-deadline").select_one(".cs-declared").get_text(strip=True) == (
        "Wed 1 May 2030, 23:59:59 AoE")  # the file's zone
    assert build(site, "--now", "2030-04-01T21:00:00Z").code == 0  # 09:00 AoE
    assert html(site / "_site" / "calls" / "demos" / "index.html").select_one("a.cs-submit")["href"] == (
        "https://submit.example.org/demos")


def test_a_moved_period_on_a_single_date_says_what_to_write(tmp_path):
    calls = BASE + "        extended: {start: 2030-03-20, end: 2030-03-21}\n"
    site = write_tree(tmp_path / "site", {**MINIMAL_SITE, "data/calls.yaml": calls})
    result = build(site)
    assert result.code == 1
    assert result.err.startswith("data/calls.yaml:7:19: error: calls[0].dates[0].extended: 'extended:' with 'start:' "
                                 "and 'end:' is for periods; for a date write the new date, e.g. extended: 2022-03-18")


def test_without_a_fixed_now_two_builds_are_identical_and_dtstamp_is_fixed(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = write_tree(tmp_path / "site", CALLS_SITE)
    assert build(site, "--out", tmp_path / "one").code == 0
    assert build(site, "--out", tmp_path / "two").code == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    event = icalendar.Calendar.from_ical((tmp_path / "one" / "dates.ics").read_bytes()).walk("VEVENT")[0]
    assert event.decoded("DTSTAMP").isoformat() == "1970-01-01T00:00:00+00:00"


def test_the_home_page_names_the_next_deadline_while_there_is_one(built):
    home = html(built["open"] / "index.html")
    assert home.select_one("[data-countdown] .cs-next-text").get_text().startswith("Next deadline: Paper deadline")
    assert home.select_one("[data-countdown] a")["href"] == "dates/#papers-paper"
    assert home.find("script", src="js/deadlines.js")
    after_everything = html(built["closed"] / "index.html")
    assert after_everything.select_one("[data-countdown] .cs-next-text").get_text().startswith(
        "Next deadline: Artifact deadline")


def test_check_takes_now_as_build_does(site):
    assert build(site, "--now", "2030-01-01").code == 0
    assert confsite("check", "--site", site, "--now", "2030-01-01T00:00:00Z").code == 0
    wrong = confsite("check", "--site", site, "--now", "later")
    assert wrong.code == 2 and "--now: 'later' is not a date and time" in wrong.err
