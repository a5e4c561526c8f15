"""Consistent text (issue 24 item 6): one standard-error format, and units in square brackets kept.

The format rule is docs/methods.md "How standard errors are printed": two significant digits in
positional notation, "± 0.0042 (1 s.e.)", "± 0.06 yr (1 s.e.)"; the dashboard's seText (app.js)
is checked against it in tests/test_web_browser.py.
"""

from __future__ import annotations

import json
import re

import pytest

from bioanchors.presentation import SE_NOTE, se_text, se_value


@pytest.mark.parametrize(("x", "expected"), [
    # Reference values: the rule worked by hand (2 significant digits, positional notation).
    (0.0, "0"),
    (0.0042, "0.0042"),
    (0.004, "0.0040"),      # the second digit is kept: 2 significant digits
    (3e-5, "0.000030"),     # never 3e-05 (the old CLI format) nor 0.000
    (0.0996, "0.10"),       # rounded before the decimals are chosen, not 0.100
    (0.34, "0.34"),
    (9.96, "10"),
    (123.4, "120"),
    (4e-7, "< 0.000001"),
])
def test_se_value_rule(x, expected):
    assert se_value(x) == expected


def test_se_text_units_and_note():
    assert se_text(0.0042) == "± 0.0042 (1 s.e.)"
    assert se_text(0.061, "yr") == "± 0.061 yr (1 s.e.)"
    assert se_text(0.42, "pp", note=False) == "± 0.42 pp"


@pytest.fixture(scope="module")
def mc_run():
    """One Monte Carlo forecast of cotra2020-uncertain as a table and as JSON (same seed: same numbers)."""
    from typer.testing import CliRunner

    from bioanchors.cli import app

    args = ["forecast", "cotra2020-uncertain", "--method", "monte-carlo", "--samples", "4000", "--seed", "1", "--quiet"]
    runner = CliRunner()
    table = runner.invoke(app, args, env={"COLUMNS": "80"})
    data = runner.invoke(app, [*args, "--format", "json"])
    assert table.exit_code == 0 and data.exit_code == 0, table.output + data.output
    return table.output, json.loads(data.output)


def test_forecast_table_prints_the_standard_errors_in_the_one_format(mc_run):
    out, data = mc_run
    row = next(ln for ln in out.splitlines() if "± 1 s.e." in ln)
    cells = [c.strip() for c in row.strip("│ ").split("│")][2:]
    years = ["2030", "2036", "2040", "2050", "2070", "2100"]  # result.SUMMARY_YEARS in the default window
    assert cells == [se_value(data["standard_errors"][y]) for y in years]
    assert not re.search(r"±\s?0\.000\b|e-0", out)  # the old "±3e-05" and "±0.000" never come back


def test_forecast_percentile_line_prints_date_standard_errors_in_the_one_format(mc_run):
    out, data = mc_run
    text = " ".join(out.split())  # the line wraps at 80 columns
    dates, ses = data["quantile_dates"], data["quantile_standard_errors"]
    shown = [f"{dates[q]:.1f} {se_text(ses[q], 'yr', note=False)}" for q in ("0.1", "0.5", "0.9") if ses[q] is not None]
    assert shown, "cotra2020-uncertain's 10th and 50th percentiles are inside 2025-2100"
    assert "interpolated dates: " + ", ".join(shown) + f" {SE_NOTE}" in text


# ------------------------------------------------------------------ square brackets are text, not markup

@pytest.mark.parametrize(("args", "units"), [
    (["forecast", "cotra2020"], ["[log10 FLOP]"]),
    # This title printed "sensitivity of median_year  (central ..." before: rich read "[year]" as a tag.
    (["sensitivity", "cotra2020-uncertain"], ["median_year [year]"]),
    (["trends"], ["90% CI [x/yr]", "doubling [years]"]),
    (["efficiency"], ["[months]"]),
    (["retro"], ["multipliers [x/yr]", "[x run length]"]),
])
def test_units_in_square_brackets_are_printed(cli, monkeypatch, args, units):
    from bioanchors.cli import common

    # Wide: a cell wrapped at 80 columns splits "[log10" / "FLOP]". Set on the console itself, since
    # COLUMNS is not read under pytest-xdist's workers.
    monkeypatch.setattr(common.console, "_width", 200)
    res = cli(*args)
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    for unit in units:
        assert unit in text, unit


def test_console_prints_markup_like_text_literally():
    """A scenario name or key such as "[red]bogus" is text (docs/limits.md); so is a unit."""
    from bioanchors.cli.common import console

    with console.capture() as cap:
        console.print("[red]bogus [log10 FLOP] [bold]x[/]")
    assert cap.get().strip() == "[red]bogus [log10 FLOP] [bold]x[/]"
