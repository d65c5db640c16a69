"""The program in a browser: the visitor's own time zone, the session under way, starring and exporting."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from conftest import MINIMAL_SITE, build, http_server, write_tree

UTC = dt.timezone.utc
PROGRAM = """days:
  - date: 2030-06-03
    sessions:
      - title: Opening
        id: opening
        start: "09:30"
        end: "10:30"
        room: Hall A
        items:
          - {title: "Welcome, and a word on ties; commas", speakers: [Ann Lee]}
          - {title: State of the field, speakers: [Bo Chen]}
      - title: Training
        id: training
        start: "11:00"
        end: "12:00"
        room: Hall B
        items:
          - {title: Faster training, speakers: [Cy Diaz]}
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    site = write_tree(tmp_path_factory.mktemp("prog") / "site", {
        **MINIMAL_SITE,
        "site.yaml": "name: TestConf\ntimezone: America/Los_Angeles\n",
        "data/program.yaml": PROGRAM,
    })
    assert build(site).code == 0
    with http_server(site / "_site") as root:
        yield root + "program/"


def _first_times(page):
    return page.locator("#opening .session-time time").all_inner_texts()


@pytest.mark.parametrize("zone,expected", [("Asia/Kolkata", ["22:00", "23:00"]), ("America/Los_Angeles", ["09:30", "10:30"])])
def test_visitors_time_zone_toggle(browser, served, zone, expected):
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    page.goto(served)
    assert _first_times(page) == ["09:30", "10:30"]  # conference time (PDT, UTC-7) by default
    aliases = {"Asia/Kolkata": {"Asia/Kolkata", "Asia/Calcutta"}}  # chromium may report the legacy name
    assert page.locator("[data-local-zone]").inner_text() in {z.replace("_", " ") for z in aliases.get(zone, {zone})}
    page.get_by_label("your time").check()
    assert _first_times(page) == expected  # 16:30 UTC is 22:00 in Kolkata
    page.reload()  # the choice is remembered
    assert _first_times(page) == expected
    page.get_by_label("conference time").check()
    assert _first_times(page) == ["09:30", "10:30"]
    context.close()


def test_the_session_under_way_is_marked(browser, served):
    context = browser.new_context(timezone_id="Europe/Berlin")
    page = context.new_page()
    page.clock.install(time=dt.datetime(2030, 6, 3, 18, 0, tzinfo=UTC))  # 11:00 PDT: Training has just begun
    page.goto(served)
    assert page.locator("#training").get_attribute("class").split().count("is-now") == 1
    assert "is-now" not in page.locator("#opening").get_attribute("class")
    assert page.locator("#training .now-badge").inner_text() == "Now"
    context.close()


def test_star_two_talks_filter_and_export_them(browser, served):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(served)
    page.get_by_role("button", name="Add “Welcome, and a word on ties; commas” to my schedule").click()
    page.get_by_role("button", name="Add “Faster training” to my schedule").click()
    assert page.get_by_role("button", name="Remove “Faster training” from my schedule").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Show only my schedule").click()
    assert page.get_by_text("State of the field").is_hidden()
    assert page.get_by_text("Faster training").is_visible()
    page.reload()  # stars are kept in the browser
    assert page.get_by_role("button", name="Remove “Faster training” from my schedule").is_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export my schedule (.ics)").click()
    calendar = icalendar.Calendar.from_ical(open(download.value.path(), "rb").read())
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == ["Welcome, and a word on ties; commas", "Faster training"]
    assert events[0].decoded("dtstart") == dt.datetime(2030, 6, 3, 16, 30, tzinfo=UTC)
    assert events[1].decoded("dtend") == dt.datetime(2030, 6, 3, 19, 0, tzinfo=UTC)
    assert str(events[1]["location"]) == "Hall B"
    context.close()


def test_phone_layout_is_one_readable_column(browser, served):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(served)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    boxes = [page.locator(f"#{s}").bounding_box() for s in ("opening", "training")]
    assert boxes[0]["width"] > 300 and boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1
    context.close()
