"""Every invalid scenario: a short message naming the file, the field and the fix; exit 2; no traceback."""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.errors import ScenarioError

BASE = 'extends = "cotra2020"\nname = "mine"\n'

# (case id, TOML text, substrings the message must contain)
CASES = [
    ("unknown-key", BASE + "[spending]\ndoubling_time_yrs = 2\n", ["spending.doubling_time_yrs", "unknown key"]),
    ("unknown-top-level", BASE + "colour = 'red'\n", ["colour", "unknown key"]),
    ("wrong-type", BASE + "[spending]\ndoubling_time_years = 'fast'\n", ["spending.doubling_time_years"]),
    ("zero-doubling", BASE + "[flop_per_dollar]\ndoubling_time_years = 0\n", ["flop_per_dollar.doubling_time_years", "> 0"]),
    ("negative-doubling", BASE + "[spending]\ndoubling_time_years = -2\n", ["spending.doubling_time_years", "> 0"]),
    ("negative-halving", BASE + "[hypotheses.lifetime]\nhalving_time_years = -1\n", ["hypotheses.lifetime.halving_time_years"]),
    ("weights-zero", BASE + "".join(f"[hypotheses.{h}]\nweight = 0\n" for h in
                                    ["lifetime", "short_horizon", "genome", "medium_horizon", "long_horizon", "evolution"]),
     ["hypotheses", "sum to a positive number"]),
    ("negative-weight", BASE + "[hypotheses.genome]\nweight = -0.1\n", ["hypotheses.genome.weight", ">= 0"]),
    ("ceiling-below-start", BASE + "[flop_per_dollar]\nlog10_ceiling_flop_per_usd = 15\n",
     ["log10_ceiling_flop_per_usd", "raise the ceiling"]),
    ("spend-ceiling-below-start", BASE + "[spending]\nceiling_gdp_share = 0.00001\n", ["spending", "ceiling_gdp_share"]),
    ("end-before-start", BASE + "[years]\nstart = 2050\nend = 2040\n", ["years", "end year (2040) is before start year (2050)"]),
    ("malformed-toml", "name = \"x\nthis is not toml", ["malformed TOML"]),
    ("bad-dist", BASE + "[spending]\ndoubling_time_years = {dist = 'lognormal', p5 = 1}\n",
     ["spending.doubling_time_years", "lognormal"]),
    ("normal-reaches-negative", BASE + "[spending]\ndoubling_time_years = {dist = 'normal', mean = 2, sd = 1}\n",
     ["spending.doubling_time_years", "lognormal or loguniform"]),
    ("unknown-dist", BASE + "[spending]\ndoubling_time_years = {dist = 'gamma', mean = 2}\n", ["spending.doubling_time_years.dist"]),
    ("unknown-requirement-model", BASE + "[hypotheses.lifetime]\nrequirement = {model = 'astrology'}\n",
     ["hypotheses.lifetime.requirement.model"]),
    ("p-none-rising", BASE + "[breakthrough]\np_none_end = 0.5\n", ["breakthrough", "p_none_end must be <= p_none_start"]),
    ("probability-above-one", BASE + "[breakthrough]\np_none_start = 1.5\n", ["breakthrough.p_none_start", "<= 1"]),
    ("extends-unknown", 'extends = "cotra1999"\nname = "x"\n', ["extends", "unknown scenario 'cotra1999'"]),
]


@pytest.mark.parametrize("case,text,needles", CASES, ids=[c[0] for c in CASES])
def test_invalid_scenario_file(tmp_path, cli, case, text, needles):
    path = tmp_path / f"{case}.toml"
    path.write_text(text)
    result = cli("forecast", path)
    assert result.exit_code == 2, result.output
    out = result.output
    assert str(path) in out  # names the file
    for needle in needles:
        assert needle in out.replace("\n", " ") or needle in out, (needle, out)
    assert "Traceback" not in out


def test_missing_file(cli, tmp_path):
    result = cli("forecast", tmp_path / "nope.toml")
    assert result.exit_code == 2
    assert "no such file" in result.output and "Traceback" not in result.output


def test_unknown_builtin_name_lists_the_known_ones(cli):
    result = cli("forecast", "cotra2023")
    assert result.exit_code == 2
    assert "unknown scenario 'cotra2023'" in result.output and "cotra2020-aggressive" in result.output


