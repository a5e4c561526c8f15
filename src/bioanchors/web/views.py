"""Adapters from the trends, retrospective, efficiency and sensitivity packages to the page.

Each function imports its package lazily and returns one plain shape that the
page (app.js) and the report draw without knowing the package::

    {"series": [{"name", "unit", "log": bool, "points": [[x, y], ...], "line": [[x, y], ...],
                 "lines": [{"name", "kind", "points": [[x, y], ...]}]}],  # "lines": named extra lines, optional
     "bars":   [{"label", "low_median", "high_median", "low_value", "high_value"}],  # tornado
     "base_median": int | None,
     "tables": [{"title", "columns": [...], "rows": [[...], ...]}],
     "notes":  [str]}

A bioanchors package missing from the installation raises ModuleNotFoundError
naming it (:func:`absent`); the API turns that into a 501 "not available in
this version" and the forecast views carry on. Any other exception, including
an ImportError from inside a package that is present (a renamed function, a
missing third-party dependency), is a bug and is not disguised.
"""

from __future__ import annotations

import functools
import importlib
import math
from collections.abc import Sequence
from typing import Any

from ..scenario import Scenario


def _num(x: Any, digits: int = 4) -> Any:
    """A JSON-safe, readable number (None for NaN/inf)."""
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, (int, float)):
        if not math.isfinite(x):
            return None
        return float(f"{x:.{digits}g}") if isinstance(x, float) else x
    return x


# Human labels (with units) for the keys of the packages' to_dict() (issue 13: no raw JSON keys on screen).
LABELS = {
    "halving_time_months": "halving time [months]",
    "ci90_months": "90% CI of the halving time [months]",
    "ci90_months_ols": "90% CI of the halving time, least squares [months]",
    "reduction_factor": "compute reduction over the span [x]",
    "fitted_reduction_factor": "fitted compute reduction over the span [x]",
    "growth_per_year": "efficiency growth [x/yr]",
    "ci90_growth_per_year": "90% CI of the growth [x/yr]",
    "oom_per_year": "growth [OOM/yr]",
    "n": "data points",
    "span": "dates spanned",
    "tasks": "task",
    "points": "points used",
    "confidence": "confidence level",
    "bootstrap": "bootstrap resamples",
    "bootstrap_degenerate": "degenerate bootstrap resamples",
}


def _label(key: str, table: dict[str, str] = LABELS) -> str:
    """A human label for a result key: from ``table``, else the key without underscores."""
    return table.get(key, key.replace("_", " "))


def _scalar_rows(d: dict[str, Any]) -> list[list[Any]]:
    """Labelled rows for the scalar and short-list entries of a to_dict(); empty values are left out."""
    rows = []
    for k, v in d.items():
        if v is None or v == "" or v == []:
            continue
        if isinstance(v, (int, float, str, bool)):
            rows.append([_label(k), _num(v)])
        elif isinstance(v, list) and len(v) <= 4 and all(isinstance(x, (int, float, str)) for x in v):
            rows.append([_label(k), ", ".join(str(_num(x)) for x in v)])
    return rows


def absent(exc: ImportError) -> bool:
    """True when ``exc`` says a bioanchors module itself is absent (not a failure inside one)."""
    return isinstance(exc, ModuleNotFoundError) and (exc.name or "").startswith("bioanchors.")


# The bioanchors modules each view imports. A view is available when they all are; a
# renamed function inside one is not "unavailable" but a bug, which the view raises (a 500).
VIEW_MODULES = {
    "trends": ("trends.fitting", "trends.epoch_loaders"),
    "horizon": ("trends.metr_horizons",),
    "hindcast": ("retro", "trends.epoch_loaders"),
    "retro": ("retro", "retro.counterfactual", "retro.series", "trends.accounting", "trends.epoch_loaders"),
    "efficiency": ("efficiency",),
    "sensitivity": ("sensitivity",),
    "scorecard": ("retro.scorecard", "datasets.read"),
}


