"""Regenerate the dashboard screenshots in docs/img/ (used by docs/web.md).

Starts the dashboard on 127.0.0.1 and a free port in this process, drives Debian's
headless Chromium (``/usr/bin/chromium``, or ``--chromium PATH``) with Playwright, and
writes one PNG per view. Run from the repository root with the project's venv:

    python scripts/screenshots.py            # all screenshots
    python scripts/screenshots.py --only uncertain-band

Needs ``pip install -e '.[test]'`` (Playwright) and ``apt-get install -y chromium``.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "img"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
WIDE = {"width": 1300, "height": 1000}
PHONE = {"width": 390, "height": 844}
TALL = {"width": 1300, "height": 2600}  # the inputs panel scrolls within the window: tall enough to show it whole


@contextmanager
def dashboard():
    """The dashboard on a free loopback port, in a background thread; yields its base URL."""
    from bioanchors.web.app import running_in_thread

    with running_in_thread(timeout=30) as url:
        yield url


def ready(page, url):
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("Number(document.getElementById('chart').dataset.seq) > 0", timeout=120_000)
    page.wait_for_timeout(300)  # overlays and the ghost curve are drawn by then


def shot_main(page, base):
    ready(page, base + "/?scenario=cotra2020&flop_per_dollar.doubling_time_years=1.5&compare=cotra2022")
    page.wait_for_selector("#base-line")
    page.locator(".results").screenshot(path=OUT / "main-edited.png")


def shot_band(page, base):
    ready(page, base + "/?scenario=cotra2020-uncertain&hypotheses=0")
    page.locator(".chart-wrap").screenshot(path=OUT / "uncertain-band.png")


def shot_inputs(page, base):
    ready(page, base + "/")
    page.click("#hyp-help summary")
    page.click('details[id="help-in-spending-log10_usd"] summary')
    page.locator(".inputs-panel").screenshot(path=OUT / "inputs-explained.png")


def shot_error(page, base):
    ready(page, base + "/")
    page.fill('#inputs [data-path="flop_per_dollar.doubling_time_years"]', "-2")
    page.wait_for_selector("#errors:not([hidden])")
    page.locator(".results").screenshot(path=OUT / "error-stale.png")


def shot_phone(page, base):
    ready(page, base + "/?compare=cotra2022")
    page.screenshot(path=OUT / "phone-dark.png")


def shot_section(name, query, wait, selector):
    """A shot of the part ``selector`` of the page at ``query``, once ``wait`` is drawn."""
    def shoot(page, base):
        ready(page, base + query)
        page.wait_for_selector(wait)
        page.locator(selector).screenshot(path=OUT / f"{name}.png")
    return shoot


def shot_anchor_inputs(page, base):
    ready(page, base + "/?scenario=cotra2020&requirements.ingredients.brain_log10_flop_per_s.p50=16")
    page.click("#ingredients summary")
    page.locator("#anchors-editor").screenshot(path=OUT / "anchors-editor.png")


def shot_retro_projections(page, base):
    ready(page, base + "/")
    page.click("#tabs button[data-view='retro']")
    page.wait_for_selector("#view svg[data-series]", timeout=120_000)
    page.locator("#view .series").screenshot(path=OUT / "retro-projections.png")


# An ensemble (issue 15 item 4): the built-in ensemble-2026 when it exists, else this mixture of
# Cotra's two built-ins, shared through the URL as an uploaded file is.
ENSEMBLE_FALLBACK = ('name = "cotra-mix"\ndescription = "Cotra 2020 and her 2022 update, 3:1"\n'
                     '[[models]]\nscenario = "cotra2020"\nweight = 3\nlabel = "Cotra 2020"\n'
                     '[[models]]\nscenario = "cotra2022"\nweight = 1\nlabel = "Cotra 2022"\n')


def ensemble_query() -> str:
    import base64

    from bioanchors import builtin_names

    if "ensemble-2026" in builtin_names():
        return "scenario=ensemble-2026"
    return "toml=" + base64.urlsafe_b64encode(ENSEMBLE_FALLBACK.encode()).decode()


def shot_ensemble(page, base):
    ready(page, f"{base}/?{ensemble_query()}&models.0.weight=1")
    page.wait_for_selector("#base-line")
    page.locator("main").screenshot(path=OUT / "ensemble.png")


def shot_other_model(page, base):
    """The first built-in scenario of a model other than Cotra's or an ensemble (direct-approach first)."""
    from bioanchors import builtin_names, load_scenario

    name = next(n for n in builtin_names() if load_scenario(n).model not in ("cotra2020", "ensemble"))
    ready(page, f"{base}/?scenario={name}")
    page.locator("main").screenshot(path=OUT / "other-model.png")


def shot_tab(name):
    def shoot(page, base):
        ready(page, base + "/")
        page.click(f"#tabs button[data-view='{name}']")
        page.wait_for_function("(n) => { const v = document.getElementById('view');"
                               " return v.dataset.view === n && !v.textContent.startsWith('Loading'); }",
                               arg=name, timeout=120_000)
        page.locator("#view").screenshot(path=OUT / f"tab-{name}.png")
    return shoot


SHOTS = {
    "main-edited": (shot_main, WIDE, "light"),
    "uncertain-band": (shot_band, WIDE, "light"),
    "inputs-explained": (shot_inputs, WIDE, "light"),
    "error-stale": (shot_error, WIDE, "light"),
    "tab-trends": (shot_tab("trends"), WIDE, "light"),
    "tab-retro": (shot_tab("retro"), WIDE, "light"),
    "tab-sensitivity": (shot_tab("sensitivity"), WIDE, "light"),
    "phone-dark": (shot_phone, PHONE, "dark"),
    # Cotra's classic picture with the Medium-horizon's horizon range edited (1e3-1e8 s instead of 1e3-1e6).
    "anchors-picture": (shot_section("anchors-picture", "/?scenario=cotra2020&hypotheses.medium_horizon.requirement.log10_horizon_s_high=8",
                                     "#anchors-chart path.req-cdf", ".anchors"), WIDE, "light"),
    "anchors-editor": (shot_anchor_inputs, TALL, "light"),
    "retro-projections": (shot_retro_projections, WIDE, "light"),
    "ensemble": (shot_ensemble, WIDE, "light"),
    "other-model": (shot_other_model, WIDE, "light"),
    # FTM's best guess with the FLOP gap raised to 5 OOM: trajectories, milestones, the ghost of the preset
    "takeoff-ftm": (shot_section("takeoff-ftm", "/?scenario=ftm-best-guess&automation.training_flop_gap_oom=5",
                                 "#takeoff-base-automation_goods", "#takeoff-section"), WIDE, "light"),
    # aifm-uncertain on a phone, dark: the horizon and the speed-up with their 5-95% bands
    "takeoff-aifm-phone": (shot_section("takeoff-aifm-phone", "/?scenario=aifm-uncertain", "#takeoff-band-horizon",
                                        "#takeoff-charts"), PHONE, "dark"),
    "tab-scorecard": (shot_tab("scorecard"), WIDE, "light"),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--only", action="append", choices=sorted(SHOTS), help="only this screenshot (repeatable)")
    args = ap.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"error: no chromium at {args.chromium}; apt-get install -y chromium or give --chromium PATH", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with dashboard() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=ARGS)
        for name in args.only or SHOTS:
            shoot, viewport, scheme = SHOTS[name]
            ctx = browser.new_context(viewport=viewport, color_scheme=scheme)
            shoot(ctx.new_page(), base)
            ctx.close()
            print(f"wrote {OUT / name}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
