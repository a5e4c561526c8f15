"""Condition a forecast on "no TAI by year V" (issue 14; docs/evidence.md).

Reachable effective compute at V [log10 2020-FLOP]:

    T = log10(largest training run by V - lag) + log10(algorithmic multiplier, 2020 -> V - lag)

from the bundled Epoch AI data and a published halving time, or given. The
"not yet" likelihood (:mod:`.requirements.evidence`) turns each hypothesis's
requirement F_i into a posterior F_i' and removes mass r_i; the posterior
hypothesis weights are w_i' = w_i (1 - r_i) / S with S = sum_j w_j (1 - r_j).

p_none (docs/model.md §6), two named readings:

* ``set_aside``: the evidence says nothing about p_none,
  P'(t) = (1 - p_none(t)) sum_i w_i' P_i'(t).
* ``kept`` (default): Cotra's joint model, where "not yet" also happens when no
  hypothesis holds at V (probability p_V = p_none(V)). Conditioning that joint
  model on "not yet" gives, for t > V (p_none never rises),

      P'(t) = [(p_V - p_t) M(t) + (1 - p_V) S M'(t)] / (p_V + (1 - p_V) S)

  with M(t) = sum_i w_i P_i(t) the prior and M'(t) = sum_i w_i' P_i'(t) the
  posterior mixture. With a step at the model's own reach this is exactly
  (P(t) - P(V)) / (1 - P(V)) (tests/test_evidence.py).

``rebase`` (optional): before conditioning, the spending trend is re-anchored
so that the scenario's affordable compute at V - lag equals the realised
largest run (:func:`rebase_spending`); growth rates and ceilings are kept.

In both, P(by t) = 0 for t <= V: mass that the scenario's trends call
affordable by V but that "not yet" leaves (the lag, the ramp, trends that ran
ahead of reality) arrives in year V + 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import vintages
from .errors import BioanchorsError
from .schema import ScenarioSpec

if TYPE_CHECKING:
    from .scenario import Scenario

BUNDLED_RUNS = Path(__file__).parent / "data" / "frontier_training_runs.csv"
PROGRESS_BASE_YEAR = 2020  # Cotra's requirements are in 2020 FLOP (docs/model.md §3)


#: Model exports a data vintage may hold, in the order the largest run is read from (docs/data.md).
VINTAGE_RUNS = ("frontier-models", "notable-models", "large-scale-models", "all-models")


def runs_path(spec) -> Path:
    """The runs table the evidence reads: the scenario's ``data_vintage`` (its first model export), else bundled."""
    name = getattr(spec, "data_vintage", None)
    if name is None or name == vintages.BUNDLED:
        return BUNDLED_RUNS
    v = vintages.load_vintage(name)
    held = [d for d in VINTAGE_RUNS if d in v.datasets]
    return v.verify(held[0]) if held else BUNDLED_RUNS


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


@lru_cache(maxsize=4)
def _runs(path: str) -> tuple[np.ndarray, np.ndarray, str]:
    """(publication dates as ordinal days, log10 training FLOP, last date ISO) of the runs table: the bundled
    table (``publication_date``, ``training_flop``) or an Epoch export (``Publication date``, ``Training
    compute (FLOP)``); rows without an ISO date or a positive compute are left out."""
    days, flop = [], []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for raw in csv.DictReader(fh):
            row = {_key(k or ""): v for k, v in raw.items()}
            f, d = row.get("trainingflop") or row.get("trainingcomputeflop"), row.get("publicationdate")
            try:
                day, value = dt.date.fromisoformat((d or "")[:10]).toordinal(), float(f or "nan")
            except ValueError:
                continue
            if value > 0:
                days.append(day)
                flop.append(math.log10(value))
    if not days:
        raise BioanchorsError(f"{path}: no training run with a publication date and a training compute")
    last = dt.date.fromordinal(max(days)).isoformat()
    return np.array(days), np.array(flop), last


