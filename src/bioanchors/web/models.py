"""The dashboard for any registered model: its inputs, labels and the views that apply to it.

Cotra's scenarios keep their own inputs panel (hypothesis table, anchors editor; ``api.main_parameters``).
Every other model, ensembles included, gets its inputs generically: every ``Param`` of its config
(:func:`bioanchors.schema.iter_params`, dotted paths such as ``horizon.doubling_time_months`` or
``models.0.weight``), each described by the parameter catalogue (:func:`bioanchors.catalogue.lookup`:
label, unit, explanation, bounds). An ensemble's weights are described from its ``[[models]]``
entries. Edits go through the one override mechanism (``Scenario.replace`` with dotted paths).

Views that only make sense for Cotra's model (the anchors, Cotra's classic picture, the
retrospective) answer other models with one plain sentence (:func:`require_view`), never a 500. Which views a
scenario has is asked of its model (:func:`model_views`), never decided by the model's name.
"""

from __future__ import annotations

import re
from typing import Any

from ..catalogue import lookup
from ..errors import BioanchorsError, ScenarioError
from ..models import get_model
from ..models.ensemble import EnsembleConfig
from ..scenario import Scenario
from ..schema import Param, ScenarioSpec, iter_params

MEMBER = re.compile(r"^models\.(\d+)\.(.+)$")  # an ensemble member's own input: models.<i>.<path>
WEIGHT_EXPLANATION = ("This member's share of the ensemble before normalisation: its forecast counts with "
                      "weight / (sum of all weights). A weight of 0 leaves the member out.")


def model_label(name: str) -> str:
    """'cotra2020: Cotra (2020) biological anchors', for the scenario picker and headings."""
    try:
        return f"{name}: {get_model(name).source}"
    except BioanchorsError:  # a scenario of a model this installation lacks cannot load anyway
        return name


def model_forecasts(name: str) -> str:
    """What the model's P(by t) is the probability of, one line (the page says it under the median)."""
    return get_model(name).forecasts


# The dashboard's views (issue 20 item 4): which apply is asked of the model, never decided by its name.
# The data views (measured trends, METR's horizon trend, algorithmic efficiency, compare) apply to every
# scenario; sensitivity to any scenario (the API says when there is nothing to vary).
# The hindcast scores projections made in 2020 against the data since: data, whatever the scenario.
DATA_VIEWS = ("trends", "horizon", "efficiency", "sensitivity", "sobol", "compare", "hindcast")
# Views built on hypotheses and their 2020 requirements (the config has both sections): the hypothesis
# table and anchors editor, the classic picture and the retrospective's re-runs of the scenario.
HYPOTHESIS_VIEWS = ("hypotheses", "anchors", "retro")


def model_views(name: str) -> list[str]:
    """The dashboard views a model has: its own ``views`` when it declares them, else read from what its
    config holds (``hypotheses`` + ``requirements``: the hypothesis views; ``evidence``: conditioning on
    "no event by year V")."""
    model = get_model(name)
    declared = getattr(model, "views", None)
    if declared is not None:
        return list(declared)
    fields = set(getattr(model.config_schema, "model_fields", {}))
    views = list(HYPOTHESIS_VIEWS) if {"hypotheses", "requirements"} <= fields else []
    if "evidence" in fields:
        views.append("conditioning")
    if getattr(model, "series_specs", ()):  # a simulation: dated events, trajectories and metrics
        views.append("takeoff")
    return views + list(DATA_VIEWS)


TAKEOFF_DEFAULTS = {"charts": 2, "controls": 5}  # without a declaration: the first series, the first inputs


def takeoff_layout(sc: Scenario) -> dict[str, Any] | None:
    """The takeoff view of a simulation model's scenario: its headline ``charts`` (each a title and the
    series it draws, with label and unit), ``controls`` (input paths) and ``milestones`` (event names).

    Declared as data in the model's catalogue (``[views.takeoff]`` of ``data/parameters/<model>.toml``);
    without one, a chart for each of its first two series, its first five inputs and every event. A
    declared name the model does not have is a one-line error naming the file and the field."""
    from .. import catalogue

    if "takeoff" not in scenario_views(sc):
        return None
    model = get_model(sc.model)
    series = {s.name: s for s in getattr(model, "series_specs", ())}  # a simulation's (model_views asked)
    events = [e.name for e in model.events]
    inputs = [path for path, _ in iter_params(sc.spec)]
    declared = catalogue.views(sc.model).get("takeoff", {})
    charts = declared.get("charts") or [{"title": series[n].label, "series": [n]}
                                        for n in list(series)[:TAKEOFF_DEFAULTS["charts"]]]
    controls = list(declared.get("controls", inputs[:TAKEOFF_DEFAULTS["controls"]]))
    milestones = list(declared.get("milestones", events))
    where = f"data/parameters/{sc.model}.toml [views.takeoff]"
    for field, names, known in (("charts.series", [n for c in charts for n in c["series"]], series),
                                ("controls", controls, inputs), ("milestones", milestones, events)):
        unknown = [n for n in names if n not in known]
        if unknown:
            raise BioanchorsError(f"{where}: {field} names {unknown}, which model '{sc.model}' does not have; "
                                  f"choose from: {', '.join(known)}")
    return {"charts": [{"title": c.get("title") or series[c["series"][0]].label, "ymax": c.get("ymax"),
                        "series": [{"name": n, "label": series[n].label, "unit": series[n].unit} for n in c["series"]]}
                       for c in charts],
            "controls": controls, "milestones": milestones}


