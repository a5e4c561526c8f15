"""Sensitivity of a conditioned scenario analyses the conditioned model (issue 23 item 8: the
sensitivity of measured-2025-given-2025 reported the unconditioned median, 2041.5 against its
forecast's 2044)."""

from __future__ import annotations

import numpy as np
import pytest

import bioanchors
from bioanchors.models import model_for
from bioanchors.sensitivity import one_at_a_time


@pytest.mark.parametrize("p_none", ["kept", "set_aside"])
def test_the_evaluator_at_the_central_inputs_is_the_exact_conditioned_forecast(p_none):
    # cotra2020-given-2025 is point-valued: forecast_given's exact curve is the oracle.
    sc = bioanchors.load_scenario("cotra2020-given-2025").replace({"evidence.p_none": p_none})
    res = bioanchors.forecast(sc)
    curve = model_for(sc).parameter_set_evaluator(sc, res.years)({})
    np.testing.assert_allclose(curve[0], res.p, rtol=0, atol=1e-12)


def test_sensitivity_of_a_conditioned_scenario_is_centred_on_its_conditioned_forecast():
    sc = bioanchors.load_scenario("measured-2025-given-2025")
    unconditioned = one_at_a_time(sc.replace({"evidence": None}), "median_year").central
    conditioned = one_at_a_time(sc, "median_year").central
    median = bioanchors.forecast(sc).median_year
    # the central-inputs median (interpolated) sits within a year of the averaged forecast's first
    # year past 0.5; the unconditioned one does not
    assert abs(conditioned - median) < 1.0
    assert abs(unconditioned - median) > 1.5