def last_full_year(path: Path = BUNDLED_RUNS) -> int:
    """The last calendar year the runs table covers in full [year] (bundled: data through 2026-04 -> 2025)."""
    last = dt.date.fromisoformat(_runs(str(path))[2])
    return last.year if (last.month, last.day) == (12, 31) else last.year - 1


def largest_run_log10_flop(year: int, path: Path = BUNDLED_RUNS) -> float:
    """Largest training run published by the end of ``year`` [log10 FLOP] (Epoch AI, bundled)."""
    days, flop, _ = _runs(str(path))
    sel = days <= dt.date(int(year), 12, 31).toordinal()
    if not sel.any():
        raise BioanchorsError(f"no training run in {path.name} by {year}; give evidence.realised_log10_flop")
    return float(flop[sel].max())


def reachable(ev, vantage_year: int, runs: Path = BUNDLED_RUNS, spec=None) -> dict:
    """Realised effective compute reachable at ``vantage_year - lag`` [log10 2020-FLOP], with its parts.

    ``ev.algorithmic_progress`` names where the algorithmic multiplier comes from:

    * ``"scenario"`` (default): each hypothesis's own progress in ``spec`` (central parameters) at
      V - lag, the progress its forecast uses, so the evidence and the forecast count the same
      effective compute (issue 23 item 6(d)). ``realised_log10_effective_flop`` is then the
      weight-averaged threshold; ``run_plus_progress_log10`` has one per hypothesis.
    * ``"measured"``: the given multiplier, or a constant halving time from 2020 (Ho et al. 2024 by
      default), for every hypothesis, while the forecast keeps the scenario's own progress.
    """
    at = vantage_year - ev.lag_years
    run = ev.realised_log10_flop
    if run is None:
        run = largest_run_log10_flop(math.floor(at), runs)
    out = {"largest_run_log10_flop": float(run), "at_year": float(at),
           "largest_run_source": "given" if ev.realised_log10_flop is not None else
           f"{'bundled ' if runs == BUNDLED_RUNS else ''}Epoch AI runs ({runs.name}) published by end of "
           f"{math.floor(at)}",
           "algorithmic_progress": ev.algorithmic_progress}
    if ev.algorithmic_progress == "scenario" and spec is not None:
        names, per = scenario_progress_log10(spec, at)
        w = np.array([h.weight.central for h in spec.hypotheses.values()], dtype=float)
        mult = float(np.sum(w * per) / w.sum())
        out.update({"algorithmic_multiplier_log10": mult,
                    "algorithmic_multiplier_log10_by_hypothesis": dict(zip(names, per.tolist())),
                    "algorithmic_source": f"the scenario's own algorithmic progress at {at:g} (central values)",
                    "realised_log10_effective_flop": float(run + mult),
                    "run_plus_progress_log10": run + per})
        return out
    mult = ev.realised_log10_algorithmic_multiplier
    source = "given"
    if mult is None:  # a constant halving time from 2020 (Ho et al. 2024 by default)
        mult = max(at - PROGRESS_BASE_YEAR, 0.0) * math.log10(2.0) / ev.algorithmic_halving_time_years
        source = f"halving every {ev.algorithmic_halving_time_years:g} years since {PROGRESS_BASE_YEAR}"
    n = 1 if spec is None else len(spec.hypotheses)
    out.update({"algorithmic_multiplier_log10": float(mult), "algorithmic_source": source,
                "realised_log10_effective_flop": float(run + mult),
                "run_plus_progress_log10": np.full(n, float(run + mult))})
    return out


def scenario_progress_log10(spec, year: float) -> tuple[list[str], np.ndarray]:
    """(hypothesis names, algorithmic progress [OOM] each has by ``year`` in ``spec``, central values)."""
    from .evaluation.parameters import point_parameters
    from .evaluation.trajectories import trajectories

    tr = trajectories(spec, point_parameters(spec), np.array([float(year)]))
    return list(spec.hypotheses), np.asarray(tr.log10_progress[0, :, 0], dtype=float)


