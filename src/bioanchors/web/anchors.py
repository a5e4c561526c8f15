"""The anchors in the dashboard: their editable inputs, and Cotra's classic picture.

**Inputs.** Every number that shapes a hypothesis's 2020 requirement is offered as a
dotted override path, the same mechanism as every other input (``Scenario.replace``,
re-validated): a constructed hypothesis's ingredients (``[requirements.ingredients]``),
a neural network's horizon range, a requirement stated as a distribution, and p_none.
A distribution is edited through its own parameters (``.mean``/``.sd``, ``.median``,
``.low``/``.high``, or its percentiles ``.p50`` ...); a point value through its path.

An override of one percentile (``PATH.p50``) updates that entry of the existing table (the
schema merges ``pNN`` keys into it), so every edit reaches ``Scenario.replace`` unchanged.

**Classic picture** (:func:`classic_picture`; report pp. 5, 121-128): each hypothesis's
2020 requirement CDF over log10 FLOP, from :func:`bioanchors.requirements.build_hypotheses`,
against the compute affordable each year from
:func:`bioanchors.evaluation.trajectories.trajectories` at central parameter values:
without algorithmic progress (one value per year, common to all hypotheses) and with it
(affordable + each hypothesis's progress, carried forward as the model does).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..errors import BioanchorsError
from ..scenario import Scenario
from ..schema import Constructed, Param, ScenarioSpec

PCT_KEY = re.compile(r"^p(\d+(?:\.\d+)?)$")
# A distribution's editable parameters, in the order shown: (key, label, is a spread).
DIST_FIELDS = {
    "normal": (("mean", "mean", False), ("sd", "SD", True)),
    "lognormal": (("median", "median", False), ("sd_log10", "SD", True)),
    "uniform": (("low", "low", False), ("high", "high", False)),
    "loguniform": (("low", "low", False), ("high", "high", False)),
    "skewnormal": (("median", "median", False), ("sd", "SD", True), ("shape", "skew shape", None)),
}
PNONE = ("breakthrough.p_none_start", "breakthrough.p_none_end")


def _ordinal(n: str) -> str:
    suffix = "th" if n.endswith(("11", "12", "13")) or "." in n else {"1": "st", "2": "nd", "3": "rd"}.get(n[-1], "th")
    return f"{n}{suffix}"


def _pct_key(prob: float) -> str:
    return f"p{prob * 100:.10g}"


def _fields(p: Param) -> list[tuple[str, str, float, bool | None]]:
    """(subkey, label, value, is a spread) of a Param's editable numbers; subkey '' is the Param itself."""
    if p.dist is None:
        return [("", "", p.central, False)]
    if p.percentiles:
        return [(_pct_key(q), f"{_ordinal(f'{q * 100:.10g}')} percentile", float(v), False) for q, v in p.percentiles.items()]
    return [(k, label, float(getattr(p, k)), spread) for k, label, spread in DIST_FIELDS[p.dist]]


def _spread_unit(unit: str) -> str:
    return "OOM" if unit.startswith("log10") or unit == "OOM" else unit


def _entries(path: str, p: Param, group: str, label: str) -> list[dict[str, Any]]:
    from ..catalogue import lookup

    info = lookup(path)
    out = []
    for key, sub, value, spread in _fields(p):
        unit = info.unit if not spread else _spread_unit(info.unit)
        out.append({"path": f"{path}.{key}" if key else path, "group": group, "kind": "number", "value": value,
                    "label": f"{label}: {sub}" if sub else label, "unit": "" if spread is None else unit,
                    "step": None, "min": 0 if spread else None, "explanation": info.explanation, "pages": info.pages,
                    "distribution": p.dist, "param": path})
    return out


def distribution_fields(path: str, p: Param, label: str, unit: str) -> list[dict[str, Any]]:
    """The editable numbers of an uncertain input's distribution (its percentiles, or median and spread ...),
    each a dotted override ``PATH.p95`` / ``PATH.sd_log10`` (issue 24 item 2: edit a range, not only a point).
    Empty for a point value."""
    if p.dist is None:
        return []
    return [{"path": f"{path}.{key}", "kind": "number", "value": value, "label": f"{label}: {sub}",
             "unit": _spread_unit(unit) if spread else unit, "step": None, "min": 0 if spread else None,
             "param": path, "distribution": p.dist} for key, sub, value, spread in _fields(p) if key]


