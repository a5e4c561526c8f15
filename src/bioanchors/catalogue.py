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

HYPOTHESIS_KEYS = ("weight", "halving_time_years", "cap_oom")  # the per-hypothesis parameters evaluation samples


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
    model: str = "cotra2020"  # the model whose catalogue file defines it (shared sections: Cotra's)

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """Inclusive-or-open limits on the value [unit] (None: unbounded), read from the model's
        config schema (:data:`bioanchors.schema.CONFIG_SCHEMAS`; a model's module defines it)."""
        return schema_bounds(self.path, schema.CONFIG_SCHEMAS[self.model])

    @property
    def group(self) -> str:
        """The section's label, e.g. 'Hardware price-performance'."""
        return all_sections()[self.section]["label"]

    def to_dict(self) -> dict:
        return {"path": self.path, "section": self.section, "group": self.group, "label": self.label,
                "unit": self.unit, "unit_words": self.unit_words, "explanation": self.explanation, "pages": self.pages, "source": self.source,
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


def all_sections() -> dict[str, dict]:
    """:func:`sections` plus every other model's own sections (labels for any scenario's fields)."""
    out = dict(sections())
    for data in _model_data().values():
        out.update(data.get("sections", {}))
    return out


def sections() -> dict[str, dict]:
    """Section name -> {"label", "kind"}, in the model's order (kind: supply, model or setting)."""
    return _data()["sections"]


def sections_of_kind(*kinds: str) -> tuple[str, ...]:
    return tuple(name for name, s in sections().items() if s["kind"] in kinds)


def supply_sections() -> tuple[str, ...]:
    """The compute-supply sections: ('flop_per_dollar', 'spending', 'run_length')."""
    return sections_of_kind("supply")


def trend_sections() -> tuple[str, ...]:
    """Sections whose parameters evaluation samples: the supply, then the model's own trends."""
    return tuple(s for s in sections_of_kind("supply", "model") if s != "hypotheses")


@functools.lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    """Every catalogue entry by (pattern) path, in the order of data/parameters.toml."""
    out = _entries_of(_data(), "cotra2020")
    for model, data in _model_data().items():
        for path, entry in _entries_of(data, model).items():
            if path in out:
                raise ValueError(f"data/parameters/{model}.toml redefines '{path}' (defined by {out[path].model})")
            out[path] = entry
    return out


def _entries_of(data: dict, model: str) -> dict[str, Entry]:
    return {path: Entry(path=path, section=path.split(".", 1)[0], label=row["label"], unit=row["unit"],
                        unit_words=row["unit_words"], explanation=row["explanation"], pages=row.get("pages", ""),
                        source=row["source"], step=row.get("step"), control_min=row.get("min"), model=model)
            for path, row in data["parameters"].items()}


def pattern_of(path: str) -> str:
    """'hypotheses.lifetime.weight' -> 'hypotheses.*.weight'; 'correlations.0.a' -> 'correlations.*.a';
    'models.0.weight' -> 'models.*.weight' (an ensemble's members)."""
    return re.sub(r"^(hypotheses|correlations|models)\.[^.]+", r"\1.*", path)


def lookup(path: str) -> Entry:
    """The entry of a dotted path (any hypothesis name); KeyError with a did-you-mean otherwise."""
    pat = pattern_of(path)
    try:
        return entries()[pat]
    except KeyError:
        close = difflib.get_close_matches(pat, list(entries()), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise KeyError(f"'{path}' is not a scenario parameter{hint}") from None


def unit_of(path: str) -> str:
    """The unit of a dotted path in human words, '' for a path the catalogue does not know."""
    try:
        return lookup(path).unit
    except KeyError:
        return ""


def label_of(path: str, spec: ScenarioSpec | None = None) -> str:
    """A human label (no snake_case), e.g. for sensitivity bars: 'FLOP/$ doubling time',
    'Genome anchor: weight' (the hypothesis's own label when ``spec`` is given, else its key)."""
    entry = lookup(path)
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


def _section_parameters(spec: ScenarioSpec, names: tuple[str, ...]) -> Iterator[tuple[str, Param]]:
    for section in names:
        for key, val in getattr(spec, section):
            if isinstance(val, Param):
                yield f"{section}.{key}", val


def supply_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """(dotted path, Param) of the compute supply: FLOP per dollar, spending, run length."""
    return _section_parameters(spec, supply_sections())


def trend_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """(dotted path, Param) of the trends over time: the compute supply and algorithmic progress."""
    return _section_parameters(spec, tuple(s for s in trend_sections() if s != "breakthrough"))


def breakthrough_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """(dotted path, Param) of p_none, the probability that no hypothesis holds."""
    return _section_parameters(spec, ("breakthrough",))


def hypothesis_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """(dotted path, Param) for each hypothesis's weight, halving time and cap."""
    for name, hyp in spec.hypotheses.items():
        for key in HYPOTHESIS_KEYS:
            yield f"hypotheses.{name}.{key}", getattr(hyp, key)


def sampled_parameters(spec: ScenarioSpec) -> Iterator[tuple[str, Param]]:
    """Every parameter evaluation samples: the trends, p_none, then each hypothesis's weight, halving time, cap.

    Requirement ingredients are excluded: they shape the hypotheses, which are
    built once by sampling, not resampled per trend sample.
    """
    # This order fixes the columns of the Monte Carlo design: changing it changes seeded samples.
    yield from _section_parameters(spec, trend_sections())
    yield from hypothesis_parameters(spec)


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
        models = getattr(spec, "models", None) or []
        member = models[int(i)] if i.isdigit() and int(i) < len(models) else None
        name = (member.label or member.ref) if member is not None else f"member {i}"
        return "ensemble weights" if rest == "weight" else f"{name}: {component_of(rest)}"
    section = all_sections().get(path.split(".", 1)[0], {"label": path.split(".", 1)[0]})
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
    cotra = [e for e in entries().values() if e.model == "cotra2020"]  # other models: docs/models/
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