def condition_hypotheses(built, weights: np.ndarray, thresholds: np.ndarray, ramp_log10_flop: float):
    """Posterior hypotheses, posterior weights and mass removed per hypothesis.

    ``thresholds`` [log10 2020-FLOP], one per hypothesis. A hypothesis the
    evidence removes entirely keeps its prior shape at weight 0.
    """
    from .requirements.distribution import NoMassLeft
    from .requirements.evidence import not_yet

    post, removed = [], np.empty(len(built))
    for i, (b, t) in enumerate(zip(built, thresholds)):
        try:
            post.append(b.transformed(not_yet(t, ramp_log10_flop)))
            removed[i] = post[-1].requirement.applied[-1].mass_removed
        except NoMassLeft:
            post.append(b)
            removed[i] = 1.0
    kept = weights * (1.0 - removed)
    if not kept.sum() > 0:
        raise BioanchorsError("the evidence rules out every hypothesis; lower the realised compute or add a ramp")
    return tuple(post), kept / kept.sum(), removed


def forecast_given(sc, forecast, *, method="auto", samples=None, seed=0, start_year=None, end_year=None,
                   progress=None, thresholds=None):
    """The forecast from V conditional on no TAI by V (``sc.spec.evidence``).

    ``forecast`` is :func:`bioanchors.forecast` (passed in: the engine's
    entry point calls this module, so importing it back would be a cycle).
    ``thresholds`` (one per hypothesis [log10 2020-FLOP]) replaces the
    realised effective compute; tests use it to condition on the model's own reach.
    """
    ev = sc.spec.evidence
    runs = runs_path(sc.spec)  # the scenario's data_vintage, else the bundled runs
    v = ev.vantage_year if ev.vantage_year is not None else last_full_year(runs)
    years = np.arange(sc.spec.years.start if start_year is None else start_year,
                      (sc.spec.years.end if end_year is None else end_year) + 1)
    if v >= years[-1]:
        raise BioanchorsError(f"{sc.origin}: vantage year {v} leaves no forecast year (they end in "
                              f"{int(years[-1])}); raise the end year or lower evidence.vantage_year")
    if ev.realised_log10_flop is None and math.floor(v - ev.lag_years) > last_full_year(runs):
        raise BioanchorsError(f"{sc.origin}: the runs in {runs.name} cover full years up to "
                              f"{last_full_year(runs)}, not "
                              f"{math.floor(v - ev.lag_years)}; give evidence.realised_log10_flop")
    u = _posterior(sc, v, thresholds)
    if progress is not None and ev.p_none == "kept":  # two runs, one bar
        from .evaluation.estimators import shared_progress

        progress = shared_progress(progress, 2)
    run = lambda s, b, k: forecast(s, method, samples, seed + k, start_year, end_year, progress, hypotheses=b)  # noqa: E731
    prior = run(u.base, u.built, 0) if ev.p_none == "kept" else None
    post = run(u.post_sc, u.post_built, 1)
    res = _combine(post, prior, v, u.p_v, u.s, u.w0, u.w1, ev.p_none)
    record = _record(ev, v, u.real, u.thresholds, [b.name for b in u.built], u.w0, u.w1, u.removed, u.s, u.p_v)
    record["rebase"] = u.shift
    res = replace(res, scenario=sc, evidence=record, seed=None if res.seed is None else seed)
    return replace(res, forecast=_consistent_forecast(res))


def _consistent_forecast(res):
    """The generic forecast carrying the conditioned numbers (P, SE, band, hypotheses): what an
    ensemble mixes and the generic JSON shows (before, it carried the posterior run's own curve)."""
    from .result import Component, EventCurve

    fc = res.forecast
    n = res.years.size
    se = res.standard_errors if res.standard_errors is not None else np.zeros(n)
    comps = tuple(Component(k, lab, float(w), p_i, c, float(sw)) for k, lab, w, sw, p_i, c in zip(
        res.hypothesis_names, res.hypothesis_labels, res.weights, res.stated_weights, res.hypothesis_p,
        res.contributions))
    head = EventCurve(fc.event, fc.event_label, res.years, res.p, se, res.p_by_year_band)
    return replace(fc, p=res.p, standard_errors=se, band=res.p_by_year_band, components=comps,
                   diagnostics={**fc.diagnostics, "p_none": res.p_none}, events={fc.event: head})


