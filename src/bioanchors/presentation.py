"""How results are named for people: the event a forecast is of, and edited scenarios (issue 24).

Shared by the CLI, the dashboard's API and the HTML report, so that each says the same thing:

- **The event.** Every title, axis, legend and table names the model's own event ("P(AGI by
  year)", not "P(TAI by year)" for every model). :func:`event_of` reads the result's or the
  model's ``event`` / ``event_label`` (issue 20 adds them to the generic result) and, until
  they exist, derives them from the model's one-line ``forecasts`` text ("P(AGI by year | ...)"
  -> "AGI"). An ensemble's event is its members' when they agree, otherwise it says the
  members forecast different events.
- **Edited scenarios** (``--set``, the dashboard's inputs): named as edited
  (``cotra2020 (edited: 2 changes)``), carrying their overrides in the JSON, and written back
  as TOML under a new name, with a description that says what changed and without the
  ``[published]`` figures, which belong to the unedited scenario (:func:`edited_toml`).
- **Standard errors** (issue 24 item 6): one format everywhere, ``± 0.0042 (1 s.e.)`` for a
  probability, ``± 0.06 yr (1 s.e.)`` for a date (:func:`se_text`; the dashboard's ``seText`` in
  ``web/static/app.js`` keeps the same rule). docs/methods.md, "How standard errors are printed".
"""

from __future__ import annotations

import math
import re
from typing import Any

import tomli_w

_EVENT_IN_FORECASTS = re.compile(r"^P\((?P<event>.+?),? by (?:year|t)\b")
MIXED = "each member's own event"


def _model(name: str):
    from .errors import BioanchorsError
    from .models import get_model

    try:
        return get_model(name)
    except BioanchorsError:  # an unknown model cannot have loaded a scenario; fall back to words
        return None


def _own_events(model) -> tuple:
    """The events a model declares itself; () when it only inherits the base class's default ("TAI"), which
    is not what, e.g., METR's horizon model forecasts: its ``forecasts`` line says that."""
    if model is None:
        return ()
    for cls in type(model).__mro__:
        if "events" in vars(cls):
            return tuple(getattr(model, "events", ())) if cls.__module__ != "bioanchors.models.base" else ()
    return tuple(getattr(model, "events", ()) or ())


def event_of_model(name: str) -> tuple[str, str]:
    """(event, event_label) of a registered model: its own fields, else read from its ``forecasts`` line.

    ``event`` is a short key ("agi"), ``event_label`` the words a title uses ("AGI"): the headline
    of the model's ``events`` (issue 20), else derived from its ``forecasts`` line.
    """
    model = _model(name)
    declared = _own_events(model)  # the model's named events, the headline first (issue 20)
    if declared:
        return declared[0].name, declared[0].label
    label = getattr(model, "event_label", None)
    if not label:
        m = _EVENT_IN_FORECASTS.match(getattr(model, "forecasts", "") or "")
        label = m.group("event").strip() if m else "the event"
    event = getattr(model, "event", None) or re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return event, label


def event_of_scenario(sc) -> tuple[str, str]:
    """(event, event_label) of a scenario's forecast; an ensemble's from its members."""
    members = getattr(sc, "members", ())
    if not members:
        return event_of_model(sc.model)
    events = {event_of_scenario(m) for m in members}
    if len(events) == 1:
        return events.pop()
    return "mixed", MIXED  # the members' own events are in their labels and the members table


def event_of_result(res) -> tuple[str, str]:
    """(event, event_label) of a ForecastResult: a mixture's as its result says (its file may state that its
    members' events are the same, ``same_event``), else its model's own event (:func:`event_of_scenario`)."""
    if getattr(res.scenario, "members", ()) and getattr(res, "event_label", None):
        return res.event, res.event_label
    return event_of_scenario(res.scenario)


def singular(kind: str) -> str:
    """'hypothesis' of 'hypotheses' (not 'hypothese'), 'model' of 'models', 'trial definition' of ..."""
    special = {"hypotheses": "hypothesis", "": "component"}
    return special.get(kind, kind[:-1] if kind.endswith("s") else kind)


def p_by(label: str, year: str = "year") -> str:
    """'P(AGI by year)'; 'P(each member's own event by 2040)'."""
    return f"P({label} by {year})"


