"""The parameter catalogue: one description of every scenario field (issue 12, item 4).

Each entry gives a field's dotted name, its unit in human words, a short label,
a one-paragraph explanation with its page in Cotra (2020), the source of the
definition, and the bounds the schema enforces. Labels and explanations live in
``data/parameters.toml``; bounds are read from :mod:`bioanchors.schema` (so
they cannot disagree with validation). ``bioanchors show``, the dashboard's
parameter panel, sensitivity analysis and ``docs/scenarios.md`` all read it.

The catalogue also says which sections form the *compute supply* (FLOP per
dollar, spending, run length): the trends a scenario can take from another with
``supply = "<scenario>"`` (docs/scenarios.md), so that models share them.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from pydantic import BaseModel

from . import schema
from .schema import Param, ScenarioSpec

BASE = "cotra2020"  # the model whose catalogue (data/parameters.toml) the others inherit sections from
HYPOTHESIS_KEYS = tuple(name for name, _ in schema.sampled_fields(schema.Hypothesis))  # declared on the schema


@dataclass(frozen=True)
class Entry:
    """One catalogue entry. ``path`` may hold ``*`` for a hypothesis name or a correlation index."""

    path: str
    section: str
    label: str
    unit: str  # a short symbol, shown in brackets beside a value: "years", "log10 FLOP/USD"
    unit_words: str  # the same unit in words: "years per doubling", "log10 FLOP per USD"
    explanation: str
    pages: str  # pages of Cotra (2020), e.g. "pp. 122-124"; "" where the field is not from the report
    source: str
    step: float | None = None  # a sensible increment for an input control
    control_min: float | None = None  # an input control's lowest value (None: no minimum)
    model: str = BASE  # the model whose catalogue file defines it (inherited sections: Cotra's)

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """Inclusive-or-open limits on the value [unit] (None: unbounded), read from the model's
        config schema (:data:`bioanchors.schema.CONFIG_SCHEMAS`; a model's module defines it)."""
        return schema_bounds(self.path, schema.CONFIG_SCHEMAS[self.model])

    @property
    def group(self) -> str:
        """The section's label, e.g. 'Hardware price-performance'."""
        return sections(self.model)[self.section]["label"]

    def to_dict(self) -> dict:
        return {"path": self.path, "section": self.section, "group": self.group, "label": self.label,
                "unit": self.unit, "unit_words": self.unit_words, "explanation": self.explanation, "pages": self.pages,
                "source": self.source,
                "bounds": list(self.bounds), "step": self.step, "min": self.control_min}


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("bioanchors").joinpath("data/parameters.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.lru_cache(maxsize=1)
def _model_data() -> dict[str, dict]:
    """Model name -> its own catalogue (``data/parameters/<model>.toml``, same format as
    ``data/parameters.toml``): the fields of models other than Cotra's (issue 15)."""
    folder = resources.files("bioanchors").joinpath("data/parameters")
    if not folder.is_dir():
        return {}
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return {f.name[:-5]: tomllib.loads(f.read_text(encoding="utf-8")) for f in files}


def _files() -> dict[str, dict]:
    """Model name -> the data of its own catalogue file, the base (Cotra's) first."""
    return {BASE: _data(), **{m: d for m, d in _model_data().items() if m != BASE}}


def models() -> tuple[str, ...]:
    """Every model with a catalogue, the base first."""
    return tuple(_files())


def _own_sections(model: str) -> dict[str, dict]:
    data = _files().get(model, {})
    named = dict(data.get("sections", {}))
    for path in data.get("parameters", {}):  # a section with fields but no [sections.X] label is still its own
        named.setdefault(path.split(".", 1)[0], {"label": path.split(".", 1)[0].replace("_", " ")})
    return named


def sections(model: str = BASE) -> dict[str, dict]:
    """Section name -> {"label", optional "component"} of ``model``'s catalogue: its own sections,
    then those it inherits from the base (Cotra's) catalogue, such as ``years`` and the supply.
    Labels only: what is sampled is declared on the schema (:class:`bioanchors.schema.Sampled`)."""
    own = _own_sections(model)
    return {**own, **{k: v for k, v in _own_sections(BASE).items() if k not in own}}


def all_sections() -> dict[str, dict]:
    """Every model's own sections (a name two models share: the base's, then the first model's label)."""
    out: dict[str, dict] = {}
    for model in models():
        for name, section in _own_sections(model).items():
            out.setdefault(name, section)
    return out


def supply_sections() -> tuple[str, ...]:
    """The compute-supply sections: ('flop_per_dollar', 'spending', 'run_length'), as the schema declares them."""
    return schema.supply_sections(ScenarioSpec)


@functools.cache
def entries(model: str | None = None) -> dict[str, Entry]:
    """Catalogue entries by (pattern) path.

    ``model`` given: that model's catalogue, its own entries first, then the base (Cotra's)
    entries of the sections it does not define itself. ``None``: every model's own entries, the
    base first; a path two models both define appears once (the first's) - look it up with the
    model (:func:`lookup`) instead.
    """
    if model is not None:
        own = _entries_of(_files().get(model, {"parameters": {}}), model)
        mine = set(_own_sections(model))
        inherited = {p: e for p, e in entries(BASE).items() if e.section not in mine} if model != BASE else {}
        return {**own, **inherited}
    out: dict[str, Entry] = {}
    for name in models():
        for path, entry in _entries_of(_files()[name], name).items():
            out.setdefault(path, entry)
    return out


def _entries_of(data: dict, model: str) -> dict[str, Entry]:
    return {path: Entry(path=path, section=path.split(".", 1)[0], label=row["label"], unit=row["unit"],
                        unit_words=row["unit_words"], explanation=row["explanation"], pages=row.get("pages", ""),
                        source=row["source"], step=row.get("step"), control_min=row.get("min"), model=model)
            for path, row in data["parameters"].items()}


def components(model: str = BASE) -> dict[str, dict[str, str]]:
    """Component name -> {"text", "pages"}: what each of a model's named parts is (Cotra's
    hypotheses: lifetime, genome, ...), from ``[components.X]`` of its catalogue."""
    return dict(_files().get(model, {}).get("components", {}))


def notes(model: str = BASE) -> dict[str, str]:
    """Note name -> text: the dashboard's explanatory notes (chart legends, view notes), from
    ``[notes]`` of the model's catalogue over those of the base."""
    return {**_files()[BASE].get("notes", {}), **_files().get(model, {}).get("notes", {})}


def views(model: str = BASE) -> dict[str, dict]:
    """View name -> what the model's catalogue declares for it (``[views.X]``), e.g. the takeoff
    view's headline ``charts`` (series names), ``controls`` (input paths) and ``milestones`` (events).
    The dashboard reads it through :func:`bioanchors.web.models.takeoff_layout`, which checks it."""
    return dict(_files().get(model, {}).get("views", {}))


def as_json(model: str = BASE) -> dict:
    """A model's whole catalogue for the dashboard (``/api/catalogue/{model}``): parameters by
    pattern path, section labels, components, notes and view declarations. Explanations live only here."""
    return {"model": model, "sections": {k: v["label"] for k, v in sections(model).items()},
            "parameters": {p: e.to_dict() for p, e in entries(model).items()},
            "components": components(model), "notes": notes(model), "views": views(model)}


def pattern_of(path: str) -> str:
    """'hypotheses.lifetime.weight' -> 'hypotheses.*.weight'; 'correlations.0.a' -> 'correlations.*.a';
    'models.0.weight' -> 'models.*.weight' (an ensemble's members)."""
    return re.sub(r"^(hypotheses|correlations|models)\.[^.]+", r"\1.*", path)


def lookup(path: str, model: str | None = None) -> Entry:
    """The entry of a dotted path (any hypothesis name) in ``model``'s catalogue (None: the first
    model whose catalogue has it, the base first); KeyError with a did-you-mean otherwise."""
    pat = pattern_of(path)
    known = entries(model)
    try:
        return known[pat]
    except KeyError:
        close = difflib.get_close_matches(pat, list(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise KeyError(f"'{path}' is not a scenario parameter{hint}") from None


def unit_of(path: str, model: str | None = None) -> str:
    """The unit of a dotted path in human words, '' for a path the catalogue does not know."""
    try:
        return lookup(path, model).unit
    except KeyError:
        return ""


def label_of(path: str, spec: ScenarioSpec | None = None) -> str:
    """A human label (no snake_case), e.g. for sensitivity bars: 'FLOP/$ doubling time',
    'Genome anchor: weight' (the hypothesis's own label when ``spec`` is given, else its key)."""
    entry = lookup(path, getattr(spec, "model", None))
    if path.startswith("hypotheses."):
        key = path.split(".")[1]
        hyp = spec.hypotheses.get(key) if spec is not None else None
        return f"{(hyp.label if hyp is not None and hyp.label else key)}: {entry.label}"
    return entry.label


# ---------------------------------------------------------------------------
# bounds, read from the schema
# ---------------------------------------------------------------------------


def _field(path: str, config: type[BaseModel] = ScenarioSpec):
    """The pydantic FieldInfo of a (pattern) path, walking the config schema's models."""
    model: typing.Any = config
    field = None
    for part in path.split("."):
        if part == "*":
            continue
        if field is not None:
            model = _model_in(field.annotation)
        if model is None or part not in model.model_fields:
            return None
        field = model.model_fields[part]
    return field


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation is not Param:
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def schema_bounds(path: str, config: type[BaseModel] = ScenarioSpec) -> tuple[float | None, float | None]:
    """(low, high) the schema enforces on a field's value(s); None where it sets no limit.

    Combines a field's own constraints (``ge``/``le``, a bounded Param type such as
    ProbabilityParam) with the limits implied by its name (docs/limits.md).
    """
    field = _field(path, config)
    if field is None:
        return None, None
    lo, hi = None, None
    # Constraints on the field itself, or inside an Optional (``PositiveParam | None``).
    inner = [m for a in typing.get_args(field.annotation) for m in getattr(a, "__metadata__", ())]
    for meta in [*field.metadata, *inner]:
        bounds = getattr(getattr(meta, "func", None), "bounds", None)
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
        if bounds is not None:
            lo, hi = bounds[0], bounds[1]
    name = path.rsplit(".", 1)[-1]
    args = typing.get_args(field.annotation)
    holds_param = field.annotation is Param or any(a is Param or typing.get_args(a)[:1] == (Param,) for a in args)
    if holds_param:
        nlo, nhi, _ = schema._param_limits(name)
        lo = nlo if lo is None else max(lo, nlo)
        hi = nhi if hi is None else min(hi, nhi)
    elif schema._scalar_kind(field.annotation) == "int" and "year" in name:
        lo, hi = max(lo or schema.YEAR_MIN, schema.YEAR_MIN), min(hi or schema.YEAR_MAX, schema.YEAR_MAX)
    elif schema._scalar_kind(field.annotation) == "float" and lo is None and hi is None:
        limit = _float_limit(name)
        lo, hi = -limit, limit
    return _tidy(lo), _tidy(hi)


def _float_limit(name: str) -> float:
    """The limit schema._check_number applies to a plain float field, by its name."""
    try:
        schema._check_number(schema.MAX_ABS_NUMBER, name)
    except ValueError:
        for limit in (schema.MAX_ABS_LOG10, schema.MAX_OFFSET_YEARS):
            try:
                schema._check_number(limit, name)
                schema._check_number(limit * 1.001, name)
            except ValueError:
                return limit
    return schema.MAX_ABS_NUMBER


def _tidy(x):
    """Drop the 'any number' guard (it is a sanity limit, not a bound worth showing)."""
    return None if x is None or abs(x) >= schema.MAX_ABS_NUMBER else x


# ---------------------------------------------------------------------------
# the parameters a scenario's evaluation samples
# ---------------------------------------------------------------------------


def _of_sections(spec: ScenarioSpec, names: tuple[str, ...]) -> Iterator[tuple[str, Param]]:
    return ((path, p) for path, p in schema.sampled_parameters(spec) if path.split(".", 1)[0] in names)


def supply_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """(dotted path, Param) of the compute supply: FLOP per dollar, spending, run length."""
    return _of_sections(spec, supply_sections())


def trend_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """(dotted path, Param) of the trends over time: the compute supply and algorithmic progress."""
    return _of_sections(spec, (*supply_sections(), "algorithmic_progress"))


def breakthrough_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """(dotted path, Param) of p_none, the probability that no hypothesis holds."""
    return _of_sections(spec, ("breakthrough",))


def hypothesis_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """(dotted path, Param) for each hypothesis's weight, halving time and cap."""
    return _of_sections(spec, ("hypotheses",))


def sampled_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """Every parameter evaluation samples: the trends, p_none, then each hypothesis's weight, halving time, cap.

    Declared on the schema (:class:`bioanchors.schema.Sampled`), never read from the label
    file. Requirement ingredients are excluded: they shape the hypotheses, which are built once
    by sampling, not resampled per trend sample.
    """
    # This order fixes the columns of the Monte Carlo design: changing it changes seeded samples.
    return schema.sampled_parameters(spec)


def uncertain_parameters(spec: ScenarioSpec) -> dict[str, Param]:
    """Dotted path -> Param for every sampled parameter given as a distribution (the sensitivity inputs)."""
    return {k: p for k, p in sampled_parameters(spec) if not p.is_point}


def component_of(path: str, spec=None) -> str:
    """The model component a sampled parameter belongs to (grouped Sobol indices). For an
    ensemble's member inputs, ``spec`` (the ensemble's) names the member by its label."""
    if path.startswith("hypotheses."):
        return "hypothesis weights" if path.endswith(".weight") else "algorithmic progress"
    if path.startswith("models."):  # an ensemble: its weights, then each member's own components
        _, i, rest = path.split(".", 2)
        members = getattr(spec, "models", None) or []
        member = members[int(i)] if i.isdigit() and int(i) < len(members) else None
        name = (member.label or member.ref) if member is not None else f"member {i}"
        return "ensemble weights" if rest == "weight" else f"{name}: {component_of(rest)}"
    head = path.split(".", 1)[0]
    model = getattr(spec, "model", None)  # the spec's own model first; without one, any model's section
    section = (sections(model) if model else {}).get(head) or all_sections().get(head) or {"label": head}
    return section.get("component", section["label"])


# ---------------------------------------------------------------------------
# docs
# ---------------------------------------------------------------------------


def _fmt_bounds(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f"{lo:g} .. {hi:g}"
    if lo is not None:
        return f">= {lo:g}"
    return f"<= {hi:g}" if hi is not None else ""


def markdown_table() -> str:
    """The catalogue as Markdown: a table, then each explanation (docs/scenarios.md holds this text;
    a test compares them)."""
    lines = ["| parameter | unit | shown as | label | bounds | report | source |",
             "|---|---|---|---|---|---|---|"]
    cotra = [e for e in entries().values() if e.model == BASE]  # other models: docs/models/
    for e in cotra:
        lines.append(f"| `{e.path}` | {e.unit_words} | {e.unit} | {e.label} | {_fmt_bounds(*e.bounds)} "
                     f"| {e.pages} | {e.source} |")
    lines += ["", "### What each parameter means", ""]
    for e in cotra:
        where = f" (Cotra 2020, {e.pages})" if e.pages else ""
        lines.append(f"- **`{e.path}`**{where}: {e.explanation}")
    return "\n".join(lines) + "\n"


DOCS_BEGIN = "<!-- catalogue table: generated by bioanchors.catalogue.markdown_table(); do not edit by hand -->"
DOCS_END = "<!-- end of catalogue table -->"


def update_docs(text: str) -> str:
    """``text`` (docs/scenarios.md) with the table between the markers regenerated.

    ``python -m bioanchors.catalogue docs/scenarios.md`` rewrites the file in place.
    """
    head, rest = text.split(DOCS_BEGIN, 1)
    _, tail = rest.split(DOCS_END, 1)
    return f"{head}{DOCS_BEGIN}\n{markdown_table()}{DOCS_END}{tail}"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import sys
    from pathlib import Path

    target = Path(sys.argv[1])
    target.write_text(update_docs(target.read_text(encoding="utf-8")), encoding="utf-8")
