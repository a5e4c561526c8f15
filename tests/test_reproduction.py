"""bioanchors reproduces the numbers Cotra (2020) published.

Page numbers are the `=== PAGE N ===` markers of shared/reference/cotra2020_report.txt.
Bands are centred on the *published* figure (issues 9, 16 and 23) with one stated tolerance per
kind of figure, never widened to make a test pass:

* ``SHEET_PP`` = 1 pp for her spreadsheet's output (given to 0.01 pp; issue 23's target);
* ``REPORT_PP`` = 1.5 pp for the report's "~N%" figures: their rounding to the percent (0.5 pp)
  plus the same 1 pp;
* ``MEDIAN_YEARS`` = 1 year for "~YYYY" medians.

A published figure outside its band is a strict xfail naming its gap in docs/reproduction.md, so the
suite fails if a change closes (or moves) it unnoticed. Year-by-year against the sheet:
tests/test_reproduction_sheet.py.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

import bioanchors
from bioanchors.requirements import build_hypotheses

SHEET_PP = 0.01
REPORT_PP = 0.015
MEDIAN_YEARS = 1

# Cotra's spreadsheet, best guess (epoch-research/ftm@99dc907:ftm/stats/distributions.py, copied in
# tests/data/cotra2020_sheet_best_guess.csv): P(TAI by 2032) 10.64%, by 2036 17.69%, by 2100 77.65%.
SHEET_2032, SHEET_2036, SHEET_2100 = 0.1064, 0.1769, 0.7765


@pytest.fixture(scope="module")
def best():
    return bioanchors.forecast("cotra2020")


@pytest.fixture(scope="module")
def text():
    return bioanchors.forecast("cotra2020-text")


# --- cotra2020: the readings of her spreadsheet (progress counted from 2025, p. 121) ----------

@pytest.mark.xfail(strict=True, reason="known gap: cotra2020 gives 20.3% by 2036 against the sheet's 17.69% "
                   "(+2.6 pp; docs/reproduction.md gap 8, tests/test_reproduction_sheet.py)")
def test_best_guess_p_by_2036_spreadsheet(best):
    assert best.p_at(2036) == pytest.approx(SHEET_2036, abs=SHEET_PP)


@pytest.mark.xfail(strict=True, reason="known gap: cotra2020's hypothesis mixture is 22.3% by 2036 against p. 136's "
                   "~19% (+3.3 pp; docs/reproduction.md gap 8)")
def test_best_guess_mixture_by_2036_report(best):
    # Report p. 136: "Given my best guess weighting across hypotheses, there is a ~19% probability that the
    # computation required ... will be less than ~3e29 in 2036": the mixture before p_none (the sheet's
    # 17.69% / (1 - p_none(2036)) = 19.4%, tests/test_reproduction_sheet.py).
    i = int(np.nonzero(best.years == 2036)[0][0])
    assert best.p[i] / (1.0 - best.p_none[i]) == pytest.approx(0.19, abs=REPORT_PP)


def test_best_guess_median_year_spreadsheet(best):
    # Her spreadsheet crosses 50% in 2053 (48.73% in 2052, 50.14% in 2053; the sheet above).
    assert abs(best.median_year - 2053) <= MEDIAN_YEARS


@pytest.mark.xfail(strict=True, reason="known gap: cotra2020 gives 12.7% by 2032 against the sheet's 10.64% "
                   "(+2.1 pp; docs/reproduction.md gap 8)")
def test_best_guess_p_by_2032_spreadsheet(best):
    # Before the sheet was available this was issue 9's quote "~10%" in a 0.07-0.13 band, with 0.127 at its edge.
    assert best.p_at(2032) == pytest.approx(SHEET_2032, abs=SHEET_PP)


@pytest.mark.xfail(strict=True, reason="known gap: cotra2020 gives 75.9% by 2100 against the sheet's 77.65% "
                   "(-1.7 pp; the late-century tails, docs/reproduction.md gap 4)")
def test_best_guess_p_by_2100(best):
    # The sheet's 77.65%; report p. 136: "~78%".
    assert best.p_at(2100) == pytest.approx(SHEET_2100, abs=SHEET_PP)


# --- cotra2020-text: the readings of the report's text (progress counted from 2020, p. 136) ---

_LATE_GAP = "the late-century tails, docs/reproduction.md gap 4"


@functools.cache
def _exact(name):
    return bioanchors.forecast(name)


# (scenario, year, published P(by year), its source); a figure outside REPORT_PP is a strict xfail with its gap.
@pytest.mark.parametrize("name,year,published", [
    pytest.param("cotra2020-text", 2036, 0.23, id="text-2036"),  # p. 135: "there is a ~23% probability"
    pytest.param("cotra2020-text", 2100, 0.78, id="text-2100", marks=pytest.mark.xfail(  # p. 136: ~78% by 2100
        strict=True, reason=f"known gap: 75.9% by 2100 against ~78% (-2.1 pp; {_LATE_GAP})")),
    # p. 136: "According to my aggressive assumptions, there is a ~50% probability ... by 2036"
    pytest.param("cotra2020-aggressive", 2036, 0.50, id="aggressive-2036"),
    # p. 136: "My aggressive assumptions result in a probability of ~96%" by 2100
    pytest.param("cotra2020-aggressive", 2100, 0.96, id="aggressive-2100", marks=pytest.mark.xfail(
        strict=True, reason=f"known gap: 94.3% by 2100 against ~96% (-1.7 pp; {_LATE_GAP})")),
])
def test_report_probabilities(name, year, published):
    assert _exact(name).p_at(year) == pytest.approx(published, abs=REPORT_PP)


# p. 135: best guess (text readings) ~2052 (Short/Long weights swapped gives 2054: caught); aggressive ~2036.
@pytest.mark.parametrize("name,published", [("cotra2020-text", 2052), ("cotra2020-aggressive", 2036)])
def test_report_median_years(name, published):
    assert abs(_exact(name).median_year - published) <= MEDIAN_YEARS


def test_progress_start_is_the_difference_between_the_two(best, text):
    # p. 121 vs p. 136: same inputs, so the curves differ only while progress has not saturated;
    # counting from 2020 adds 5 years of progress and so raises every year up to 2100.
    assert np.all(text.p >= best.p - 1e-12)
    assert text.p_at(2036) - best.p_at(2036) >= 0.02


def test_affordable_compute_2036(best):
    # Report p. 136: "AI labs could spend up to ~3e29 FLOP training a model in 2036".
    assert abs(best.log10_affordable_flop[best.years == 2036][0] - np.log10(3e29)) <= 0.3


def test_spend_2040_about_100_billion(best):
    # Report p. 133: willingness to spend doubles every two years "to reach $100B by ~2040".
    spend = 10 ** best.log10_spend_usd[best.years == 2040][0]
    assert 100e9 / 1.5 <= spend <= 100e9 * 1.5


def test_flop_per_dollar_2036_about_1e19(best):
    # Report p. 136: 3e29 FLOP "would cost ~$3T in 2020 ... $30B by 2036", i.e. ~1e19 FLOP/$.
    assert abs(best.log10_flop_per_usd[best.years == 2036][0] - 19.0) <= 0.2


def test_algorithmic_progress_by_2036_is_30_to_300x():
    # Report p. 136: by 2036 the hypotheses "would each require ~30 to ~300 times less computation
    # than they do in 2020". Evaluated through the same trajectories the forecast uses, so the
    # scenario's progress start year counts. Band: a factor of 2 (0.3 OOM) around each end; the
    # Lifetime anchor (3.5-year halving, 2 OOM cap) gives ~19x, the Evolution anchor ~255x.
    from bioanchors.evaluation.parameters import point_parameters
    from bioanchors.evaluation.trajectories import trajectories

    sc = bioanchors.load_scenario("cotra2020-text")
    traj = trajectories(sc.spec, point_parameters(sc.spec), np.array([2036.0]))
    factors = traj.log10_progress[0, :, 0]
    assert abs(factors.min() - np.log10(30)) <= 0.3
    assert abs(factors.max() - np.log10(300)) <= 0.3


def test_spreadsheet_reading_counts_progress_from_2025():
    # p. 121 reading (cotra2020): by 2036 only 11 years of progress, so the same curves give
    # ~8x (Lifetime) to ~45x (Evolution): below p. 136's 30-300x, which is why cotra2020-text exists.
    from bioanchors.evaluation.parameters import point_parameters
    from bioanchors.evaluation.trajectories import trajectories

    sc = bioanchors.load_scenario("cotra2020")
    traj = trajectories(sc.spec, point_parameters(sc.spec), np.array([2024.0, 2025.0, 2036.0]))
    assert np.allclose(traj.log10_progress[0, :, :2], 0.0, atol=1e-12)  # nothing before or at the start year
    assert traj.log10_progress[0, :, 2].max() < np.log10(30 * 2)


@pytest.fixture(scope="module")
def aggressive():
    return bioanchors.forecast("cotra2020-aggressive")


@pytest.fixture(scope="module")
def conservative():
    return bioanchors.forecast("cotra2020-conservative")


@pytest.mark.xfail(strict=True, reason="known gap: the aggressive inputs as written give ~5.6e31 FLOP "
                   "in 2036, not ~3e30 (docs/reproduction.md gap 5)")
def test_aggressive_affordable_2036_about_3e30(aggressive):
    # Report p. 136: "about 10 times more computation available (~3e30)".
    assert abs(aggressive.log10_affordable_flop[aggressive.years == 2036][0] - np.log10(3e30)) <= 0.3


def test_conservative_p_by_2036(conservative):
    # Report p. 136: "only a ~5.3% probability ... affordable by 2036".
    assert conservative.p_at(2036) == pytest.approx(0.053, abs=REPORT_PP)


def test_conservative_median(conservative):
    # Report p. 135: conservative median ~2100 (not reached within the forecast, or very late).
    assert conservative.median_year is None or conservative.median_year >= 2090


@pytest.mark.xfail(strict=True, reason="known gap: conservative gives ~43% by 2100 (late-century tails "
                   "of Long-horizon and Evolution; docs/reproduction.md)")
def test_conservative_p_by_2100(conservative):
    # Report p. 136: "my conservative assumptions result in a probability of ~50%".
    assert conservative.p_at(2100) == pytest.approx(0.50, abs=REPORT_PP)


def test_conservative_affordable_2036_about_1e28(conservative):
    # Report p. 136: "about 30 times less computation available (~1e28)".
    assert abs(conservative.log10_affordable_flop[conservative.years == 2036][0] - 28.0) <= 0.3


# Cotra (2022), "Two-year update on my personal AI timelines",
# https://www.alignmentforum.org/posts/AfH2oPHCApdKicM4m/two-year-update-on-my-personal-ai-timelines :
# "~15% probability by 2030", "~35% probability by 2036", "A median of ~2040", "~60% probability by 2050".
# Personal all-things-considered shifts, not a model re-run (issue 23 item 6(c)): shown beside the model as a
# judgement overlay, not tested as targets.
COTRA_2022 = {"P(by 2030)": 0.15, "P(by 2036)": 0.35, "P(by 2050)": 0.60, "median year": 2040}


def test_cotra2022_is_one_input_change_with_a_judgement_overlay(cli):
    from bioanchors.overlay import published_overlay

    a = bioanchors.load_scenario("cotra2020").to_dict()
    b = bioanchors.load_scenario("cotra2022").to_dict()
    for d in (a, b):
        for k in ("name", "description", "published", "extends"):
            d.pop(k, None)
    # the one documented change: FLOP/$ +1 OOM (A100 2-3x/V100, bulk 2-3x below rental, ~50% utilisation)
    assert b["flop_per_dollar"]["log10_flop_per_usd"]["value"] == pytest.approx(
        a["flop_per_dollar"]["log10_flop_per_usd"]["value"] + 1.0)
    b["flop_per_dollar"]["log10_flop_per_usd"] = a["flop_per_dollar"]["log10_flop_per_usd"]
    assert a == b
    res = bioanchors.forecast("cotra2022")
    ov = published_overlay(res)
    assert ov["kind"] == "judgement" and "not a re-run" in ov["label"]
    assert {r["what"]: r["published"] for r in ov["rows"]} == COTRA_2022  # hers only, nothing inherited
    model = {r["what"]: r["model"] for r in ov["rows"]}
    assert model["P(by 2030)"] == res.p_at(2030) and model["median year"] == res.median_year
    assert "judgement" in res.scenario.description and "documented part" not in res.scenario.description
    out = cli("forecast", "cotra2022", env={"COLUMNS": "200"})
    assert "[judgement overlay, not model output]: P(by 2030) 15% (this model 13.7%)" in out.output


# Part 4 p. 127-128 medians of the 2020 requirements [log10 FLOP]; Part 1 gives
# other values for some (Lifetime ~1e29, Short ~1e32, Long ~1e37): docs/model.md §2.
PART4_MEDIANS = {"lifetime": 28.0, "short_horizon": 31.0, "genome": 33.5, "medium_horizon": 34.5,
                 "long_horizon": 38.0, "evolution": 41.0}
PART1_MEDIANS = {"lifetime": 29.0, "short_horizon": 32.0, "genome": 33.0, "long_horizon": 37.0}


_LIFETIME_GAP = pytest.mark.xfail(strict=True, reason="known gap: with the pp. 36-37 brain distribution the "
                                  "Lifetime median is 1e29.6, just above Part 1's ~1e29 (+0.6); the construction "
                                  "cannot reach p. 127's ~1e28 (docs/reproduction.md gap 3)")


@pytest.mark.parametrize("name", [pytest.param(n, marks=_LIFETIME_GAP) if n == "lifetime" else n
                                  for n in PART4_MEDIANS if n != "evolution"])
def test_requirement_medians_between_part1_and_part4(name):
    built = {b.name: b for b in build_hypotheses(bioanchors.load_scenario("cotra2020").spec)}
    median = built[name].requirement.median
    lo = min(PART4_MEDIANS[name], PART1_MEDIANS.get(name, PART4_MEDIANS[name])) - 0.6
    hi = max(PART4_MEDIANS[name], PART1_MEDIANS.get(name, PART4_MEDIANS[name])) + 0.6
    assert lo <= median <= hi, f"{name}: median 1e{median:.2f}"


def test_evolution_median_is_anchor_plus_ml_adjustment():
    # Report p. 109: anchor ~1e41 FLOP; p. 110: multiplied by the Part 1 ML-vs-brain adjustment
    # (mean +1 OOM, p. 45) and a median-0 left-skewed multiplier. That construction puts the median
    # near 1e41.9, while p. 128 quotes "~1e41": a known inconsistency of the report, kept (and
    # documented in docs/reproduction.md) because centring lower lifts P(by 2100) above 80%.
    built = {b.name: b for b in build_hypotheses(bioanchors.load_scenario("cotra2020").spec)}
    assert 41.5 <= built["evolution"].requirement.median <= 42.1


def test_update_against_low_values_removes_reported_mass():
    # docs/model.md §3 (report Part 1): the update removed ~30% of Lifetime's mass and ~10% of Short's.
    built = {b.name: b for b in build_hypotheses(bioanchors.load_scenario("cotra2020").spec)}
    assert 0.25 <= built["lifetime"].requirement.removed_by_update <= 0.35
    assert 0.04 <= built["short_horizon"].requirement.removed_by_update <= 0.14


def test_requirement_spread_about_five_oom():
    # docs/model.md §3: "Cotra aimed for a spread of about 5 OOM (standard deviation) per hypothesis".
    built = build_hypotheses(bioanchors.load_scenario("cotra2020").spec)
    for b in built:
        # SD from the interquartile range of the gridded CDF (normal: IQR = 1.349 SD).
        sd = (b.requirement.quantile(0.75) - b.requirement.quantile(0.25)) / 1.349
        assert 2.5 <= sd <= 6.5, f"{b.name}: ~{sd:.1f} OOM"


@pytest.mark.parametrize("name,median", [("cotra2020", 2053), ("cotra2020-text", 2052)])
def test_both_readings_one_command_away(cli, name, median):
    # Issue 9: `bioanchors forecast cotra2020-text` and `... cotra2020` both built in. Medians: her
    # spreadsheet crosses 50% in 2053 (tests/data/cotra2020_sheet_best_guess.csv); p. 135's text ~2052.
    import json

    assert name in bioanchors.builtin_names()
    res = cli("forecast", name, "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["scenario"] == name
    assert data["median_year"] == median
