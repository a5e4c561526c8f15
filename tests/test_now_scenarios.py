"""Scenarios of the present condition on the present (issue 23 item 5).

``measured-2025`` carries Cotra's evidence update (docs/evidence.md) by default: its own test is
``test_uncertain_scenarios.py::test_measured_2025_conditions_on_not_yet_by_2025``.

``ensemble-2026`` mixes four models as of 2026; with ``[evidence] vantage_year = 2025`` each member is
conditioned on "no TAI by 2025" (unconditioned, about 5.8 pp of its P(2026) was mass its members put in
2025 or earlier). The mixture's update is Bayes on the mixture (issue 20 item 4): each member's curve is
conditioned and its weight becomes w_i (1 - P_i(V)) / (1 - P(V)); so with the mixture's own (posterior)
shares, P(2026) must be the shares' mix of the members conditioned one by one.
"""

from __future__ import annotations

import numpy as np

import bioanchors

VANTAGE = 2025  # ensemble-2026 describes 2026: no TAI by the end of 2025
SAMPLES = 4000


def _given(member):
    """A member scenario conditioned on no event by VANTAGE (its own [evidence] if it has one: measured-2025)."""
    if getattr(member.spec, "evidence", None) is not None:
        return member
    return member.replace({"evidence": {"vantage_year": VANTAGE}})


def test_ensemble_2026_members_are_conditioned_on_not_yet_by_2025():
    sc = bioanchors.load_scenario("ensemble-2026")
    res = bioanchors.forecast(sc, method="conditional", samples=SAMPLES, seed=0)
    assert res.years[0] == VANTAGE + 1
    # The mixture of the members' conditioned forecasts, with the ensemble's own normalised shares.
    shares = {c.name: c.weight for c in res.components}
    expected, var = 0.0, 0.0
    for entry, member in zip(sc.spec.models, sc.members):
        given = bioanchors.forecast(_given(member), method="conditional", samples=SAMPLES, seed=1)
        i = int(np.nonzero(given.years == VANTAGE + 1)[0][0])
        w = shares[entry.label]
        expected += w * given.p[i]
        var += (w * given.standard_errors[i]) ** 2
    se = np.hypot(np.sqrt(var), res.standard_errors[0])
    assert abs(res.p[0] - expected) <= 4.5 * se + 1e-9