def _present(module: str) -> bool:
    try:
        importlib.import_module(f"bioanchors.{module}")
    except ModuleNotFoundError as exc:
        if absent(exc):  # not in this installation
            return False
        raise  # a dependency missing inside a present module is a bug, not "not available"
    return True


def capabilities() -> dict[str, bool]:
    return {view: all(_present(m) for m in modules) for view, modules in VIEW_MODULES.items()}


# ---------------------------------------------------------------- trends


def fit_band(fit, points: int = 30) -> dict[str, Any]:
    """The 90% band of a fitted trend line as the CLI's plot draws it (:meth:`TrendFit.plot`): lines through
    the data's centroid with the CI's slopes (the uncertainty of the growth rate, not of the level)."""
    import numpy as np

    xs = np.linspace(float(min(fit.year)), float(max(fit.year)), points)
    xm = float(np.mean(fit.year))
    ym = fit.intercept + fit.slope_oom * xm
    a, b = (10 ** (ym + s * (xs - xm)) for s in fit.ci90_oom)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    return {"lo": [[_num(float(x), 6), _num(float(y), 4)] for x, y in zip(xs, lo)],
            "hi": [[_num(float(x), 6), _num(float(y), 4)] for x, y in zip(xs, hi)], "label": "90% CI of the fit"}


# Frontier rules the Trends tab offers (as `bioanchors trends --frontier`; top-n with the CLI's N = 10).
TREND_FRONTIERS = ("auto", "epoch-flag", "top-n")
TREND_SINCE_DEFAULT = 2018  # `bioanchors trends --since` default


@functools.lru_cache(maxsize=32)
def trends(since: int = TREND_SINCE_DEFAULT, frontier: str = "auto") -> dict[str, Any]:
    """The four measured trends over the bundled data since ``since`` [year], with the frontier rule.

    Same fit (and seed, bootstrap count) as ``bioanchors trends --since Y --frontier F``;
    the bundled data are fixed, so each window is computed once.
    """
    from ..trends.epoch_loaders import load_data
    from ..trends.fitting import fit_trends

    rep = fit_trends(load_data(), since=since, frontier=frontier, seed=0)
    series, rows = [], []
    for key, fit in rep.fits.items():
        xs = [float(min(fit.year)), float(max(fit.year))]
        series.append({
            "name": key.replace("_", " "),
            "unit": fit.unit,
            "log": True,
            "points": [[_num(float(x), 6), _num(float(y), 4)] for x, y in zip(fit.year, fit.value)],
            "line": [[_num(x, 6), _num(float(fit.predict(x)), 4)] for x in xs],
            "band": fit_band(fit),
            "label": f"{fit.growth_per_year:.2f}x/yr (90% CI {fit.ci90[0]:.2f}-{fit.ci90[1]:.2f})",
        })
        d = fit.to_dict()
        rows.append([key, _num(d["growth_per_year"], 3), f"{_num(d['ci90'][0], 3)} - {_num(d['ci90'][1], 3)}",
                     _num(d["oom_per_year"], 3), _num(d["doubling_time_years"], 3), d["n"]])
    st = rep.settings
    stated = f"since {since}, frontier: {frontier}" + (f" (used: {st.frontier})" if st.frontier != frontier else "") \
        + (f", N = {st.top_n}" if st.frontier == "top-n" else "")
    table = {"title": f"Fitted trends (bundled data, {stated})",
             "columns": ["trend", "growth [x/yr]", "90% CI [x/yr]", "OOM/yr", "doubling time [yr]", "n"], "rows": rows}
    settings = {"since": since, "frontier": frontier, "frontier_used": st.frontier, "top_n": st.top_n,
                "seed": st.seed, "n_boot": st.n_boot}
    return {"series": series, "tables": [table], "notes": list(rep.notes), "settings": settings}


