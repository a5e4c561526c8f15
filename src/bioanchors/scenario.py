"""Loading scenarios: built-in names or TOML paths, ``extends``, overrides in code.

A :class:`Scenario` is a validated :class:`~bioanchors.schema.ScenarioSpec`
plus where it came from. It is immutable; ``scenario.replace(...)`` returns a
new, re-validated scenario, so a notebook can explore without writing files.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from .errors import ScenarioError
from .schema import Param, ScenarioSpec

_BUILTIN_PACKAGE = "bioanchors.scenarios"
_MAX_EXTENDS_DEPTH = 8


def builtin_names() -> list[str]:
    """Names of the scenarios shipped with the package, sorted."""
    files = resources.files(_BUILTIN_PACKAGE).iterdir()
    return sorted(f.name[:-5] for f in files if f.name.endswith(".toml"))


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. ``spec`` holds the parameters; ``origin`` says where from."""

    spec: ScenarioSpec
    origin: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def description(self) -> str:
        return self.spec.description

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON/TOML-ready), without empty fields."""
        return _strip_none(self.spec.model_dump(mode="json", exclude_none=True))

    def to_toml(self) -> str:
        data = self.to_dict()
        data.pop("extends", None)
        return tomli_w.dumps(_percentiles_to_keys(data))

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical JSON of every parameter (for manifests and caches).

        ``extends`` is left out: it says where values came from, and the
        resolved values are what the hash is of.
        """
        data = self.to_dict()
        data.pop("extends", None)
        blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()

    def replace(self, overrides: dict[str, Any] | None = None, **dotted: Any) -> "Scenario":
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
        for path, value in changes.items():
            _set_dotted(data, path, value, self.origin)
        return Scenario(_validate(data, f"{self.origin} (with overrides)"), self.origin)

    @property
    def uncertain_parameters(self) -> dict[str, Param]:
        """Dotted path -> Param for every trend parameter given as a distribution."""
        return {k: p for k, p in iter_trend_params(self.spec) if not p.is_point}


def iter_trend_params(spec: ScenarioSpec):
    """(dotted path, Param) for every parameter that evaluation samples.

    Requirement ingredients are excluded: they shape the hypotheses, which are
    built once by sampling (MODEL.md 3), not resampled per trend sample.
    """
    for section in ("flop_per_dollar", "spending", "run_length", "algorithmic_progress", "breakthrough"):
        for key, val in getattr(spec, section):
            if isinstance(val, Param):
                yield f"{section}.{key}", val
    for name, hyp in spec.hypotheses.items():
        for key in ("weight", "halving_time_years", "cap_oom"):
            yield f"hypotheses.{name}.{key}", getattr(hyp, key)


# ---------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------


def load_scenario(name_or_path: str | Path | Scenario) -> Scenario:
    """A built-in scenario by name (see :func:`builtin_names`) or a TOML file by path."""
    if isinstance(name_or_path, Scenario):
        return name_or_path
    data, origin = _load_resolved(str(name_or_path), depth=0)
    return Scenario(_validate(data, origin), origin)


def scenario_from_dict(data: dict[str, Any], origin: str = "<dict>") -> Scenario:
    """Validate a scenario given as plain data (``extends`` allowed)."""
    data = copy.deepcopy(data)
    if "extends" in data:
        base, _ = _load_resolved(str(data["extends"]), depth=1)
        data = _merge(base, data)
    return Scenario(_validate(data, origin), origin)


def _read_toml(ref: str) -> tuple[dict[str, Any], str]:
    looks_like_path = ref.endswith(".toml") or "/" in ref or "\\" in ref
    if not looks_like_path:
        if ref not in builtin_names():
            raise ScenarioError(
                f"unknown scenario '{ref}'. Built-in scenarios: {', '.join(builtin_names())}; "
                "or give the path of a .toml file"
            )
        text = resources.files(_BUILTIN_PACKAGE).joinpath(f"{ref}.toml").read_text(encoding="utf-8")
        origin = f"built-in scenario '{ref}'"
    else:
        path = Path(ref)
        if not path.is_file():
            raise ScenarioError(f"{ref}: no such file (give a built-in name such as 'cotra2020', or a path to a .toml file)")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ScenarioError(f"{ref}: not UTF-8 text; save the scenario as UTF-8 TOML") from None
        origin = str(path)
    try:
        return tomllib.loads(text), origin
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{origin}: malformed TOML: {exc}") from None


def _load_resolved(ref: str, depth: int) -> tuple[dict[str, Any], str]:
    if depth > _MAX_EXTENDS_DEPTH:
        raise ScenarioError(f"{ref}: 'extends' chain deeper than {_MAX_EXTENDS_DEPTH} (a cycle?)")
    data, origin = _read_toml(ref)
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
        data = _merge(base, data)
    return data, origin


def _is_param_table(v: Any) -> bool:
    return isinstance(v, dict) and ("value" in v or "dist" in v)


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
        if k not in node or not isinstance(node[k], dict):
            if isinstance(node, dict) and k not in node and i < len(keys) - 1:
                node[k] = {}
            else:
                raise ScenarioError(f"{origin}: override '{path}': '{'.'.join(keys[: i + 1])}' is not a table")
        node = node[k]
    last = keys[-1]
    if isinstance(value, dict) and isinstance(node.get(last), dict) and not _is_param_table(value) and not _is_param_table(node[last]):
        node[last] = _merge(node[last], value)
    else:
        node[last] = value


# ---------------------------------------------------------------------------
# validation errors -> one readable message
# ---------------------------------------------------------------------------


def _validate(data: dict[str, Any], origin: str) -> ScenarioSpec:
    try:
        return ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        errors = field_errors(exc)
        raise ScenarioError(format_field_errors(errors, origin), errors) from None


def field_errors(exc: ValidationError, prefix: str = "") -> list[dict[str, Any]]:
    """pydantic errors as ``[{"field", "message"}]``, deduplicated, in user-facing words."""
    out, seen = [], set()
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
        field = f"{prefix}{loc}" if loc else (prefix.rstrip(".") or None)
        msg = _explain(err)
        if (field, msg) not in seen:
            seen.add((field, msg))
            out.append({"field": field, "message": msg})
    return out


def format_field_errors(errors: list[dict[str, Any]], origin: str) -> str:
    """The CLI's message: the origin, then one indented line per problem."""
    lines = [f"  field '{e['field'] or '<top level>'}': {e['message']}" for e in errors]
    head = f"{origin}: invalid scenario ({len(lines)} problem{'s' if len(lines) != 1 else ''})"
    return "\n".join([head, *lines])


def _explain(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown key; remove it or check its spelling (`bioanchors show cotra2020` lists every field)"
    if kind == "missing":
        return "required field is missing"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "bool_type", "string_type", "dict_type", "model_type"}:
        msg += f" (got {err.get('input')!r})"
    return msg


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
