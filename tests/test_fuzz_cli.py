"""Fuzz: generated command lines for forecast/show/scenarios/sensitivity (issue 10, item 5).

Option values mix valid ones with the hostile ones of issue 10 (negative seeds, huge years and
sample counts, NaN, text where numbers belong, bad --set paths and values, unwritable --out and
--plot targets). Property (docs/limits.md): exit 0 (and then, for JSON forecasts, finite monotone
probabilities in [0, 1]), or exit 2 with at most 3 plain lines starting "error:"; never a traceback.
Derandomized: CI runs the same examples each time.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from test_fuzz_scenarios import assert_clean_outcome, assert_sane_forecast

# Valid values are listed several times so that about half the examples run to completion.
VALID_SCENARIOS = ["cotra2020", "cotra2020-uncertain", "measured-2025", "cotra2022"]
SCENARIO_ARGS = VALID_SCENARIOS * 3 + ["Cotra2020", "cotra2023", "nope.toml", "[/bold]", "dir/", "", "EXISTING"]
INTS = ["1", "300", "2030", "2040", "2100"] * 3 + [
    "-1", "0", "2025", "1899", "3001", "4294967296", "-1000000000", "1000000000000", str(10**30), "1.5", "abc",
    "nan", ""]
FLOATS = ["0.5", "1", "2", "5", "95"] * 2 + ["nan", "inf", "-inf", "-5", "0", "50", "150", "1e308", "abc"]
SET_VALUES = ["1.5", "2", "0.5"] * 3 + ["nan", "inf", "-1", "0", "1.5", "1e308", "5e-324", "abc", '"2025"', "true", "[1, 2]", "{}",
              "{dist = 'lognormal', p5 = 1, p150 = 2}", "[" * 40 + "]" * 40, str(10**400)]
SET_PATHS = ["spending.doubling_time_years", "spending.doubling_time_yeras", "conventions.trend_year_offset_years",
             "years.start", "run_length.enabled", "hypotheses.genome.weight", "hypotheses.medium_horizon.halving_time_years",
             "algorithmic_progress.halving_time_years_all", "flop_per_dollar.reference_year", "name", "name.sub", "a..b",
             "[/x]", "requirements.seed"]
PATH_VALUES = ["EXISTING", "NONEMPTY", "/proc/bioanchors-fuzz", "EXISTING/p.png", "f.jpg", "NEW/p.png", "NEW"]


def _forecast_args():
    opt = st.one_of(
        st.tuples(st.just("--samples"), st.sampled_from(INTS)),
        st.tuples(st.just("--seed"), st.sampled_from(INTS)),
        st.tuples(st.just("--start-year"), st.sampled_from(INTS)),
        st.tuples(st.just("--end-year"), st.sampled_from(INTS)),
        st.tuples(st.just("--method"), st.sampled_from(["auto", "exact", "conditional", "monte-carlo", "bogus"])),
        st.tuples(st.just("--format"), st.sampled_from(["table", "json", "csv", "xml"])),
        st.tuples(st.just("--algorithmic-halving-years"), st.sampled_from(FLOATS)),
        st.tuples(st.just("--algorithmic-halving-scale"), st.sampled_from(FLOATS)),
        st.tuples(st.just("--set"), st.builds(lambda p, v: f"{p}={v}", st.sampled_from(SET_PATHS),
                                              st.sampled_from(SET_VALUES))),
        st.tuples(st.just("--set"), st.sampled_from(["oops", "=1", "spending.doubling_time_years"])),
        st.tuples(st.just("--out"), st.sampled_from(PATH_VALUES)),
        st.tuples(st.just("--plot"), st.sampled_from(["f.jpg", "EXISTING/p.png", "/proc/x/p.png", "NONEMPTY"])),
        st.tuples(st.just("--bogus"), st.just("1")),
    )
    return st.tuples(st.just("forecast"), st.sampled_from(SCENARIO_ARGS), st.lists(opt, max_size=3))


def _sensitivity_args():
    opt = st.one_of(
        st.tuples(st.just("--method"), st.sampled_from(["oat", "sobol", "x"])),
        st.tuples(st.just("--samples"), st.sampled_from(["16", "32", "17", "0", "-1", "131072", "abc"])),
        st.tuples(st.just("--seed"), st.sampled_from(INTS)),
        st.tuples(st.just("--low"), st.sampled_from(FLOATS)),
        st.tuples(st.just("--high"), st.sampled_from(FLOATS)),
        st.tuples(st.just("--output"), st.sampled_from(["median_year", "p2030", "p9999"])),
        st.tuples(st.just("--format"), st.sampled_from(["json", "table"])),
        st.tuples(st.just("--plot"), st.sampled_from(["f.jpg", "EXISTING/p.png"])),
    )
    scen = st.sampled_from(["cotra2020-uncertain"] * 4 + ["cotra2020", "EXISTING", "[red]x"])
    return st.tuples(st.just("sensitivity"), scen, st.lists(opt, max_size=2))


def _show_args():
    return st.tuples(st.sampled_from(["show", "scenarios"]), st.sampled_from(SCENARIO_ARGS),
                     st.lists(st.tuples(st.just("--format"), st.sampled_from(["json", "table", "yaml"])), max_size=1))


def _materialise(command, scenario, options, folder: Path) -> list[str]:
    """Replace placeholders by real paths inside ``folder`` (an existing file, a non-empty folder, ...)."""
    (folder / "EXISTING").write_text("not a scenario\n")
    (folder / "NONEMPTY").mkdir(exist_ok=True)
    (folder / "NONEMPTY" / "results.json").write_text("{}")

    def real(text: str) -> str:
        # Every relative path lands inside ``folder``: the fuzz never writes into the working directory.
        if text.startswith(("EXISTING", "NONEMPTY", "NEW")) or text in ("f.jpg", "nope.toml", "dir/"):
            return str(folder / text)
        return text

    args = [command] + ([real(scenario)] if command != "scenarios" else [])
    for name, value in options:
        args += [name, real(value)]
    # Keep valid Monte Carlo runs small: cap the sample count unless the example sets one.
    if command == "forecast" and "--samples" not in args:
        args += ["--samples", "300"]
    return args + (["-q"] if command == "forecast" else [])


FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FUZZ
@given(argv=st.one_of(_forecast_args(), _sensitivity_args(), _show_args()))
def test_generated_command_lines(cli, argv):
    with tempfile.TemporaryDirectory() as tmp:
        args = _materialise(*argv, Path(tmp))
        result = cli(*args)
        event(f"{args[0]} exit {result.exit_code}")
        assert_clean_outcome(result)
        fmt = args[args.index("--format") + 1] if "--format" in args else "table"
        if result.exit_code == 0 and args[0] == "forecast" and fmt == "json":
            assert_sane_forecast(json.loads(result.stdout))


# The reproductions of issue 10 and 13, one by one (each must be a one-line error, exit 2).
REPRODUCTIONS = [
    (["forecast", "--seed", "-1"], "--seed"),
    (["sensitivity", "--seed", "-1"], "--seed"),
    (["forecast", "--end-year", "1000000"], "--end-year"),
    (["forecast", "--start-year", "-1000000000"], "--start-year"),
    (["forecast", "--samples", str(10**12)], "--samples"),
    (["forecast", "--set", "conventions.trend_year_offset_years=nan"], "conventions.trend_year_offset_years"),
    (["forecast", "--set", "spending.doubling_time_years=abc"], "expected a number"),
    (["forecast", "--set", "spending.doubling_time_yeras=1.5"], "did you mean 'doubling_time_years'"),
    (["forecast", "Cotra2020"], "did you mean 'cotra2020'"),
    (["forecast", "--set", "hypotheses.genom.weight=0.2"], "did you mean 'hypotheses.genome'"),
    (["forecast", "measured-2025", "--set", "hypotheses.medium_horizon.halving_time_years=20"], "cannot take effect"),
    (["forecast", "--plot", "f.jpg"], ".png, .svg or .pdf"),
    (["forecast", "--samples", "abc"], "--samples"),
]


@pytest.mark.parametrize("argv,needle", REPRODUCTIONS, ids=[" ".join(a) for a, _ in REPRODUCTIONS])
def test_issue_reproductions_are_one_line_errors(cli, argv, needle):
    result = cli(*argv)
    assert result.exit_code == 2, result.output
    assert needle in result.output, result.output
    assert len(result.output.strip().splitlines()) <= 3 and "Traceback" not in result.output
    assert "Usage:" not in result.output and "╭" not in result.output  # no usage box


def test_plot_with_a_bad_suffix_is_refused_before_the_forecast_runs(cli):
    result = cli("forecast", "--plot", "f.jpg")
    assert result.exit_code == 2 and "P(TAI" not in result.output  # no table printed first


def test_out_refuses_a_folder_with_results_unless_forced(cli, tmp_path):
    (tmp_path / "results.json").write_text("{}")
    refused = cli("forecast", "--out", tmp_path, "--format", "json")
    assert refused.exit_code == 2 and "--force" in refused.output
    assert (tmp_path / "results.json").read_text() == "{}"  # untouched
    forced = cli("forecast", "--out", tmp_path, "--force", "--format", "json")
    assert forced.exit_code == 0 and json.loads((tmp_path / "results.json").read_text())["p_by_year"]


def test_markup_in_user_text_is_printed_verbatim(cli, tmp_path):
    folder = tmp_path / "[/x]"
    folder.mkdir(parents=True)  # the folder "[" holding "x]"
    path = folder / "s.toml"
    path.write_text('extends = "cotra2020"\nname = "[/red]x"\n"[red]bogus" = 1\n')
    result = cli("forecast", path)
    assert result.exit_code == 2
    assert "[red]bogus" in result.output and str(path) in result.output
    path.write_text('extends = "cotra2020"\nname = "[/red]x"\n')
    ok = cli("forecast", path)
    assert ok.exit_code == 0 and "[/red]x" in ok.output


def test_dollar_signs_in_labels_are_not_mathtext(cli, tmp_path):
    # matplotlib would parse "$\frac{$" as mathtext and fail while saving the plot.
    path = tmp_path / "s.toml"
    path.write_text('extends = "cotra2020"\nname = "$\\\\frac{$"\n[hypotheses.genome]\nlabel = "$\\\\badcmd{$ x"\n')
    result = cli("forecast", path, "--plot", tmp_path / "p.png", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.png").stat().st_size > 0


def test_error_messages_are_made_safe_to_print():
    from bioanchors.cli.common import plain_message

    msg = plain_message("bad \x1b[31mname\x07\n" + "x" * 2000 + "\nthree\nfour\nfive")
    lines = msg.splitlines()
    assert "\x1b" not in msg and "\\x1b" in lines[0]  # terminal codes shown, not executed
    assert len(lines) == 3 and len(lines[1]) <= 500 and "and 3 more" in lines[2]


def test_report_out_must_be_an_html_file_not_a_folder(cli, tmp_path):
    # Issue 10: `report --out` onto a folder was a traceback (IsADirectoryError).
    folder = tmp_path / "outdir"
    folder.mkdir()
    res = cli("report", "cotra2020", "--out", folder)
    assert res.exit_code == 2 and "Traceback" not in res.output and "internal error" not in res.output
    assert "--out" in res.output and ".html" in res.output
    res = cli("report", "cotra2020", "--out", tmp_path / "r.txt")
    assert res.exit_code == 2 and ".html" in res.output