@dataclass(frozen=True)
class _Update:
    """Everything the "not yet" update derives from a scenario before any forecast runs."""

    base: Scenario  # the scenario without [evidence] (rebased if asked)
    shift: float | None
    built: tuple
    post_sc: Scenario  # the base with the posterior hypothesis weights
    post_built: tuple
    w0: np.ndarray
    w1: np.ndarray
    removed: np.ndarray
    thresholds: np.ndarray
    real: dict
    s: float
    p_v: float


def _posterior(sc, v: int, thresholds=None) -> _Update:
    """The prior and posterior hypotheses and weights of ``sc`` given no TAI by ``v``."""
    from .requirements import build_hypotheses

    ev = sc.spec.evidence
    _check_progress_reading(sc, ev)
    runs = runs_path(sc.spec)  # the scenario's data_vintage, else the bundled runs
    base = sc.replace({"evidence": None})
    shift = None
    if ev.rebase:
        base, shift = rebase_spending(base, v - ev.lag_years, reachable(ev, v, runs=runs)["largest_run_log10_flop"])
    try:
        built = build_hypotheses(base.spec)
    except ValueError as exc:  # a user-given requirement the update against low values wipes out
        raise BioanchorsError(f"{sc.origin}: {exc}") from None
    real = reachable(ev, v, runs, spec=base.spec)  # per hypothesis under the "scenario" reading (issue 23 item 6(d))
    if thresholds is None:
        thresholds = real["run_plus_progress_log10"]
    thresholds = np.asarray(thresholds, float)
    w0 = _normalised_weights(base)
    post_built, w1, removed = condition_hypotheses(built, w0, thresholds, ev.ramp_log10_flop)
    post_sc = base.replace({f"hypotheses.{b.name}.weight": float(w) for b, w in zip(built, w1)})
    return _Update(base, shift, built, post_sc, post_built, w0, w1, removed, thresholds, real,
                   float(np.sum(w0 * (1.0 - removed))), _p_none_at(base.spec, v))


def given_evaluator(sc, years: np.ndarray):
    """P'(t) (sets, years) given no TAI by V for trend parameter sets: the update of
    :func:`forecast_given` applied to each set's exact curves (sensitivity of a conditioned
    scenario, issue 23 item 8; before, it analysed the unconditioned model)."""
    from .evaluation import exact
    from .evaluation.parameters import point_parameters
    from .evaluation.trajectories import trajectories

    ev = sc.spec.evidence
    v = ev.vantage_year if ev.vantage_year is not None else last_full_year(runs_path(sc.spec))
    u = _posterior(sc, v)
    base_spec, post_spec = u.base.config(ScenarioSpec), u.post_sc.config(ScenarioSpec)
    central, post_central = point_parameters(base_spec), point_parameters(post_spec)

    def evaluate(params: dict) -> np.ndarray:
        # the posterior keeps its updated hypothesis weights; every other input varies with the set
        post_params = {**post_central, **{k: v for k, v in params.items()
                                          if not (k.startswith("hypotheses.") and k.endswith(".weight"))}}
        params = {**central, **params}
        post_traj = trajectories(post_spec, post_params, years)
        post = exact.p_by_year(u.post_built, post_traj)
        if ev.p_none == "kept":
            prior = exact.p_by_year(u.built, trajectories(base_spec, params, years))
            pn = post_traj.p_none
            d = u.p_v + (1.0 - u.p_v) * u.s
            post = ((u.p_v - pn) * prior + (1.0 - u.p_v) * u.s * post) / ((1.0 - pn) * d)
        return np.where(years > v, post, 0.0)

    return evaluate


