"""``bioanchors models``: the registered models, one line each."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from .common import TableOrJson, console, print_json, run_guarded


def register(app: typer.Typer) -> None:
    app.command("models")(models_command)


def models_command(
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """List the registered models: name, source and what each forecasts."""
    run_guarded(_models, format)


def _models(format: TableOrJson) -> None:
    from ..evaluation.registry import ESTIMATORS
    from ..models import MODELS
    from ..scenario import builtin_names

    builtins = set(builtin_names())
    if format == TableOrJson.json:
        print_json({
            "models": {n: {"source": m.source, "forecasts": m.forecasts,
                           "builtin_scenario": n if n in builtins else None} for n, m in MODELS.items()},
            "methods": {n: {"description": e.description, "default_samples": e.default_samples,
                            "standard_error": e.standard_error_rule} for n, e in ESTIMATORS.items()},
        })
        return
    t = Table(title=Text('Registered models: a scenario file names its model with model = "..." (default '
                         "cotra2020); [[models]] makes an ensemble (docs/models.md)"))
    t.add_column("name", style="bold")
    t.add_column("source")
    t.add_column("forecasts")
    t.add_column("built-in scenario")
    for n, m in MODELS.items():
        t.add_row(Text(n), Text(m.source), Text(m.forecasts), Text(n if n in builtins else "-"))
    console.print(t)
