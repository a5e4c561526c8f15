"""The 80% coding time horizon as a function of effective compute (write-up §"Time horizon
progression" and §"Setting the effective compute corresponding to the Automated Coder",
Joshuaclymer/ai_futures_model@53bc297:app_frontend/public/latex/explanations.tex).

Write ``E`` for log10 effective compute [OOM] (the peer's "progress"), ``E0`` for its value at the
present day, ``tau`` for the OOMs of effective compute the first horizon doubling needs, and ``d``
for the doubling-difficulty growth factor (each doubling needs d times the OOMs of the last):

    H(E) = H0 * 2^((E - E0) / tau)                                   d = 1
    H(E) = H0 * (1 - (1 - d) (E - E0) / tau)^(log_d 2)               d != 1          (H)

For d < 1 the horizon is infinite from the blow-up point ``E0 + tau / (1 - d)`` on (write-up
"Achievement of infinite time horizon"). The AC requirement inverts (H) at the AC horizon H_AC
and adds an optional gap [OOM]:

    E_AC = E0 + tau / (d - 1) ((H_AC / H0)^(log2 d) - 1) + E_gap      d != 1
    E_AC = E0 + tau log2(H_AC / H0) + E_gap                           d = 1           (AC)

``tau`` comes from the present doubling time in years times the present (human-only) rate of
effective-compute growth [OOM/yr] (the write-up's footnote; peer's ``estimate_horizon_trajectory``,
progress_model/_impl.py @53bc297). Vectorised over parameter sets.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

#: |1 - d| below this is treated as d = 1 (the exponential branch).
EXPONENTIAL_TOLERANCE = 1e-12


def log2_horizon(e, e0, h0_minutes, tau, d):
    """log2 H(E) [log2 minutes] of eq. (H); +inf at and beyond the blow-up point (d < 1)."""
    e, e0, h0, tau, d = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (e, e0, h0_minutes, tau, d)))
    x = (e - e0) / tau
    exponential = np.abs(1 - d) < EXPONENTIAL_TOLERANCE
    safe_d = np.where(exponential, 0.5, d)
    base = 1 - (1 - safe_d) * x
    with np.errstate(divide="ignore", invalid="ignore"):
        general = np.log2(h0) + np.log2(np.where(base > 0, base, np.nan)) / np.log2(safe_d)
    general = np.where(base > 0, general, np.inf)
    return np.where(exponential, np.log2(h0) + x, general)


def blow_up_point(e0, tau, d):
    """E [OOM] where the horizon becomes infinite: E0 + tau / (1 - d) for d < 1, +inf otherwise."""
    e0, tau, d = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (e0, tau, d)))
    with np.errstate(divide="ignore"):
        return np.where(d < 1, e0 + tau / (1 - np.where(d < 1, d, 0.0)), np.inf)


def ac_effective_compute(e0, h0_minutes, h_ac_minutes, tau, d, gap_oom=0.0):
    """E_AC [OOM] of eq. (AC): the effective compute at which the horizon reaches H_AC, plus the gap."""
    e0, h0, hac, tau, d, gap = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (e0, h0_minutes, h_ac_minutes, tau, d, gap_oom))
    )
    exponential = np.abs(1 - d) < EXPONENTIAL_TOLERANCE
    safe_d = np.where(exponential, 0.5, d)
    general = tau / (safe_d - 1) * ((hac / h0) ** np.log2(safe_d) - 1)
    return e0 + np.where(exponential, tau * np.log2(hac / h0), general) + gap


def doublings_oom(tau, d, n):
    """OOMs of effective compute the first n doublings need: tau (1 - d^n) / (1 - d) (tau n at d = 1);
    the geometric series behind (H)."""
    tau, d, n = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (tau, d, n)))
    exponential = np.abs(1 - d) < EXPONENTIAL_TOLERANCE
    safe_d = np.where(exponential, 0.5, d)
    return np.where(exponential, tau * n, tau * (1 - safe_d**n) / (1 - safe_d))


def metr_p80_trend(since_year: float = 2019.0) -> tuple[float, float]:
    """(intercept [log2 minutes at year 0], slope [doublings/yr]) of the least-squares line of log2 of
    METR's 80% horizons on release date, state-of-the-art models of the bundled METR-Horizon-v1
    results released from ``since_year`` on (data/metr-horizon/horizons_v1.yaml; the rows of the
    metr-horizon model's fit, its p80 column). The requirement option ``metr-horizon`` takes the
    present horizon and doubling time from this line instead of the scenario."""
    return _metr_p80_trend(float(since_year))


@lru_cache(maxsize=4)
def _metr_p80_trend(since_year: float) -> tuple[float, float]:
    t, log2_h = _metr_p80_points(since_year)
    slope, intercept = np.polyfit(t, log2_h, 1)
    return float(intercept), float(slope)


@lru_cache(maxsize=4)
def _metr_p80_points(since_year: float) -> tuple[np.ndarray, np.ndarray]:
    """(release year [decimal yr], log2 80% horizon [log2 minutes]) of the state-of-the-art models."""
    import datetime
    from importlib import resources

    import yaml

    text = resources.files("bioanchors.data").joinpath("metr-horizon").joinpath("horizons_v1.yaml").read_text()
    t, h = [], []
    for entry in yaml.safe_load(text)["results"].values():
        released = entry["release_date"]
        released = released if isinstance(released, datetime.date) else datetime.date.fromisoformat(str(released))
        year = released.year + (released.timetuple().tm_yday - 1) / 365.25
        for agent in entry["agents"].values():
            if agent.get("is_sota") and year >= since_year:
                t.append(year)
                h.append(agent["p80_horizon_length"]["estimate"])
    return np.array(t), np.log2(np.array(h))


#: the bootstrap of the METR fit: resamples, and its seed (fixed: the option's draws are its quantiles)
METR_BOOTSTRAP = (2000, 0)


def metr_p80_bootstrap(since_year: float = 2019.0) -> tuple[np.ndarray, np.ndarray]:
    """(intercepts [log2 minutes at year 0], slopes [doublings/yr]) of a pairs bootstrap of
    :func:`metr_p80_trend`'s line (``loglinear.bootstrap``: METR_BOOTSTRAP resamples of the same points,
    seeded), sorted by slope, degenerate resamples dropped. Replicate k keeps its own intercept, so a
    quantile of the slope carries the level that goes with it."""
    return _metr_p80_bootstrap(float(since_year))


@lru_cache(maxsize=4)
def _metr_p80_bootstrap(since_year: float) -> tuple[np.ndarray, np.ndarray]:
    from ...loglinear import bootstrap

    t, log2_h = _metr_p80_points(since_year)
    n_boot, seed = METR_BOOTSTRAP
    slope, levels, _, ok = bootstrap(t, log2_h, n_boot=n_boot, rng=np.random.default_rng(seed))
    slope, intercept = slope[ok], levels[ok, 0]
    order = np.argsort(slope, kind="stable")
    return intercept[order], slope[order]


def metr_p80_at_quantile(q, since_year: float = 2019.0) -> tuple[np.ndarray, np.ndarray]:
    """(intercept, slope) of the bootstrap replicate at quantile ``q`` [-] of the slope (vectorised)."""
    intercept, slope = metr_p80_bootstrap(since_year)
    k = np.clip(np.floor(np.asarray(q, dtype=float) * slope.size).astype(int), 0, slope.size - 1)
    return intercept[k], slope[k]
