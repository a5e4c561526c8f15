"""The takeoff view and the scorecard in Debian's headless Chromium (issue 21 item 7, issue 22 item 7,
issue 25 item 6).

Same set-up and skip rules as tests/test_web_browser.py. The view is generic: FTM's and the AI
Futures Model's scenarios, and a toy simulation model the catalogue does not know, go through the
same code. Reference years are the issues' reproduction targets (FTM's and the AIFM's own outputs),
which the page shows to 0.1 year; an edited run is checked against the Python API's forecast.
"""

from __future__ import annotations

import pytest

import bioanchors
from test_web_accessibility import axe, new_page, violations  # noqa: F401 (axe: fixture)
from test_web_browser import browser, change_input, chromium, open_dashboard  # noqa: F401 (fixtures)

# A page on which no uncaught error, console error or failed (4xx/5xx) request may happen (this module's server).
from test_web_models_browser import page  # noqa: F401 (fixture)
from test_web_takeoff import TOY, TOY_TOML
from toy_models import registered_takeoff_model
from web_server import live_server

pytestmark = pytest.mark.browser

GAP = '#takeoff-controls [data-path="automation.training_flop_gap_oom"]'


@pytest.fixture(scope="module")
def base_url(chromium):
    # The server runs in this process: it sees the toy simulation model registered here.
    with registered_takeoff_model(TOY), live_server() as url:
        yield url


def cell(page, table, row, col):
    """The text of column ``col`` of the row ``row`` (a data-event / data-metric value) of a table."""
    return page.locator(f"#{table} tr[data-event='{row}'] td, #{table} tr[data-metric='{row}'] td").nth(col).text_content()


def year(y) -> str:
    return str(round(y, 1)).removesuffix(".0")


def test_ftm_takeoff_view_an_edit_keeps_the_base_and_the_url_restores_it(page, browser, base_url):
    open_dashboard(page, f"{base_url}/?scenario=ftm-best-guess")
    assert page.is_visible("#takeoff-section")
    # the automation fractions and GWP growth (issue 21 item 7), each a line
    for name in ("automation_goods", "automation_rnd", "gwp_growth"):
        assert len(page.get_attribute(f"#takeoff-line-{name}", "d")) > 100, name
    assert page.locator("#takeoff-charts .takeoff-chart").count() == 2
    assert page.locator("#takeoff-charts line.milestone:not(.ghost)").count() == 2 * 7  # FTM's seven events, each chart
    assert page.locator("#takeoff-charts text.milestone-label").count() >= 2
    # FTM's own outputs at commit 99dc907 (issue 21 item 3): 20% automation of goods 2036.1, 100% 2040.0,
    # wake-up 2034.3; 20% to 100% 3.8 years for goods and 4.9 for R&D
    assert cell(page, "milestones-table", "automation_goods_20", 1) == "2036.1"
    assert cell(page, "milestones-table", "full_automation_goods", 1) == "2040"
    assert cell(page, "milestones-table", "wake_up", 1) == "2034.3"
    assert [cell(page, "metrics-table", "goods_20_to_100", i) for i in (1, 2)] == ["3.8", "years"]
    assert cell(page, "metrics-table", "rnd_20_to_100", 1) == "4.9"

    # a headline control: the chart moves, the unedited run stays as the ghost, the inputs panel follows
    before = page.get_attribute("#takeoff-line-automation_goods", "d")
    change_input(page, GAP, 5)
    page.wait_for_selector("#takeoff-base-automation_goods")
    assert page.get_attribute("#takeoff-line-automation_goods", "d") != before
    assert page.get_attribute("#takeoff-base-automation_goods", "d") == before
    assert page.input_value('#inputs [data-path="automation.training_flop_gap_oom"]') == "5"
    edited = bioanchors.forecast(bioanchors.load_scenario("ftm-best-guess").replace({"automation.training_flop_gap_oom": 5}))
    want = year(edited.events["automation_goods_20"].central_year)
    assert want != "2036.1"
    assert [cell(page, "milestones-table", "automation_goods_20", i) for i in (1, 2)] == [want, "2036.1"]
    assert "automation.training_flop_gap_oom=5" in page.url

    # the shared URL restores the edit, the ghost and the numbers
    other = browser.new_context(viewport={"width": 1300, "height": 1000}).new_page()  # the same size: the same drawing
    try:
        open_dashboard(other, page.url)
        assert other.input_value(GAP) == "5"
        assert other.get_attribute("#takeoff-base-automation_goods", "d") == before
        assert cell(other, "milestones-table", "automation_goods_20", 1) == want
    finally:
        other.context.close()


