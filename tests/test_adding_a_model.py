"""Issue 20 item 7: a closed-form model added the documented way (docs/architecture.md, "Adding a
model") works everywhere with no other file touched: forecast (every estimator), compare,
sensitivity, conditioning on "no event by V", an ensemble and the web API.

The toy is tests/toy_models.py's hazard model: P(by the end of t) = 1 - exp(-r (t + 1 - 2020)),
a closed form with r given as a distribution, so every answer below is checked against algebra.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import bioanchors
from bioanchors.sensitivity import one_at_a_time, sobol_indices
from toy_models import registered_hazard_model

NAME = "toy-hazard-newcomer"
UNCERTAIN = (f'name = "toy"\nmodel = "{NAME}"\n[years]\nstart = 2020\nend = 2100\n'
             '[hazard]\nrate_per_year = {dist = "uniform", low = 0.01, high = 0.05}\n')
POINT = f'name = "toy point"\nmodel = "{NAME}"\n[years]\nstart = 2020\nend = 2100\n[hazard]\nrate_per_year = 0.03\n'


@pytest.fixture(scope="module")
def toy():
    with registered_hazard_model(NAME) as m:
        yield m


@pytest.fixture
def files(tmp_path):
    (tmp_path / "u.toml").write_text(UNCERTAIN)
    (tmp_path / "p.toml").write_text(POINT)
    return tmp_path


def _mean_curve(years):
    """E over r ~ U(0.01, 0.05) of 1 - exp(-r x), x = t + 1 - 2020: 1 - (e^{-0.01x} - e^{-0.05x}) / (0.04 x)."""
    x = years + 1.0 - 2020.0
    return 1.0 - (np.exp(-0.01 * x) - np.exp(-0.05 * x)) / (0.04 * x)


@pytest.mark.parametrize("method", ["conditional", "qmc", "monte-carlo"])
def test_every_estimator_runs_it_and_matches_the_closed_form(toy, files, method):
    res = bioanchors.forecast(str(files / "u.toml"), method=method, samples=20_000, seed=3)
    truth = _mean_curve(res.years)
    assert res.method == method
    assert np.all(np.abs(res.p - truth) <= 5 * res.standard_errors + 1.0 / 20_000 + 1e-12)


def test_exact_and_conditioning_on_no_event_by_a_year(toy, files):
    res = bioanchors.forecast(str(files / "p.toml"))
    assert res.method == "exact" and res.p_at(2030) == pytest.approx(1 - math.exp(-0.03 * 11))
    sc = bioanchors.load_scenario(str(files / "p.toml")).replace({"evidence": {"vantage_year": 2030}})
    given = bioanchors.forecast(sc)
    # memoryless: P(by t | none by 2030) = 1 - exp(-r (t - 2030))
    assert given.p_at(2040) == pytest.approx(1 - math.exp(-0.03 * 10), abs=1e-12)
    assert given.p_at(2030) == 0.0


def test_compare_runs_it_beside_cotra(toy, files, cli):
    out = cli("compare", "cotra2020", str(files / "p.toml"), "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert len(data) == 2


def test_sensitivity_sees_its_one_input(toy, files):
    sc = bioanchors.load_scenario(str(files / "u.toml"))
    oat = one_at_a_time(sc, "p2040")
    # P(2040) = 1 - exp(-21 r): low/high at r's 5th/95th percentiles (0.012, 0.048)
    assert oat.central == pytest.approx(1 - math.exp(-21 * 0.03), abs=1e-9)
    assert list(oat.names) == ["hazard.rate_per_year"]
    # Sobol indices need two uncertain inputs; the toy has one, and is refused with one line
    with pytest.raises(bioanchors.BioanchorsError, match="at least two parameters"):
        sobol_indices(sc, "p2040", base_samples=256, seed=0)


def test_an_ensemble_mixes_it(toy, files, tmp_path):
    (tmp_path / "mix.toml").write_text('name = "mix"\n[[models]]\nscenario = "p.toml"\nweight = 1\n'
                                       '[[models]]\nscenario = "cotra2020"\nweight = 3\n')
    mix = bioanchors.forecast(str(tmp_path / "mix.toml"))
    a = bioanchors.forecast(str(files / "p.toml"))
    b = bioanchors.forecast("cotra2020")
    years = mix.years
    np.testing.assert_allclose(mix.p, 0.25 * a.p[np.isin(a.years, years)] + 0.75 * b.p[np.isin(b.years, years)],
                               rtol=0, atol=1e-12)


def test_the_api_forecasts_an_uploaded_file_of_it(toy, client):
    r = client.post("/api/forecast", json={"scenario_toml": POINT})
    assert r.status_code == 200, r.text
    assert r.json()["model"] == NAME
    assert r.json()["p_by_year"]["2030"] == pytest.approx(1 - math.exp(-0.03 * 11))
