"""The personal schedule in Debian's chromium: shared by a link into another browser, starred from a paper's page;
and a program of three days, eight tracks and 400 talks at phone and desktop widths: keyboard, axe, the session
under way, and nothing that moves when the page's script runs."""
from __future__ import annotations

import datetime as dt

import pytest

from big_program import write_big_program
from conftest import REPO, build, http_server
from test_checks import ARTIFACTS, AXE

UTC = dt.timezone.utc
WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
# the layout shifts the page has had, as Lighthouse adds them up (the shifts just after an input do not count)
LAYOUT_SHIFT = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(total), 500);
})"""


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    site = write_big_program(tmp_path_factory.mktemp("bigb") / "site")
    result = build(site)
    assert result.code == 0, result.err
    with http_server(site / "_site") as root:
        yield root


def starred(page) -> list[str]:
    return sorted(page.eval_on_selector_all("button[data-star][aria-pressed=true]", "bs => bs.map(b => b.dataset.star)"))


def test_a_schedule_shared_by_link_opens_in_another_browser(browser, big):
    mine = browser.new_context()
    page = mine.new_page()
    page.goto(big + "program/")
    page.get_by_role("button", name="Add “Keynote 2” to my schedule").click()
    for title in page.locator("#d3-theory-2 [data-talk]").evaluate_all("ts => ts.slice(0, 2).map(t => t.dataset.title)"):
        page.get_by_role("button", name=f"Add “{title}” to my schedule").click()
    mine_list = starred(page)
    assert len(mine_list) == 3
    link = page.locator("[data-share-link]").get_attribute("href")
    assert link.startswith(big + "program/#share=") and link.endswith(",".join(mine_list))  # all of it in the URL
    other = browser.new_context()  # another browser: nothing starred, nothing shared with it but the link
    shared = other.new_page()
    requests = []
    shared.on("request", lambda request: requests.append(request.url))
    shared.goto(link)
    dialog = shared.get_by_role("dialog", name="A schedule shared with you")
    assert dialog.is_visible()
    assert "3 items of the program" in dialog.inner_text() and "Keynote 2" in dialog.inner_text()
    assert starred(shared) == []
    dialog.get_by_role("button", name="Add them to my schedule").click()
    assert dialog.is_hidden() and starred(shared) == mine_list
    assert "#" not in shared.url  # added: a reload does not offer them again
    shared.reload()
    assert starred(shared) == mine_list and shared.get_by_role("dialog").is_hidden()
    assert all("share=" not in url for url in requests)  # the fragment never reaches the server
    shared.get_by_role("button", name="Show only my schedule").click()
    assert shared.locator("[data-session]:visible").count() == 2
    mine.close()
    other.close()


def test_a_paper_page_stars_its_talk_in_the_program(browser, big):
    context = browser.new_context()
    page = context.new_page()
    page.goto(big + "program/")
    talk = page.locator("#d1-systems-1 [data-talk]").first
    talk_id = talk.get_attribute("data-star-id")
    talk.locator("a").first.click()
    page.wait_for_url("**/papers/**")
    star = page.get_by_role("button", name="Star for my schedule")
    assert star.get_attribute("aria-pressed") == "false"
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    page.goto(big + "program/")
    assert starred(page) == [talk_id]
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_400_talks_in_eight_tracks_read_well(browser, big, width):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=WIDTHS[width], timezone_id="America/New_York")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.clock.install(time=dt.datetime(2031, 6, 3, 10, 0, tzinfo=UTC))  # 11:00 in Lisbon: the day's first sessions
    page.goto(big + "program/")
    assert page.evaluate(LAYOUT_SHIFT) < 0.01  # Lighthouse wants under 0.1; the page script moves nothing
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    now = page.locator("[data-session][aria-current=time]")
    assert now.count() == 8 and all(i.startswith("d2-") for i in now.evaluate_all("s => s.map(x => x.id)"))
    assert page.locator("#d2-systems-1 .now-badge").inner_text() == "Now"
    boxes = {i: page.locator(f"#{i}").bounding_box() for i in ("d1-compilers-1", "d1-hardware-1", "keynote-1")}
    if width == "desktop":  # side by side, the keynote across them
        assert boxes["d1-compilers-1"]["y"] == boxes["d1-hardware-1"]["y"]
        assert boxes["d1-hardware-1"]["x"] > boxes["d1-compilers-1"]["x"] + boxes["d1-compilers-1"]["width"] - 1
        assert boxes["keynote-1"]["width"] > 3 * boxes["d1-compilers-1"]["width"]
    else:  # one column, in time order
        assert boxes["d1-compilers-1"]["x"] == boxes["d1-hardware-1"]["x"]
        assert boxes["d1-hardware-1"]["y"] > boxes["d1-compilers-1"]["y"]
    violations = page.evaluate("async () => (await axe.run(document)).violations.map("
                               "v => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')})`)")
    assert violations == []
    page.screenshot(path=ARTIFACTS / f"big-program-{WIDTHS[width]['width']}.png")
    # the keyboard: from a session's title link, Tab reaches its star, Space stars it
    page.locator("#d2-training-1-title a").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.star") == "d2-training-1"
    page.keyboard.press("Space")
    assert starred(page) == ["d2-training-1"]
    context.close()


def test_without_javascript_the_page_offers_no_dead_controls(browser, big):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(big + "program/")
    for control in ("[data-program-tools]", "button[data-star]", ".theme-toggle"):
        assert page.locator(control).first.is_hidden(), control
    assert page.locator("#d2-systems-1 .session-title a").is_visible()
    context.close()


def test_the_example_program_page_does_not_move(browser, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "example"
    assert build(REPO, "--out", out).code == 0
    with http_server(out) as root:
        for width, viewport in WIDTHS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            page.goto(root + "program/")
            assert page.evaluate(LAYOUT_SHIFT) < 0.01, width
            page.screenshot(path=ARTIFACTS / f"example-program-{viewport['width']}.png", full_page=True)
            context.close()