def test_aifm_takeoff_view_draws_the_horizon_and_the_speed_up(page, base_url):
    open_dashboard(page, f"{base_url}/?scenario=aifm-eli")
    assert page.is_visible("#takeoff-section")
    for name in ("horizon", "ai_rd_uplift"):  # issue 22 item 7
        assert len(page.get_attribute(f"#takeoff-line-{name}", "d")) > 50, name
    assert page.locator("#takeoff-controls input[data-path]").count() == 5
    # the model's central years (Python API), which are the AIFM's own dates within the 0.1 year
    # (issue 22 item 3: "AC in 2031 and ASI in 2034", 2031.3 and 2034.5 from its code)
    res = bioanchors.forecast("aifm-eli")
    for event, published in (("ac", 2031.3), ("asi", 2034.5)):
        shown = cell(page, "milestones-table", event, 1)
        assert shown == year(res.events[event].central_year) and abs(float(shown) - published) <= 0.1 + 1e-9, event
    assert page.locator("#takeoff-charts line.milestone[data-event='ac']").count() == 2
    assert [cell(page, "metrics-table", "ac_to_asi_years", i) for i in (1, 2)] == [f"{res.metrics['ac_to_asi_years'].value:.1f}", "years"]
    # past its blow-up point the horizon holds the model's display clamp: drawn on the declared top edge
    assert "drawn on the top edge" in page.text_content("#takeoff-charts")
    # the preset switch: another built-in of the model with its own values (issue 22 item 3: aifm-daniel,
    # AC 2030.23 and ASI 2031.54); an edit made before is dropped with the scenario it was made to
    change_input(page, '#takeoff-controls [data-path="horizon.doubling_difficulty"]', 0.95)
    page.select_option("#takeoff-preset", "aifm-daniel")
    page.wait_for_function("location.search.includes('scenario=aifm-daniel')")
    page.wait_for_function("document.querySelector('#milestones-table tr[data-event=ac] td:nth-child(2)').textContent === "
                           f"'{year(bioanchors.forecast('aifm-daniel').events['ac'].central_year)}'")
    for event, published in (("ac", 2030.23), ("asi", 2031.54)):
        assert abs(float(cell(page, "milestones-table", event, 1)) - published) <= 0.1 + 0.05, event  # shown to 0.1
    assert "doubling_difficulty" not in page.url and page.locator("#takeoff-base-horizon").count() == 0
    assert page.input_value("#scenario-select") == "aifm-daniel"
    assert page.input_value('#takeoff-controls [data-path="horizon.doubling_difficulty"]') == "0.92"  # the preset's own


def test_a_simulation_model_the_catalogue_does_not_know_gets_the_view(page, base_url, tmp_path):
    open_dashboard(page, base_url)
    assert page.is_hidden("#takeoff-section")  # Cotra's model has no takeoff view
    f = tmp_path / "toy.toml"
    f.write_text(TOY_TOML, encoding="utf-8")
    page.set_input_files("#upload", str(f))
    page.wait_for_selector("#takeoff-line-since_start")
    assert page.locator("#takeoff-charts .takeoff-chart").count() == 1
    assert cell(page, "milestones-table", "start", 1) == "2031.5"  # the toy's closed form: start, start + 3
    assert cell(page, "milestones-table", "finish", 1) == "2034.5"
    assert [cell(page, "metrics-table", "takeoff", i) for i in (1, 2)] == ["3.0", "years"]
    assert page.input_value('#takeoff-controls [data-path="takeoff.takeoff_years"]') == "3"


def test_an_uncertain_takeoff_fits_a_phone_with_its_bands(browser, base_url):
    ctx, page, errors = new_page(browser, "dark", 390, 844)
    try:
        open_dashboard(page, f"{base_url}/?scenario=aifm-uncertain")
        page.wait_for_selector("#takeoff-band-horizon")
        assert page.locator("#takeoff-charts path.line-band").count() == 2  # a 5-95% band on each chart
        assert "median year" in page.text_content("#milestones-table")
        got = page.evaluate("""() => ({
            scroll: document.documentElement.scrollWidth,
            charts: document.querySelector('#takeoff-section').getBoundingClientRect().top,
            inputs: document.querySelector('.inputs-panel').getBoundingClientRect().top,
            smallest: Math.min(...[...document.querySelectorAll('#takeoff-charts svg text')]
                .filter((t) => t.textContent.trim() && t.getBoundingClientRect().height > 0)
                .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getBoundingClientRect().width
                            / t.ownerSVGElement.viewBox.baseVal.width))})""")
        assert got["scroll"] <= 390, "the page scrolls sideways"
        assert got["charts"] < got["inputs"], "the takeoff view comes before the long inputs panel"
        assert got["smallest"] >= 11, got
    finally:
        ctx.close()
    assert not errors, errors


def test_no_axe_violations_on_the_takeoff_view_light_and_dark(browser, base_url, axe):
    ctx, page, errors = new_page(browser, "light")
    found = {}
    try:
        open_dashboard(page, f"{base_url}/?scenario=aifm-eli&horizon.doubling_time_years=0.5")  # edited: ghost and base column
        page.wait_for_selector("#takeoff-base-horizon")
        for scheme in ("light", "dark"):  # the view (the rest of the page: tests/test_web_accessibility.py)
            page.emulate_media(color_scheme=scheme)
            found[scheme] = violations(axe, page, "#takeoff-section")
    finally:
        ctx.close()
    assert not {k: v for k, v in found.items() if v}, found
    assert not errors, errors


def test_the_scorecard_tab_and_the_vintage_in_use(page, base_url, client):
    open_dashboard(page, base_url)
    assert page.text_content("#data-vintage") == "data vintage bundled (default: none pinned)"
    want = client.get("/api/scorecard").json()  # the CLI's default scenarios
    page.click("#tab-scorecard")
    page.wait_for_selector("#view[data-loaded='scorecard']")
    assert page.text_content("#view-vintage") == "Data vintage: bundled (default: none pinned)"
    assert "bioanchors scorecard cotra2020 measured-2025 direct-approach metr-horizon" in page.text_content("#view")
    assert page.locator("#view [data-series]").count() == len(want["series"])  # a chart per quantity
    assert page.locator("#view .series-scenario").count() == sum(len(s["lines"]) for s in want["series"])
    assert page.locator("#view table").count() == len(want["tables"])
    first = want["tables"][1]  # the first quantity's error by year
    rows = page.locator("#view table").nth(1).locator("tr")
    assert rows.count() == len(first["rows"]) + 1
    assert rows.nth(1).locator("td").nth(4).text_content() == str(first["rows"][0][4])
