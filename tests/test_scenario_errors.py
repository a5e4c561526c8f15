"""Every invalid scenario: a short message naming the file, the field and the fix; exit 2; no traceback."""

from __future__ import annotations

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