# ---------------------------------------------------------------- efficiency


def efficiency_datasets() -> tuple[str, ...]:
    """The bundled datasets ``bioanchors efficiency --dataset`` offers (the tab's menu)."""
    from ..efficiency import DATASETS

    return tuple(DATASETS)


@functools.lru_cache(maxsize=8)
def efficiency(dataset: str | None = None, all_points: bool = False) -> dict[str, Any]:
    """Hernandez & Brown estimate on a bundled dataset, as ``bioanchors efficiency --dataset NAME``
    (default: the CLI's default). The data are fixed, so each dataset is computed once."""
    import numpy as np

    from .. import efficiency as eff

    dataset = dataset or eff.DEFAULT_DATASET
    est = eff.estimate_efficiency_trend(eff.load_dataset(dataset), all_points=all_points, rng=0,
                                        where=f"dataset {dataset}")
    pts = est.to_frame()
    used = pts[pts["used"]]
    xs = np.array([pts["year"].min(), pts["year"].max()], dtype=float)
    series = [{
        "name": f"compute to reach a fixed performance ({dataset})",
        "unit": "FLOP",
        "log": True,
        "points": [[_num(float(y), 6), _num(float(c), 4)] for y, c in zip(used["year"], used["compute"])],
        "line": [[_num(float(x), 6), _num(float(10 ** est.predict_log10(x)), 4)] for x in xs],
        "label": f"halving every {est.halving_time_months:.1f} months",
    }]
    d = est.to_dict()
    return {"series": series,
            "tables": [{"title": f"Algorithmic efficiency (Hernandez & Brown method), dataset {dataset}",
                        "columns": ["quantity", "value"], "rows": _scalar_rows(d)}],
            "notes": d.get("warnings", []),
            "settings": {"dataset": dataset, "datasets": list(efficiency_datasets()),
                         "all_points": all_points,
                         "cli": f"bioanchors efficiency --dataset {dataset}" + (" --all-points" if all_points else "")}}


# ---------------------------------------------------------------- retrospective


# Human names of the retrospective's factors (issue 13: human labels, not snake_case).
FACTORS = {
    "spend": "spending on the largest run",
    "flop_per_dollar": "FLOP per dollar",
    "run_length": "training-run length",
    "real_compute": "real compute",
    "algorithmic": "algorithmic progress",
    "effective_compute": "effective compute",
    "algorithmic_caps": "caps lifted",
    "progress_from_2020": "counted from 2020",
}


def retro(sc: Scenario) -> dict[str, Any]:
    """The retrospective table (bundled data) and the current scenario re-run with measured inputs."""
    from ..retro.counterfactual import counterfactual_reruns
    from .models import require_cotra

    require_cotra(sc, "The retrospective (Cotra's 2020 projections against what happened)")
    res = _retrospective()
    df = res.to_frame()
    titles = res.column_titles()
    tables = [{"title": "Yearly growth multipliers [x/yr] by parameter set, each over the years in its column's title "
                        "(Cotra's near-term ramp 2020-25 and her long-run rate after 2025 side by side)",
               "columns": ["factor", *[titles[c] for c in df.columns]],
               "rows": [[_label(k, FACTORS), *[_num(v, 3) for v in row]] for k, row in df.iterrows()]}]
    reruns = counterfactual_reruns(res.sets["measured"], base=sc)
    base = reruns[0].median_year if reruns and not reruns[0].replaced else None
    last = int(sc.spec.years.end)

    def moved(y):  # years earlier (+) or later (-) than the scenario as it is
        return "" if y is None or base is None else f"{base - y:+d}"

    tables.append({"title": f"{sc.name} re-run with measured values, one input at a time",
                   "columns": ["measured input(s)", "median year", "years earlier", "P(2030)", "P(2036)", "P(2040)",
                               "P(2050)"],
                   "rows": [[" + ".join(_label(x, FACTORS) for x in r.replaced) or "(none: the scenario as it is)",
                             r.median_year if r.median_year is not None else f"after {last}",
                             moved(r.median_year) or "n/a",
                             *[_num(p, 3) for p in r.p_by_year.values()]] for r in reruns]})
    proj = _projections()
    return {"series": retro_series(proj), "tables": tables,
            "notes": [*res.gap_lines(), res.summary_line(), *proj.notes]}


