"""JSON endpoints of the dashboard: a thin layer over the Python API.

Every request that names a scenario is resolved here in one way
(:func:`resolve_scenario`): a built-in name, or the text of an uploaded TOML
file, then the overrides, validated by the same pydantic schema as scenario
files. Bad input is a 422 whose body lists the field errors::

    {"detail": "<the message the CLI would print>",
     "errors": [{"field": "spending.doubling_time_years", "message": "must be > 0 ..."}]}

No file-system path is ever taken from a request: scenario names must be
built-in names and an uploaded scenario may only ``extends`` a built-in.

The views that depend on the trends, efficiency and sensitivity packages import
them lazily, so a bioanchors package missing from the installation gives a clean
501 for that view and leaves the forecast views working. Any other error in a
view (an ImportError inside a present package too) is a real error (a logged
500), never disguised as "not available".

Every request that computes something passes the limits of
:mod:`bioanchors.web.limits` first (input checks, the work budget) and then
runs inside the app's :class:`~bioanchors.web.limits.WorkGate`.
"""

from __future__ import annotations

import functools
import io
import tomllib
from collections.abc import Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import __version__, builtin_names, forecast, load_scenario, scenario_from_dict
from ..errors import BioanchorsError, ScenarioError
from ..forecast import METHODS
from ..scenario import Scenario
from ..schema import ScenarioSpec
from . import anchors, limits, views
from . import models as webmodels
from .limits import LimitError, WebSettings

MAX_SAMPLES = WebSettings.max_samples  # hard ceiling of the request schema; the work budget is tighter
# "auto" plus whatever methods forecast() offers, read once at import: a Literal at run time (the request
# schema lists them); a str to the type checker, which cannot see a registry.
if TYPE_CHECKING:
    MethodName = str
else:
    MethodName = Literal[tuple(dict.fromkeys(("auto", *METHODS)))]
MAX_OVERRIDES = 200
MAX_TOML_CHARS = 200_000  # below the request body cap

router = APIRouter(prefix="/api")


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------


class RequestError(Exception):
    """Bad input: becomes a response with ``status`` and field errors."""

    def __init__(self, detail: str, errors: list[dict[str, Any]] | None = None, status: int = 422,
                 headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors if errors is not None else [{"field": None, "message": detail}]
        self.status = status
        self.headers = headers


def error_response(exc: RequestError) -> JSONResponse:
    return JSONResponse({"detail": exc.detail, "errors": exc.errors}, status_code=exc.status, headers=exc.headers)


def _from_limit(exc: LimitError) -> RequestError:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return RequestError(exc.message, [{"field": exc.field, "message": exc.message}], status=exc.status, headers=headers)


# Starlette types every handler as taking an Exception; each is registered for one class (web/app.py).
async def limit_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LimitError)
    return error_response(_from_limit(exc))


MAX_LISTED_PROBLEMS = 10  # a message stays short; the errors list keeps them all


def _scenario_error(exc: ScenarioError, fallback_field: str | None) -> RequestError:
    lines = str(exc).splitlines()
    if len(lines) > MAX_LISTED_PROBLEMS + 1:
        lines = [*lines[:MAX_LISTED_PROBLEMS + 1], f"  ... and {len(lines) - MAX_LISTED_PROBLEMS - 1} more"]
    detail = "\n".join(lines)
    if any(e["field"] for e in exc.errors):
        return RequestError(detail, exc.errors)
    return RequestError(detail, [{"field": fallback_field, "message": detail}])


