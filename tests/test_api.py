"""The Python API as a notebook user meets it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bioanchors


def test_result_api():
    res = bioanchors.forecast(bioanchors.load_scenario("cotra2020"))
    assert res.p_by_year.index[0] == 2025 and res.p_by_year.index[-1] == 2100
    assert res.p_by_year[2036] == pytest.approx(res.p_at(2036))
    assert res.quantiles[0.5] == res.median_year
    df = res.to_frame()
    assert len(df) == 76 and "p_tai" in df
    # Contributions add up to the total.
    assert np.allclose(res.contributions.sum(axis=0), res.p)
    ax = res.plot()
    assert len(ax.lines) == 7  # six hypotheses + total
    plt.close(ax.figure)
    fig, ax2 = plt.subplots()
    assert res.plot(ax=ax2, hypotheses=False) is ax2
    plt.close(fig)


def test_replace_does_not_touch_the_original():
    sc = bioanchors.load_scenario("cotra2020")
    faster = sc.replace({"algorithmic_progress.halving_time_scale": 0.5})
    assert sc.spec.algorithmic_progress.halving_time_scale.value == 1.0
    assert bioanchors.forecast(faster).median_year < bioanchors.forecast(sc).median_year
    same = sc.replace(spending__doubling_time_years=2.0)
    assert same.spec.spending.doubling_time_years.value == 2.0
    assert sc.content_hash != faster.content_hash


def test_requirement_given_directly_as_percentiles():
    # docs/model.md §3: a scenario can state a hypothesis directly as a distribution over log10 FLOP.
    sc = bioanchors.load_scenario("cotra2020").replace(
        {"hypotheses.medium_horizon.requirement": {"dist": "percentiles", "p10": 30.0, "p50": 34.5, "p90": 39.0}}
    )
    from bioanchors.requirements import build_hypotheses

    b = {h.name: h for h in build_hypotheses(sc.spec)}["medium_horizon"]
    # The update against low values barely touches a distribution centred at 1e34.5.
    assert b.requirement.median == pytest.approx(34.5, abs=0.05)
    assert float(b.requirement.cdf_at(30.0)) == pytest.approx(0.10, abs=0.01)
    assert bioanchors.forecast(sc).median_year is not None


def test_year_convention_shifts_by_about_a_year():
    sc = bioanchors.load_scenario("cotra2020")
    end = bioanchors.forecast(sc.replace({"conventions.trend_year_offset_years": 1.0}))
    base = bioanchors.forecast(sc)
    assert 0 <= base.median_year - end.median_year <= 2
    assert np.all(end.p >= base.p)


def test_run_length_factor_brings_the_median_forward():
    sc = bioanchors.load_scenario("cotra2020").replace(
        {"run_length.enabled": True, "run_length.growth_per_year": 1.3, "run_length.log10_ceiling_multiplier": 1.0}
    )
    res = bioanchors.forecast(sc)
    # capped at 1 OOM more compute than with fixed run length
    base = bioanchors.forecast("cotra2020")
    assert np.all(res.log10_affordable_flop - base.log10_affordable_flop <= 1.0 + 1e-9)
    assert res.median_year < base.median_year


def test_scenario_round_trips_through_toml(tmp_path):
    sc = bioanchors.load_scenario("cotra2020-conservative")
    path = tmp_path / "c.toml"
    path.write_text(sc.to_toml())
    again = bioanchors.load_scenario(path)
    assert again.content_hash == sc.content_hash
    assert np.array_equal(bioanchors.forecast(again).p, bioanchors.forecast(sc).p)


def test_notebook_display():
    res = bioanchors.forecast("cotra2020")
    html = res._repr_html_()
    # The display shows the median the model computes; that median is pinned to the published
    # figure in tests/test_reproduction.py (spreadsheet 2053, issue 9).
    assert "cotra2020" in html and f"median {res.median_year}," in html and "<table" in html
    assert res.summary().loc["total", 2100] == pytest.approx(res.p_at(2100))


def test_progress_bar_only_for_a_terminal(monkeypatch):
    from bioanchors.cli import common

    class Tty:
        @staticmethod
        def isatty():
            return True

    monkeypatch.setattr(common.sys, "stderr", Tty())
    assert common.show_progress(quiet=False) is True
    assert common.show_progress(quiet=True) is False
    monkeypatch.setattr(common.sys, "stderr", type("NotTty", (), {"isatty": staticmethod(lambda: False)})())
    assert common.show_progress(quiet=False) is False


def test_progress_callback_counts_every_sample():
    seen = []
    bioanchors.forecast("cotra2020", method="monte-carlo", samples=250_000, seed=0, progress=seen.append)
    assert sum(seen) == 250_000 and len(seen) == 3  # chunks of 100,000


def test_overrides_are_validated_like_files():
    # Issue 10: the Python API refuses what a file would (NaN, strings for numbers, bad types), with field names.
    from bioanchors.errors import ScenarioError
    from bioanchors.scenario import scenario_from_dict

    sc = bioanchors.load_scenario("cotra2020")
    for field, value in [("conventions.trend_year_offset_years", float("nan")), ("years.start", "2025"),
                         ("run_length.enabled", "yes"), ("hypotheses.genome.weight", 1e308),
                         ("spending.doubling_time_years", 5e-324), ("flop_per_dollar.reference_year", 10**23)]:
        with pytest.raises(ScenarioError) as err:
            sc.replace({field: value})
        assert [e["field"] for e in err.value.errors][0].startswith(field), err.value.errors
    with pytest.raises(ScenarioError, match="expected a table"):
        scenario_from_dict([1, 2])  # e.g. a JSON body that is a list
