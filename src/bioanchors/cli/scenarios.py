"""``bioanchors scenarios`` and ``bioanchors show``: what is built in, and every parameter of one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from .common import TableOrJson, console, print_json, run_guarded

if TYPE_CHECKING:
    from ..schema import Param

def register(app: typer.Typer) -> None:
    app.command("scenarios")(scenarios_command)
    app.command("show")(show_command)


def scenarios_command(
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """List the built-in scenarios with a one-line description each."""
    from ..scenario import builtin_names, load_scenario

    rows = [(n, load_scenario(n).description) for n in builtin_names()]
    if format == TableOrJson.json:
        print_json({n: d for n, d in rows})
        return
    t = Table(title="Built-in scenarios (any command also takes a path to a .toml file)")
    t.add_column("name", style="bold")
    t.add_column("description")
    for n, d in rows:
        t.add_row(Text(n), Text(d))
    console.print(t)


def show_command(
    scenario: Annotated[str, typer.Argument(help="built-in name or path to a .toml file")] = "cotra2020",
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """Print every parameter of a scenario with its unit and source."""
    run_guarded(_show, scenario, format)


def unit_of(path: str, model: str | None = None) -> str:
    """The unit of a dotted path, from the model's parameter catalogue (bioanchors.catalogue)."""
    from ..catalogue import unit_of as catalogue_unit

    return catalogue_unit(path, model)


def _catalogue_fields(path: str, model: str | None = None) -> dict:
    """Label, unit in words and report page of a row (JSON additions; empty if not catalogued)."""
    from ..catalogue import lookup

    try:
        e = lookup(path, model)
    except KeyError:
        return {"label": "", "unit_words": "", "pages": ""}
    return {"label": e.label, "unit_words": e.unit_words, "pages": e.pages}


def _rows(obj, prefix=""):
    """(dotted path, Param or plain value) for every leaf of the scenario."""
    from pydantic import BaseModel

    from ..schema import Param

    if isinstance(obj, Param):
        yield prefix, obj
        return
    if isinstance(obj, BaseModel):
        for key in type(obj).model_fields:
            val = getattr(obj, key)
            if val is None or key in {"published"}:
                continue
            yield from _rows(val, f"{prefix}.{key}" if prefix else key)
    elif isinstance(obj, dict):
        for key, val in obj.items():
            yield from _rows(val, f"{prefix}.{key}")
    elif isinstance(obj, list):
        for i, val in enumerate(obj):
            yield from _rows(val, f"{prefix}.{i}")
    else:
        yield prefix, obj


def describe(p: Param) -> str:
    if p.is_point:
        return f"{p.value:g}"
    d = p.model_dump(exclude_none=True, exclude={"source", "note", "dist"})
    pct = d.pop("percentiles", {})
    parts = [f"{k}={v:g}" for k, v in d.items()] + [f"p{float(k) * 100:g}={v:g}" for k, v in pct.items()]
    return f"{p.dist}({', '.join(parts)})"


def _show(scenario: str, format: TableOrJson) -> None:
    from ..scenario import load_scenario
    from ..schema import Param

    sc = load_scenario(scenario)
    rows = []
    for path, val in _rows(sc.spec):
        if path in {"name", "description"}:
            continue
        if isinstance(val, Param):
            rows.append({"field": path, "value": describe(val), "unit": unit_of(path, sc.model),
                         "source": val.source or "", "note": val.note or "", **_catalogue_fields(path, sc.model)})
        elif not path.endswith((".source", ".note")) and path not in {"extends", "supply"}:
            rows.append({"field": path, "value": str(val), "unit": unit_of(path, sc.model), "source": "", "note": "",
                         **_catalogue_fields(path, sc.model)})
    if format == TableOrJson.json:
        print_json({"scenario": sc.name, "origin": sc.origin, "hash": sc.content_hash, "supply": sc.spec.supply,
                    "parameters": rows})
        return
    console.print(Text(sc.name, style="bold") + Text(f" ({sc.origin}): {sc.description}"), highlight=False)
    if sc.spec.supply:
        console.print(Text(f"compute supply (FLOP/$, spending, run length) from: {sc.spec.supply}"), highlight=False)
    _print_rows(rows)


def _print_rows(rows: list[dict]) -> None:
    widest = max(len(r["field"]) for r in rows)
    if console.width < widest + 50:
        # Too narrow for a table without breaking field names: one plain line per field.
        for r in rows:
            extra = "  ".join(x for x in (f"[{r['unit']}]" if r["unit"] else "", r["source"]) if x)
            console.print(Text(f"{r['field']} = {r['value']}" + (f"  {extra}" if extra else "")), soft_wrap=True)
        return
    t = Table(show_lines=False)
    # Field names are never broken (they are copied into --set); other columns wrap.
    t.add_column("field", no_wrap=True)
    t.add_column("value", overflow="fold", min_width=12)
    t.add_column("unit", overflow="fold", min_width=8)
    t.add_column("source", overflow="fold", ratio=1)
    for r in rows:
        source = Text(r["source"]) + (Text(f" ({r['note']})", style="dim") if r["note"] else Text(""))
        t.add_row(Text(r["field"]), Text(r["value"]), Text(r["unit"]), source)
    console.print(t)