def affordable_log10_flop(spec, year: float, shift_log10_usd: float = 0.0) -> float:
    """Affordable compute in ``year`` at central parameters [log10 FLOP], spend shifted by ``shift`` [OOM]."""
    from .evaluation.parameters import point_parameters
    from .evaluation.trajectories import trajectories

    params = dict(point_parameters(spec))
    for key in ("spending.log10_usd", "spending.initial_log10_usd"):
        if params.get(key) is not None:
            params[key] = params[key] + shift_log10_usd
    return float(trajectories(spec, params, np.array([float(year)])).log10_affordable_flop[0, 0])


def _solve_shift(spec, year: float, target: float, tol: float = 1e-12) -> float:
    """The shift d [OOM] of the spending anchors with affordable(year; d) = target (secant steps).

    Affordable compute rises with d (strictly, unless spend sits at its ceiling);
    d is exactly the gap when ``year`` is the spending reference year.
    """
    d0, f0 = 0.0, affordable_log10_flop(spec, year) - target
    d1 = -f0
    for _ in range(60):
        f1 = affordable_log10_flop(spec, year, d1) - target
        if abs(f1) < tol:
            return d1
        slope = (f1 - f0) / (d1 - d0) if d1 != d0 else 0.0
        if not slope > 1e-6:
            break
        d0, f0, d1 = d1, f1, d1 - f1 / slope
    raise BioanchorsError(f"cannot rebase: the spending trend at {year:g} does not reach 10^{target:.2f} FLOP "
                          "(spend at its ceiling?); raise spending.ceiling_gdp_share or drop evidence.rebase")


def _shifted_param(param, d: float) -> dict:
    """``param`` with every sample moved by d: its location numbers shifted (the spreads kept)."""
    if param.dist in ("lognormal", "loguniform"):
        raise BioanchorsError(f"cannot rebase a {param.dist} spending.log10_usd (a shift is not a location "
                              "change); give it as normal, uniform, skewnormal or percentiles")
    out = param.model_dump(exclude_none=True)
    for k in ("value", "mean", "median", "low", "high"):
        if k in out:
            out[k] += d
    if "percentiles" in out:
        out.pop("percentiles")
        out.update({f"p{q * 100:g}": v + d for q, v in param.percentiles.items()})
    out["note"] = f"rebased by {d:+.6f} OOM (evidence.rebase)"
    return out


def rebase_spending(sc, year: float, realised_log10_flop: float):
    """``sc`` with the spending anchors shifted so affordable compute in ``year`` is the realised run.

    The gap is absorbed by spending (``spending.log10_usd`` and, if given,
    ``spending.initial_log10_usd``, by the same amount d [OOM]): FLOP per
    dollar is a measured hardware price, while the realised largest run's budget
    is what Cotra's spending trend guessed. Doubling time, GDP ceiling,
    FLOP/$ and algorithmic progress are kept. d is solved at central values and
    applied to every sample (a location shift of the distribution), so the
    central trajectory matches exactly and the spread is unchanged.
    Returns (scenario, record for the JSON).
    """
    before = affordable_log10_flop(sc.spec, year)
    d = _solve_shift(sc.spec, year, realised_log10_flop)
    sp = sc.spec.spending
    changes = {"spending.log10_usd": _shifted_param(sp.log10_usd, d)}
    if sp.initial_log10_usd is not None:
        changes["spending.initial_log10_usd"] = _shifted_param(sp.initial_log10_usd, d)
    try:
        out = sc.replace(changes)
    except (ValueError, BioanchorsError) as exc:  # e.g. the shifted spend above the GDP ceiling
        raise BioanchorsError(f"evidence.rebase: shifting spending by {d:+.2f} OOM to reach the realised "
                              f"10^{realised_log10_flop:.2f} FLOP fails: {exc}") from None
    return out, {"year": float(year), "trend": "spending.log10_usd", "shift_log10_usd": d,
                 "scenario_log10_affordable_flop": before, "realised_log10_flop": float(realised_log10_flop)}


