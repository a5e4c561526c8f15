"""Weighted ensembles of forecasts (issue 12 item 1) and ensembles as data (issue 15 item 4).

For members i with weights w_i >= 0 and forecasts P_i(t) on a common year grid:

    P(t)  = sum_i w_i P_i(t) / sum_i w_i
    SE(t) = sqrt(sum_i (w_i SE_i(t))^2) / sum_i w_i      (members estimated independently)

A mixture of CDFs is a CDF, so P stays monotone and within [0, 1]. The
components of the result are the members, each with its normalised weight.
The grid is the years every member covers (the intersection of their ranges).

A scenario file whose top level holds ``[[models]]`` (each with ``name`` = a registered model,
meaning its built-in scenario of the same name, or ``scenario`` = a built-in name or .toml path,
and a ``weight``) is a mixture: the registered model ``ensemble`` (:class:`MixtureModel`)
evaluates each member with its own model and mixes them as above.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field, model_validator

from ..errors import BioanchorsError
from ..evaluation.estimators import shared_progress
from ..evaluation.registry import unknown_name
from ..evaluation.reuse import LRU, reuse_enabled
from ..schema import ModelConfig, NonNegativeParam, Strict
from .registry import MODELS, register_model

if TYPE_CHECKING:
    from ..protocols import ScenarioLike
    from ..result import ArrivalForecast


def _as_forecast(f) -> ArrivalForecast:
    """The generic forecast of ``f`` (an ArrivalForecast, or a ForecastResult built from one)."""
    from ..result import ArrivalForecast, ForecastResult

    if isinstance(f, ForecastResult):
        f = f.forecast
    if not isinstance(f, ArrivalForecast):
        raise TypeError(f"ensemble members must be forecasts, got {type(f).__name__}")
    return f


def _check_weights(weights: Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    if w.size == 0:
        raise BioanchorsError("an ensemble needs at least one member")
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise BioanchorsError(f"ensemble weights must be finite, >= 0 and not all 0; got {list(map(float, w))}")
    return w


def _common_years(forecasts: Sequence[ArrivalForecast]) -> np.ndarray:
    y0 = max(int(f.years[0]) for f in forecasts)
    y1 = min(int(f.years[-1]) for f in forecasts)
    if y1 < y0:
        raise BioanchorsError("ensemble members share no year; give them overlapping --start-year/--end-year")
    return np.arange(y0, y1 + 1)


def _on(years: np.ndarray, f: ArrivalForecast, values: np.ndarray) -> np.ndarray:
    """``values`` of forecast ``f`` on ``years`` (a sub-range of f's yearly grid)."""
    i0 = int(years[0] - f.years[0])
    return np.asarray(values)[i0:i0 + years.size]


def ensemble(members: Sequence[tuple[float, object]], *, label: str = "ensemble") -> ArrivalForecast:
    """The weighted mixture of ``[(w1, f1), (w2, f2), ...]`` (forecasts of any registered models).

    Weights need not sum to 1 (they are normalised); a weight of 0 keeps the member as a
    component with no effect. Diagnostics are not combined (they differ between models).
    """
    from ..result import ArrivalForecast, Component

    w = _check_weights([m[0] for m in members])
    fs = [_as_forecast(m[1]) for m in members]
    years = _common_years(fs)
    wn = w / w.sum()
    ps = np.array([_on(years, f, f.p) for f in fs])  # (members, years)
    ses = np.array([_on(years, f, f.standard_errors) for f in fs])
    p = np.clip(wn @ ps, 0.0, 1.0)  # rounding only: a convex mix of values in [0, 1]
    se = np.sqrt(np.square(wn[:, None] * ses).sum(axis=0))
    names = _unique_names([f.label or f.model for f in fs])
    components = tuple(Component(n, f"{f.label or f.model} ({f.model})", float(wi), pi, wi * pi, float(wr))
                       for n, f, wi, pi, wr in zip(names, fs, wn, ps, w))
    methods = sorted({f.method for f in fs})
    return ArrivalForecast(model="ensemble", method="+".join(methods), years=years, p=p, standard_errors=se,
                           components=components, component_kind="models", label=label)


def _unique_names(names: list[str]) -> list[str]:
    """Member names, suffixed -2, -3 ... where two members share one (components are keyed by name)."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}-{seen[n]}")
    return out


# ---------------------------------------------------------------------------
# ensembles as data: [[models]] in a scenario file (issue 15 item 4)
# ---------------------------------------------------------------------------

MAX_MEMBERS = 20


class Member(Strict):
    """One ``[[models]]`` entry: a registered model's built-in scenario (``name``) or any
    scenario (``scenario``: built-in name or .toml path, relative to the ensemble's file)."""

    name: str | None = Field(None, description="a registered model; its built-in scenario of the same name")
    scenario: str | None = Field(None, description="a scenario: built-in name or path to a .toml file")
    weight: NonNegativeParam = Field(
        description="the member's share before normalisation [dimensionless]; may be a distribution")
    label: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_reference(self):
        if (self.name is None) == (self.scenario is None):
            raise ValueError("give exactly one of name (a model) or scenario (a scenario name or .toml path)")
        if self.name is not None and self.name not in MODELS:  # a name is a model, never a path
            raise ValueError(unknown_name("model", self.name, [m for m in MODELS if m != "ensemble"])
                             + "; to use a file, write scenario = \"...\"")
        return self

    @property
    def ref(self) -> str:
        ref = self.scenario if self.scenario is not None else self.name
        assert ref is not None  # the validator above requires one of the two
        return ref


class EnsembleConfig(ModelConfig):
    """A weighted mixture of models: ``[[models]]`` with ``name`` or ``scenario``, and ``weight``."""

    model: Literal["ensemble"] = "ensemble"
    models: list[Member] = Field(min_length=1, max_length=MAX_MEMBERS)
    same_event: str | None = Field(
        None, max_length=200,
        description="required when the members forecast different events (TAI, AGI, a horizon milestone, full "
        "automation): the one event you take them all to forecast, in words; a mixture never equates events silently")


class MemberCache(LRU):
    """The last ``maxsize`` member forecasts, so that editing one member or a weight re-runs only what
    changed (issue 24 item 5: an ensemble-2026 weight edit re-ran all four members, 0.7-3.7 s).

    Keyed by what determines a member's forecast: its resolved scenario (:attr:`Scenario.content_hash`,
    every parameter, members' files resolved), the method, samples, seed, the year grid and whether it
    ran through ``forecast()`` (its own ``[evidence]``). A hit returns the very object the miss computed,
    so results are bit-identical with and without the cache (``tests/test_reuse.py``); its arrays are
    made read-only, so no caller can change a cached forecast. ``BIOANCHORS_NO_REUSE=1`` turns it off
    (:mod:`bioanchors.evaluation.reuse`).
    """

    def __init__(self, maxsize: int = 32) -> None:
        super().__init__(maxsize)

    @property
    def enabled(self) -> bool:
        return self.max_size > 0 and reuse_enabled()

    def put(self, key, value) -> None:
        """``value``: (the forecast, the progress counts its run reported), replayed on a hit."""
        _freeze(value[0])
        super().put(key, value)


def _freeze(fc: ArrivalForecast) -> None:
    """Make a cached forecast's arrays read-only (the curves, bands, components and events)."""
    arrays = [fc.years, fc.p, fc.standard_errors, *(fc.band or {}).values(), *fc.diagnostics.values()]
    arrays += [a for c in fc.components for a in (c.p, c.contribution)]
    arrays += [a for e in fc.events.values() for a in (e.p, e.standard_errors)]
    for a in arrays:
        if isinstance(a, np.ndarray):
            a.flags.writeable = False


MEMBER_CACHE = MemberCache()


def _member_forecast(sc: ScenarioLike, method: str, samples: int, seed: int, years: np.ndarray, progress, runner):
    """A member's forecast as ``runner`` (:func:`bioanchors.forecast`, passed in: importing it here
    would be a cycle) gives it, so the member's own ``[evidence]`` applies (before, a conditioned
    member was mixed unconditioned); without a runner, its model's plain evaluation. Reused from
    :data:`MEMBER_CACHE` when the same member was run the same way."""
    if not MEMBER_CACHE.enabled:
        return _run_member(sc, method, samples, seed, years, progress, runner)
    key = (sc.content_hash, method, samples, seed, int(years[0]), int(years[-1]), years.size, runner is not None)
    hit = MEMBER_CACHE.get(key)
    if hit is None:
        done: list[int] = []

        def record(k: int) -> None:
            done.append(k)
            if progress is not None:
                progress(k)

        hit = (_run_member(sc, method, samples, seed, years, record, runner), tuple(done))
        MEMBER_CACHE.put(key, hit)
    elif progress is not None:
        for k in hit[1]:  # a progress bar moves as it would have: it reaches its end
            progress(k)
    return hit[0]


def _run_member(sc: ScenarioLike, method: str, samples: int, seed: int, years: np.ndarray, progress, runner):
    from .registry import model_for

    if runner is None:
        return model_for(sc).evaluate(sc, method=method, samples=samples, seed=seed, years=years, progress=progress)
    return runner(sc, method=method, samples=samples, seed=seed, start_year=int(years[0]), end_year=int(years[-1]),
                  progress=progress).forecast


def condition_mixture(fc: ArrivalForecast, vantage_year: int, years: np.ndarray) -> ArrivalForecast:
    """A mixture given no event by V, on ``years``: P' = (P - P(V)) / (1 - P(V)) after V (Bayes on the
    mixture), each member's curve updated the same way and its weight w_i (1 - P_i(V)) / (1 - P(V))."""
    from ..evaluation.problem import condition_curve
    from ..result import Component

    def at_v(p):
        k = np.nonzero(fc.years == vantage_year)[0]
        return float(p[k[0]]) if k.size else 0.0

    pv = at_v(fc.p)
    if not pv < 1.0:
        raise BioanchorsError(f"every member has arrived by {vantage_year}; nothing is left to condition on")
    cut = slice(int(years[0] - fc.years[0]), None)
    comps = []
    for c in fc.components:
        w = c.weight * (1.0 - at_v(c.p)) / (1.0 - pv)
        p_i = condition_curve(fc.years, c.p, vantage_year)[cut]
        comps.append(Component(c.name, c.label, float(w), p_i, w * p_i, c.stated_weight))
    after = fc.years[cut] > vantage_year
    return dataclasses.replace(fc, years=fc.years[cut], p=condition_curve(fc.years, fc.p, vantage_year)[cut],
                               standard_errors=np.where(after, fc.standard_errors[cut] / (1.0 - pv), 0.0),
                               components=tuple(comps))


class MixtureModel:
    """The registered model ``ensemble``: evaluates each ``[[models]]`` member with its own model.

    Methods: ``exact`` evaluates every member exactly (each must be point-valued);
    ``conditional`` evaluates each member exactly where it is point-valued and by its
    conditional estimator otherwise ("exact where each part is exact"); ``monte-carlo`` runs
    every member's Monte Carlo. Each member gets its own seed stream (SeedSequence(seed)).
    Members may not themselves be ensembles (no cycles between files).
    """

    name = "ensemble"
    source = "a weighted mixture of registered models ([[models]] in the scenario file)"
    takes_runner = True  # forecast() hands evaluate() itself, to run each member as forecast() would
    forecasts = "weighted mixture of its members' P(by t)"
    config_schema = EnsembleConfig

    def cost(self, scenario: ScenarioLike, method: str, samples: int, n_years: int) -> int:
        """Work units: each member's own cost at the method it runs (:meth:`_member_method`); a member
        that runs exact costs nothing, as an exact forecast does in the web budget."""
        from .registry import model_for

        total = 0
        for _, sc in self.members(scenario):
            member_method = self._member_method(sc, method)
            if member_method != "exact":
                total += model_for(sc).cost(sc, member_method, samples, n_years)
        return total

    def members(self, scenario: ScenarioLike) -> list[tuple[Member, ScenarioLike]]:
        """Each ``[[models]]`` entry with its loaded scenario (:attr:`ScenarioLike.members`)."""
        return list(zip(scenario.config(EnsembleConfig).models, scenario.members))

    def check_loaded(self, scenario: ScenarioLike) -> None:
        """Load-time check: every member loads, none is itself an ensemble, the weights cannot all be 0,
        and members that forecast different events are mixed only where the file says they are the same
        (``same_event``)."""
        for i, (_, sc) in enumerate(self.members(scenario)):
            if sc.model == self.name:
                raise BioanchorsError(f"{scenario.origin}: field 'models.{i}': '{sc.name}' is itself an ensemble; "
                                      "list its members here instead (ensembles do not nest)")
        # As for Cotra's hypothesis weights (scenario._validate_at_load): a draw with every weight 0 has no
        # shares at all; it used to become equal shares silently (issue 23).
        if not sum(m.weight.distribution().support[0] for m in scenario.config(EnsembleConfig).models) > 0 and self._uncertain_weights(
                scenario):
            raise BioanchorsError(f"{scenario.origin}: field 'models': the weights must sum to a positive number in "
                                  "every draw, but every weight can be 0 at once; give one member a weight whose "
                                  "distribution stays above 0")
        events = self.member_events(scenario)
        if len({e.name for e in events}) > 1 and scenario.config(EnsembleConfig).same_event is None:
            listed = "; ".join(sorted({e.label for e in events}))
            raise BioanchorsError(f"{scenario.origin}: field 'same_event': the members forecast different events "
                                  f"({listed}); mixing them equates those events, so say which one you mean: "
                                  "same_event = \"...\"")

    def member_events(self, scenario: ScenarioLike) -> list:
        """Each member's headline event (``EventSpec``)."""
        from .registry import model_for

        return [model_for(sc).events[0] for _, sc in self.members(scenario)]

    @property
    def events(self) -> tuple:
        """Per scenario: its members' common event, or the one the file states (``same_event``)."""
        from .base import EventSpec

        return (EventSpec("mixture", "the event its members forecast (or its same_event)"),)

    def uncertain_parameters(self, scenario: ScenarioLike) -> dict:
        """Uncertain weights (``models.i.weight``) and each member's uncertain inputs (``models.i.<path>``)."""
        out = {f"models.{i}.weight": m.weight for i, m in enumerate(scenario.config(EnsembleConfig).models) if not m.weight.is_point}
        for i, (_, sc) in enumerate(self.members(scenario)):
            out.update({f"models.{i}.{k}": p for k, p in sc.uncertain_parameters.items()})
        return out

    def auto_method(self, scenario: ScenarioLike) -> str:
        from .registry import model_for

        autos = {model_for(sc).auto_method(sc) for _, sc in self.members(scenario)}
        return "exact" if autos == {"exact"} and not self._uncertain_weights(scenario) else "conditional"

    def check_method(self, scenario: ScenarioLike, method: str) -> None:
        from .registry import model_for

        if method == "exact" and self._uncertain_weights(scenario):
            raise BioanchorsError(f"{scenario.origin}: the exact method needs point-valued weights; "
                                  "use --method conditional")
        for _, sc in self.members(scenario):
            model_for(sc).check_method(sc, self._member_method(sc, method))

    def evaluate(self, scenario: ScenarioLike, *, method: str, samples: int, seed: int, years: np.ndarray,
                 progress: Callable[[int], None] | None = None, runner=None) -> ArrivalForecast:
        """Each member by the registered estimator ``method`` (exact where it is point-valued), mixed.
        ``runner``: :func:`bioanchors.forecast`, so each member's own ``[evidence]`` applies."""
        from ..evaluation.problem import conditioning_grid
        from ..evaluation.run import generic_condition
        from ..result import EventCurve

        cond = generic_condition(scenario)  # "no event by V" for the mixture: Bayes on the mixed curve
        grid = years if cond is None else conditioning_grid(years, cond.vantage_year)
        members = self.members(scenario)
        streams = np.random.SeedSequence(seed).spawn(len(members) + 1)  # one per member, one for the weights
        methods = [self._member_method(sc, method) for _, sc in members]
        # each sampled member reports its own draws: share the caller's one total of ``samples`` among them
        sampled = sum(m != "exact" for m in methods)
        if progress is not None and sampled > 1:
            progress = shared_progress(progress, sampled)
        fs = []
        for (m, sc), s, member_method in zip(members, streams, methods):
            fc = _member_forecast(sc, member_method, samples, int(s.generate_state(1)[0]),
                                  grid, progress, runner)
            fs.append(dataclasses.replace(fc, label=m.label or sc.name))
        weights = self._expected_shares(scenario, samples, np.random.default_rng(streams[-1]), method)
        out = ensemble(list(zip(weights, fs)), label=scenario.config(EnsembleConfig).name)
        if cond is not None:
            out = condition_mixture(out, cond.vantage_year, years)
        event = self._event(scenario)
        head = EventCurve(event.name, event.label, out.years, out.p, out.standard_errors)
        return dataclasses.replace(out, model=self.name, samples=samples if method != "exact" else None,
                                   seed=seed if method != "exact" else None, event=event.name,
                                   event_label=event.label, events={event.name: head})

    def _event(self, scenario: ScenarioLike):
        """The members' common event, or the one the file states (``same_event``)."""
        from .base import EventSpec

        events = self.member_events(scenario)
        stated = scenario.config(EnsembleConfig).same_event
        if stated is not None:
            return EventSpec("stated_event", stated)
        return events[0]

    def _expected_shares(self, scenario: ScenarioLike, n: int, rng: np.random.Generator, method: str) -> np.ndarray:
        """The members' shares: the stated weights; with uncertain weights (sampled methods), the
        mean normalised share E[w_i / sum_j w_j] over ``n`` independent weight draws, so that P is
        the expectation of the mixture over the weights (the shares of the central weights are not)."""
        models = scenario.config(EnsembleConfig).models
        if method == "exact" or not self._uncertain_weights(scenario):
            return np.array([m.weight.central for m in models])
        draws = np.column_stack([m.weight.distribution().sample(rng, n) for m in models])  # (n, members)
        total = draws.sum(axis=1, keepdims=True)
        if not np.all(total > 0):  # check_loaded refuses weights that can all be 0; underflow is left
            raise BioanchorsError(f"{scenario.origin}: field 'models': a draw of the weights sums to 0 (weights of "
                                  "about 1e-300); give the weights a scale well above 0")
        return np.mean(draws / total, axis=0)

    def parameter_set_evaluator(self, scenario: ScenarioLike, years: np.ndarray) -> Callable[[dict], np.ndarray]:
        """P (sets, years) for parameter sets keyed ``models.i.weight`` and ``models.i.<member path>``."""
        from .registry import model_for

        members = self.members(scenario)
        evals = [model_for(sc).parameter_set_evaluator(sc, years) for _, sc in members]
        central = [m.weight.central for m, _ in members]

        def evaluate(params: dict) -> np.ndarray:
            parts = [{k[len(f"models.{i}."):]: v for k, v in params.items() if k.startswith(f"models.{i}.")}
                     for i in range(len(members))]
            ws = [np.asarray(part.pop("weight", c), dtype=float) for part, c in zip(parts, central)]
            ps = [np.atleast_2d(f(part)) for f, part in zip(evals, parts)]
            total = sum(np.reshape(w, (-1, 1)) * p for w, p in zip(ws, ps))
            return total / np.reshape(sum(ws), (-1, 1))

        return evaluate

    def _uncertain_weights(self, scenario: ScenarioLike) -> bool:
        return any(not m.weight.is_point for m in scenario.config(EnsembleConfig).models)

    @staticmethod
    def _member_method(sc: ScenarioLike, method: str) -> str:
        """conditional means: exact where the member is point-valued, its conditional otherwise."""
        from .registry import model_for

        if method not in ("exact", "monte-carlo") and model_for(sc).auto_method(sc) == "exact":
            return "exact"
        return method

    def __repr__(self) -> str:
        return f"<model {self.name}: {self.source}>"


MIXTURE = register_model(MixtureModel())
