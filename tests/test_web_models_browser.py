"""The dashboard in a real browser with an ensemble and another model (issue 15 item 4).

Same set-up as tests/test_web_browser.py (Debian's headless Chromium driven by Playwright; skipped
locally without it, a failure in CI). Loads an uploaded ensemble and a scenario of another model,
edits an input, sees the chart change, and records no console errors nor failed requests.
"""

from __future__ import annotations

import pytest

from bioanchors import builtin_names, load_scenario
from test_web_browser import TIMEOUT_MS, browser, change_input, chromium, edits_redraw, open_dashboard  # noqa: F401  (browser, chromium: fixtures; they take this module's base_url)
from test_web_models import ENSEMBLE_TOML, HAZARD_TOML, UNCERTAIN_ENSEMBLE_TOML
from toy_models import registered_hazard_model
from web_server import live_server

pytestmark = pytest.mark.browser

WEIGHT0 = '#inputs [data-path="models.0.weight"]'


@pytest.fixture(scope="module")
def base_url(chromium):
    # The server runs in this process, so it sees the test model registered here.
    with registered_hazard_model("test-web-hazard"), live_server() as url:
        yield url


@pytest.fixture
def page(browser):
    """A page that records uncaught errors, console errors and failed (4xx/5xx) requests: none may happen."""
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 1000})
    # An uncertain simulation model's web default is dozens of whole simulations (ftm-, aifm-uncertain):
    # seconds when idle, longer on a loaded 2-core machine. The wait is a liveness bound, not a speed test.
    ctx.set_default_timeout(4 * TIMEOUT_MS)
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    yield pg
    ctx.close()
    assert not errors, errors


def upload(page, base_url, tmp_path, text, name="scenario.toml"):
    open_dashboard(page, base_url)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    seq = int(page.get_attribute("#chart", "data-seq"))
    page.set_input_files("#upload", str(path))
    page.wait_for_function(f"Number(document.getElementById('chart').dataset.seq) > {seq}")


def total_path(page) -> str:
    return page.get_attribute("#total-line", "d")


def test_an_uploaded_ensemble_shows_its_members_and_a_weight_edit_moves_the_chart(page, base_url, tmp_path):
    upload(page, base_url, tmp_path, ENSEMBLE_TOML)
    assert page.text_content("#scenario-model").startswith("Model: ensemble")
    assert page.locator("#members tr[data-member]").count() == 2
    assert page.locator(WEIGHT0).input_value() == "3"
    # Cotra-only parts are hidden and say why; no hypothesis table, no anchors editor, no compute chart
    assert page.locator(".hyp-table input[data-path^='hypotheses.']").count() == 0
    assert page.locator("#anchors-editor").count() == 0
    assert page.is_visible("#anchors-not-cotra") and "Cotra's model" in page.text_content("#anchors-not-cotra")
    assert page.is_hidden("#compute-section")
    legend = page.text_content("#legend")
    assert "Cotra 2020" in legend and "cotra2022" in legend and "conditional" not in legend
    assert page.text_content("#show-components-label") == "per-member curves"
    before, median = total_path(page), page.text_content("#median-year")
    change_input(page, WEIGHT0, 0.2)  # most weight on cotra2022 (median ~2040 vs ~2052): earlier
    assert total_path(page) != before
    page.wait_for_function(f"document.getElementById('median-year').textContent !== '{median}'")
    assert int(page.text_content("#median-year")) < int(median)
    assert page.locator("#base-line").count() == 1  # the ghost curve of the unedited ensemble
    assert "models.0.weight=0.2" in page.url
    # the retrospective says it is Cotra's, without asking the server
    page.click("#tabs button[data-view='retro']")
    assert "Cotra's model" in page.text_content("#retro-not-cotra")


def test_every_ensemble_weight_edit_redraws_the_chart(page, base_url, tmp_path):
    """An ensemble of two exact Cotra scenarios (its time: benchmarks/bench_web_update.py)."""
    upload(page, base_url, tmp_path, ENSEMBLE_TOML)
    edits_redraw(page, WEIGHT0, (2.0, 2.5, 1.5, 1.0, 3.5, 4.0, 0.5, 2.2, 1.8, 3.0))