# Human names of the projected factors (the retro module's keys).
PROJECTED = {"training_compute": "largest training run's compute", "training_cost": "largest training run's cost",
             "flop_per_dollar": "hardware FLOP per dollar"}


def retro_series(proj) -> list[dict[str, Any]]:
    """Cotra's 2020 projections against Epoch's points since the vantage, one chart each
    (:func:`bioanchors.retro.series.projection_series`: the numbers are the retro module's)."""
    out = []
    for key, s in proj.factors.items():
        def pts(x, y):
            return [[_num(float(a), 6), _num(float(b), 4)] for a, b in zip(x, y)]

        cotra = cotra_rates_label(s)
        out.append({
            "name": PROJECTED.get(key, _label(key)), "key": key, "unit": s.unit, "log": True,
            "points": pts(s.data_year, s.data_value), "points_label": f"Epoch AI data since {proj.vantage}",
            "lines": [{"name": f"Cotra 2020 projection ({cotra})", "kind": "projection",
                       "points": pts(s.cotra_year, s.cotra_value)},
                      {"name": f"fit to the data, {s.fit_window} ({s.fit_growth_per_year:.2f}x/yr)", "kind": "fit",
                       "points": pts(s.fit_year, s.fit_value)}],
            "label": f"Cotra {cotra} vs measured {s.fit_growth_per_year:.2f}x/yr over {s.fit_window}",
            "basis": s.basis,
        })
    return out


def cotra_rates_label(s) -> str:
    """Her curve's two named rates with their windows, e.g. "ramp 2020.5-2025 5.2x/yr, long run 2025-2026.8 1.9x/yr".

    One rate over the whole drawn window would mix her $1M -> $1B ramp with her long-run
    doubling (issue 23 item 1); FLOP/$ has one rate, shown once.
    """
    ramp, long_run = s.cotra_windows
    a, b = s.cotra_ramp_growth_per_year, s.cotra_long_run_growth_per_year
    if abs(a - b) < 0.005 or b != b:
        return f"{a:.2f}x/yr over {ramp.split('-')[0]}-{long_run.split('-')[1]}"
    return f"near-term ramp {ramp}: {a:.2f}x/yr; long-run rate {long_run}: {b:.2f}x/yr"


@functools.lru_cache(maxsize=1)
def _projections():
    from ..retro.series import projection_series
    from ..trends.epoch_loaders import load_data

    return projection_series(load_data(None), 2020)


@functools.lru_cache(maxsize=1)
def _retrospective():
    from ..retro import retrospective
    from ..trends.accounting import get_parameter_set, load_parameter_sets
    from ..trends.epoch_loaders import load_data

    sets = load_parameter_sets()
    sets["measured"] = get_parameter_set("measured", data=load_data(None), since=2018, n_boot=500)
    return retrospective(sets, "measured")


# ---------------------------------------------------------------- METR's time horizons and the hindcast