def _normalised_weights(sc) -> np.ndarray:
    w = np.array([h.weight.central for h in sc.spec.hypotheses.values()], dtype=float)
    return w / w.sum()


def _p_none_at(spec, year: int) -> float:
    """p_none(V) at central parameter values [probability] (the vantage year may precede the window)."""
    from .evaluation.parameters import point_parameters
    from .evaluation.trajectories import trajectories

    return float(trajectories(spec, point_parameters(spec), np.array([year])).p_none[0, 0])


def _combine(post, prior, v: int, p_v: float, s: float, w0, w1, mode: str):
    """P'(t) and each hypothesis's P_i'(t) (see the module docstring); zero up to V."""
    after = post.years > v
    if mode == "set_aside":
        p, hp, se = post.p, post.hypothesis_p, post.standard_errors
    else:
        pn = post.p_none
        d = p_v + (1.0 - p_v) * s
        a, b = (p_v - pn) / ((1.0 - pn) * d), (1.0 - p_v) * s / ((1.0 - pn) * d)
        p = a * prior.p + b * post.p
        # contribution_i = (1 - p_t) [a w_i P_i + b w_i' P_i'], written as (1 - p_t) w_i' hp_i
        with np.errstate(divide="ignore", invalid="ignore"):
            hp = np.where(w1[:, None] > 0, (a * w0[:, None] * prior.hypothesis_p) / w1[:, None], 0.0)
        hp = hp + b * post.hypothesis_p
        se = None if post.standard_errors is None else np.hypot(a * prior.standard_errors, b * post.standard_errors)
    zero = lambda x: None if x is None else np.where(after, x, 0.0)  # noqa: E731
    return replace(post, p=zero(p), hypothesis_p=zero(hp), standard_errors=zero(se), p_by_year_band=None)


def _check_progress_reading(sc, ev) -> None:
    """A realised multiplier is the "measured" reading: with "scenario" it would be ignored (issue 23 item 6(d))."""
    # (the halving time has a default, so only a given multiplier can be told apart from a default)
    if ev.algorithmic_progress == "scenario" and ev.realised_log10_algorithmic_multiplier is not None:
        raise BioanchorsError(f"{sc.origin}: field 'evidence.realised_log10_algorithmic_multiplier' applies only with "
                              "evidence.algorithmic_progress = \"measured\"; set that, or remove the field (the default "
                              "\"scenario\" credits the forecast's own progress, docs/evidence.md)")


def _record(ev, v, real, thresholds, names, w0, w1, removed, s, p_v) -> dict:
    """The ``"evidence"`` object of the forecast JSON."""
    real = {k: val for k, val in real.items() if k != "run_plus_progress_log10"}
    out = {
        "vantage_year": int(v),
        "realised_log10_effective_flop": real["realised_log10_effective_flop"],
        "realised": {**real, "source": ev.source},
        "likelihood": {"kind": "ramp" if ev.ramp_log10_flop > 0 else "step",
                       "ramp_log10_flop": ev.ramp_log10_flop, "lag_years": ev.lag_years,
                       "algorithmic_progress": ev.algorithmic_progress,
                       "algorithmic_halving_time_years": (ev.algorithmic_halving_time_years
                                                          if ev.algorithmic_progress == "measured" else None),
                       "p_none": ev.p_none,
                       "thresholds_log10_flop": {k: float(t) for k, t in zip(names, thresholds)}},
        "prior_weights": {k: float(w) for k, w in zip(names, w0)},
        "posterior_weights": {k: float(w) for k, w in zip(names, w1)},
        "mass_removed": {k: float(r) for k, r in zip(names, removed)},
    }
    if ev.p_none == "kept":
        out["posterior_p_none_at_vantage"] = p_v / (p_v + (1.0 - p_v) * s)
    return out
