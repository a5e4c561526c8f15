"""Bands keep a bounded number of values for any window (issue 23 item 9; docs/limits.md).

Before, the bands kept up to 100,000 draws of every curve whatever the window: semi-informative
priors at the sample-year limit over 1900-3000 (138,056 draws x 1,101 years) peaked at 1.36 GB
against the documented ~0.6 GB (benchmarks/bench_memory_limit.py; 0.18 GB after).
"""

from __future__ import annotations

import numpy as np

from bioanchors.evaluation import estimators
from bioanchors.evaluation.estimators import BAND_CELLS, BAND_DRAWS, BAND_MIN_DRAWS, band_draws
from bioanchors.evaluation.problem import Curves


def test_band_draws_rule():
    # Reference values: the rule min(n, BAND_DRAWS, max(BAND_MIN_DRAWS, BAND_CELLS // cells)) by hand.
    assert band_draws(10_000, 76) == 10_000  # the default window keeps every draw (10 M / 76 > 100,000)
    assert band_draws(540_925, 76) == BAND_DRAWS == 100_000
    assert band_draws(540_925, 281) == 35_587  # 10,000,000 // 281, the 2020-2300 window
    assert band_draws(138_056, 1101) == 9_082  # 1900-3000
    assert band_draws(10**6, 10**6) == BAND_MIN_DRAWS == 2_000
    assert BAND_CELLS == 10_000_000


def test_the_accumulator_keeps_at_most_band_cells_values_over_events_and_series():
    n, years = 30_000, 1101
    acc = estimators._Accumulator(n)
    rng = np.random.default_rng(0)
    for _ in range(3):  # three chunks of 10,000 draws, one event and two series of 1,101 years each
        p = np.sort(rng.random((10_000, years)), axis=1)
        acc.add(Curves({"tai": p}, None, {"a": p, "b": p}), 10_000)
    kept = sum(r.kept * years for r in (*acc.bands.values(), *acc.series.values()))
    assert acc.band_rows == BAND_CELLS // (3 * years) == 3_027
    assert kept <= BAND_CELLS
    band = acc.mean_estimate().events["tai"].band
    assert band is not None and all(np.all(np.isfinite(v)) for v in band.values())