@functools.lru_cache(maxsize=8)
def horizon(since: float | None = None) -> dict[str, Any]:
    """METR's 50% time-horizon trend on the bundled data, as ``bioanchors trends --horizon [--since Y]``
    (same seed and bootstrap as the CLI's defaults): the points with their 95% intervals, the fit and
    its 90% band, and the year it reaches one work-month."""
    from ..models.metr_horizon import WORK_MONTH_HOURS, crossing_year, log10_minutes_of_hours
    from ..trends.metr_horizons import fit_horizon_trend, load_horizons

    fit = fit_horizon_trend(load_horizons(None), since=since)
    f = fit.trend
    month = float(crossing_year(fit.log10_minutes_at_anchor, fit.anchor_year, fit.doubling_time_months,
                                log10_minutes_of_hours(WORK_MONTH_HOURS)))
    xs = [float(min(f.year)), float(max(f.year))]
    lo, hi = fit.doubling_interval_months(0.90)
    series = [{
        "name": "METR 50% time horizon", "key": "p50_horizon", "unit": "minutes", "log": True,
        "points": [[_num(float(x), 6), _num(float(y), 4)] for x, y in zip(f.year, f.value)],
        "points_label": "frontier models (METR)", "band": fit_band(f),
        "lines": [{"name": f"fit: doubling every {fit.doubling_time_months:.1f} months", "kind": "projection",
                   "points": [[_num(x, 6), _num(float(f.predict(x)), 4)] for x in xs]}],
        "label": f"doubling every {fit.doubling_time_months:.1f} months (90% CI {lo:.1f}-{hi:.1f})",
    }]
    table = {"title": f"METR 50% time horizon, {since or 'all years'} ({fit.models} models)",
             "columns": ["quantity", "value"],
             "rows": [["growth [x/yr]", _num(f.growth_per_year, 3)],
                      ["90% CI of the growth [x/yr]", f"{f.ci90[0]:.2f} - {f.ci90[1]:.2f}"],
                      ["doubling time [months]", _num(fit.doubling_time_months, 3)],
                      ["90% CI of the doubling time [months]", f"{lo:.2f} - {hi:.2f}"],
                      [f"level at {fit.anchor_year:.2f} [minutes]", _num(10 ** fit.log10_minutes_at_anchor, 3)],
                      ["one work-month (167 h) reached [year]", _num(month, 5)],
                      ["models fitted", f.n]]}
    return {"series": series, "tables": [table], "notes": [f.note],
            "settings": {"since": since, "cli": "bioanchors trends --horizon" + (f" --since {since:g}" if since else "")}}


HINDCAST_VANTAGE_DEFAULT = 2020


@functools.lru_cache(maxsize=8)
def hindcast(vantage: int = HINDCAST_VANTAGE_DEFAULT, window: int = 8) -> dict[str, Any]:
    """Projections made at ``vantage`` (a fit to the ``window`` years before it, and Cotra's 2020 inputs)
    scored against the data since, as ``bioanchors retro --vantage V --window W``: error [OOM] by year."""
    from ..retro import hindcast as run_hindcast
    from ..trends.epoch_loaders import load_data

    h = run_hindcast(load_data(None), vantage, window_years=window)
    series = []
    for f in h.fitted_error:
        name = PROJECTED.get(f, _label(f, FACTORS))
        series.append({
            "name": name, "key": f"hindcast-{f}", "unit": "projection - data [OOM]", "log": False,
            "points": [], "zero": True,
            "lines": [{"name": f"fit to {vantage - window}-{vantage - 1}", "kind": "fit",
                       "points": [[int(y), _num(float(v), 4)] for y, v in zip(h.years, h.fitted_error[f])]},
                      {"name": "Cotra 2020 inputs", "kind": "projection",
                       "points": [[int(y), _num(float(v), 4)] for y, v in zip(h.years, h.cotra_error[f])]}],
            "label": f"mean |error|: fit {h.mean_abs_error()[f]['fitted']:.2f} OOM, "
                     f"Cotra {h.mean_abs_error()[f]['cotra2020']:.2f} OOM",
        })
    mae = h.mean_abs_error()
    rows = [[PROJECTED.get(f, _label(f, FACTORS)), _num(v["fitted"], 3), _num(v["cotra2020"], 3),
             _num(h.fitted_growth[f], 3), _num(h.realised_growth[f], 3)] for f, v in mae.items()]
    table = {"title": f"Hindcast from {vantage}: mean |projection - realised| [OOM], "
                      f"{int(h.years[0])}-{int(h.years[-1])}",
             "columns": ["factor", f"fit to {vantage - window}-{vantage - 1} [OOM]", "Cotra 2020 inputs [OOM]",
                         "growth before [x/yr]", "growth since [x/yr]"], "rows": rows}
    return {"series": series, "tables": [table], "notes": list(h.notes),
            "settings": {"vantage": vantage, "window": window, "cli": f"bioanchors retro --vantage {vantage} --window {window}"}}


