"""cotra2020 against Cotra's spreadsheet output, year by year (issue 23 item 6(b)).

Reference: ``tests/data/cotra2020_sheet_best_guess.csv``, a copy of
``../shared/reference/cotra2020_sheet_best_guess.csv``: her best-guess "weighted average"
P(TAI by year) as copied into epoch-research/ftm@99dc907:ftm/stats/distributions.py
(``BioAnchorsAGIDistribution``, MIT licence), 2024-2100, in percent to two decimals.
The copy carries the same source header; ``test_the_copy_is_the_shared_file`` checks it is
byte-identical when ../shared is present.

No documented reading of the report brings cotra2020 within 1 pp of the sheet every year
(docs/reproduction.md, "Spreadsheet output"): the largest gap is +2.9 pp (2040). These tests
measure what is left and decompose it; the goal itself is a strict xfail, so closing the gap
fails the suite until the docs are updated.

The decomposition, per year t (``remainder`` is measured, not fitted):

    gap(t) = ours(t) - sheet(t) = [ours(t) - ours(t - 1)]  +  [ours(t - 1) - sheet(t)]
                                   timing: one year of our    remainder
                                   curve's rise

* **2026-2050: timing.** Our curve runs about one year ahead of the sheet: the remainder is
  within 1 pp every year (measured: at most 0.76 pp). The early-century difference is where the
  reconstructed requirement distributions differ from her notebook's (docs/reproduction.md gaps
  1, 3, 8; p. 136: her Lifetime anchor puts ~75% below 3e29 FLOP, ours 49%).
* **2051-2100: level.** Ours ends lower (75.9% vs 77.65% in 2100); shifting by a year no longer
  helps, and from 2080 the remainder equals the 2100 level gap to 0.3 pp: a constant offset at
  saturation, set by the upper tails of the Long-horizon and Evolution requirements beyond what
  the capped trends reach (docs/reproduction.md gaps 2 and 4).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import bioanchors
from conftest import shared_file

SHEET_FILE = Path(__file__).resolve().parent / "data" / "cotra2020_sheet_best_guess.csv"
TARGET_PP = 1.0  # issue 23 item 6(b): within 1 percentage point of the sheet every year


def _sheet() -> dict[int, float]:
    """Year -> P(TAI by year) [probability] from the bundled copy of the sheet."""
    rows = np.loadtxt(SHEET_FILE, delimiter=",", comments="#", skiprows=4)
    return {int(y): float(p) / 100.0 for y, p in rows}


SHEET = _sheet()


@pytest.fixture(scope="module")
def res():
    return bioanchors.forecast("cotra2020", method="exact")


@pytest.fixture(scope="module")
def ours(res) -> dict[int, float]:
    return dict(zip(res.years.tolist(), res.p_by_year.tolist()))


@pytest.fixture(scope="module")
def p_none(res) -> dict[int, float]:
    return dict(zip(res.years.tolist(), res.p_none.tolist()))


def test_the_copy_carries_its_source_and_every_year():
    head = SHEET_FILE.read_text(encoding="utf-8").splitlines()[:3]
    assert "epoch-research/ftm" in head[1] and "99dc907" in head[1]
    assert sorted(SHEET) == list(range(2024, 2101))
    # Values spot-read from ftm/stats/distributions.py (BioAnchorsAGIDistribution.cdf).
    assert [SHEET[y] for y in (2032, 2036, 2053, 2100)] == pytest.approx([0.1064, 0.1769, 0.5014, 0.7765], abs=1e-12)


def test_the_copy_is_the_shared_file():
    assert SHEET_FILE.read_bytes() == shared_file("reference", "cotra2020_sheet_best_guess.csv").read_bytes()


def test_report_p136_19_percent_is_the_sheet_before_p_none(p_none):
    """p. 136: "Given my best guess weighting across hypotheses, there is a ~19% probability that the
    computation required ... will be less than ~3e29 in 2036" is the hypothesis mixture, before p_none
    (p. 128: 10% in 2025 falling to ~3% by 2100). The sheet's 17.69% is after it: 17.69 / (1 - 0.0897)
    = 19.4%. So "~19% by 2036" is not the spreadsheet's P(TAI by 2036), which is 17.7%."""
    assert p_none[2036] == pytest.approx(0.10 - 0.07 * 11 / 75, abs=1e-12)  # p. 128, linear (docs/model.md §6)
    assert SHEET[2036] / (1.0 - p_none[2036]) == pytest.approx(0.19, abs=0.005)


def test_median_year_matches_the_sheet(ours):
    # The sheet crosses 50% in 2053 (48.73% in 2052, 50.14% in 2053).
    first = min(y for y, p in SHEET.items() if p >= 0.5)
    assert first == 2053
    assert min(y for y, p in ours.items() if p >= 0.5) == first


@pytest.mark.xfail(strict=True, reason="known gap: cotra2020 is up to +2.9 pp from the sheet (2040) and -1.7 pp in "
                   "2100; no documented reading closes it (docs/reproduction.md, 'Spreadsheet output')")
def test_within_one_point_of_the_sheet_every_year(ours):
    gap = np.array([ours[y] - SHEET[y] for y in range(2025, 2101)])
    assert np.abs(gap).max() <= TARGET_PP / 100


def test_gap_decomposed_timing_until_2050(ours):
    """2026-2050: our curve one year earlier is within 1 pp of the sheet every year (the gap is timing)."""
    years = range(2026, 2051)
    gap = np.array([ours[y] - SHEET[y] for y in years])
    remainder = np.array([ours[y - 1] - SHEET[y] for y in years])
    assert np.abs(remainder).max() <= TARGET_PP / 100
    # ... while the gap itself is not: up to ~2.9 pp, always ours above the sheet.
    assert gap.min() > 0 and gap.max() > 2 * TARGET_PP / 100


def test_gap_decomposed_level_after_2050(ours):
    """2051-2100: ours is below the sheet even a year earlier; from 2080 the remainder is the 2100 level gap."""
    remainder = {y: ours[y - 1] - SHEET[y] for y in range(2051, 2101)}
    assert max(remainder.values()) < 0  # ours lower: a level gap, not timing
    level = ours[2100] - SHEET[2100]  # 75.9% vs 77.65%
    assert -0.025 < level < -0.010  # docs/reproduction.md gap 4: ~1.7 pp below
    late = np.array([remainder[y] for y in range(2080, 2101)])
    assert np.abs(late - level).max() <= 0.003  # a constant offset at saturation