def test_sensitivity_of_an_ensemble_with_an_uncertain_weight(page, base_url, tmp_path):
    upload(page, base_url, tmp_path, UNCERTAIN_ENSEMBLE_TOML)
    page.click("#tabs button[data-view='sensitivity']")
    page.wait_for_selector("#view svg text")
    labels = page.eval_on_selector_all("#view svg text", "ts => ts.map(t => t.textContent)")
    assert "cotra2022 (cotra2020): weight" in labels


def test_another_models_scenario_is_editable(page, base_url, tmp_path):
    """A model with its own config (here the test model, which the catalogue does not know): its input is listed,
    an edit redraws the chart, and no Cotra-only view is asked for."""
    upload(page, base_url, tmp_path, HAZARD_TOML)
    rate = '#inputs [data-path="hazard.rate_per_year"]'
    assert page.locator(rate).input_value() == "0.02"
    assert page.text_content("#model-forecasts") == "The model forecasts exponential arrival"  # the model's `forecasts`
    before, median = total_path(page), page.text_content("#median-year")
    change_input(page, rate, 0.05)
    assert total_path(page) != before
    page.wait_for_function(f"document.getElementById('median-year').textContent !== '{median}'")
    assert int(page.text_content("#median-year")) < int(median)
    assert page.is_hidden("#compute-section") and page.is_visible("#anchors-not-cotra")
    assert page.is_hidden("#show-hypotheses")  # no components: no per-component switch


OTHER = [n for n in builtin_names() if not load_scenario(n).has_hypotheses]


def load_scenario_view(name):
    from bioanchors.web.api import scenario_view

    return scenario_view(load_scenario(name))["parameters"]


@pytest.mark.parametrize("name", OTHER)
def test_every_other_builtin_model_scenario_opens_and_its_first_input_edits(page, base_url, name):
    """Each built-in scenario of another model (direct-approach, metr-horizon, ... as they exist)."""
    open_dashboard(page, f"{base_url}/?scenario={name}")
    assert page.locator(f"#scenario-select optgroup option[value='{name}']").count() == 1
    # human units beside log10 inputs, as for Cotra's: "= 1.0e25 FLOP" beside 25 [log10 FLOP], dollars for log10 USD
    for p in load_scenario_view(name):
        if p["unit"].startswith("log10 ") and abs(p["value"]) < 300:
            human = page.text_content(f'#inputs [data-human="{p["path"]}"]')
            unit = p["unit"][6:]
            assert human.startswith("= ") and (human.endswith(unit) or unit == "USD" and "$" in human), (p["path"], human)
    # the model's own yearly log10 series (its diagnostics in the JSON) are drawn, one line each, or the section is hidden
    result = page.evaluate("state.result")
    own = [k for k in result if k.startswith("log10_") and k.endswith("_by_year")]
    assert page.locator("#compute-chart path.model-series").count() == len(own)
    assert page.is_visible("#compute-section") == bool(own)
    first = page.locator("#inputs input[data-path]").first
    path = first.get_attribute("data-path")
    value = float(first.input_value())
    before, events = total_path(page), page.evaluate("JSON.stringify(state.result.events)")
    change_input(page, f'#inputs [data-path="{path}"]', round(value * 0.9, 4) if value else 0.1)  # stays within bounds
    # a simulation's curve is a step: a small edit moves its dated events without always moving a year
    changed = total_path(page) != before or page.evaluate("JSON.stringify(state.result.events)") != events
    assert changed, f"editing {path} left the forecast unchanged"


