"""The rate converters in bioanchors.units: known values, inverses, vectorisation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bioanchors import units

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)
# halving times of a week to a century [months]: beyond that 2 ** (12 / h) overflows float64
halving_months = st.floats(min_value=0.25, max_value=1200, allow_nan=False, allow_infinity=False)
multipliers = st.floats(min_value=1.0001, max_value=1e3, allow_nan=False, allow_infinity=False)


def test_doubling_one_year_is_2x_and_log10_2_oom():
    # definition: a doubling every year is x2/yr = log10(2) = 0.30103 OOM/yr
    assert units.doubling_years_to_multiplier(1.0) == pytest.approx(2.0)
    assert units.doubling_years_to_oom_per_year(1.0) == pytest.approx(0.30103, abs=1e-5)


def test_hernandez_brown_16_month_halving_is_1_68x_per_year():
    # Hernandez & Brown 2020 abstract: efficiency doubling every 16 months;
    # 2 ** (12 / 16) = 1.6818 x/yr
    assert units.halving_months_to_multiplier(16.0) == pytest.approx(2 ** (12 / 16))
    assert units.multiplier_to_halving_months(2 ** (12 / 16)) == pytest.approx(16.0)


def test_epoch_8_month_halving_is_about_3x_per_year():
    # docs/model.md §10 (Epoch AI): halving every ~8 months, "i.e. ~3x/yr"
    assert units.halving_months_to_multiplier(8.0) == pytest.approx(2 ** 1.5)
    assert 2.5 < units.halving_months_to_multiplier(8.0) < 3.0


def test_cotra_halving_times_as_oom_per_year():
    # docs/model.md §4: Cotra's halving times 2-3.5 years; 2 years = log10(2)/2 OOM/yr
    oom = units.halving_months_to_oom_per_year([24.0, 42.0])
    np.testing.assert_allclose(oom, np.log10(2) / np.array([2.0, 3.5]))


@given(positive)
def test_doubling_oom_roundtrip(d):
    assert units.oom_per_year_to_doubling_years(units.doubling_years_to_oom_per_year(d)) == pytest.approx(d)


@given(positive)
def test_doubling_multiplier_roundtrip(d):
    assert units.multiplier_to_doubling_years(units.doubling_years_to_multiplier(d)) == pytest.approx(d)


@given(multipliers)
def test_multiplier_oom_roundtrip(m):
    assert units.oom_per_year_to_multiplier(units.multiplier_to_oom_per_year(m)) == pytest.approx(m)


@given(halving_months)
def test_halving_months_paths_agree(h):
    # the direct and the composed path must give one answer
    via_oom = units.oom_per_year_to_multiplier(units.halving_months_to_oom_per_year(h))
    assert units.halving_months_to_multiplier(h) == pytest.approx(via_oom)
    assert units.oom_per_year_to_halving_months(units.halving_months_to_oom_per_year(h)) == pytest.approx(h)
    assert units.multiplier_to_halving_months(units.halving_months_to_multiplier(h)) == pytest.approx(h)


def test_vectorised_and_as_float():
    arr = units.halving_months_to_multiplier(np.array([6.0, 12.0, 24.0]))
    np.testing.assert_allclose(arr, [4.0, 2.0, np.sqrt(2.0)])
    assert isinstance(units.as_float(units.halving_years_to_months(1.5)), float)
    assert units.as_float(units.halving_years_to_months(1.5)) == 18.0


def test_compute_unit_constants():
    # OpenAI "AI and Compute": a petaflop/s-day is 1e15 FLOP/s for a day (86,400 s)
    assert units.FLOP_PER_PETAFLOP_S_DAY == pytest.approx(1e15 * 86400)
    assert units.FLOP_PER_PETAFLOP_S_DAY / units.FLOP_PER_TERAFLOP_S_DAY == pytest.approx(1000.0)
