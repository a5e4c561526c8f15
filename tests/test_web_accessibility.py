"""The dashboard for everyone (issue 24 items 1, 3 and 7), in Debian's headless Chromium.

- **axe**: zero violations of the axe-core rules on every view (the main page and each analysis tab),
  in light and in dark mode, for a scenario with hypotheses and for another model. axe-core comes
  from PyPI's ``axe-playwright-python`` (it bundles ``axe.min.js``; a test extra), injected into the page.
- **Phones** (390 x 844): the headline and the chart are in the first screen; chart text is at
  least 11 px as drawn (charts reflow to the screen's width instead of scaling down); every control
  is at least 24 px high; a skip link reaches the analyses; one analysis tab is open from the start.
- **Non-text contrast**: the data points of the Trends and Retrospective charts are at least 3:1
  against the chart's background, light and dark; the tornado names its low and high bars in text.
- **Events**: the headline, chart and table name the model's own event.

Same set-up and skip rules as tests/test_web_browser.py; every wait is for a state of the page.
"""

from __future__ import annotations

import pytest

from test_web_browser import TIMEOUT_MS, base_url, browser, chromium, open_dashboard  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

# Every analysis tab (index.html), in the order of the tab list.
VIEWS = ["trends", "horizon", "efficiency", "sensitivity", "compare", "retro", "hindcast", "scorecard"]


@pytest.fixture(scope="module")
def axe():
    """axe-core's script as the package bundles it (injected once per page, then run as often as needed)."""
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError:
        pytest.skip("axe-playwright-python is not installed: pip install -e '.[test]'")
    return AXE_SCRIPT


def new_page(browser, scheme="light", width=1300, height=1000):
    ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return ctx, page, errors


def open_view(page, view):
    """Click a tab and wait until its view has drawn (or said why not)."""
    page.click(f"#tab-{view}")
    page.wait_for_selector(f"#view[data-loaded='{view}']")


def violations(axe, page, context: str | None = None) -> list[str]:
    """axe-core's violations on the page, or inside ``context`` (a selector); every rule axe runs by default."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe)
    found = page.evaluate("(c) => axe.run(c ? document.querySelector(c) : document, {resultTypes: ['violations']})"
                          ".then((r) => r.violations)", context)
    return [f"{v['id']} ({len(v['nodes'])}x): {v['help']} at {v['nodes'][0]['target']}" for v in found]


# The whole page is checked once per scenario and scheme; each tab then only in its panel (#view), the
# part that changed: the same rules on every view, at a fraction of the time. Another model's tabs
# differ from Cotra's only where the model matters (sensitivity, the retrospective's message).
TABS_OF = {"cotra2020": VIEWS, "metr-horizon": ["sensitivity", "retro"]}


@pytest.mark.parametrize("scenario", ["cotra2020", "metr-horizon"])
def test_no_axe_violations_on_any_view_light_and_dark(browser, base_url, axe, scenario):
    """Each view is loaded once and checked in light, then dark (prefers-color-scheme emulated)."""
    ctx, page, errors = new_page(browser, "light")
    found = {}

    def check(view, context=None):
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            found[f"{view} ({scheme})"] = violations(axe, page, context)

    try:
        open_dashboard(page, f"{base_url}/?scenario={scenario}")
        page.wait_for_selector("#view[data-loaded]")  # the tab open from the start
        check("main")
        for view in TABS_OF[scenario]:
            page.emulate_media(color_scheme="light")
            open_view(page, view)
            check(view, "#view")
    finally:
        ctx.close()
    assert not {k: v for k, v in found.items() if v}, found
    assert not errors, errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_shows_the_headline_and_chart_first_with_legible_text(browser, base_url, scheme):
    ctx, page, errors = new_page(browser, scheme, 390, 844)
    try:
        open_dashboard(page, f"{base_url}/?scenario=cotra2020")
        page.wait_for_selector("#view[data-loaded]")
        first_screen = page.evaluate("""() => {
            const bottom = (sel) => document.querySelector(sel).getBoundingClientRect().bottom;
            return {headline: bottom('#median-year'), chart: bottom('#chart svg'), scroll: document.documentElement.scrollWidth};
        }""")
        assert first_screen["headline"] <= 844 and first_screen["chart"] <= 844, first_screen
        assert first_screen["scroll"] <= 390, "the page scrolls sideways"
        # Chart text as drawn: charts are drawn at their box's width (no scaling), so text keeps its size.
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('#chart svg text, #compute-chart svg text')]
            .filter((t) => t.textContent.trim() && t.getBoundingClientRect().height > 0)
            .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getBoundingClientRect().width
                        / t.ownerSVGElement.viewBox.baseVal.width))""")
        assert smallest >= 11, smallest
        open_view(page, "trends")
        page.wait_for_selector("#view svg text")
        smallest_tab = page.evaluate("""() => Math.min(...[...document.querySelectorAll('#view svg text')]
            .filter((t) => t.textContent.trim() && t.getBoundingClientRect().height > 0)
            .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getBoundingClientRect().width
                        / t.ownerSVGElement.viewBox.baseVal.width))""")
        assert smallest_tab >= 11, smallest_tab
        # Controls at least 24 px high (WCAG 2.2 target size): buttons, menus, number and text fields.
        small = page.evaluate("""() => [...document.querySelectorAll('button, select, input[type=number], input[type=text], summary')]
            .filter((n) => n.getBoundingClientRect().height > 0 && n.getBoundingClientRect().height < 24)
            .map((n) => n.id || n.textContent.trim() || n.outerHTML.slice(0, 60))""")
        assert not small, small
    finally:
        ctx.close()
    assert not errors, errors


