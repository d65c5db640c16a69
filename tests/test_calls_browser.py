"""What only a browser shows: dates in the visitor's own time zone, the live countdown, dates passing live."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import build, write_tree
from test_calls import BEFORE_PAPER_DEADLINE, CALLS_SITE

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("calls-browser")
    site = write_tree(root / "site", CALLS_SITE)
    result = build(site, "--out", root / "out", "--now", BEFORE_PAPER_DEADLINE)
    assert result.code == 0, result.err
    return root / "out"


@pytest.mark.parametrize("zone,aliases,abstract,paper", [
    # 2030-03-08 20:00 UTC and 2030-03-23 06:59:59 UTC, as clocks in each zone show them
    ("Asia/Kolkata", ("Asia/Kolkata", "Asia/Calcutta"), ("9 Mar 2030", "01:30"), ("23 Mar 2030", "12:29")),
    ("America/Los_Angeles", ("America/Los_Angeles",), ("8 Mar 2030", "12:00"), ("22 Mar 2030", "23:59")),
])
def test_dates_show_in_the_visitors_time_zone(browser, built, zone, aliases, abstract, paper):
    context = browser.new_context(timezone_id=zone, locale="en-GB")
    page = context.new_page()
    page.clock.install(time=dt.datetime(2030, 3, 1, tzinfo=UTC))
    page.goto((built / "dates" / "index.html").as_uri())
    for anchor, (day, time) in (("papers-abstract", abstract), ("papers-paper", paper)):
        local = page.locator(f"#{anchor} .cs-local").inner_text()
        assert local.startswith("Your time ("), local
        assert any(f"({name})" in local for name in aliases), local
        assert day in local and time in local, local
    # The declared zone and UTC stay as built.
    assert page.locator("#papers-abstract .cs-declared").inner_text() == "Fri 8 Mar 2030, 12:00 PST"
    context.close()


def test_countdown_runs_and_dates_pass_live(browser, built):
    context = browser.new_context(timezone_id="UTC", locale="en-GB")
    page = context.new_page()
    page.clock.install(time=dt.datetime(2030, 3, 23, 6, 59, 50, tzinfo=UTC))  # 9 s before the paper deadline
    page.goto((built / "cfp" / "index.html").as_uri())
    remaining = page.locator("[data-countdown] .cs-remaining")
    assert remaining.inner_text() == " (in 00 h 00 min 09 s)"
    assert page.locator("a.cs-submit").is_visible()
    assert "is-passed" not in page.locator("#papers-paper").get_attribute("class")
    page.clock.run_for(12_000)
    assert "is-passed" in page.locator("#papers-paper").get_attribute("class")
    assert page.locator("#papers-paper .cs-status").inner_text() == "Passed"
    assert page.locator("a.cs-submit").count() == 0
    assert page.locator(".cs-state").inner_text() == "Submissions are closed."
    # The call has no further deadline; on the dates page the countdown moves on to the next call's.
    assert page.locator("[data-countdown]").inner_text() == "No upcoming deadlines."
    page.goto((built / "dates" / "index.html").as_uri())
    assert page.locator("[data-countdown] .cs-next-text").inner_text().startswith("Next deadline: Artifact deadline, ")
    page.goto((built / "calls" / "index.html").as_uri())  # built while the call was open
    assert page.locator("li.cs-call .cs-badge").all_inner_texts() == ["Closed", "Open"]
    context.close()


def test_without_javascript_every_date_still_shows(browser, built):
    context = browser.new_context(java_script_enabled=False, timezone_id="Asia/Kolkata")
    page = context.new_page()
    page.goto((built / "dates" / "index.html").as_uri())
    assert page.locator("#papers-paper .cs-declared").inner_text() == "Fri 22 Mar 2030, 23:59:59 PDT"
    assert page.locator("#papers-paper .cs-utc").inner_text() == "Sat 23 Mar 2030, 06:59:59 UTC"
    assert page.locator(".cs-local").count() == 0
    assert page.locator("[data-countdown]").inner_text().startswith("Next deadline: Paper deadline")
    context.close()