def model_info(name: str) -> dict[str, Any]:
    """What the page asks of a model (``/api/models``): its label, event, headline unit and views."""
    from ..presentation import event_of_model

    event, label = event_of_model(name)
    model = get_model(name)
    return {"name": name, "source": model.source, "label": model_label(name), "forecasts": model.forecasts,
            "event": event, "event_label": label, "headline": "median year", "headline_unit": "year",
            "views": model_views(name)}


def scenario_views(sc: Scenario) -> list[str]:
    """The views of a scenario's model (an ensemble: its own, i.e. the data views)."""
    return model_views(sc.model)


def require_view(sc: Scenario, view: str, what: str) -> None:
    """A plain error for a view asked of a scenario whose model does not have it."""
    if view not in scenario_views(sc):
        raise BioanchorsError(f"{what} applies to Cotra's biological anchors model (cotra2020 scenarios) and any "
                              f"model with hypotheses and 2020 requirements; '{sc.name}' is a scenario of the model "
                              f"'{sc.model}', which has no hypotheses")


def require_cotra(sc: Scenario, what: str) -> None:
    """The hypothesis views (anchors, classic picture, retrospective) asked of a model without hypotheses."""
    require_view(sc, "anchors", what)


def member_label(sc: Scenario, i: int) -> str:
    """An ensemble member's name as the forecast's components label it: its label, else its scenario's name."""
    m = sc.config(EnsembleConfig).models[i]
    return m.label or sc.members[i].name


def _describe(sc: Scenario, path: str) -> dict[str, Any]:
    """Label, unit, group, explanation, pages, bounds and control hints of one dotted path."""
    m = MEMBER.match(path)
    if m and m.group(2) == "weight" and hasattr(sc.spec, "models"):
        i = int(m.group(1))
        member = sc.members[i]
        return {"group": "Ensemble weights", "label": f"{member_label(sc, i)} ({member.model}): weight",
                "unit": "", "unit_words": "dimensionless", "explanation": WEIGHT_EXPLANATION, "pages": "",
                "bounds": [0, None], "step": 0.1, "min": 0}
    if m and hasattr(sc.spec, "models"):  # a member's own input (sensitivity labels)
        i = int(m.group(1))
        inner = _describe(sc.members[i], m.group(2))
        return {**inner, "label": f"{member_label(sc, i)}: {human_label(sc.members[i], m.group(2))}"}
    try:
        info = lookup(path, sc.model)
    except KeyError:  # not in the model's catalogue: still editable, described by its path (never a 500)
        head, _, last = path.rpartition(".")
        return {"group": head.replace("_", " ") or "Inputs", "label": last.replace("_", " "), "unit": "",
                "unit_words": "", "explanation": "", "pages": "", "bounds": [None, None], "step": None, "min": None}
    return {"group": info.group, "label": info.label, "unit": info.unit, "unit_words": info.unit_words,
            "explanation": info.explanation, "pages": info.pages, "bounds": list(info.bounds),
            "step": info.step, "min": info.control_min}


def human_label(sc: Scenario, path: str) -> str:
    """A human label for a dotted input path of any scenario (sensitivity bars, the changes list)."""
    if "hypotheses" in scenario_views(sc):
        from ..catalogue import label_of

        try:
            return label_of(path, sc.config(ScenarioSpec))
        except (KeyError, ScenarioError):
            return path
    return _describe(sc, path)["label"]


def model_parameters(sc: Scenario) -> list[dict[str, Any]]:
    """Every ``Param`` of a non-Cotra scenario's config with its value, in the inputs panel's shape."""
    out = []
    for path, p in iter_params(sc.spec):
        out.append(param_entry(sc, path, p))
    return out


def param_entry(sc: Scenario, path: str, p: Param) -> dict[str, Any]:
    """One input: its description and its value (a distribution's median; editing sets a number)."""
    from .anchors import distribution_fields

    info = _describe(sc, path)
    return {"path": path, "kind": "number", "value": p.central, "distribution": p.dist, **info,
            "dist_fields": distribution_fields(path, p, info["label"], info["unit"])}


def members_view(sc: Scenario) -> list[dict[str, Any]]:
    """An ensemble's members: label, scenario, model and weight as entered (empty for other scenarios)."""
    models = getattr(sc.spec, "models", None) or ()
    return [{"index": i, "label": member_label(sc, i), "scenario": member.name, "model": member.model,
             "weight": m.weight.central, "weight_distribution": m.weight.dist}
            for i, (m, member) in enumerate(zip(models, sc.members))]