def test_a_skip_link_reaches_the_analyses_and_a_tab_is_open(browser, base_url):
    ctx, page, errors = new_page(browser, "light", 390, 844)
    try:
        open_dashboard(page, f"{base_url}/?scenario=cotra2020")
        page.wait_for_selector("#view[data-loaded]")
        assert page.locator("[role=tab][aria-selected=true]").count() == 1
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # the second skip link: to the analyses
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#tabs"
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash === '#tabs'")
        page.keyboard.press("Tab")  # from the tab list, the next stop is the selected tab
        assert page.evaluate("document.activeElement.getAttribute('role')") == "tab"
    finally:
        ctx.close()
    assert not errors, errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_data_points_have_3_to_1_contrast_and_the_tornado_names_its_bars(browser, base_url, scheme):
    ctx, page, errors = new_page(browser, scheme)
    try:
        open_dashboard(page, f"{base_url}/?scenario=cotra2020")
        open_view(page, "trends")
        ratio = page.evaluate("""() => {
            const rgb = (c) => c.match(/[0-9.]+/g).slice(0, 3).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
            const point = document.querySelector('#view circle.data-point');
            const bg = getComputedStyle(document.body).getPropertyValue('--panel').trim();
            const probe = document.createElement('div'); probe.style.color = bg; document.body.append(probe);
            const a = lum(rgb(getComputedStyle(point).fill)), b = lum(rgb(getComputedStyle(probe).color));
            probe.remove();
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""")
        assert ratio >= 3, ratio
        open_view(page, "sensitivity")
        tags = set(page.locator("#view svg text.bar-tag").all_text_contents())
        assert {"p5", "p95"} <= tags  # low and high told apart in text, not by colour alone
    finally:
        ctx.close()
    assert not errors, errors


def test_every_label_names_the_models_own_event(browser, base_url):
    from bioanchors.presentation import event_of_model

    ctx, page, errors = new_page(browser)
    try:
        open_dashboard(page, f"{base_url}/?scenario=semi-informative-priors")
        label = event_of_model("semi-informative-priors")[1]
        assert page.text_content("#headline-label") == f"Median year of {label}"
        assert page.get_attribute("#chart svg", "aria-label").startswith(f"P({label} by year)")
        assert page.text_content("#summary th") == f"P({label} by year)"
        assert "TAI" not in page.text_content("#headline-label") + page.text_content("#summary")
        open_view(page, "compare")
        page.wait_for_selector("#compare-table")
        assert page.locator("#compare-table th").nth(1).text_content() == "model: event"
    finally:
        ctx.close()
    assert not errors, errors


def test_the_axe_check_can_fail(browser, base_url, axe):
    """A control: an unlabelled input and a title-only one in a tab panel are reported (the check is not vacuous)."""
    ctx, page, errors = new_page(browser)
    try:
        open_dashboard(page, f"{base_url}/?scenario=cotra2020")
        page.wait_for_selector("#view[data-loaded]")
        page.evaluate("""() => document.getElementById('view').insertAdjacentHTML('beforeend',
            '<input type="number" id="bad-1"><input type="number" id="bad-2" title="only a title">')""")
        found = " ".join(violations(axe, page, "#view"))
    finally:
        ctx.close()
    assert "label" in found and "label-title-only" in found, found