# ---------------------------------------------------------------- sensitivity


SENSITIVITY_OUTPUTS = ("median_year", "p2030", "p2040", "p2050")  # as `bioanchors sensitivity --output`
SOBOL_SAMPLES = (64, 128, 256, 512, 1024)  # base samples N the tab offers (the CLI's default is 1024)


def sensitivity(sc: Scenario, edits: Sequence[str] = (), output: str = "median_year", analysis: str = "oat",
                samples: int = 256, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """One-at-a-time tornado (inputs at their p5 and p95) or Sobol indices of ``output``, for any model.

    As ``bioanchors sensitivity SCENARIO --output O --method oat|sobol --samples N --set ...``:
    ``edits`` names what the user changed (overrides, an uploaded file), so that the fallback for a
    point-valued scenario with hypotheses can say plainly they are not applied. A scenario without
    uncertain inputs and without that fallback is an error that says how to add one.
    """
    from ..sensitivity import one_at_a_time, sobol_indices
    from ..sensitivity.outputs import UNITS
    from .models import human_label

    given = sc
    sc, note, notes = _sensitivity_scenario(sc, edits)
    # The CLI line that gives the same numbers, with the edits as --set (when they are applied).
    sets = "".join(f" --set {k}={_cli_value(v)}" for k, v in (overrides or {}).items()) if sc is given else ""
    common = {"scenario": sc.name, "output": output, "unit": UNITS[output], "analysis": analysis, "notes": notes}
    if analysis == "sobol":
        sob = sobol_indices(sc, output, samples, 0)
        df = sob.to_frame()
        labels = {str(n): human_label(sc, str(n)) for n in df.index}
        return {**common, "labels": labels, "dominant": sob.dominant, "samples": samples,
                "indices": [{"label": str(n), "S1": _num(r.S1), "S1_conf": _num(r.S1_conf), "ST": _num(r.ST),
                             "ST_conf": _num(r.ST_conf)} for n, r in df.iterrows()],
                "tables": [{"title": f"Sobol indices of {output} [{UNITS[output]}], N = {samples} "
                                     f"({sob.to_dict()['evaluations']:,} exact evaluations; ± is the 95% interval; "
                                     f"dominant: {labels.get(sob.dominant, sob.dominant)}){note}",
                            "columns": ["input", "first order S1", "total ST"],
                            "rows": [[str(n), f"{r.S1:.3f} ± {r.S1_conf:.3f}", f"{r.ST:.3f} ± {r.ST_conf:.3f}"]
                                     for n, r in df.iterrows()]}],
                "cli": f"bioanchors sensitivity {sc.name} --method sobol --output {output} --samples {samples}{sets}"}
    res = one_at_a_time(sc, output)
    df = res.to_frame()  # largest swing first
    bars = [{"label": name, "low_median": res.central + r.effect_low, "high_median": res.central + r.effect_high,
             "low_value": _num(r.low), "high_value": _num(r.high)} for name, r in df.iterrows()]
    # Bars and rows are named by dotted path (the page finds the input); "labels" gives each its human name,
    # which the page and the report show (an ensemble member's inputs are not in the inputs panel).
    labels = {b["label"]: human_label(sc, b["label"]) for b in bars}
    word = "median year" if output == "median_year" else output

    def fmt(v):
        return round(v, 1) if output == "median_year" else _num(v, 3)

    return {**common, "base_median": res.central, "dominant": res.dominant, "bars": bars, "labels": labels,
            "tables": [{"title": f"{word} [{UNITS[output]}] with each input at its p5 / p95 (dominant: "
                                 f"{labels.get(res.dominant, res.dominant)}){note}",
                        "columns": ["parameter", "p5 value", word, "p95 value", word],
                        "rows": [[b["label"], b["low_value"], fmt(b["low_median"]), b["high_value"],
                                  fmt(b["high_median"])] for b in bars]}],
            "notes": [*notes, res.central_meaning + "."],
            "cli": f"bioanchors sensitivity {sc.name} --output {output}{sets}"}


def _cli_value(v: Any) -> str:
    """A --set value as the shell and TOML read it back."""
    import tomli_w

    text = tomli_w.dumps({"v": v}).strip()[len("v = "):]
    return text if text.replace(".", "").replace("-", "").replace("e", "").isalnum() else f"'{text}'"


def _sensitivity_scenario(sc: Scenario, edits: Sequence[str]) -> tuple[Scenario, str, list[str]]:
    """The scenario sensitivity varies, a heading note and notes: Cotra's point-valued scenarios
    fall back to cotra2020-uncertain (and say so); other models must have uncertain inputs."""
    from ..errors import BioanchorsError
    from ..scenario import load_scenario

    if sc.uncertain_parameters:
        return sc, "", []
    from .models import scenario_views

    if "hypotheses" not in scenario_views(sc):  # the fallback below is a scenario with hypotheses
        raise BioanchorsError(f"{sc.name}: no uncertain inputs, so there is nothing to vary. Give an input a "
                              "distribution (e.g. an ensemble weight as {dist = \"uniform\", low = 0.5, high = 2}) "
                              "in an uploaded file to see which inputs drive the date")
    # Nothing to vary in a point-valued scenario: show Cotra's with uncertainty, and say so.
    note = f" ({sc.name} has no uncertain inputs; showing cotra2020-uncertain)"
    notes = []
    if edits:
        notes.append(f"{sc.name} has no uncertain inputs, so this is cotra2020-uncertain; your edits "
                     f"({', '.join(edits)}) are NOT applied here. Give an input a distribution to vary it.")
    return load_scenario("cotra2020-uncertain"), note, notes


# ---------------------------------------------------------------- data vintage and scorecard (issue 25 item 6)


def vintage() -> dict[str, Any]:
    """The data vintage the data views use (the pinned one, else bundled; as ``bioanchors data list``
    marks it) with each dataset's rows, latest date, retrieval time, licence and attribution."""
    from .. import vintages

    name, why = vintages.resolve(None)
    v = vintages.load_vintage(name)
    keys = ("rows", "latest_date", "retrieved", "licence", "attribution", "address")
    return {"name": name, "chosen": why, "created": v.created, "available": vintages.all_ids(),
            "datasets": {d: {k: e.get(k) for k in keys} for d, e in sorted(v.datasets.items())},
            "cli": "bioanchors data list"}


SCORECARD_CONTEXT_YEARS = 5  # the chart shows the realised values from this many years before the first projection
SCORECARD_DRAWS = 2000  # `bioanchors scorecard --draws` default: the parameter draws of each 90% band


def scorecard(scenarios: Sequence[str] = (), vintage: str | None = None) -> dict[str, Any]:
    """``bioanchors scorecard``: each scenario's dated projections against the vintage. A table of the
    summary, a table per quantity (log error per year, inside the 90% band or not) and a chart per
    quantity: the realised values as points, each scenario's projection as a line with its 5-95% band."""
    from ..retro import scorecard as S

    names = tuple(scenarios) or S.DEFAULT_SCENARIOS
    res = S.scorecard(names, vintage=vintage, draws=SCORECARD_DRAWS)
    inside = {True: "yes", False: "no"}  # None or NaN (no band, or scored by growth): "no band"
    summary = [[r["scenario"], S.QUANTITIES[r["quantity"]]["label"], r["years"], r["n"], _num(r["mean_abs_error_oom"], 3),
                _num(r["mean_error_oom"], 3), r["inside90"] or "no band"] for r in S.records(res.summary())]
    tables = [{"title": f"Scorecard against data vintage {res.vintage['name']}: projection - realised [OOM]", "key": "summary",
               "columns": ["scenario", "quantity", "years", "years scored", "mean |error| [OOM]", "mean error [OOM]",
                           "inside the 90% band"], "rows": summary}]
    series = []
    for q, info in S.QUANTITIES.items():
        scored = [r for r in res.scores if r.quantity == q]
        projs = [p for p in res.projections if p.quantity == q]
        real = res.realised.get(q, {})
        if not projs or not real:
            continue
        series.append(_scorecard_series(info, projs, real))
        if not scored:  # no complete year of realised data since the projection was made: the notes say so
            continue
        growth = info["basis"] == "growth"
        unit = f"log10 {info['unit']}"
        tables.append({"title": f"{info['label']}: error by year [OOM]" + (" (growth since the first scored year)" if growth else ""),
                       "key": q, "columns": ["scenario", "year", f"projected [{'OOM' if growth else unit}]",
                                             f"realised [{'OOM' if growth else unit}]", "error [OOM]", "inside the 90% band"],
                       "rows": [[r.scenario, r.year, _num(r.projected, 4), _num(r.realised, 4), _num(r.error_oom, 3),
                                 "no band" if r.inside90 is None else inside[r.inside90]] for r in scored]})
    return {"series": series, "tables": tables, "notes": list(res.notes), "vintage": res.vintage,
            "cli": f"bioanchors scorecard {' '.join(names)}" + (f" --vintage {vintage}" if vintage else "")}


def _scorecard_series(info: dict, projs: list, real: dict[int, float]) -> dict[str, Any]:
    """One quantity's chart: realised points and each scenario's projection from its year (levels, log axis).
    A growth-only quantity (FLOP/$) starts each projection on the realised value of its first scored year,
    as the retrospective draws Cotra's FLOP/$; its band is not drawn (it is scored by growth only)."""
    import numpy as np

    growth = info["basis"] == "growth"
    lines = []
    for p in projs:
        keep = p.years >= p.made_in
        years, central = p.years[keep], p.central[keep]
        shift = 0.0
        if growth:  # scored from the first year with a realised value (retro.scorecard.score_projection)
            y0 = next((i for i, y in enumerate(p.years) if y >= p.made_in and int(y) in real), None)
            if y0 is None:
                continue
            shift = real[int(p.years[y0])] - float(p.central[y0])
        line: dict[str, Any] = {"name": f"{p.scenario} (from {p.made_in})", "kind": "scenario",
                                "points": [[int(y), _num(float(10 ** (v + shift)), 4)] for y, v in zip(years, central)]}
        if p.low is not None and p.high is not None and not growth:
            lo, hi = p.low[keep], p.high[keep]
            line["band"] = {"lo": [[int(y), _num(float(10 ** v), 4)] for y, v in zip(years, lo)],
                            "hi": [[int(y), _num(float(10 ** v), 4)] for y, v in zip(years, hi)],
                            "label": f"{p.scenario}: 5-95% across parameter draws"}
        lines.append(line)
    since = min(p.made_in for p in projs) - SCORECARD_CONTEXT_YEARS  # some years of data before the projections
    pts = [[int(y), _num(float(10 ** v), 4)] for y, v in sorted(real.items()) if np.isfinite(v) and y >= since]
    return {"name": info["label"], "key": projs[0].quantity, "unit": info["unit"], "log": True, "points": pts, "points_label": "realised",
            "lines": lines, "label": "realised (points) and each scenario's projection" + (
                ", started on the realised value of its first scored year (scored by growth)" if growth else "")}