#: What every printed standard error is: one standard error of the Monte Carlo (or draw) estimate.
SE_NOTE = "(1 s.e.)"
SE_SIGNIFICANT = 2  # significant digits: enough to compare two runs, never "± 0.000"
SE_FLOOR = 1e-6  # below this an SE prints as "< 0.000001": zero for every figure the tool shows


def se_value(x: float) -> str:
    """The number of a printed standard error: two significant digits in positional notation
    (``0.0042``, ``0.000030``, ``0.10``, ``12``; never ``3e-05`` or ``0.000``); 0 is ``0``."""
    if not x:
        return "0"
    if x < SE_FLOOR:
        return f"< {SE_FLOOR:.6f}"
    x = float(f"{x:.{SE_SIGNIFICANT - 1}e}")  # rounded first, so 0.0996 is 0.10, not 0.100
    return f"{x:.{max(0, SE_SIGNIFICANT - 1 - math.floor(math.log10(x)))}f}"


def se_text(x: float, unit: str = "", note: bool = True) -> str:
    """One standard error as printed everywhere: ``± 0.0042 (1 s.e.)``, ``± 0.06 yr (1 s.e.)``, ``± 0.42 pp``.

    ``x`` in the unit of the figure it qualifies (a probability as a fraction; ``unit="yr"`` for
    dates [years]; ``unit="pp"`` for percentage points where the figure is a percentage), its number
    by :func:`se_value`. ``note=False`` leaves out ``(1 s.e.)`` where a list carries it once at its
    end. A table row labelled ``± 1 s.e.`` holds :func:`se_value` alone (80-column terminals).
    """
    return f"± {se_value(x)}" + (f" {unit}" if unit else "") + (f" {SE_NOTE}" if note else "")


def edited_name(name: str, overrides: dict[str, Any] | None) -> str:
    """'cotra2020 (edited: 2 changes)', or the name itself without overrides."""
    n = len(overrides or {})
    return f"{name} (edited: {n} change{'s' if n != 1 else ''})" if n else name


def forecast_json(res, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The result's JSON with the event it is of and, for an edited scenario, its identity.

    Adds ``event`` and ``event_label`` when the result does not carry them, ``display_event`` (what
    titles and axes call the event: :func:`event_of_result`), ``display_name``, and ``overrides``
    (dotted path -> value; empty when unedited). The figures themselves are the result's own.
    """
    from .weight_labels import json_additions

    d = res.to_json_dict()
    d.update(json_additions(res))  # weight_meaning, published_overlay (issue 23 items 4, 6c)
    event, label = event_of_result(res)
    d.setdefault("event", event)
    d.setdefault("event_label", label)
    d["display_event"] = label  # what titles and axes call it (the model's own words; see event_of_model)
    d["display_name"] = edited_name(res.scenario.name, overrides)
    d["overrides"] = dict(overrides or {})
    return d


def edited_toml(sc, base, overrides: dict[str, Any] | None) -> str:
    """``sc`` (= ``base`` with ``overrides`` applied) as a scenario file that names itself as edited.

    Unedited (no overrides): the file as ``sc.to_toml()`` writes it. Edited: ``name`` becomes
    ``NAME-edited``, ``description`` says which fields changed from which scenario (the base's
    description quoted after it), ``[published]`` is dropped (those are the unedited scenario's
    figures), and a comment at the top lists the overrides as ``--set`` would take them.
    """
    import tomllib

    text = sc.to_toml()
    if not overrides:
        return text
    data = tomllib.loads(text)
    changes = ", ".join(f"{k} = {_toml_value(v)}" for k, v in overrides.items())
    data["name"] = f"{base.name}-edited"
    data["description"] = f"{base.name} edited ({changes}); the unedited scenario: {base.description}"
    data.pop("published", None)
    head = [f"# Edited from the scenario '{base.name}' with {len(overrides)} override(s); published figures of",
            "# the unedited scenario are left out. The same edits on the command line:",
            "#   " + " ".join(f"--set {k}={_toml_value(v)}" for k, v in overrides.items()), ""]
    # The name and description first, as in the built-in files.
    ordered = {k: data.pop(k) for k in ("name", "description") if k in data} | data
    return "\n".join(head) + tomli_w.dumps(ordered)


def _toml_value(v: Any) -> str:
    return tomli_w.dumps({"v": v}).strip()[len("v = "):]