async def request_validation_handler(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own body validation, in the same shape as scenario errors."""
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":  # loc is ("body", <character offset>): not a field
            why = (err.get("ctx") or {}).get("error", "")
            errors.append({"field": None, "message": f"not valid JSON ({why} at character {err['loc'][-1]})"})
            continue
        loc = [str(p) for p in err.get("loc", ()) if p != "body"]
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        errors.append({"field": ".".join(loc) or None, "message": msg})
    detail = "invalid request: " + "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
    return JSONResponse({"detail": detail, "errors": errors}, status_code=422)


async def request_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestError)
    return error_response(exc)


# ---------------------------------------------------------------------------
# requests
# ---------------------------------------------------------------------------


class ScenarioRequest(BaseModel):
    """A scenario: a built-in ``scenario`` name or uploaded ``scenario_toml`` text, plus overrides."""

    model_config = ConfigDict(extra="forbid", strict=True)  # "1000" is not a number (issue 23)

    scenario: str | None = Field(None, max_length=200, description="built-in scenario name")
    scenario_toml: str | None = Field(None, max_length=MAX_TOML_CHARS, description="text of an uploaded scenario file")
    overrides: dict[str, Any] = Field(default_factory=dict, description="dotted path -> value, as Scenario.replace")

    @model_validator(mode="after")
    def _one_source(self):
        if (self.scenario is None) == (self.scenario_toml is None):
            raise ValueError("give exactly one of 'scenario' (a built-in name) or 'scenario_toml' (file text)")
        if len(self.overrides) > MAX_OVERRIDES:
            raise ValueError(f"at most {MAX_OVERRIDES} overrides per request")
        return self


class ForecastRequest(ScenarioRequest):
    method: MethodName = "auto"
    samples: int | None = Field(None, ge=1, le=MAX_SAMPLES,
                                description=f"samples or trend draws (at most {MAX_SAMPLES:,}); default: the method's own")
    seed: int = Field(0, ge=0, le=2**63 - 1)
    start_year: int | None = Field(None, ge=1900, le=3000)
    end_year: int | None = Field(None, ge=1900, le=3000)


class CompareRequest(BaseModel):
    """Built-in scenarios compared side by side, each with its own optional overrides."""

    model_config = ConfigDict(extra="forbid", strict=True)  # "1000" is not a number (issue 23)

    scenarios: list[str] = Field(..., min_length=2, max_length=12,
                                 description="built-in names; the first is the reference of the median shift")
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict,
                                                 description="scenario name -> {dotted path: value}")
    method: MethodName = "auto"
    samples: int | None = Field(None, ge=1, le=MAX_SAMPLES)
    seed: int = Field(0, ge=0, le=2**63 - 1)


# ---------------------------------------------------------------------------
# resolving a scenario from a request
# ---------------------------------------------------------------------------


def _looks_like_path(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith(".toml")


def builtin_scenario(name: str, field: str = "scenario") -> Scenario:
    """A built-in scenario by name; never a path."""
    if _looks_like_path(name):
        raise RequestError(
            f"{field} '{name}' looks like a file path; no file-system path is ever taken from a request: "
            "give a built-in name or upload the file",
            [{"field": field, "message": "no file-system path is ever taken from a request"}],
        )
    if name not in builtin_names():
        msg = f"unknown scenario '{name}'; built-in scenarios: {', '.join(builtin_names())}"
        raise RequestError(msg, [{"field": field, "message": msg}])
    return _load_builtin(name)


# Scenarios are frozen, and the same built-in name or uploaded text always gives the same one: each is
# validated once (an ensemble's members load with it), so an input change re-validates only the edit.
@functools.lru_cache(maxsize=64)
def _load_builtin(name: str) -> Scenario:
    return load_scenario(name)


@functools.lru_cache(maxsize=32)
def _from_uploaded_text(text: str) -> Scenario:
    return scenario_from_dict(tomllib.loads(text), origin="uploaded scenario")


def uploaded_scenario(text: str, settings: WebSettings) -> Scenario:
    """A scenario from uploaded TOML text; ``extends`` may only name a built-in."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"uploaded scenario: malformed TOML: {exc}"
        raise RequestError(msg, [{"field": "scenario_toml", "message": msg}]) from None
    except RecursionError:  # tomllib recurses per nesting level
        msg = f"scenario_toml: nested deeper than {settings.max_depth} levels"
        raise RequestError(msg, [{"field": "scenario_toml", "message": msg}]) from None
    limits.check_tree(data, "scenario_toml", settings.max_depth)
    hyps = data.get("hypotheses")
    if isinstance(hyps, dict) and len(hyps) > settings.max_hypotheses:  # before validating them all
        msg = f"scenario_toml: {len(hyps)} hypotheses; the web app takes at most {settings.max_hypotheses}"
        raise RequestError(msg, [{"field": "scenario_toml.hypotheses", "message": msg}])
    parent = data.get("extends")
    if parent is not None:
        if not isinstance(parent, str):
            raise RequestError("field 'extends': expected a built-in scenario name",
                               [{"field": "extends", "message": "expected a built-in scenario name"}])
        builtin_scenario(parent, field="extends")  # rejects paths and unknown names first
    _check_references(data)
    try:
        return _from_uploaded_text(text)  # the checks above ran on this same text
    except ScenarioError as exc:
        raise _scenario_error(exc, "scenario_toml") from None


def _check_references(data: dict[str, Any]) -> None:
    """An upload's other references to scenarios (``supply``, an ensemble's ``[[models]]`` ``scenario``)
    may only name built-ins: no file-system path is ever taken from a request."""
    refs = [("supply", data.get("supply"))]
    members = data.get("models")
    if isinstance(members, list):
        refs += [(f"models.{i}.{key}", m.get(key)) for i, m in enumerate(members) if isinstance(m, dict)
                 for key in ("scenario", "name")]  # a member's `name` loads the built-in scenario of that name
    _check_builtin_refs([(field, ref) for field, ref in refs if ref is not None])


def _check_builtin_refs(refs: list[tuple[str, Any]]) -> None:
    """Each (field, reference) names a built-in scenario: not a path, not another type."""
    for field, ref in refs:
        if not isinstance(ref, str):
            raise RequestError(f"field '{field}': expected a built-in scenario name",
                               [{"field": field, "message": "expected a built-in scenario name"}])
        builtin_scenario(ref, field=field)


def _override_references(overrides: dict[str, Any]) -> None:
    """Overrides that name scenarios (``supply``, ``models``, ``models.i``, ``models.i.scenario``) may only
    name built-ins, as an upload may: an override is request data too."""
    refs: list[tuple[str, Any]] = []  # (field, the scenario it names)
    for path, value in overrides.items():
        parts = path.split(".")
        if parts == ["supply"]:
            refs.append((path, value))
        elif parts[0] == "models" and len(parts) <= 3:
            if len(parts) == 3:
                members = {parts[1]: {parts[2]: value}}
            else:
                members = ({str(i): m for i, m in enumerate(value)} if len(parts) == 1 and isinstance(value, list)
                           else {parts[-1]: value})
            # a member's `name` is a model, loaded as the built-in scenario of that name: checked the same way
            refs += [(f"models.{i}.{key}", m[key]) for i, m in members.items() if isinstance(m, dict)
                     for key in ("scenario", "name") if key in m]
    _check_builtin_refs(refs)


def resolve_scenario(req: ScenarioRequest, settings: WebSettings) -> Scenario:
    """The request's scenario, checked against the web limits (hypotheses, build size)."""
    limits.check_tree(req.overrides, "overrides", settings.max_depth)
    if req.scenario is not None:
        sc = builtin_scenario(req.scenario)
    elif req.scenario_toml is not None:
        sc = uploaded_scenario(req.scenario_toml, settings)
    else:  # the request schema requires one of the two; kept for direct callers
        raise RequestError("give 'scenario' (a built-in name) or 'scenario_toml'")
    for path in req.overrides:
        if path.split(".")[0] == "extends":
            raise RequestError("'extends' cannot be overridden", [{"field": path, "message": "cannot be overridden"}])
        # Scenario.replace cannot set a list entry whole (a TypeError there): say how to edit it instead.
        if path.rpartition(".")[2].isdigit():
            msg = (f"override '{path}': set one field of the entry (e.g. '{path}.weight'), "
                   f"or the whole list '{path.rpartition('.')[0]}'")
            raise RequestError(msg, [{"field": path, "message": msg}])
    _override_references(req.overrides)
    if req.overrides:
        try:
            sc = sc.replace(req.overrides)
        except ScenarioError as exc:
            raise _scenario_error(exc, "overrides") from None
    limits.check_scenario_size(sc, settings, "overrides" if req.scenario is not None else "scenario_toml")
    return sc


def edits_of(req: ScenarioRequest) -> list[str]:
    """What the user changed, in words: the uploaded file and each override's path."""
    return (["the uploaded file"] if req.scenario_toml is not None else []) + list(req.overrides)


def _settings(request: Request) -> WebSettings:
    return request.app.state.settings


@contextmanager
def heavy(request: Request, light: bool = False):
    """Run the body in one of the app's bounded worker slots (503 + Retry-After when full).

    ``light`` work (exact forecasts: no Monte Carlo cells) has its own, wider gate,
    so quick requests are not turned away while Monte Carlo runs.
    """
    with (request.app.state.light_gate if light else request.app.state.gate).slot():
        yield


def _forecast(sc: Scenario, req: ForecastRequest):
    try:
        res = forecast(sc, method=req.method, samples=req.samples, seed=req.seed,
                       start_year=req.start_year, end_year=req.end_year)
    except BioanchorsError as exc:  # e.g. exact method on a scenario with distributions
        raise RequestError(str(exc)) from None
    _check_result(res, "overrides" if req.scenario is not None else "scenario_toml")
    return res


def _check_result(res, field: str) -> None:
    """No 200 with NaN: a forecast must be finite, monotone and within [0, 1]."""
    import numpy as np

    p = np.asarray(res.p)
    arrays = (p, res.hypothesis_p, res.p_none, res.log10_affordable_flop, res.log10_flop_per_usd, res.log10_spend_usd)
    # A model without hypotheses or compute diagnostics (an ensemble, the other models) leaves some None.
    ok = all(np.isfinite(np.asarray(a, dtype=float)).all() for a in arrays if a is not None)
    ok = ok and bool((p >= 0).all() and (p <= 1).all() and (np.diff(p) >= 0).all())
    weights = np.asarray(res.weights, dtype=float)  # none for a model without components
    ok = ok and bool(weights.size == 0 or (np.isfinite(weights).all() and abs(float(weights.sum()) - 1.0) < 1e-9))
    if not ok:
        msg = (f"{res.scenario.name}: the model gives no finite answer for these inputs; a value in '{field}' is "
               "outside the range the model handles (e.g. a doubling time near 0 or weights near 1e308)")
        raise RequestError(msg, [{"field": field, "message": msg}])


def run_forecast(req: ForecastRequest, request: Request, compare: Sequence[str] = ()):
    """The request's forecast and its overlays, within the budget and a worker slot."""
    settings = _settings(request)
    sc = resolve_scenario(req, settings)
    others = [builtin_scenario(n, field="compare") for n in dict.fromkeys(compare) if n != sc.name]
    if len(others) > settings.max_compare:
        raise RequestError(f"compare: {len(others)} scenarios; at most {settings.max_compare} per report",
                           [{"field": "compare", "message": f"at most {settings.max_compare} scenarios"}])
    cells = sum(limits.forecast_cells(s, m, req.samples, req.start_year, req.end_year)
                for s, m in [(sc, req.method), *((o, "auto") for o in others)])
    if cells and req.samples is not None and req.samples > settings.max_samples:  # the exact method ignores samples
        raise LimitError("samples", f"samples: at most {settings.max_samples:,} per forecast on this server")
    limits.check_cost(cells, settings, "samples",
                      limits.sample_limit(sc, settings, req.method, req.start_year, req.end_year))
    with heavy(request, light=cells == 0):
        res = _forecast(sc, req)
        overlays = [_forecast(o, req.model_copy(update={"method": "auto"})) for o in others]
    return res, overlays


def run_compare(req: CompareRequest, request: Request) -> dict[str, Any]:
    """{name: forecast} as ``bioanchors compare --format json``, within the budget and a worker slot.

    At most ``max_compare + 1`` scenarios: the forecasts a report with its overlays may run.
    """
    from ..presentation import forecast_json

    settings = _settings(request)
    names = req.scenarios
    if len(set(names)) != len(names) or len(names) > settings.max_compare + 1:
        msg = f"give 2 to {settings.max_compare + 1} different built-in scenarios"
        raise RequestError(f"scenarios: {msg}", [{"field": "scenarios", "message": msg}])
    for key in req.overrides:
        if key not in names:
            raise RequestError(f"overrides: '{key}' is not one of the compared scenarios",
                               [{"field": f"overrides.{key}", "message": "not one of the compared scenarios"}])
    fc = ForecastRequest(scenario=names[0], method=req.method, samples=req.samples, seed=req.seed)
    scs = [resolve_scenario(ScenarioRequest(scenario=n, overrides=req.overrides.get(n, {})), settings) for n in names]
    # Each forecast runs alone, one after the other: the budget bounds each (its memory and time),
    # and max_compare bounds how many (issue 20 item 4: every model costed by its own measure).
    each = [limits.forecast_cells(sc, req.method, req.samples, None, None) for sc in scs]
    cells = max(each)
    if cells and req.samples is not None and req.samples > settings.max_samples:
        raise LimitError("samples", f"samples: at most {settings.max_samples:,} per forecast on this server")
    for c in each:
        limits.check_cost(c, settings, "samples")
    with heavy(request, light=cells == 0):
        return {n: forecast_json(_forecast(sc, fc.model_copy(update={"scenario": n})), req.overrides.get(n))
                for n, sc in zip(names, scs)}


# ---------------------------------------------------------------------------
# the inputs panel: which parameters, with their values in a scenario
# ---------------------------------------------------------------------------

# The inputs panel's parameters (one list, read by the page and the report, so both show the
# same parameters). Their group, label, unit, step, minimum and explanation come from the
# parameter catalogue (bioanchors.catalogue), the one description the CLI's `show` also reads.
HYPOTHESIS_FIELDS = ("weight", "halving_time_years", "cap_oom")
TREND_PARAMETERS = (
    "flop_per_dollar.log10_flop_per_usd", "flop_per_dollar.doubling_time_years",
    "flop_per_dollar.log10_ceiling_flop_per_usd", "spending.log10_usd", "spending.doubling_time_years",
    "spending.ceiling_gdp_share", "spending.gdp_growth_per_year", "run_length.enabled", "run_length.growth_per_year",
    "run_length.log10_ceiling_multiplier", "algorithmic_progress.halving_time_scale",
)


_lookup = anchors.resolve_path  # the value at a dotted path (the report reads it too)


def _param_entry(spec, path, group, label) -> dict[str, Any]:
    from ..catalogue import lookup

    info = lookup(path)
    val = _lookup(spec, path)
    entry = {"path": path, "group": group, "label": label, "unit": info.unit, "step": info.step,
             "min": info.control_min, "unit_words": info.unit_words, "explanation": info.explanation,
             "pages": info.pages, "bounds": list(info.bounds)}
    if isinstance(val, bool):
        entry.update(kind="bool", value=val)
    else:  # a Param: its value, or the median of its distribution (editing replaces it by a number)
        entry.update(kind="number", value=val.central, distribution=val.dist,
                     dist_fields=anchors.distribution_fields(path, val, label, info.unit))
    return entry


HALVING_ALL = "algorithmic_progress.halving_time_years_all"
# Why a hypothesis's own halving time is inactive (the words load_scenario's refusal uses, issue 13).
HALVING_REPLACED = f"replaced by {HALVING_ALL}"


def main_parameters(sc: Scenario) -> list[dict[str, Any]]:
    """The inputs panel's parameters with their values in ``sc``.

    When ``algorithmic_progress.halving_time_years_all`` is set it is listed, and each
    hypothesis's own halving time is marked ``inactive`` (the model ignores it and the server
    refuses an override of it), so the page can show it disabled with the reason.
    """
    from ..catalogue import lookup

    if "hypotheses" not in webmodels.scenario_views(sc):  # every Param of its config, described by the catalogue
        return webmodels.model_parameters(sc)
    spec = sc.config(ScenarioSpec)
    halving_all = spec.algorithmic_progress.halving_time_years_all is not None
    out = []
    for name, hyp in spec.hypotheses.items():
        for key in HYPOTHESIS_FIELDS:
            path = f"hypotheses.{name}.{key}"
            entry = _param_entry(spec, path, f"hypothesis:{name}", f"{hyp.label or name}: {lookup(path).label}")
            if halving_all and key == "halving_time_years":
                entry["inactive"] = HALVING_REPLACED
            out.append(entry)
    paths = TREND_PARAMETERS + ((HALVING_ALL,) if halving_all else ())
    for path in paths:
        out.append(_param_entry(spec, path, lookup(path).group, lookup(path).label))
    return out


def requirement_summary(sc: Scenario) -> dict[str, dict[str, float]]:
    """Each hypothesis's built 2020 requirement: median and spread [log10 FLOP].

    ``spread_log10_flop`` is (p84 - p16) / 2, one standard deviation were it normal. From the
    built distribution (after the scenario's transforms, e.g. the update against low values).
    """
    from ..requirements.build import build_hypotheses

    try:
        built = build_hypotheses(sc.spec)
    except ValueError as exc:  # e.g. a transform leaves no mass: the forecast says the same
        raise RequestError(f"{sc.name}: {exc}") from None
    return {b.name: {"median_log10_flop": round(float(b.requirement.quantile(0.5)), 4),
                     "spread_log10_flop": round(float(b.requirement.quantile(0.84) - b.requirement.quantile(0.16)) / 2, 4)}
            for b in built}


def scenario_view(sc: Scenario) -> dict[str, Any]:
    """What the page needs of a scenario: its inputs, the event it forecasts, the views its model has
    (the page asks, never branches on the model's name) and, with hypotheses, those and the anchors."""
    from ..presentation import event_of_scenario

    event, event_label = event_of_scenario(sc)
    views = webmodels.scenario_views(sc)
    common = {
        "name": sc.name,
        "description": sc.description,
        "content_hash": sc.content_hash,
        "model": sc.model,
        "model_label": webmodels.model_label(sc.model),
        "forecasts": webmodels.model_forecasts(sc.model),
        "is_cotra": "hypotheses" in views,  # kept for older pages (the hypothesis views); the page reads "views"
        "views": views,
        "event": event,
        "event_label": event_label,
        "years": {"start": sc.spec.years.start, "end": sc.spec.years.end},
        "uncertain": sorted(sc.uncertain_parameters),
        "parameters": main_parameters(sc),
        "published": sc.spec.published,
        "members": webmodels.members_view(sc),
        "takeoff": webmodels.takeoff_layout(sc),  # a simulation model's headline charts, controls, milestones
        "data_vintage": getattr(sc.spec, "data_vintage", None),  # the scenario's own (None: bundled)
        # The file's own [evidence] (conditioning on no event by a year), for the page's conditioning control.
        "evidence": (sc.spec.evidence.model_dump(mode="json") if "conditioning" in views
                     and sc.spec.evidence is not None else None),
    }
    if "hypotheses" not in views:  # no hypotheses, requirements, p_none or anchors: the page hides those views
        return {**common, "hypotheses": {}, "requirements": {}, "p_none": None, "anchors": []}
    bt = sc.config(ScenarioSpec).breakthrough
    return {
        **common,
        "p_none": {"start": bt.p_none_start.central, "end": bt.p_none_end.central,
                   "start_year": bt.start_year, "end_year": bt.end_year},
        "requirements": requirement_summary(sc),
        "hypotheses": {k: h.label or k for k, h in sc.config(ScenarioSpec).hypotheses.items()},
        "anchors": anchors.anchor_parameters(sc),
    }


# ---------------------------------------------------------------------------
# endpoints: scenarios and forecasts
# ---------------------------------------------------------------------------


@router.get("/health")
def health() -> dict[str, Any]:
    """Status, version and the forecast methods this server accepts (the page's method menu)."""
    return {"status": "ok", "version": __version__, "methods": list(METHODS)}  # METHODS starts with "auto"


@router.get("/models")
def list_models() -> list[dict[str, Any]]:
    """Every registered model: label, the event it forecasts, the headline's unit and the views it has."""
    from ..models import MODELS

    return [webmodels.model_info(name) for name in MODELS]


@router.get("/scenarios")
def list_scenarios() -> list[dict[str, str]]:
    """Every built-in scenario with the model it is for (the page groups the picker by model)."""
    out = []
    for n in builtin_names():
        sc = _load_builtin(n)
        out.append({"name": n, "description": sc.description, "model": sc.model,
                    "model_label": webmodels.model_label(sc.model)})
    return out


@router.get("/catalogue/{model}")
def get_catalogue(model: str) -> dict[str, Any]:
    """A registered model's parameter catalogue (bioanchors.catalogue.as_json): every label,
    explanation, report page, component description and note the dashboard shows. They live
    once, in the catalogue's data files; the page reads them from here (issue 20 item 5)."""
    from .. import catalogue
    from ..models import MODELS

    if model not in MODELS:
        msg = f"unknown model '{model}'; registered models: {', '.join(MODELS)}"
        raise RequestError(msg, [{"field": "model", "message": msg}], status=404)
    return catalogue.as_json(model)


@router.get("/scenarios/{name}")
def get_scenario(name: str) -> dict[str, Any]:
    return scenario_view(builtin_scenario(name))


@router.post("/scenario")
def post_scenario(req: ScenarioRequest, request: Request) -> dict[str, Any]:
    """The resolved scenario (after upload and overrides): its parameters for the inputs panel, and the
    most samples this server runs for it in one forecast (the samples box states it)."""
    settings = _settings(request)
    sc = resolve_scenario(req, settings)
    sampled = [m for m in METHODS if m not in ("auto", "exact")]
    return {**scenario_view(sc), "sample_limit": limits.sample_limit(sc, settings),
            "sample_limits": {m: limits.sample_limit(sc, settings, m) for m in sampled}}


@router.post("/scenario/toml")
def scenario_toml(req: ScenarioRequest, request: Request) -> Response:
    """The edited scenario as a TOML file that `bioanchors forecast FILE` reads back."""
    from ..presentation import edited_toml

    settings = _settings(request)
    sc = resolve_scenario(req, settings)
    base = resolve_scenario(req.model_copy(update={"overrides": {}}), settings) if req.overrides else sc
    name = f"{sc.name}-edited" if req.overrides else sc.name
    return PlainTextResponse(edited_toml(sc, base, req.overrides), media_type="application/toml",
                             headers={"Content-Disposition": f'attachment; filename="{_safe(name)}.toml"'})


@router.post("/forecast")
def post_forecast(req: ForecastRequest, request: Request) -> JSONResponse:
    """The same JSON object as ``bioanchors forecast --format json``."""
    from ..presentation import forecast_json

    res, _ = run_forecast(req, request)
    return JSONResponse(forecast_json(res, req.overrides))


@router.post("/anchors")
def post_anchors(req: ScenarioRequest, request: Request) -> JSONResponse:
    """Cotra's classic picture: each hypothesis's 2020 requirement CDF against the affordable compute by year."""
    sc = resolve_scenario(req, _settings(request))
    try:
        webmodels.require_cotra(sc, "Cotra's classic picture (the anchors)")
        with heavy(request, light=True):  # exact: no sampling beyond the (cached) requirement build
            data = anchors.classic_picture(sc)
    except BioanchorsError as exc:
        raise RequestError(str(exc)) from None
    return finite_json(data, "the anchors picture")


@router.post("/compare")
def post_compare(req: CompareRequest, request: Request) -> JSONResponse:
    """{scenario: forecast JSON}, the same object as ``bioanchors compare A B ... --format json``."""
    return JSONResponse(run_compare(req, request))


@router.post("/forecast/csv")
def forecast_csv(req: ForecastRequest, request: Request) -> Response:
    """One row per year: total P, each hypothesis's P_i and contribution (ForecastResult.to_frame)."""
    res, _ = run_forecast(req, request)
    frame = res.to_frame()
    # A model's own series may be undefined in places (metr-horizon's superexponential horizon past its
    # singularity): an empty cell, as it is null in the JSON (issue 23). Every other column must be full.
    own = [c for c in frame.columns if c in res._other_diagnostics]
    if frame.drop(columns=own).isna().to_numpy().any():  # _check_result covers the inputs; the last guard
        raise RequestError(f"{res.scenario.name}: the forecast table has empty cells for these inputs")
    buf = io.StringIO()
    frame.to_csv(buf)
    return Response(buf.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{_safe(res.scenario.name)}-forecast.csv"'})


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:80] or "scenario"


# ---------------------------------------------------------------------------
# views over the other capabilities, loaded lazily
# ---------------------------------------------------------------------------


class NotAvailable(RequestError):
    def __init__(self, what: str, why: str):
        super().__init__(f"{what} is not available in this version ({why})", status=501)


def _call_view(request: Request, what: str, fn, *args, **kwargs) -> JSONResponse:
    """Run an optional view in a worker slot.

    Its user errors are 422; a bioanchors package missing from this installation
    (:func:`views.absent`) is a 501. Anything else, including an ImportError
    from inside a present package, is a bug and propagates (a logged 500),
    never a disguised 501.
    """
    try:
        with heavy(request):
            data = fn(*args, **kwargs)
    except BioanchorsError as exc:
        raise RequestError(str(exc)) from None
    except ModuleNotFoundError as exc:
        if not views.absent(exc):
            raise
        raise NotAvailable(what, f"{type(exc).__name__}: {exc}") from None
    return finite_json(data, what)


def finite_json(data: Any, what: str) -> JSONResponse:
    """A JSON response, or a 422 when the view's numbers are not finite (never 200 with NaN)."""
    try:
        limits.check_tree(data, "", max_depth=64)
    except LimitError as exc:
        msg = f"{what}: no finite result for these inputs ({exc.field or 'a value'} is not finite)"
        raise RequestError(msg) from None
    return JSONResponse(data)


@router.get("/capabilities")
def capabilities() -> dict[str, Any]:
    """Which optional views this installation can show (the page hides the rest)."""
    return views.capabilities()


@router.get("/trends")
def trends_view(request: Request,
                since: int = Query(views.TREND_SINCE_DEFAULT, ge=1950, le=2100,
                                   description="first year of the fit window, as `bioanchors trends --since`"),
                frontier: Literal[views.TREND_FRONTIERS] = Query(  # type: ignore[valid-type]
                    "auto", description="frontier rule, as `bioanchors trends --frontier` (top-n: N = 10)"),
                ) -> JSONResponse:
    # Only settings that differ from views.trends's own defaults are passed (a default request calls trends()).
    given = {k: v for k, v in (("since", since), ("frontier", frontier))
             if v != {"since": views.TREND_SINCE_DEFAULT, "frontier": "auto"}[k]}
    return _call_view(request, "the trends view", views.trends, **given)


@router.get("/efficiency")
def efficiency_view(request: Request,
                    dataset: str | None = Query(None, max_length=40, description="as `bioanchors efficiency --dataset`"),
                    all_points: bool = Query(False, description="as `bioanchors efficiency --all-points`"),
                    ) -> JSONResponse:
    if dataset is not None and dataset not in views.efficiency_datasets():
        msg = f"dataset '{dataset}': choose one of {', '.join(views.efficiency_datasets())}"
        raise RequestError(msg, [{"field": "dataset", "message": msg}])
    given = {k: v for k, v in (("dataset", dataset), ("all_points", all_points)) if v}
    return _call_view(request, "the efficiency view", views.efficiency, **given)


@router.get("/horizon")
def horizon_view(request: Request,
                 since: float | None = Query(None, ge=2000, le=2100, description="as `bioanchors trends --horizon --since`"),
                 ) -> JSONResponse:
    """METR's 50% time-horizon trend, as ``bioanchors trends --horizon``."""
    return _call_view(request, "the time-horizon view", views.horizon, **({"since": since} if since else {}))


@router.get("/hindcast")
def hindcast_view(request: Request,
                  vantage: int = Query(views.HINDCAST_VANTAGE_DEFAULT, ge=2000, le=2100,
                                       description="as `bioanchors retro --vantage`"),
                  window: int = Query(8, ge=2, le=40, description="as `bioanchors retro --window`"),
                  ) -> JSONResponse:
    """Projections made at a vantage year scored against the data since, as ``bioanchors retro --vantage``."""
    return _call_view(request, "the hindcast", views.hindcast, vantage, window)


@router.post("/retro")
def retro_view(req: ScenarioRequest, request: Request) -> JSONResponse:
    sc = resolve_scenario(req, _settings(request))
    return _call_view(request, "the retrospective", views.retro, sc)


class SensitivityRequest(ScenarioRequest):
    """A scenario and what to analyse, as ``bioanchors sensitivity --output --method --samples``."""

    output: Literal[views.SENSITIVITY_OUTPUTS] = "median_year"  # type: ignore[valid-type]
    analysis: Literal["oat", "sobol"] = "oat"
    samples: Literal[views.SOBOL_SAMPLES] = 256  # type: ignore[valid-type]


@router.post("/sensitivity")
def sensitivity_view(req: SensitivityRequest, request: Request) -> JSONResponse:
    sc = resolve_scenario(req, _settings(request))
    return _call_view(request, "the sensitivity analysis", views.sensitivity, sc, edits_of(req), req.output,
                      req.analysis, req.samples, req.overrides)