def test_not_utf8(tmp_path, cli):
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    result = cli("forecast", path)
    assert result.exit_code == 2 and "UTF-8" in result.output


def test_end_year_before_start_year_on_the_command_line(cli):
    result = cli("forecast", "--start-year", "2060", "--end-year", "2050")
    assert result.exit_code == 2 and "before start year" in result.output


def test_bad_set_option(cli):
    result = cli("forecast", "--set", "spending.doubling_time_years=-1")
    assert result.exit_code == 2 and "spending.doubling_time_years" in result.output
    result = cli("forecast", "--set", "oops")
    assert result.exit_code == 2 and "FIELD=VALUE" in result.output


def test_console_script_exits_2_without_traceback(tmp_path):
    # The installed entry point (not just the typer app) handles errors the same way.
    import subprocess
    import sys

    path = tmp_path / "bad.toml"
    path.write_text(BASE + "[spending]\ndoubling_time_years = 0\n")
    proc = subprocess.run([sys.executable, "-c", "from bioanchors.cli import main; main()", "forecast", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "spending.doubling_time_years" in proc.stderr


def test_override_errors_name_the_field():
    sc = bioanchors.load_scenario("cotra2020")
    with pytest.raises(ScenarioError, match="hypotheses.genome.cap_oom"):
        sc.replace({"hypotheses.genome.cap_oom": -1})
    with pytest.raises(ScenarioError, match="not a table"):
        sc.replace({"name.sub": 1})


def test_correlation_errors():
    sc = bioanchors.load_scenario("cotra2020").replace({
        "flop_per_dollar.doubling_time_years": {"dist": "lognormal", "p5": 1.5, "p95": 3.5},
        "spending.doubling_time_years": {"dist": "lognormal", "p5": 1.0, "p95": 3.0},
        "algorithmic_progress.halving_time_scale": {"dist": "lognormal", "p5": 0.3, "p95": 1.5},
    })
    bad_name = sc.replace({"correlations": [{"a": "spending.doubling_time_years", "b": "spending.nope", "rank_correlation": 0.3}]})
    with pytest.raises(bioanchors.BioanchorsError, match="not a parameter"):
        bioanchors.forecast(bad_name, samples=1000)
    names = ["flop_per_dollar.doubling_time_years", "spending.doubling_time_years", "algorithmic_progress.halving_time_scale"]
    # Pairwise +0.9, +0.9, -0.9 is impossible: not positive definite.
    not_pd = sc.replace({"correlations": [
        {"a": names[0], "b": names[1], "rank_correlation": 0.9},
        {"a": names[1], "b": names[2], "rank_correlation": 0.9},
        {"a": names[0], "b": names[2], "rank_correlation": -0.9},
    ]})
    with pytest.raises(bioanchors.BioanchorsError, match="positive-definite"):
        bioanchors.forecast(not_pd, samples=1000)


# ---------------------------------------------------------------------------
# Issue 10: numbers at the boundary (bounds: docs/limits.md)
# ---------------------------------------------------------------------------

BOUND_CASES = [
    # (case id, TOML after BASE, substrings of the message)
    ("offset-nan", "[conventions]\ntrend_year_offset_years = nan\n", ["conventions.trend_year_offset_years", "finite"]),
    ("offset-inf", "[conventions]\ntrend_year_offset_years = inf\n", ["conventions.trend_year_offset_years", "finite"]),
    ("nan-in-distribution", "[spending]\nlog10_usd = {dist = 'normal', mean = nan, sd = 1}\n",
     ["spending.log10_usd", "finite"]),
    ("sd-log10-inf", "[spending]\ndoubling_time_years = {dist = 'lognormal', median = 2, sd_log10 = inf}\n",
     ["spending.doubling_time_years", "finite"]),
    ("sd-log10-huge", "[spending]\ndoubling_time_years = {dist = 'lognormal', median = 2, sd_log10 = 50}\n",
     ["spending.doubling_time_years", "sd_log10 must be <= 10"]),
    ("denormal-doubling", "[spending]\ndoubling_time_years = 5e-324\n", ["spending.doubling_time_years", "0.001"]),
    ("p150", "[spending]\nlog10_usd = {dist = 'lognormal', p5 = 1, p150 = 5}\n", ["spending.log10_usd", "p150", "p100"]),
    ("p200", "[spending]\nlog10_usd = {dist = 'percentiles', p5 = 1, p200 = 5}\n", ["spending.log10_usd", "p200"]),
    ("year-as-string", "[years]\nstart = \"2025\"\n", ["years.start", "whole number", "remove the quotes"]),
    ("bool-as-string", "[run_length]\nenabled = \"yes\"\n", ["run_length.enabled", "true or false"]),
    ("number-as-string", "[spending]\ndoubling_time_years = \"2\"\n", ["spending.doubling_time_years", "remove the quotes"]),
    ("400-digit-int", "[spending]\nlog10_usd = " + "9" * 400 + "\n", ["spending.log10_usd", "400-digit integer"]),
    ("400-digit-year", "[spending]\nreference_year = " + "9" * 400 + "\n", ["spending.reference_year", "too large"]),
    ("reference-year-1e23", "[flop_per_dollar]\nreference_year = 100000000000000000000000\n",
     ["flop_per_dollar.reference_year", "too large"]),
    ("reference-year-far", "[spending]\nreference_year = 5000\n", ["spending.reference_year", "1900 and 3000"]),
    ("horizon-inf", "[hypotheses.long_horizon.requirement]\nlog10_horizon_s_high = inf\n",
     ["hypotheses.long_horizon.requirement.log10_horizon_s_high", "finite"]),
    ("skew-shape-huge", "[hypotheses.genome]\nrequirement = {dist = 'skewnormal', median = 33, sd = 2, shape = 1e308}\n",
     ["hypotheses.genome.requirement", "between"]),
    ("weights-1e308", "[hypotheses.genome]\nweight = 1e308\n[hypotheses.lifetime]\nweight = 1e308\n",
     ["hypotheses.genome.weight", "between"]),
    ("published-nan", "[published]\nx = nan\n", ["published", "'x'", "finite"]),
    ("log10-huge", "[flop_per_dollar]\nlog10_flop_per_usd = 1000\n", ["flop_per_dollar.log10_flop_per_usd", "-100 and 100"]),
]


@pytest.mark.parametrize("case,text,needles", BOUND_CASES, ids=[c[0] for c in BOUND_CASES])
def test_numbers_out_of_range_are_refused(tmp_path, cli, case, text, needles):
    path = tmp_path / f"{case}.toml"
    path.write_text(BASE + text)
    result = cli("forecast", path)
    assert result.exit_code == 2, result.output
    out = result.output
    assert str(path) in out and "Traceback" not in out
    assert len(out.strip().splitlines()) <= 3, out
    for needle in needles:
        assert needle in out, (needle, out)


def test_show_also_refuses_a_huge_skew_shape(tmp_path, cli):
    path = tmp_path / "s.toml"
    path.write_text(BASE + "[hypotheses.genome]\nrequirement = {dist = 'skewnormal', median = 33, sd = 2, shape = 1e308}\n")
    result = cli("show", path)
    assert result.exit_code == 2 and "hypotheses.genome.requirement" in result.output


def test_large_but_valid_numbers_still_work():
    # The bounds leave room: a weight of 1000, a 500-year doubling time, a 2999 end year.
    sc = bioanchors.load_scenario("cotra2020").replace({
        "hypotheses.genome.weight": 1000.0, "spending.doubling_time_years": 500.0, "years.end": 2999,
    })
    res = bioanchors.forecast(sc)
    assert np.all(np.isfinite(res.p)) and np.all(np.diff(res.p) >= -1e-12)


def test_a_50_mb_scenario_file_is_refused_fast(tmp_path, cli):
    import time

    path = tmp_path / "big.toml"
    with path.open("w") as fh:
        fh.write(BASE + "description = \"" + "x" * (50 * 2**20) + "\"\n")
    start = time.perf_counter()
    result = cli("show", path)
    assert result.exit_code == 2 and "at most 1,000,000 bytes" in result.output
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("depth", [500, 2000])
def test_deep_nesting_is_an_error_not_a_recursion_error(tmp_path, cli, depth):
    path = tmp_path / "deep.toml"
    path.write_text(BASE + "x = " + "[" * depth + "]" * depth + "\n")
    result = cli("show", path)
    assert result.exit_code == 2 and "nested deeper than" in result.output
    inline = tmp_path / "deep-inline.toml"
    inline.write_text(BASE + "x = " + "{a = " * depth + "1" + "}" * depth + "\n")
    result = cli("show", inline)
    assert result.exit_code == 2 and "nested deeper than" in result.output


def test_deep_data_in_python_is_an_error():
    data = current = {}
    for _ in range(3000):
        current["a"] = {}
        current = current["a"]
    from bioanchors.scenario import scenario_from_dict

    with pytest.raises(ScenarioError, match="nested deeper than"):
        scenario_from_dict(data)


def test_a_fifo_is_not_read(tmp_path, cli):
    import os

    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result = cli("show", fifo)  # must not block
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_empty_file_suggests_extends(tmp_path, cli):
    path = tmp_path / "empty.toml"
    path.write_text("")
    result = cli("forecast", path)
    assert result.exit_code == 2 and 'extends = "cotra2020"' in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_many_problems_are_cut_to_three_lines(tmp_path, cli):
    path = tmp_path / "many.toml"
    path.write_text(BASE + "[spending]\na = 1\nb = 2\nc = 3\nd = 4\n")
    result = cli("forecast", path)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 3 and "4 problems" in lines[0] and "and 3 more" in lines[2]


def test_did_you_mean_for_unknown_keys(tmp_path, cli):
    path = tmp_path / "typo.toml"
    path.write_text(BASE + "[spending]\ndoubling_time_yeras = 2\n")
    result = cli("forecast", path)
    assert "did you mean 'doubling_time_years'" in result.output


def test_ignored_halving_override_is_an_error():
    # Issue 13: measured-2025 sets halving_time_years_all, so per-hypothesis halving times are ignored.
    sc = bioanchors.load_scenario("measured-2025")
    with pytest.raises(ScenarioError, match="cannot take effect"):
        sc.replace({"hypotheses.medium_horizon.halving_time_years": 20})


def test_correlation_with_an_unknown_parameter_is_still_an_error(cli, tmp_path):
    path = tmp_path / "corr.toml"
    path.write_text('extends = "cotra2020-uncertain"\nname = "c"\n[[correlations]]\na = "spending.nope"\n'
                    'b = "spending.doubling_time_years"\nrank_correlation = 0.5\n')
    result = cli("forecast", path, "--samples", "500")
    assert result.exit_code == 2 and "spending.nope" in result.output


def test_contradictory_correlations_name_the_file(cli, tmp_path):
    names = ["flop_per_dollar.doubling_time_years", "spending.doubling_time_years", "algorithmic_progress.halving_time_scale"]
    pairs = [(0, 1, 0.9), (1, 2, 0.9), (0, 2, -0.9)]  # pairwise +0.9, +0.9, -0.9: impossible
    text = 'extends = "cotra2020-uncertain"\nname = "c"\n' + "".join(
        f'[[correlations]]\na = "{names[i]}"\nb = "{names[j]}"\nrank_correlation = {r}\n' for i, j, r in pairs)
    path = tmp_path / "corr.toml"
    path.write_text(text)
    for argv in (["forecast", path, "--samples", "500"], ["sensitivity", path]):
        result = cli(*argv)
        assert result.exit_code == 2 and str(path) in result.output and "positive-definite" in result.output


def test_one_percentile_override_updates_the_percentile_table():
    # cotra2020's brain FLOP/s is percentiles(p1=11, p50=15, p99=20) (report pp. 36-37); editing the
    # median alone keeps the tails (it used to replace the table and fail with "takes two or more pNN keys").
    sc = bioanchors.load_scenario("cotra2020").replace({"requirements.ingredients.brain_log10_flop_per_s.p50": 16})
    assert sc.spec.requirements.ingredients.brain_log10_flop_per_s.percentiles == {0.01: 11.0, 0.5: 16.0, 0.99: 20.0}
    with pytest.raises(bioanchors.ScenarioError, match="percentile values must not decrease"):
        bioanchors.load_scenario("cotra2020").replace({"requirements.ingredients.brain_log10_flop_per_s.p50": 25})
