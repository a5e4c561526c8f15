"""``bioanchors report``: a self-contained HTML file (inline SVG charts, tables, no external assets)."""

from __future__ import annotations

import re

import bioanchors
from bioanchors.web import render_report

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def assert_self_contained(html: str) -> None:
    assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)
    assert "<script" not in html.lower() and "<link" not in html.lower() and "<iframe" not in html.lower()
    assert "@import" not in html and "url(http" not in html and "url(//" not in html


def test_report_command_writes_a_self_contained_html_file(cli, tmp_path):
    out = tmp_path / "sub" / "report.html"
    res = cli("report", "cotra2020", "--out", out, "--set", "spending.doubling_time_years=1.5",
              "--compare", "cotra2022")
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert_self_contained(html)
    assert html.count("<svg") >= 2 and "<table" in html
    expected = bioanchors.forecast(bioanchors.load_scenario("cotra2020").replace({"spending.doubling_time_years": 1.5}))
    assert f"<strong>{expected.median_year}</strong>" in html
    assert "cotra2022" in html  # the overlay
    assert re.search(r"\[spending\.doubling_time_years\]\s*value = 1\.5", html)  # the edited scenario's TOML


def test_report_renders_every_hypothesis_and_the_main_parameters():
    res = bioanchors.forecast("cotra2020-conservative")
    html = render_report(res)
    assert_self_contained(html)
    for label in res.hypothesis_labels:
        assert label in html
    assert "FLOP/$ doubling time" in html and "spend doubling time" in html


def test_report_of_a_bad_scenario_is_a_clean_error(cli, tmp_path):
    res = cli("report", "no-such-scenario", "--out", tmp_path / "r.html")
    assert res.exit_code == 2 and "unknown scenario" in res.output
    assert not (tmp_path / "r.html").exists()


def test_report_of_an_uncertain_scenario_says_why_a_section_is_missing():
    """The retrospective needs point values: the report says so in that section instead of failing
    (or, as before, calling it "not available in this version")."""
    res = bioanchors.forecast("cotra2020-uncertain", samples=2000)
    html = render_report(res)
    assert_self_contained(html)
    retro = html[html.index("<h2>Retrospective</h2>"):]
    assert retro.split("</p>")[0].count("Not shown for this scenario") == 1
    assert "Not available in this version" not in html


def test_report_lists_what_was_changed_and_marks_the_name(cli, tmp_path):
    """Issue 13 item 2: edited versus base, a derived name, and the overrides listed in the report."""
    out = tmp_path / "r.html"
    res = cli("report", "cotra2020", "--out", out, "--set", "spending.doubling_time_years=1.5")
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>bioanchors report: cotra2020 (edited: 1 change)</h1>" in html
    section = html[html.index("<h2>Changed from cotra2020</h2>"):]
    section = section[:section.index("</table>")]
    # cotra2020's spend doubling time is 2 years (report p. 133); the edit makes it 1.5
    assert "<td>spending.doubling_time_years</td><td>2</td><td>1.5</td>" in section
    # the sensitivity section cannot apply the edit to a point-valued scenario, and says so
    assert "NOT applied" in html


def test_unedited_report_has_no_changes_section():
    html = render_report(bioanchors.forecast("cotra2020"))
    assert "Changed from" not in html and "(edited" not in html


def test_report_speaks_the_generic_forecast_components():
    # Issue 12 item 1: the report shows whatever components a model has. An ensemble's
    # components are its member models (no halving-time/cap columns, which are Cotra's).
    import bioanchors
    from bioanchors.web.report import render_report
    from toy_models import mixture

    res = bioanchors.forecast(mixture([(1, "cotra2020"), (3, "cotra2020")]))
    assert res.component_kind == "models" and len(res.components) == 2
    html = render_report(res, optional=False)
    assert "<h2>Models</h2>" in html and "halving time [yr]" not in html and "Compute trends" not in html
    assert "<td>0.250</td>" in html and "<td>0.750</td>" in html  # the members' normalised weights
    cotra = render_report(bioanchors.forecast("cotra2020"), optional=False)
    assert "<h2>Hypotheses</h2>" in cotra and "halving time [yr]" in cotra and "Evolution" in cotra