@pytest.mark.parametrize("name", OTHER)
def test_compare_tab_and_overlay_take_another_model(page, base_url, name):
    """The Compare tab adds another model's built-in beside Cotra's (its row equals /api/compare's), and the
    main chart overlays it."""
    import json

    from bioanchors import forecast
    from bioanchors.presentation import forecast_json

    open_dashboard(page, f"{base_url}/?compare={name}")
    assert page.locator("#chart svg path.overlay-line").count() == 1
    assert any(t.startswith(name) for t in page.locator("#legend span").all_text_contents())
    page.click("#tab-compare")
    page.wait_for_selector("#compare-table")
    n = page.locator("#compare-table tr[data-scenario]").count()
    page.uncheck('[data-compare-view="measured-2025-given-2025"]')  # the default four are the server's maximum
    page.wait_for_function(f"document.querySelectorAll('#compare-table tr[data-scenario]').length === {n - 1}")
    page.check(f'[data-compare-view="{name}"]')
    page.wait_for_function(f"document.querySelectorAll('#compare-table tr[data-scenario]').length === {n}")
    want = json.loads(json.dumps(forecast_json(forecast(name))))
    cells = page.locator(f'#compare-table tr[data-scenario="{name}"] td').all_text_contents()
    # issue 24 item 1: each row names its model's own event
    assert cells[1] == f"{want['model']}: {want['display_event']}"
    # the headline years every compared forecast covers (aifm's window ends in 2050)
    from bioanchors.cli.compare import median_shift

    shown = ["cotra2020", "cotra2020-given-2025", "measured-2025", name]
    end = min(int(forecast(n).years[-1]) for n in shown)
    years = [y for y in ("2030", "2036", "2040", "2050", "2070", "2100") if int(y) <= end]
    assert cells[2:2 + len(years)] == [f"{want['p_by_year'][y]:.2f}" for y in years]
    # the median shift against the table's first row (the reference), as the CLI words it (a median after
    # the window is a bound); rows follow the picker's order, so a name that sorts first is the reference
    ref = page.locator("#compare-table tr[data-scenario]").first.get_attribute("data-scenario")
    shift = "reference" if ref == name else median_shift(forecast(ref).median_year, want["median_year"], end)
    assert cells[2 + len(years) + 3] == shift


@pytest.mark.parametrize("query", ["toml=ENSEMBLE", *[f"scenario={n}" for n in OTHER]])
def test_other_models_fit_a_phone(browser, base_url, query):
    """390 px without sideways scrolling (issue 13 item 7) with the members table and a model's own series."""
    import base64

    if query == "toml=ENSEMBLE":
        query = "toml=" + base64.urlsafe_b64encode(ENSEMBLE_TOML.encode()).decode()
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    pg = ctx.new_page()
    try:
        open_dashboard(pg, f"{base_url}/?{query}")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        ctx.close()


@pytest.mark.parametrize("name", [n for n in OTHER if load_scenario(n).uncertain_parameters])
def test_sensitivity_tab_of_another_model_names_its_inputs_in_words(page, base_url, name):
    open_dashboard(page, f"{base_url}/?scenario={name}")
    page.click("#tabs button[data-view='sensitivity']")
    page.wait_for_selector("#view svg text", timeout=120_000)
    rows = page.locator("#view table tr td:first-child").all_text_contents()
    assert rows and not any("_" in r or r.count(".") > 1 for r in rows), rows  # labels, not dotted paths


def test_downloads_of_an_edited_ensemble(page, base_url, tmp_path, cli):
    """Results JSON is what `bioanchors forecast FILE --set models.0.weight=1 --format json` prints; the CSV has a
    column per member; the TOML reads back to the same forecast; file names carry the derived name."""
    import json
    from pathlib import Path

    upload(page, base_url, tmp_path, ENSEMBLE_TOML, name="mix.toml")
    change_input(page, WEIGHT0, 1)
    got = {}
    for kind in ("json", "csv", "toml"):
        with page.expect_download() as dl:
            page.click(f"#dl-{kind}")
        got[kind] = (dl.value.suggested_filename, Path(dl.value.path()).read_text(encoding="utf-8"))
    res = cli("forecast", str(tmp_path / "mix.toml"), "--set", "models.0.weight=1", "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(got["json"][1]) == json.loads(res.output)
    assert got["json"][0].startswith("mix") and "edited" in got["json"][0]
    assert got["csv"][1].splitlines()[0].startswith("year,p_tai") and "p_Cotra 2020" in got["csv"][1].splitlines()[0]
    back = tmp_path / "back.toml"
    back.write_text(got["toml"][1], encoding="utf-8")
    again = cli("forecast", str(back), "--format", "json")
    assert json.loads(again.output)["p_by_year"] == json.loads(res.output)["p_by_year"]
