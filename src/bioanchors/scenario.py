"""Loading scenarios: built-in names or TOML paths, ``extends``, overrides in code.

A :class:`Scenario` is a validated model config (a :class:`~bioanchors.schema.ModelConfig`
subclass: Cotra's :class:`~bioanchors.schema.ScenarioSpec`, or another model's) plus where it came
from. It is immutable; ``scenario.replace(...)`` returns a new, re-validated scenario, so a
notebook can explore without writing files.
"""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import json
import os
import stat
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from pydantic import BaseModel, ValidationError

from . import catalogue
from .errors import BioanchorsError, ScenarioError
from .models.registry import DEFAULT_MODEL, MIXTURE_MODEL
from .protocols import ScenarioLike
from .schema import CONFIG_SCHEMAS, ModelConfig, Param, ScenarioSpec

_BUILTIN_PACKAGE = "bioanchors.scenarios"
_MAX_EXTENDS_DEPTH = 8
MAX_SCENARIO_BYTES = 1_000_000  # a scenario file is a few kB; refuse anything larger before parsing
MAX_NESTING_DEPTH = 32  # tables/arrays inside one another (the schema needs 5)
#: the ``model`` a file may leave out (the base schema's default); left out of ``to_dict`` too, so
#: the data and the hashes of scenarios written before models were named stay as they were
IMPLIED_MODEL: str = ModelConfig.model_fields["model"].default
C = TypeVar("C", bound=ModelConfig)


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with the package, sorted."""
    return list(_builtin_names())


@functools.lru_cache(maxsize=1)
def _builtin_names() -> tuple[str, ...]:
    files = resources.files(_BUILTIN_PACKAGE).iterdir()
    return tuple(sorted(f.name[:-5] for f in files if f.name.endswith(".toml")))


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. ``spec`` holds the parameters (its model's config); ``origin`` says where from.

    ``spec`` is typed as the base :class:`~bioanchors.schema.ModelConfig`: which model's config a
    loaded file holds is known at run time only. Code written for one model reads its fields
    through :meth:`config`, which checks and narrows the type.
    """

    spec: ModelConfig
    origin: str

    def config(self, schema: type[C]) -> C:
        """``spec`` as ``schema`` (a model's config class), or a ScenarioError naming both models."""
        if not isinstance(self.spec, schema):
            raise ScenarioError(f"{self.origin}: a '{self.model}' scenario, where one for "
                                f"'{schema.model_fields['model'].default}' is needed")
        return self.spec

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def description(self) -> str:
        return self.spec.description

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON/TOML-ready), without empty fields (nor ``model`` when it is the default:
        Cotra's scenarios keep the data, and so the hashes, they had before models were named)."""
        data = _strip_none(self.spec.model_dump(mode="json", exclude_none=True))
        if data.get("model") == IMPLIED_MODEL:
            del data["model"]
        return data

    def to_toml(self) -> str:
        data = self.to_dict()
        data.pop("extends", None)
        data.pop("supply", None)  # resolved: the supply's values are written out
        return tomli_w.dumps(_percentiles_to_keys(data))

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical JSON of every parameter (for manifests and caches).

        ``extends`` is left out: it says where values came from, and the
        resolved values are what the hash is of.
        """
        data = self.to_dict()
        data.pop("extends", None)
        data.pop("supply", None)  # like extends: where values came from, not what they are
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()

    def replace(self, overrides: dict[str, Any] | None = None, **dotted: Any) -> Scenario:
        """A new scenario with some fields changed, re-validated.

        Keys are dotted paths into the scenario, e.g.
        ``scenario.replace({"flop_per_dollar.doubling_time_years": 2.0})`` or,
        with ``__`` for dots, ``scenario.replace(spending__doubling_time_years=1.5)``.
        A number replaces a parameter (dropping its old source); a table with
        ``value`` or ``dist`` replaces it whole; other tables merge.
        """
        changes = dict(overrides or {})
        changes.update({k.replace("__", "."): v for k, v in dotted.items()})
        data = self.to_dict()
        origin = f"{self.origin} (with overrides)"
        for path in changes:
            if path.split(".")[0] == "extends":  # it would be ignored: the base is resolved when the file loads
                raise ScenarioError(
                    f"{origin}: override '{path}' cannot take effect: 'extends' is resolved when a scenario "
                    "loads; start from that scenario instead, or write a file with extends = \"...\"",
                    [{"field": path, "message": "cannot be overridden: 'extends' is resolved when a scenario loads"}])
        if "supply" in changes:  # the named supply first; the other overrides win over it
            data = apply_supply(data, {}, changes["supply"], origin, depth=1)
        for path, value in changes.items():
            check_depth(value, f"{origin}: override '{path}'")
            _set_dotted(data, path, value, self.origin)
        spec = _validate(data, origin)
        if any(path.split(".")[0] == "models" for path in changes):
            # an edited member is checked as a file's would be (issue 23: a nested ensemble via --set);
            # other checks (correlations) stay at first use, as before
            _check_loaded(spec, origin)
        _check_overrides_take_effect(spec, changes, origin)
        return Scenario(spec, self.origin)

    @property
    def model(self) -> str:
        """Name of the registered model the scenario is for (``bioanchors models``)."""
        return self.spec.model

    @functools.cached_property
    def members(self) -> tuple[Scenario, ...]:
        """An ensemble's member scenarios, in ``[[models]]`` order (paths relative to this file);
        empty for other scenarios. Loaded once, on first use (the load itself checks they load)."""
        refs = getattr(self.spec, "models", None) or ()
        return tuple(load_member(m.ref, self.origin, f"models.{i}") for i, m in enumerate(refs))

    @property
    def has_hypotheses(self) -> bool:
        """True when the scenario's model is built of Cotra's hypotheses (its config has
        ``hypotheses`` and ``requirements``): the hypothesis table, p_none and the retro's re-runs apply."""
        return {"hypotheses", "requirements"} <= set(type(self.spec).model_fields)

    @property
    def is_cotra(self) -> bool:
        """Alias of :attr:`has_hypotheses`, kept for one release (issue 20); new code reads that."""
        return self.has_hypotheses

    @property
    def uncertain_parameters(self) -> dict[str, Param]:
        """Dotted path -> Param for every sampled parameter given as a distribution. For Cotra's
        model: trends, hypothesis weights, halving times, caps
        (:func:`bioanchors.catalogue.uncertain_parameters`); other models say (their
        ``uncertain_parameters``)."""
        from .models import model_for

        return model_for(self).uncertain_parameters(self)


# Every parameter evaluation samples: the trends, p_none, and each hypothesis's weight, halving
# time and cap. The old name said "trend" but always yielded p_none and the hypothesis parameters
# too; it stays as an alias. New code asks for what it means: catalogue.sampled_parameters,
# supply_parameters, trend_parameters, breakthrough_parameters or hypothesis_parameters.
sampled_parameters = catalogue.sampled_parameters
iter_trend_params = catalogue.sampled_parameters


# ---------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------


def load_scenario(name_or_path: str | Path | Scenario) -> Scenario:
    """A built-in scenario by name (see :func:`builtin_names`) or a TOML file by path."""
    if isinstance(name_or_path, Scenario):
        return name_or_path
    ref = str(name_or_path)
    return _load_builtin(ref) if ref in _builtin_names() else _load(ref)


def _load(ref: str) -> Scenario:
    data, origin = _load_resolved(ref, depth=0)
    return Scenario(_validate_at_load(data, origin), origin)


# A built-in is loaded once per process: its files ship with the package and a Scenario is
# immutable, so an ensemble's members and every web request reuse it (~18 ms a load).
_load_builtin = functools.lru_cache(maxsize=None)(_load)


def _check_overrides_take_effect(spec: ModelConfig, changes: dict[str, Any], origin: str) -> None:
    """An override the model would ignore is an error, not a silent no-op (issue 13); the model says
    which (its optional ``check_overrides`` hook: Cotra's halving-time rule)."""
    from .models import get_model

    check = getattr(get_model(spec.model), "check_overrides", None)
    if check is not None:
        check(spec, changes, origin)


def check_depth(data: Any, origin: str, limit: int = MAX_NESTING_DEPTH) -> None:
    """Refuse data nested deeper than ``limit`` (iteratively: no RecursionError)."""
    stack: list[tuple[Any, int, tuple]] = [(data, 1, ())]
    while stack:
        node, depth, path = stack.pop()
        if depth > limit:
            field = ".".join(str(p) for p in path[:3]) + ("..." if len(path) > 3 else "")
            raise ScenarioError(f"{origin}: field '{field}' is nested deeper than {limit} levels; "
                                "a scenario needs at most 5")
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend((v, depth + 1, path + (k,)) for k, v in items if isinstance(v, (dict, list)))


def scenario_from_dict(data: dict[str, Any], origin: str = "<dict>") -> Scenario:
    """Validate a scenario given as plain data (``extends`` allowed)."""
    if not isinstance(data, dict):
        raise ScenarioError(f"{origin}: expected a table of scenario fields, got {type(data).__name__}")
    check_depth(data, origin)
    data = local = copy.deepcopy(data)
    if "extends" in data:
        base, _ = _load_resolved(str(data["extends"]), depth=1)
        data = _extend(base, data)
    if "supply" in local:
        data = apply_supply(data, local, local["supply"], origin, depth=1)
    return Scenario(_validate_at_load(data, origin), origin)


def _unknown_name_message(ref: str) -> str:
    names = builtin_names()
    lower = {n.lower(): n for n in names}
    close = [lower[ref.lower()]] if ref.lower() in lower else difflib.get_close_matches(ref, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    shown = ref if len(ref) <= 60 else ref[:57] + "..."
    return (f"unknown scenario '{shown}'; {hint}Built-in scenarios: {', '.join(names)}; "
            "or give the path of a .toml file")


def _read_file_text(ref: str) -> str:
    """A scenario file's text: a regular file, at most MAX_SCENARIO_BYTES, UTF-8."""
    try:
        st = os.stat(ref)
    except (OSError, ValueError):
        raise ScenarioError(f"{ref}: no such file (give a built-in name such as 'cotra2020', "
                            "or a path to a .toml file)") from None
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError(f"{ref}: not a regular file; give the path of a .toml file")
    if st.st_size > MAX_SCENARIO_BYTES:
        raise ScenarioError(f"{ref}: {st.st_size:,} bytes; a scenario file may be at most {MAX_SCENARIO_BYTES:,} bytes")
    try:
        with open(ref, "rb") as fh:
            raw = fh.read(MAX_SCENARIO_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(f"{ref}: cannot read: {exc.strerror}") from None
    if len(raw) > MAX_SCENARIO_BYTES:
        raise ScenarioError(f"{ref}: larger than {MAX_SCENARIO_BYTES:,} bytes, the limit for a scenario file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{ref}: not UTF-8 text; save the scenario as UTF-8 TOML") from None


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """TOML text -> data, with nesting bounded (never a RecursionError)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{origin}: malformed TOML: {str(exc)[:200]}") from None
    except RecursionError:
        raise ScenarioError(f"{origin}: nested deeper than {MAX_NESTING_DEPTH} levels; "
                            "a scenario needs at most 5") from None
    check_depth(data, origin)
    return data


def _read_toml(ref: str) -> tuple[dict[str, Any], str]:
    looks_like_path = ref.endswith(".toml") or "/" in ref or "\\" in ref
    if not looks_like_path:
        if ref not in builtin_names():
            raise ScenarioError(_unknown_name_message(ref))
        text = resources.files(_BUILTIN_PACKAGE).joinpath(f"{ref}.toml").read_text(encoding="utf-8")
        origin = f"built-in scenario '{ref}'"
    else:
        text = _read_file_text(ref)
        origin = str(Path(ref))
    return parse_toml(text, origin), origin


def _load_resolved(ref: str, depth: int) -> tuple[dict[str, Any], str]:
    if depth > _MAX_EXTENDS_DEPTH:
        raise ScenarioError(f"{ref}: 'extends' chain deeper than {_MAX_EXTENDS_DEPTH} (a cycle?)")
    data, origin = _read_toml(ref)
    local = data
    parent = data.get("extends")
    if parent is not None:
        if not isinstance(parent, str):
            raise ScenarioError(f"{origin}: field 'extends': expected a scenario name or path (a string)")
        base_ref = parent
        if parent.endswith(".toml") and not Path(parent).is_absolute() and not origin.startswith("built-in"):
            base_ref = str(Path(origin).parent / parent)  # relative to the extending file
        try:
            base, _ = _load_resolved(base_ref, depth + 1)
        except ScenarioError as exc:
            raise ScenarioError(f"{origin}: field 'extends': {exc}") from None
        data = _extend(base, data)
    if "supply" in local:
        data = apply_supply(data, local, local["supply"], origin, depth + 1)
    return data, origin


def _relative_ref(ref: str, origin: str) -> str:
    """A .toml path named inside a scenario file is relative to that file."""
    if ref.endswith(".toml") and not Path(ref).is_absolute() and not origin.startswith("built-in"):
        return str(Path(origin.removesuffix(" (with overrides)")).parent / ref)
    return ref


def load_member(ref: str, origin: str, field: str) -> Scenario:
    """A scenario named inside another (an ensemble's member): paths relative to that file;
    a member that does not load is an error naming the field."""
    try:
        resolved = _relative_ref(ref, origin)
        data = None if resolved in _builtin_names() else _load_resolved(resolved, depth=0)[0]
        if data is not None and _is_ensemble(data):
            # Refused before it loads: loading it would load its members, and a member that is this
            # file (or leads back to it) would recurse without end (issue 23).
            raise ScenarioError(f"'{data.get('name', ref)}' is itself an ensemble; list its members here instead "
                                "(ensembles do not nest)")
        return load_scenario(resolved)
    except ScenarioError as exc:
        raise ScenarioError(f"{origin}: field '{field}': {exc}") from None


def named_model(data: dict[str, Any]) -> object:
    """The model scenario data is for: its ``model`` key, else a mixture if it has ``[[models]]``,
    else the default model (not yet checked: a file may name anything)."""
    return data.get("model", MIXTURE_MODEL if "models" in data else DEFAULT_MODEL)


def _is_ensemble(data: dict[str, Any]) -> bool:
    """Whether scenario data is a mixture: its model's config lists member scenarios (``[[models]]``)."""
    schema = CONFIG_SCHEMAS.get(str(named_model(data)))
    return schema is not None and "models" in schema.model_fields


def load_supply(ref: str, origin: str = "<code>", depth: int = 0) -> dict[str, Any]:
    """The compute supply of a scenario (built-in name or .toml path): its supply sections as data.

    Keys are :func:`bioanchors.catalogue.supply_sections` ('flop_per_dollar', 'spending',
    'run_length'), each present only where the scenario sets it. Any model can take its
    FLOP/$, spending and run-length trends from here (docs/scenarios.md).
    """
    if not isinstance(ref, str):
        raise ScenarioError(f"{origin}: field 'supply': expected a scenario name or path (a string)")
    try:
        data, _ = _load_resolved(_relative_ref(ref, origin), depth)
    except ScenarioError as exc:
        raise ScenarioError(f"{origin}: field 'supply': {exc}") from None
    return {s: data[s] for s in catalogue.supply_sections() if s in data}


def apply_supply(data: dict[str, Any], local: dict[str, Any], ref: str, origin: str, depth: int) -> dict[str, Any]:
    """``data`` with its supply sections replaced by those of scenario ``ref``; ``local`` (the
    file's own text) wins key by key. A section the supply leaves out is reset to its default."""
    target = CONFIG_SCHEMAS.get(str(named_model(data)))
    if target is not None and not set(catalogue.supply_sections()) & set(target.model_fields):
        # Only models that buy compute through Cotra's supply sections can share one (docs/scenarios.md).
        raise ScenarioError(f"{origin}: field 'supply': model '{data.get('model')}' does not read the shared "
                            f"compute supply ({', '.join(catalogue.supply_sections())}); set its own sections "
                            "instead (bioanchors show lists them)")
    supply = load_supply(ref, origin, depth)
    out = copy.deepcopy(data)
    for section in catalogue.supply_sections():
        own = local.get(section)
        if section in supply:
            out[section] = _merge(supply[section], own) if isinstance(own, dict) else copy.deepcopy(
                supply[section] if own is None else own)
        elif own is not None:
            out[section] = copy.deepcopy(own)
        else:
            out.pop(section, None)
    return out


def _is_param_table(v: Any) -> bool:
    return isinstance(v, dict) and ("value" in v or "dist" in v)


def _extend(base: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` extending ``base``: a deep merge, except that ``[published]`` is never inherited.

    Published figures belong to the source a file reproduces (or, with ``kind = "judgement"``, sets
    beside its output): cotra2022 must not show cotra2020's 2032 figure as its own, nor a scenario
    conditioned on 2025 its parent's unconditioned ones (issue 23 item 6(c)).
    """
    return _merge({k: v for k, v in base.items() if k != "published"}, data)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep merge; parameter tables ({value|dist ...}) and non-tables replace."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and not _is_param_table(v) and not _is_param_table(out[k]):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _set_dotted(data: dict[str, Any], path: str, value: Any, origin: str) -> None:
    keys = path.split(".")
    node = data
    for i, k in enumerate(keys[:-1]):
        if isinstance(node, list):  # an array of tables, e.g. models.0.weight
            if not (k.isdigit() and int(k) < len(node) and isinstance(node[int(k)], dict)):
                raise ScenarioError(f"{origin}: override '{path}': '{'.'.join(keys[:i])}' has entries 0 to "
                                    f"{len(node) - 1}; no entry '{k}'")
            node = node[int(k)]
            continue
        if k not in node or not isinstance(node[k], (dict, list)):
            close = difflib.get_close_matches(k, [str(x) for x in node], n=1, cutoff=0.75) if k not in node else []
            if close:  # a typo of an existing table, e.g. hypotheses.genom.weight
                where = ".".join(keys[:i] + [close[0]])
                raise ScenarioError(f"{origin}: override '{path}': no '{k}' here; did you mean '{where}'?",
                                    [{"field": path, "message": f"unknown key '{k}'; did you mean '{close[0]}'?"}])
            if isinstance(node, dict) and k not in node and i < len(keys) - 1:
                node[k] = {}
            else:
                raise ScenarioError(f"{origin}: override '{path}': '{'.'.join(keys[: i + 1])}' is not a table")
        node = node[k]
    last = keys[-1]
    if isinstance(node, list):  # a whole entry of an array of tables, e.g. models.0
        if not (last.isdigit() and int(last) < len(node)):
            raise ScenarioError(f"{origin}: override '{path}': '{'.'.join(keys[:-1])}' has entries 0 to "
                                f"{len(node) - 1}; no entry '{last}'")
        node[int(last)] = value
        return
    if isinstance(value, dict) and isinstance(node.get(last), dict) and not _is_param_table(value) and not _is_param_table(node[last]):
        node[last] = _merge(node[last], value)
    else:
        node[last] = value


# ---------------------------------------------------------------------------
# validation errors -> one readable message
# ---------------------------------------------------------------------------


def _validate_at_load(data: dict[str, Any], origin: str) -> ModelConfig:
    """Validate, then run the model's load-time checks (``check_loaded``: what evaluation would
    otherwise find only at run time, e.g. the correlations, an ensemble's members), as one-line
    errors naming the file."""
    spec = _validate(data, origin)
    _check_loaded(spec, origin)
    return spec


def _check_loaded(spec: ModelConfig, origin: str) -> None:
    """The model's ``check_loaded`` hook, its errors as one-line ScenarioErrors naming ``origin``."""
    from .models import get_model

    check = getattr(get_model(spec.model), "check_loaded", None)
    if check is not None:
        try:
            check(Scenario(spec, origin))
        except ScenarioError as exc:
            msg = str(exc)
            raise ScenarioError(msg if msg.startswith(origin) else f"{origin}: {msg}", exc.errors) from None
        except BioanchorsError as exc:
            raise ScenarioError(str(exc)) from None


def config_schema_of(data: dict[str, Any], origin: str) -> type[ModelConfig]:
    """The config schema that validates ``data``: that of the model its ``model`` key names
    (default Cotra's); an unknown or malformed name is a one-line error naming the field."""
    from .models import get_model

    name = named_model(data)
    if not isinstance(name, str):
        raise ScenarioError(f"{origin}: field 'model': expected a model name in quotes, got {_short_repr(name)}",
                            [{"field": "model", "message": "expected a model name in quotes"}])
    try:
        return get_model(name).config_schema
    except BioanchorsError as exc:
        raise ScenarioError(f"{origin}: field 'model': {exc} (`bioanchors models` lists them)",
                            [{"field": "model", "message": str(exc)}]) from None


def _validate(data: dict[str, Any], origin: str) -> ModelConfig:
    schema = config_schema_of(data, origin)
    try:
        spec = schema.model_validate(data)
    except ValidationError as exc:
        _raise_validation_error(exc, data, origin, schema)
    return spec


def _raise_validation_error(exc: ValidationError, data: dict[str, Any], origin: str,
                            schema: type[ModelConfig] = ScenarioSpec) -> typing.NoReturn:
    errors = field_errors(exc, schema=schema)
    missing = [e for e in errors if e["message"] == "required field is missing" and "." not in (e["field"] or ".")]
    if len(missing) >= 2 and "extends" not in data and schema is ScenarioSpec:
        raise ScenarioError(
            f"{origin}: {len(missing)} required sections are missing; start the file with "
            'extends = "cotra2020" (or another built-in) and set only what differs', errors) from None
    raise ScenarioError(format_field_errors(errors, origin), errors) from None


def field_errors(exc: ValidationError, prefix: str = "", schema: type[BaseModel] = ScenarioSpec
                 ) -> list[dict[str, Any]]:
    """pydantic errors as ``[{"field", "message"}]``, deduplicated, in user-facing words."""
    out, seen = [], set()
    for err in exc.errors(include_url=False):
        parts = [str(p) for p in err["loc"] if not str(p).startswith("function-")]
        loc = ".".join(parts)
        field = f"{prefix}{loc}" if loc else (prefix.rstrip(".") or None)
        msg = _explain(err, parts, schema)
        if (field, msg) not in seen:
            seen.add((field, msg))
            out.append({"field": field, "message": msg})
    return out


def format_field_errors(errors: list[dict[str, Any]], origin: str) -> str:
    """The message: the origin, then one indented line per problem. Front ends cut it to their
    length (the CLI prints at most 3 lines: bioanchors.cli.common.plain_message)."""
    lines = [f"  field '{e['field'] or '<top level>'}': {e['message']}" for e in errors]
    head = f"{origin}: invalid scenario ({len(lines)} problem{'s' if len(lines) != 1 else ''})"
    return "\n".join([head, *lines])


def _explain(err: Mapping[str, Any], loc: list[str], schema: type[BaseModel] = ScenarioSpec) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(loc[-1], allowed_keys(loc[:-1], schema), n=1) if loc else []
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown key; {hint}remove it or check its spelling (`bioanchors show cotra2020` lists every field)"
    if kind == "missing":
        return "required field is missing"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "string_type":
        return f"expected text in quotes, got {_short_repr(err.get('input'))}"
    if kind in {"model_type", "model_attributes_type", "dict_type"} and not isinstance(err.get("input"), dict):
        return f"expected a table of fields, got {_short_repr(err.get('input'))}"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "bool_type", "string_type", "bool_parsing",
                "list_type", "literal_error"}:
        msg += f" (got {_short_repr(err.get('input'))})"
    return msg


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def allowed_keys(loc: list[str], schema: type[BaseModel] = ScenarioSpec) -> list[str]:
    """The field names accepted at a location in a scenario (for did-you-mean hints)."""
    models: list[Any] = [schema]
    for part in loc:
        nxt: list[Any] = []
        for m in models:
            if isinstance(m, type) and issubclass(m, BaseModel) and part in m.model_fields:
                nxt.extend(_models_in(m.model_fields[part].annotation))
            elif isinstance(m, tuple):  # a container: this part is a key or an index
                nxt.extend(m[1])
        models = nxt
    keys = {k for m in models if isinstance(m, type) and issubclass(m, BaseModel) for k in m.model_fields}
    return sorted(keys)


def _models_in(annotation: Any) -> list[Any]:
    """Models reachable from an annotation; containers become ("container", [models inside])."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if origin in (dict, list):
        return [("container", [m for a in args[-1:] for m in _models_in(a)])]
    if args:
        return [m for a in args for m in _models_in(a)]
    return []


def _strip_none(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_none(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_strip_none(v) for v in obj]
    return obj


def _percentiles_to_keys(obj: Any) -> Any:
    """Write ``percentiles = {0.05: x}`` back as ``p5 = x`` for TOML files."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k == "percentiles" and isinstance(v, dict):
                for p, x in v.items():
                    out[f"p{float(p) * 100:g}"] = x
            else:
                out[k] = _percentiles_to_keys(v)
        return out
    if isinstance(obj, list):
        return [_percentiles_to_keys(v) for v in obj]
    return obj


def as_scenario(sc: ScenarioLike) -> Scenario:
    """The :class:`Scenario` a result or a model holds (the engine types it as a
    :class:`~bioanchors.protocols.ScenarioLike`, to stay free of this module)."""
    if not isinstance(sc, Scenario):
        raise TypeError(f"expected a Scenario, got {type(sc).__name__}")
    return sc


def display_name(sc: ScenarioLike, overrides: dict | None = None) -> str:
    """The scenario's name, marked as edited when overrides apply: tables, titles, file names, manifests."""
    n = len(overrides or {})
    return f"{sc.name} (edited: {n} change{'s' if n != 1 else ''})" if n else sc.name