def anchor_parameters(sc: Scenario) -> list[dict[str, Any]]:
    """The anchors' editable numbers with their values in ``sc`` (same shape as the main inputs).

    Groups: each hypothesis's own requirement (horizon range, or its stated distribution),
    the shared ingredients, and p_none. Weights, halving times and caps are main inputs.
    """
    from ..catalogue import lookup

    spec = sc.config(ScenarioSpec)
    out = []
    for name, hyp in spec.hypotheses.items():
        req, base = hyp.requirement, f"hypotheses.{name}.requirement"
        group = f"requirement:{name}"
        if isinstance(req, Constructed):
            for key in ("log10_horizon_s_low", "log10_horizon_s_high"):
                if getattr(req, key) is not None:
                    info = lookup(f"{base}.{key}")
                    out.append({"path": f"{base}.{key}", "group": group, "kind": "number", "value": getattr(req, key),
                                "label": f"{hyp.label or name}: {info.label}", "unit": info.unit, "step": 0.5,
                                "min": None, "explanation": info.explanation, "pages": info.pages,
                                "distribution": None, "param": f"{base}.{key}"})
        else:
            out.extend(_entries(base, req, group, f"{hyp.label or name}: 2020 requirement"))
    ing = spec.requirements.ingredients
    if ing is not None:
        for key, p in ing:
            path = f"requirements.ingredients.{key}"
            out.extend(_entries(path, p, "ingredients", lookup(path).label))
    for path in PNONE:
        p = resolve_path(spec, path)
        out.extend(_entries(path, p, "p_none", lookup(path).label))
    return out


def resolve_path(spec: Any, path: str) -> Any:
    """The value at a dotted path of a spec (attributes and dict keys; ``pNN`` is an entry of a percentile table)."""
    node = spec
    for key in path.split("."):
        m = PCT_KEY.match(key)
        if m and isinstance(node, Param) and node.percentiles:
            node = node.percentiles[float(m.group(1)) / 100]
        else:
            node = node[key] if isinstance(node, dict) else getattr(node, key)
    return node


def _grid(built, afford: np.ndarray, reach: np.ndarray, step: float) -> np.ndarray:
    """log10 FLOP axis covering every hypothesis's 0.5-99.5% range and the affordable compute."""
    lo = min([float(b.requirement.quantile(0.005)) for b in built] + [float(afford.min())])
    hi = max([float(b.requirement.quantile(0.995)) for b in built] + [float(reach.max())])
    return np.arange(np.floor(lo), np.ceil(hi) + step / 2, step)


def _rounded(a: np.ndarray, digits: int) -> list[float]:
    return np.round(np.asarray(a, dtype=float), digits).tolist()


def classic_picture(sc: Scenario, step: float = 0.2) -> dict[str, Any]:
    """Each hypothesis's 2020 requirement CDF [log10 FLOP] against the affordable compute by year.

    Central parameter values (the medians of uncertain inputs), the forecast window's
    years. ``step`` [OOM] is the CDF's sampling on the log10 FLOP axis (the CDF itself is
    the model's, on its 0.01 OOM grid; 0.2 OOM is ~4 px on the page's 760 px chart).
    """
    from ..evaluation.parameters import point_parameters
    from ..evaluation.trajectories import trajectories
    from ..requirements import build_hypotheses

    spec = sc.config(ScenarioSpec)
    try:
        built = build_hypotheses(spec)
    except ValueError as exc:  # e.g. the update leaves a hypothesis no mass: the forecast says the same
        raise BioanchorsError(f"{sc.name}: {exc}") from None
    years = np.arange(spec.years.start, spec.years.end + 1)
    tr = trajectories(spec, point_parameters(spec), years)
    afford = tr.log10_affordable_flop[0]  # (years,) [log10 FLOP]
    reach = tr.log10_reach[0]  # (hypotheses, years) [log10 2020-FLOP], with algorithmic progress
    x = _grid(built, afford, reach, step)
    hyps = {}
    for i, b in enumerate(built):
        r = b.requirement
        hyps[b.name] = {
            # weight as entered, and its share of the hypotheses' total (what the model uses, p. 131)
            "label": b.label, "weight": float(spec.hypotheses[b.name].weight.central),
            "share": round(float(tr.weights[0, i]), 6),
            "cdf": np.round(np.column_stack([x, r.cdf_at(x)]), 5).tolist(),
            "quantiles": {q: round(float(r.quantile(float(q))), 3) for q in ("0.1", "0.5", "0.9")},
            "reach_log10_flop": _rounded(reach[i], 4),
            "p_by_year": _rounded(r.cdf_at(reach[i]), 5),
            "p_by_year_without_progress": _rounded(r.cdf_at(afford), 5),
        }
    notes = []
    if sc.uncertain_parameters:
        notes.append("Uncertain inputs are at their medians here; the forecast averages over them.")
    if spec.evidence is not None:
        notes.append("The requirements are drawn before conditioning on the evidence; the forecast uses the "
                     "conditioned ones (docs/evidence.md).")
    return {"scenario": sc.name, "years": [int(y) for y in years],
            "affordable_log10_flop": _rounded(afford, 4),
            "hypotheses": hyps, "notes": notes}
