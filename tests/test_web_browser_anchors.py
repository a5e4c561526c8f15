"""Issue 13 items 3 and 5 in headless Chromium: the anchors editor, Cotra's classic picture, the retro charts.

Same browser set-up as tests/test_web_browser.py (Debian's chromium through Playwright;
skipped locally without it, a failure under CI=true).
"""

from __future__ import annotations

import json

import pytest

import bioanchors
from test_web_browser import (  # noqa: F401  (fixtures)
    base_url,
    browser,
    change_input,
    chromium,
    edits_redraw,
    open_dashboard,
    page,
)

pytestmark = pytest.mark.browser

BRAIN_P50 = "requirements.ingredients.brain_log10_flop_per_s.p50"
INPUT = '#inputs [data-path="{}"]'


def cdf_path(page, name):
    return page.get_attribute(f'#anchors-chart path.req-cdf[data-hypothesis="{name}"]', "d")


def afford_x(page):
    return float(page.get_attribute("#afford-line", "x1"))


def test_anchor_editor_changes_the_forecast_and_the_curves(page, base_url):
    """Item 3: an ingredient edit goes through the overrides (URL, list of changes) and moves the curves."""
    before = open_dashboard(page, base_url)
    page.wait_for_selector("#anchors-chart path.req-cdf")
    medium = cdf_path(page, "medium_horizon")
    evolution = cdf_path(page, "evolution")
    page.click("#ingredients summary")  # the ingredients are folded by default
    change_input(page, INPUT.format(BRAIN_P50), 16)
    page.wait_for_function(f"document.getElementById('median-year').textContent !== '{before}'")
    sc = bioanchors.load_scenario("cotra2020")
    table = {"dist": "percentiles", "p1": 11.0, "p50": 16.0, "p99": 20.0}
    want = bioanchors.forecast(sc.replace({"requirements.ingredients.brain_log10_flop_per_s": table})).median_year
    assert page.text_content("#median-year") == str(want)
    # The picture is fetched after the main chart is drawn (app.js): wait for its redraw, not the median's.
    page.wait_for_function(
        """old => document.querySelector('#anchors-chart path.req-cdf[data-hypothesis="medium_horizon"]')
                   .getAttribute('d') !== old""", arg=medium)  # the brain feeds the neural networks...
    assert cdf_path(page, "evolution") == evolution  # ...but not the Evolution anchor (docs/model.md §3)
    assert f"{BRAIN_P50}=16" in page.url
    assert "brain computation: 50th percentile" in page.text_content(f'#changes tr[data-change="{BRAIN_P50}"]')


def test_bad_anchor_edit_shows_the_field_error(page, base_url):
    open_dashboard(page, base_url)
    page.click("#ingredients summary")
    page.fill(INPUT.format(BRAIN_P50), "25")  # above its 99th percentile (20): the table is invalid
    page.wait_for_selector("#errors:not([hidden])")
    assert "requirements.ingredients.brain_log10_flop_per_s" in page.text_content("#errors")
    # the error names the distribution: each of its inputs is marked
    assert page.locator(f'#inputs .param.invalid [data-path^="{BRAIN_P50[:-4]}"]').count() == 3
    assert "stale" in page.get_attribute("#anchors-chart", "class")


def test_classic_picture_draws_each_hypothesis_and_moves_with_inputs(page, base_url):
    """Item 3: one requirement curve per hypothesis; the affordable-compute marker follows the trends and the year."""
    open_dashboard(page, base_url)
    page.wait_for_selector("#anchors-chart path.req-cdf")
    names = page.eval_on_selector_all("#anchors-chart path.req-cdf", "ps => ps.map(p => p.dataset.hypothesis)")
    assert names == list(bioanchors.load_scenario("cotra2020").spec.hypotheses)
    assert page.locator("#anchors-chart circle.reach-dot").count() == len(names)
    assert page.locator("#anchors-table tr[data-hypothesis]").count() == len(names)
    assert page.get_attribute("#anchors-chart svg", "role") == "img"
    assert "2036" in page.get_attribute("#anchors-chart svg", "aria-label")
    x2036 = afford_x(page)
    page.focus("#anchor-year")  # a native range input: keyboard-operable
    page.keyboard.press("ArrowRight")
    assert page.text_content("#anchor-year-out") == "2037"
    assert afford_x(page) > x2036
    page.keyboard.press("ArrowLeft")
    medium = cdf_path(page, "medium_horizon")
    change_input(page, INPUT.format("spending.doubling_time_years"), 1.0)  # faster spending: more compute in 2036
    page.wait_for_function(f"Number(document.getElementById('afford-line').getAttribute('x1')) > {x2036 + 1}")
    assert cdf_path(page, "medium_horizon") == medium  # a trend does not touch the 2020 requirements
    change_input(page, INPUT.format("hypotheses.medium_horizon.requirement.log10_horizon_s_high"), 8)
    page.wait_for_function(f"document.querySelector('#anchors-chart path[data-hypothesis=medium_horizon]')"
                           f".getAttribute('d') !== {json.dumps(medium)}")


def test_anchor_inputs_have_accessible_names_and_fit_a_phone(browser, base_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    pg = ctx.new_page()
    try:
        open_dashboard(pg, base_url)
        pg.wait_for_selector("#anchors-chart path.req-cdf")
        pg.click("#ingredients summary")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        # the hypothesis's name is the group's title; the input's accessible name keeps it
        label = pg.get_attribute(INPUT.format("hypotheses.long_horizon.requirement.log10_horizon_s_low"), "aria-label")
        assert label.startswith("Long-horizon neural network: ")
        for p in pg.eval_on_selector_all("#anchors-editor input[type=number]", "xs => xs.map(x => x.id)"):
            assert pg.locator(f"label[for='{p}']").count() == 1, p
    finally:
        ctx.close()


def test_anchor_edits_redraw_with_and_without_a_requirement_rebuild(page, base_url):
    """An anchor input that needs no rebuild (p_none) and an ingredient edit, which resamples the
    requirements: both redraw the chart (their times: benchmarks/bench_web_update.py)."""
    open_dashboard(page, base_url + "/?method=exact")
    edits_redraw(page, INPUT.format("breakthrough.p_none_start"), (0.12, 0.14, 0.16, 0.18, 0.2, 0.08, 0.06, 0.11))
    page.click("#ingredients summary")
    edits_redraw(page, INPUT.format("requirements.ingredients.lifetime_log10_seconds"), (9.1, 9.2))


def test_retro_charts_draw_epoch_points_and_cotras_projections(page, base_url):
    """Item 5: Cotra's 2020 projections (compute, spend, FLOP/$) against Epoch's data points since 2020."""
    import httpx

    open_dashboard(page, base_url)
    page.click("#tabs button[data-view='retro']")
    page.wait_for_selector("#view svg[data-series]")
    api = httpx.post(base_url + "/api/retro", json={"scenario": "cotra2020"}, timeout=60).json()
    keys = page.eval_on_selector_all("#view svg[data-series]", "ss => ss.map(s => s.dataset.series)")
    assert keys == [s["key"] for s in api["series"]] == ["training_compute", "training_cost", "flop_per_dollar"]
    for s in api["series"]:
        chart = f"#view svg[data-series='{s['key']}']"
        assert page.locator(f"{chart} circle.data-point").count() == len(s["points"])
        assert page.locator(f"{chart} path.series-projection").count() == 1
        assert page.locator(f"{chart} path.series-fit").count() == 1
        assert "Cotra" in page.get_attribute(chart, "aria-label")
    assert page.locator("#view .legend", has_text="Cotra 2020 projection").count() == 3
