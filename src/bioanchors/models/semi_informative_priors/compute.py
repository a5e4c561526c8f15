"""Davidson's (2021) largest-training-compute series for the compute trial definitions (§6.2).

    log10 C(t) = log10 spend(t) - log10 price(t)                      [log10 FLOP]

- spend [USD] on the largest run: $10 in 1956 and $10^6.7 in 2020 (his code), then an
  inverse quadratic in log10 that reaches the 2036 spend with zero slope and stays flat
  after 2036; between 1956 and 2020 (unused when the forecast conditions on 2020 or later)
  linear in log10;
- price [USD/FLOP]: his table (1956: 1e-6, ..., 2020: 1e-17, 2036: 1e-19), linear in
  log10 between entries, halving every 2.5 years after the last one.

His inputs are kept (not this package's FLOP/$ and spending trends) so his figures are
reproduced; docs/models/semi-informative-priors.md says where they differ.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import numpy as np

LOG10_2 = np.log10(2.0)
# Named price tables bundled in data/semi-informative-priors/ (name -> file): the scenario picks one.
PRICE_TABLES = {"davidson2021": "prices_davidson2021.csv"}


@functools.cache
def price_table(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(years [calendar year], log10 prices [log10 USD/FLOP]) of a bundled table (its file cites the source)."""
    text = resources.files("bioanchors").joinpath(f"data/semi-informative-priors/{PRICE_TABLES[name]}").read_text()
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    years = np.array([float(r["year"]) for r in rows])
    prices = np.array([float(r["log10_usd_per_flop"]) for r in rows])
    years.flags.writeable = prices.flags.writeable = False  # cached: shared by every caller
    return years, prices


def log10_spend_usd(years, *, regime_start_year, log10_spend_regime_start_usd, reference_year,
                    log10_spend_reference_usd, plateau_year, log10_spend_plateau_usd):
    """log10 spend on the largest training run [log10 USD] in each year [calendar year]."""
    t = np.asarray(years, dtype=float)
    s0, s1, s2 = log10_spend_regime_start_usd, log10_spend_reference_usd, log10_spend_plateau_usd
    early = s0 + (s1 - s0) * (t - regime_start_year) / (reference_year - regime_start_year)
    curvature = (s2 - s1) / (plateau_year - reference_year) ** 2
    late = s2 - curvature * (plateau_year - np.minimum(t, plateau_year)) ** 2
    return np.where(t <= reference_year, early, late)


def log10_usd_per_flop(years, *, price_years, log10_prices, halving_time_years):
    """log10 price of compute [log10 USD/FLOP]: the table, then halving every ``halving_time_years``."""
    t = np.asarray(years, dtype=float)
    inside = np.interp(t, price_years, log10_prices)
    beyond = log10_prices[-1] - (t - price_years[-1]) / halving_time_years * LOG10_2
    return np.where(t > price_years[-1], beyond, inside)
